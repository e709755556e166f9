from __future__ import annotations

import json

import pytest

from scanner.collectors.documents import ParseFailure
from scanner.collectors.json_doc import parse_json


def test_document_line_is_the_first_non_blank_line() -> None:
    doc = parse_json('\n\n  {"kind": "Pod"}\n')
    assert (doc.data, doc.line, doc.item_lines) == ({"kind": "Pod"}, 3, ())


def test_list_item_lines_pretty_and_compact() -> None:
    items = [{"kind": "A", "s": 'a"]}'}, {"kind": "B"}, [1, {"x": [2]}]]
    pretty = json.dumps(
        {"apiVersion": "v1", "metadata": {"items": "no"}, "kind": "List", "items": items}, indent=2
    )
    doc = parse_json(pretty)
    lines = pretty.splitlines()
    assert [lines[n - 1].strip()[:1] for n in doc.item_lines] == ["{", "{", "["]
    assert doc.item_lines[0] < doc.item_lines[1] < doc.item_lines[2]
    compact = parse_json(json.dumps({"kind": "List", "items": items}))
    assert compact.item_lines == (1, 1, 1)
    assert parse_json('{"kind": "List", "items": []}').item_lines == ()


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [
        ('{"kind": "Pod",\n "metadata": }', "Expecting value", 2),
        ("", "Expecting value", 1),
        ("{'single': 1}", "property name", 1),
        ("[" * 100_000, "nesting too deep", None),
        ('{"a": ' + "9" * 5000 + "}", "Exceeds the limit", None),
    ],
)
def test_errors(text: str, needle: str, line: int | None) -> None:
    with pytest.raises(ParseFailure) as info:
        parse_json(text)
    assert needle in info.value.message
    assert info.value.line == line
    assert info.value.code == "parse_error"
