"""Typed, defensive reads from parsed JSON/YAML: the only way normalizers touch raw objects.

Each helper returns one leaf or one level, never a copied subtree, and tolerates any shape
(hostile or hand-written input is not schema-checked before it reaches us).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scanner.normalize.tags import scalar_text

Obj = Mapping[str, Any]

# Parsed JSON/YAML and API objects converted with to_dict() are plain dicts; checking for
# ``dict`` rather than the Mapping ABC is several times cheaper on the hot path.


def get_map(obj: Any, *path: str) -> Obj | None:
    node = _walk(obj, path)
    return node if isinstance(node, dict) else None


def get_list(obj: Any, *path: str) -> Sequence[Any]:
    node = _walk(obj, path)
    return node if isinstance(node, list) else ()


def get_str(obj: Any, *path: str) -> str | None:
    """A scalar leaf as stripped text; None when absent, blank or not a scalar."""
    node = _walk(obj, path)
    text = scalar_text(node) if node is not None else None
    text = text.strip() if text is not None else None
    return text or None


def get_int(obj: Any, *path: str) -> int | None:
    return as_int(_walk(obj, path))


def as_int(node: Any) -> int | None:
    """A small non-negative count (``1`` or ``"1"``); None for anything else."""
    if isinstance(node, bool):
        return None
    if isinstance(node, int):
        return node if 0 <= node < 1_000_000 else None
    text = node.strip() if isinstance(node, str) else ""
    return int(text) if text.isdigit() and len(text) < 7 else None


def maps(items: Sequence[Any]) -> list[Obj]:
    return [item for item in items if isinstance(item, dict)]


def _walk(obj: Any, path: Sequence[str]) -> Any:
    node = obj
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node
