"""References to Hugging Face Hub models, as manifests write them.

- ``hf://ORG/NAME``, ``hf://ORG/NAME:REVISION`` (KServe's storage URI, its storage initializer
  splits the revision at ``:``) and ``hf://ORG/NAME@REVISION``; ``huggingface://`` alike;
- ``https://huggingface.co/ORG/NAME`` (or ``hf.co``, with or without the scheme), optionally
  followed by ``/tree/REV``, ``/commit/SHA``, ``/blob/REV/...`` or ``/resolve/REV/...``.

Datasets and Spaces (``hf://datasets/...``, ``huggingface.co/spaces/...``) are not models and
are not references. A private hub's models are referenced with ``hf://`` (KServe reads the
endpoint from HF_ENDPOINT), so a URL is a Hub reference only on the public Hub's hosts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_SCHEME_REF = re.compile(rf"(?:hf|huggingface)://({_NAME})/({_NAME})(?:[@:]([^\s@:]+))?/?")
_URL_REF = re.compile(
    rf"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/({_NAME})/({_NAME})"
    r"(?:/(?:tree|commit|blob|resolve)/([^/\s]+)(?:/\S*)?)?/?"
)
_NOT_MODELS = frozenset({"datasets", "spaces", "api", "docs", "models", "organizations", "collections"})


@dataclass(frozen=True)
class HubRef:
    repo_id: str  # ORG/NAME as written
    revision: str | None  # a commit sha (or its prefix), a tag or a branch; None: the default branch


def parse_hub_ref(text: str) -> HubRef | None:
    value = text.strip()
    match = _SCHEME_REF.fullmatch(value) or _URL_REF.fullmatch(value)
    if match is None or match[1].lower() in _NOT_MODELS:
        return None
    return HubRef(repo_id=f"{match[1]}/{match[2]}", revision=match[3] or None)


def is_hub_ref(text: str | None) -> bool:
    return bool(text) and parse_hub_ref(text or "") is not None
