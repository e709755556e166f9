"""Raw label/annotation/tag maps -> the ``Asset.tags`` we are willing to publish.

``tags`` end up in every report and SIEM event, so they are filtered, not copied: keys that
look like credentials, values that look like credentials, annotations that carry a copy of the
whole manifest (and with it env values), and oversized values are dropped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

# Tooling annotations that hold a serialized copy of the object, env values included.
_MANIFEST_COPIES = frozenset(
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        "kapp.k14s.io/original",
        "kapp.k14s.io/original-diff",
        "deploy.cloud.google.com/last-applied-configuration",
    }
)

# Key words that name a credential; matched on the key's words ("db-password", "apiKey").
_SECRET_KEY = re.compile(
    r"(pass(word|wd|phrase)?|pwd|secret|token|api[-_.]?key|private[-_.]?key|access[-_.]?key"
    r"|credential|bearer|cookie|session|auth|authorization|dsn|connection[-_.]?string|webhook)",
    re.IGNORECASE,
)
# Words that contain a secret-ish stem but are harmless and common in labels.
_HARMLESS_WORDS = frozenset({"author", "authors", "tokenizer", "passthrough", "bypass", "compass"})

# Values that are credentials whatever their key says.
_SECRET_VALUE = re.compile(
    r"(AKIA|ASIA)[0-9A-Z]{16}"  # AWS access key id
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|\bgh[pousr]_[A-Za-z0-9]{30,}"  # GitHub tokens
    r"|\bxox[abposr]-[A-Za-z0-9-]{10,}"  # Slack tokens
    r"|\bhf_[A-Za-z0-9]{30,}"  # Hugging Face tokens
    r"|\bsk-[A-Za-z0-9_-]{20,}"  # OpenAI-style keys
    r"|\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\."  # JWT
    r"|://[^/\s:@]+:[^/\s@]+@",  # user:password@ in a URL
)

MAX_TAG_VALUE = 1024  # labels and annotations are metadata; longer values are documents


def scalar_text(value: Any) -> str | None:
    """A label/annotation/tag value as text; None for non-scalars.

    YAML turns unquoted ``2027-06-30`` into a date and ``true`` into a bool; we turn them back.
    Collections are refused rather than str()-ed: an alias bomb that survived parsing as a
    shared structure would otherwise expand here.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() == dt.timedelta(0):
            return value.replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def string_map(raw: Any) -> dict[str, str]:
    """A labels/annotations/tags object -> {str: str}, skipping non-scalar values."""
    if not isinstance(raw, dict):
        return {}
    out: dict[str, str] = {}
    for key, value in raw.items():
        text = scalar_text(value)
        if isinstance(key, str) and text is not None:
            out[key] = text
    return out


@functools.lru_cache(maxsize=4096)  # label and annotation keys repeat across a tree's objects
def is_secretish_key(key: str) -> bool:
    """True for keys that name a credential or hold a copy of the manifest.

    Matching is on the key's words (``dbPassword`` -> ``db-password``) after dropping a few
    harmless words, and errs on the side of hiding: a dropped label costs little, a leaked
    token costs a rotation.
    """
    if key.lower() in _MANIFEST_COPIES:
        return True
    words = re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", key).lower())
    kept = "-".join(w for w in words if w and w not in _HARMLESS_WORDS)
    return _SECRET_KEY.search(kept) is not None


# Bookkeeping the API server and its controllers write on live objects: not the owner's metadata,
# and dropping it keeps a live object's tags equal to those of the manifest it was applied from.
_SERVER_BOOKKEEPING = frozenset(
    {
        "deprecated.daemonset.template.generation",
        "deployment.kubernetes.io/revision",
        "batch.kubernetes.io/controller-uid",
        "controller-uid",
        "pod-template-hash",
        "controller-revision-hash",
        "pod-template-generation",
    }
)


def is_publishable(key: str, value: str) -> bool:
    return (
        len(value) <= MAX_TAG_VALUE
        and key not in _SERVER_BOOKKEEPING
        and not is_secretish_key(key)
        and _SECRET_VALUE.search(value) is None
    )


def public_tags(layers: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Merge maps, later layers winning, keeping only publishable entries, sorted by key."""
    merged: dict[str, str] = {}
    for layer in layers:
        merged.update(layer)
    return {k: merged[k] for k in sorted(merged) if is_publishable(k, merged[k])}
