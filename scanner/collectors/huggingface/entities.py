"""Hub API answers -> plain dicts (the normalizer's input; no huggingface_hub import there).

Every answer goes through huggingface_hub's own parsers (``ModelInfo``, ``GitRefInfo``) and mlgov
reads only their attributes: a field the client does not parse is a field mlgov cannot rely on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scanner.collectors.huggingface.client import UnexpectedAnswer, hub_module


def model_fields(item: dict[str, Any]) -> dict[str, Any]:
    """One item of the model listing, parsed by ``ModelInfo``, reduced to what mlgov reads."""
    item = dict(item)
    item.setdefault("siblings", None)  # as list_models does: a listing may leave the files out
    info = hub_module().ModelInfo(**item)
    card = info.card_data.to_dict() if info.card_data is not None else None
    return {
        "id": info.id,
        "author": info.author,
        "sha": info.sha,
        "created_at": _timestamp(info.created_at),
        "last_modified": _timestamp(info.last_modified),
        "private": info.private,
        "gated": info.gated,
        "disabled": info.disabled,
        "hub_tags": list(info.tags or []),
        "files": [s.rfilename for s in info.siblings] if info.siblings is not None else None,
        "card": card,
    }


def tag_refs(refs: Any) -> dict[str, str]:
    """A repo's git tags (name -> commit) from its refs answer, parsed as ``list_repo_refs`` does."""
    git_ref = hub_module().GitRefInfo
    if not isinstance(refs, dict) or not isinstance(refs.get("tags"), list):
        raise UnexpectedAnswer("the refs answer has no list of tags")
    parsed = [
        git_ref(name=item["name"], ref=item["ref"], target_commit=item["targetCommit"])
        for item in refs["tags"]
    ]
    return {ref.name: ref.target_commit for ref in parsed}


def _timestamp(value: Any) -> str | None:
    """ModelInfo parses the Hub's times into aware datetimes; reports carry RFC 3339 UTC."""
    if value is None:
        return None
    return str(value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
