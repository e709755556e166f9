"""Correlation into the Hugging Face Hub: a reference (scanner/normalize/hub_refs.py) -> the
Hub asset it names, for scanner/normalize/correlate.py.

A revision is matched against the scanned revisions of the repo: a full commit sha, a tag or
branch name among a version's aliases (``main``, ``v1.0``), or a commit prefix of at least 7 hex
digits. No revision links to the repo (the registered model), as does a revision that names none
of the scanned ones (an older commit, another branch): the repo is in the registry, and MLG018,
not MLG012, judges an unpinned reference. Repo ids are matched case-insensitively, as the Hub
resolves them.
"""

from __future__ import annotations

import re

from scanner.model import Asset, AssetKind, RegistryRef, SourceType
from scanner.normalize.hub_refs import HubRef, parse_hub_ref

REGISTRY = "huggingface"
_HEX = re.compile(r"[0-9a-f]{7,40}")


def hub_ref_of(ref: RegistryRef) -> HubRef | None:
    """The Hub model a reference names, from its URI or (an annotation's value) its name; a
    version key beside the name (``mlgov.io/model-version``) is the revision when the URI has none."""
    for text in (ref.uri or "", ref.name):
        found = parse_hub_ref(text)
        if found is not None:
            return found if found.revision or not ref.version else HubRef(found.repo_id, ref.version)
    return None


class HubIndex:
    def __init__(self) -> None:
        self.repos: dict[str, str] = {}  # lower repo id -> registered model id
        self.revisions: dict[tuple[str, str], str] = {}  # (lower repo id, sha or alias) -> version id
        self.commits: dict[str, list[tuple[str, str]]] = {}  # lower repo id -> [(sha, version id)]

    def add(self, asset: Asset) -> None:
        if asset.source is not SourceType.HUGGINGFACE or not asset.name:
            return
        repo = asset.name.lower()
        if asset.kind is AssetKind.REGISTERED_MODEL:
            self.repos.setdefault(repo, asset.id)
        elif asset.kind is AssetKind.MODEL_VERSION and asset.version:
            for key in (asset.version, *asset.aliases):
                self.revisions.setdefault((repo, key), asset.id)
            self.commits.setdefault(repo, []).append((asset.version, asset.id))

    def resolve(self, hub: HubRef) -> tuple[str, str] | None:
        repo = hub.repo_id.lower()
        model = self.repos.get(repo)
        if model is None:
            return None
        revision = hub.revision
        if revision is None:
            return model, "huggingface:repo"
        if hit := self.revisions.get((repo, revision)):
            return hit, "huggingface:revision"
        if _HEX.fullmatch(revision):
            prefixed = [v for sha, v in self.commits.get(repo, []) if sha.startswith(revision)]
            if len(prefixed) == 1:
                return prefixed[0], "huggingface:commit prefix"
        return model, f"huggingface:repo (revision {revision} is not among the scanned ones)"
