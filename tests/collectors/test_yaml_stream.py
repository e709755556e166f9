from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from scanner.collectors.documents import Document, ParseFailure
from scanner.collectors.yaml_stream import MAX_DEPTH, MAX_DOCUMENTS, _chunks, parse_yaml

REPO = Path(__file__).resolve().parents[2]


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


@pytest.mark.slow
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


def test_libyaml_refusing_deep_nesting_says_what_mlgov_says() -> None:
    """Some libyaml builds refuse flow nesting past 1,000 levels before mlgov's own check runs;
    the user reads the same message whichever layer refused."""
    from scanner.collectors import yaml_stream

    mark = yaml.Mark("<doc>", 1200, 0, 1200, None, 0)
    refused = yaml.parser.ParserError(
        "while increasing flow level", None, "exceeded maximum nesting depth", mark
    )
    failure = yaml_stream._failure(refused, base=10, chunk="[" * 2000)
    assert (failure.code, failure.message) == ("parse_error", f"YAML nesting deeper than {MAX_DEPTH} levels")
    assert failure.line == 11


# --- valid YAML that the safe loader alone refuses ------------------------------------------


def test_a_bare_equals_sign_is_the_string_it_looks_like() -> None:
    text = "replacements:\n- source: {kind: Deployment}\n  options:\n    delimiter: =\n    index: 1\n"
    docs, failures = parse(text)
    assert failures == []
    assert docs[0].data["replacements"][0]["options"] == {"delimiter": "=", "index": 1}


def test_unknown_tags_are_plain_data_never_objects(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = (
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg ''\n"
        "Resources:\n"
        "  Bucket: {Name: !Sub '${AWS::StackName}-data', Arn: !GetAtt [Role, Arn], Ref: !Ref Env}\n"
        "job:\n"
        "  script: !reference [.setup, script]\n"
        "  when: !If {cond: prod}\n"
        f"boom: !!python/object/apply:os.system ['touch {marker}']\n"
        "new: !!python/object/new:builtins.dict {a: 1}\n"
    )
    docs, failures = parse(text)
    assert failures == []
    data = docs[0].data
    emoji = data["markdown_extensions"][0]["pymdownx.emoji"]
    assert emoji == {"emoji_index": "", "emoji_generator": ""}
    assert data["Resources"]["Bucket"] == {
        "Name": "${AWS::StackName}-data",
        "Arn": ["Role", "Arn"],
        "Ref": "Env",
    }
    assert data["job"] == {"script": [".setup", "script"], "when": {"cond": "prod"}}
    assert data["boom"] == [f"touch {marker}"] and not marker.exists()
    assert data["new"] == {"a": 1}
    # the library's own loader is untouched: mlgov changes only its subclass
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("a: =\n", Loader=yaml.SafeLoader)


def test_unknown_tags_keep_every_guard() -> None:
    bomb = _laughs(9).replace("&b [", "&b !T [")
    assert "alias bomb" in parse(bomb)[1][0].message
    assert "recursive" in parse("a: &a !T [*a]\n")[1][0].message
    deep = "a: " + "!T [" * 200_000
    assert f"deeper than {MAX_DEPTH}" in parse(deep)[1][0].message


# --- template sources -------------------------------------------------------------------------

HELM_SOURCE = """\
# Source-controlled chart template: not a manifest until `helm template` renders it
{{- if .Values.server.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: "{{ .Release.Name }}-server"
  labels:
    {{- include "chart.labels" . | nindent 4 }}
spec:
  template:
    spec:
      containers:
        - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          resources: {{- toYaml .Values.resources | nindent 12 }}
{{- end }}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: plain
---
{{/* a comment action */}}
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: static-sample
"""


def test_a_helm_source_is_one_template_failure_at_its_first_template_line() -> None:
    stream = parse_yaml(HELM_SOURCE)
    assert stream.documents == []  # even the document that happens to parse
    [failure] = stream.failures
    assert failure.code == "template"
    assert "render with helm template first" in failure.message
    assert failure.line == 2  # `{{- if`, not the comment on line 1 and not libyaml's later error


def test_the_first_template_line_may_be_a_quoted_one_before_the_failure() -> None:
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  namespace: '{{ .Release.Namespace }}'\n"
    text += '  name: {{ include "x" . }}\n'
    [failure] = parse_yaml(text).failures
    assert (failure.code, failure.line) == ("template", 4)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("kind: InferenceGraph\nmetadata:\n  name: {{ graph_name }}\n", 3),  # Jinja (kserve e2e)
        ("kind: RayCluster\nmetadata:\n  name: {{.Name}}\n", 3),  # clusterloader2 (kuberay perf)
        ("kind: Pod\nspec:\n  containers:\n  - image: {username}/server:latest\n", 4),  # kserve docs
        ("{% if gpu %}\nkind: Pod\n{% endif %}\n", 1),  # Jinja statements
    ],
)
def test_other_template_languages_are_templates_too(text: str, line: int) -> None:
    [failure] = parse_yaml(text).failures
    assert (failure.code, failure.line) == ("template", line)


def test_argo_expressions_inside_strings_are_data_not_templates() -> None:
    argo = (
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: train-}\n"
        "spec:\n  templates:\n  - name: sleep\n    container:\n"
        '      args: ["sleep {{inputs.parameters.seconds}}"]\n'
        "      env: [{name: RUN, value: 'run-{{workflow.name}}'}]\n"
    )
    [doc] = parse(argo)[0]
    assert doc.data["spec"]["templates"][0]["container"]["args"] == ["sleep {{inputs.parameters.seconds}}"]
    # broken for another reason: a syntax error, not a template
    broken = argo + "  maxHistory: !@#$%^&*()_+\n"
    [failure] = parse_yaml(broken).failures
    assert failure.code == "parse_error"


def test_a_valid_document_holding_go_template_strings_is_data() -> None:
    # rendered output carries Go templates inside strings (Prometheus rules, Alertmanager)
    text = (
        "kind: PrometheusRule\nspec:\n  summary: '{{ $labels.instance }} is down'\n"
        '  body: |\n    {{ define "x" }}{{ end }}\n'
    )
    [doc] = parse_yaml(text, skip_unread=False).documents  # a kind mlgov skips unless told not to
    assert doc.data["spec"]["summary"] == "{{ $labels.instance }} is down"


# --- manifests run together ----------------------------------------------------------------


def test_repeated_top_level_keys_are_read_as_yaml_reads_them_and_reported() -> None:
    first = "apiVersion: v1\nkind: Pod\nmetadata: {name: first}\n"
    second = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: second}\n"
    stream = parse_yaml("# a.yaml\n" + first + second)
    [doc] = stream.documents
    assert doc.data["metadata"] == {"name": "second"}  # the later value wins, as in PyYAML
    [failure] = stream.failures  # one per document, at the first repeated key
    assert (failure.code, failure.line) == ("duplicate_key", 5)
    assert "`apiVersion`, `kind`, `metadata`" in failure.message
    assert "first at line 2" in failure.message and "---" in failure.message
    # merge keys may repeat; nested keys are not the concatenation this looks for
    assert parse_yaml("a: &a {x: 1}\nb: {<<: *a}\nc:\n  <<: *a\n  <<: *a\n").failures == []


def test_skipped_kinds_are_counted() -> None:
    stream = parse_yaml("kind: Secret\ndata: {}\n---\nkind: ConfigMap\n---\nkind: Pod\n")
    assert (len(stream.documents), stream.skipped) == (1, 2)


# --- the direct constructor against PyYAML's ------------------------------------------------

EDGE_DOCUMENTS = [
    "a: 1\nb: 0777\nc: 0x1F\nd: 1_000\ne: 1:20\nf: 1.5\ng: .inf\nh: -.INF\ni: 1e3\n",
    "yes: no\non: off\nTrue: ~\nn: null\nempty:\n",
    "d: 2026-01-02\nt: 2026-01-02T10:00:00Z\nlocal: 2026-01-02 10:00:00\nq: '2026-01-02'\n",
    "bad: 2026-13-45\n",
    "delimiter: =\nk: !Sub 'x-${AWS::Region}'\nl: !reference [a, b]\nm: !Custom {a: 1}\n",
    "s: !!str 123\nbin: !!binary aGVsbG8=\nset: !!set {a, b}\nomap: !!omap [{a: 1}, {b: 2}]\n",
    "pairs: !!pairs [{a: 1}, {a: 2}]\nf: !!float 1\ni: !!int '7'\n",
    "x: !!str {a: 1}\n",
    "? !!str [a]\n: 1\n",
    "? [a, b]\n: 1\n",
    "1: one\n2.5: two\nnull: three\ntrue: four\n",
    "base: &b {x: 1, y: [1, 2]}\nm:\n  <<: *b\n  y: 2\nn: {<<: [*b, {z: 3}]}\n",
    "list: [a, 'b', \"c\", {d: e}, [f]]\nblock: |\n  text\nfolded: >\n  more\n  text\n",
    "a: 1\na: 2\n",
    "- 1\n- two\n- {three: 3}\n",
    "plain scalar root\n",
    "!!map {a: 1}\n",
    "!!seq [a]\n",
    "!!map [a]\n",
    "a: !!python/object/apply:os.system ['true']\n",
    "big: 1" + "0" * 5000 + "\n",
]


def _construct_both(text: str) -> list[tuple[object, object]]:
    from scanner.collectors import yaml_stream

    def run(direct: bool) -> list[object]:
        loader = yaml_stream.ManifestLoader(text)
        out: list[object] = []
        try:
            while loader.check_node():
                node = loader.get_node()
                assert node is not None
                try:
                    out.append(
                        yaml_stream._construct(loader, node) if direct else loader.construct_document(node)
                    )
                except Exception as exc:  # compared by class and message
                    out.append((type(exc).__name__, str(exc)))
        finally:
            loader.dispose()
        return out

    return list(zip(run(True), run(False), strict=True))


def test_the_direct_constructor_builds_what_pyyaml_builds() -> None:
    texts = list(EDGE_DOCUMENTS)
    for root in (REPO / "tests" / "fixtures", REPO / "examples"):
        texts += [
            p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.y*ml"))
            if p.suffix in {".yaml", ".yml"}
        ]
    compared = 0
    for text in texts:
        for chunk, _ in _chunks(text):
            try:
                pairs = _construct_both(chunk)
            except yaml.YAMLError:
                continue  # a syntax error: nothing is constructed either way
            for direct, reference in pairs:
                assert direct == reference, chunk
                assert type(direct) is type(reference), chunk
                compared += 1
    assert compared > 100
