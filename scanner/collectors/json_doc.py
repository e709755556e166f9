"""A JSON file -> one Document: a manifest, a ``*List``, or a Terraform plan.

``json.loads`` (C) does the parsing; for a List we also find where each element of ``items``
starts by walking the top-level object with ``raw_decode`` (only Lists pay for that).
Deep nesting raises RecursionError in the C decoder, which becomes a ParseFailure.
"""

from __future__ import annotations

import json
import re
from typing import Any

from scanner.collectors.documents import Document, LineIndex, ParseFailure

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def parse_json(text: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseFailure("parse_error", f"invalid JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise ParseFailure("parse_error", "JSON nesting too deep", None) from None
    except ValueError as exc:  # e.g. an integer over Python's digit limit
        reason = str(exc).split(":", 1)[0]
        raise ParseFailure("parse_error", f"invalid JSON value: {reason}", None) from None
    start = _WS.match(text).end()  # type: ignore[union-attr]  # matches the empty string at worst
    lines = LineIndex(text)
    item_lines: tuple[int, ...] = ()
    if _is_list(data):
        offsets = _item_offsets(text, start)
        if offsets is not None and len(offsets) == len(data["items"]):
            item_lines = tuple(lines.line(o) for o in offsets)
    return Document(data, lines.line(start), item_lines)


def _is_list(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("items"), list)


def _ws(text: str, index: int) -> int:
    return _WS.match(text, index).end()  # type: ignore[union-attr]


def _item_offsets(text: str, start: int) -> list[int] | None:
    """Offsets of the elements of the top-level ``items`` array; None if not found."""
    try:
        i = start
        if text[i] != "{":
            return None
        i = _ws(text, i + 1)
        while text[i] != "}":
            key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
            i = _ws(text, _ws(text, i) + 1)  # skip the colon
            if key == "items" and text[i] == "[":
                return _array_offsets(text, i)
            _, i = _DECODER.raw_decode(text, i)
            i = _ws(text, i)
            if text[i] == ",":
                i = _ws(text, i + 1)
        return None
    except (ValueError, IndexError, RecursionError):
        return None


def _array_offsets(text: str, i: int) -> list[int]:
    offsets: list[int] = []
    i = _ws(text, i + 1)
    while text[i] != "]":
        offsets.append(i)
        _, i = _DECODER.raw_decode(text, i)
        i = _ws(text, i)
        if text[i] == ",":
            i = _ws(text, i + 1)
    return offsets
