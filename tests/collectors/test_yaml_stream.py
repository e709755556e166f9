from __future__ import annotations

import time

import pytest

from scanner.collectors.documents import Document, ParseFailure
from scanner.collectors.yaml_stream import MAX_DEPTH, MAX_DOCUMENTS, parse_yaml


def parse(text: str) -> tuple[list[Document], list[ParseFailure]]:
    stream = parse_yaml(text)
    return stream.documents, stream.failures


def test_each_document_starts_at_its_first_content_line() -> None:
    text = (
        "# leading comment\n"  # 1
        "---\n"  # 2
        "# Source: chart/a.yaml\n"  # 3
        "\n"  # 4
        "a: 1\n"  # 5 <- first document
        "---\n"  # 6
        "b:\n"  # 7 <- second
        "  - x\n"  # 8
        "--- {c: 3}\n"  # 9 <- third: content on the marker line
        "...\n"  # 10
        "---\n"  # 11
        "d: 4\n"  # 12 <- fourth
    )
    docs, failures = parse(text)
    assert failures == []
    assert [(d.data, d.line) for d in docs] == [
        ({"a": 1}, 5),
        ({"b": ["x"]}, 7),
        ({"c": 3}, 9),
        ({"d": 4}, 12),
    ]


def test_no_marker_crlf_and_empty_documents() -> None:
    docs, _ = parse("\r\n\r\na: 1\r\n---\r\n---\r\n# only a comment\r\n---\r\nb: 2\r\n")
    assert [(d.data, d.line) for d in docs] == [({"a": 1}, 3), ({"b": 2}, 8)]
    assert parse("") == ([], [])


def test_dashes_inside_block_scalars_are_not_markers() -> None:
    text = "a: |\n  ---\n  text\nb: '--- x'\n"
    docs, failures = parse(text)
    assert failures == []
    assert [d.data for d in docs] == [{"a": "---\ntext\n", "b": "--- x"}]


def test_directives_are_left_to_libyaml() -> None:
    docs, failures = parse("%YAML 1.1\n---\na: 1\n---\nb: 2\n")
    assert failures == []
    assert [(d.data, d.line) for d in docs] == [({"a": 1}, 3), ({"b": 2}, 5)]


def test_a_broken_document_does_not_hide_the_others() -> None:
    docs, failures = parse("a: 1\n---\nb: [1,\n---\nc: 3\n")
    assert [d.data for d in docs] == [{"a": 1}, {"c": 3}]
    [failure] = failures
    assert failure.code == "parse_error"
    assert "flow" in failure.message
    assert failure.line == 3  # where the unclosed `[` opened


def test_list_item_lines() -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n- kind: A\n  x: 1\n-   kind: B\n- {kind: C}\n"
    [doc] = parse(text)[0]
    assert doc.item_lines == (4, 6, 7)
    second = parse("---\nx: 0\n---\nkind: List\nitems:\n  - a: 1\n")[0][1]
    assert second.item_lines == (6,)


def test_legitimate_anchors_and_merge_keys_are_fine() -> None:
    text = "base: &b {image: x, port: 80}\none:\n  <<: *b\n  name: one\ntwo:\n  <<: *b\n  name: two\n"
    [doc] = parse(text)[0]
    assert doc.data["two"] == {"image": "x", "port": 80, "name": "two"}


def _laughs(levels: int) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghijklmnop"[: levels - 1]:
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (_laughs(9), "alias bomb"),
        (
            "a: &a {k: 1}\n"
            + "".join(
                f"{c}: &{c} {{<<: [*{p}, *{p}, *{p}, *{p}]}}\n"
                for p, c in zip("abcdefghijklmno", "bcdefghijklmnop", strict=True)
            ),
            "alias bomb",
        ),
        ("a: &a [*a]\n", "recursive"),
        ("[" * 200_000, f"deeper than {MAX_DEPTH}"),
        ("- " * 100_000 + "x\n", f"deeper than {MAX_DEPTH}"),
        ("a:\n" + "".join(" " * (i + 1) + "b:\n" for i in range(2000)), f"deeper than {MAX_DEPTH}"),
        ("{a: " * 100_000, f"deeper than {MAX_DEPTH}"),
        ("a: 2026-13-45\n", "month must be in 1..12"),
        ("a: " + "9" * 5000 + "\n", "Exceeds the limit"),
        ("? [a]\n: b\n", "unhashable"),
        ("a:\n\t- b\n", "cannot start any token"),
        ("a: *nowhere\n", "undefined alias"),
    ],
)
def test_hostile_documents_fail_fast_and_clearly(text: str, needle: str) -> None:
    start = time.monotonic()
    docs, failures = parse(text)
    assert time.monotonic() - start < 5
    assert docs == []
    assert len(failures) == 1
    assert needle in failures[0].message
    assert failures[0].line is not None and failures[0].line >= 1


def test_alias_bomb_line_points_at_the_exploding_node() -> None:
    failure = parse("ok: 1\n---\n" + _laughs(9))[1][0]
    assert failure.line is not None and 3 <= failure.line <= 11


def test_too_many_documents() -> None:
    docs, failures = parse("---\na: 1\n" * (MAX_DOCUMENTS + 5))
    assert len(docs) == MAX_DOCUMENTS
    assert "more than" in failures[0].message


def test_big_documents_below_the_depth_limit_still_parse() -> None:
    nested = (
        "a:\n" + "".join(" " * (i + 1) + "b:\n" for i in range(MAX_DEPTH - 5)) + " " * MAX_DEPTH + "c: 1\n"
    )
    wide = "".join(f"key{i}: [1, 2, {{x: y}}]\n" for i in range(5000))
    for text in (nested, wide):
        docs, failures = parse(text)
        assert failures == [] and len(docs) == 1


def test_documents_of_kinds_that_never_carry_a_model_are_not_parsed() -> None:
    broken_body = "metadata:\n  name: x\ndata: {unclosed: [\n"
    docs, failures = parse("apiVersion: v1\nkind: Secret\n" + broken_body)
    assert (docs, failures) == ([], [])  # never handed to the parser, so nothing to fail
    docs, failures = parse("apiVersion: apps/v1\nkind: Deployment\n" + broken_body)
    assert docs == [] and len(failures) == 1
    # anything less certain than one block-style kind line is parsed as usual
    flow = parse("{apiVersion: v1, kind: Secret, metadata: {name: s}}\n")[0]
    assert flow[0].data["kind"] == "Secret"
    quoted = parse('apiVersion: v1\nkind: "ConfigMap"\ndata: {a: [\n')
    assert quoted == ([], [])
