"""Documents whose kind mlgov never reads are skipped unparsed, and only when that is certain.

The reference is the parser itself: ``parse_yaml(text, skip_unread=False)`` parses every
document. Whatever ``never_read`` skips must be, for the reference, a document that is broken or
whose kind no normalizer reads, so that skipping loses nothing a scan reports.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.collectors.documents import Document, ParsedStream
from scanner.collectors.kind_filter import never_read
from scanner.collectors.manifests import assets_from_documents
from scanner.collectors.yaml_stream import _chunks, parse_yaml
from scanner.normalize.k8s_kinds import CUSTOM_KINDS, READ_KINDS, WORKLOADS, is_read_kind
from scanner.normalize.resolve import ResolverConfig

REPO = Path(__file__).resolve().parents[2]

CRD = """\
# Source: kserve/templates/crd.yaml
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  annotations:
    controller-gen.kubebuilder.io/version: v0.16.2
  name: inferenceservices.serving.kserve.io
spec:
  versions:
  - name: v1beta1
    schema:
      openAPIV3Schema:
        description: "InferenceService is the Schema for the InferenceServices API"
        properties: {apiVersion: {type: string}}
"""

CLUSTER_ROLE = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kserve-manager-role
rules:
- apiGroups:
  - serving.kserve.io
  resources: ["inferenceservices"]
  verbs: ['get', 'list']
"""


def reference(text: str) -> list[Document]:
    return parse_yaml(text, skip_unread=False).documents


def failures(stream: ParsedStream) -> list[tuple[str, str, int | None]]:
    return [(f.code, f.message, f.line) for f in stream.failures]


def summary(stream: ParsedStream) -> tuple[list[Document], list[tuple[str, str, int | None]], int]:
    return stream.documents, failures(stream), stream.skipped


def kinds(docs: list[Document]) -> list[object]:
    return [d.data.get("kind") if isinstance(d.data, dict) else None for d in docs]


@pytest.mark.parametrize(
    "text",
    [
        CRD,
        CLUSTER_ROLE,
        "apiVersion: v1\nkind: Secret\ntype: Opaque\ndata:\n  password: c2VjcmV0\n",
        "kind: 'Service'\nspec: {ports: [{port: 80}]}\n",
        'kind: "ServiceAccount"  # quoted\n',
        "---\n# header\n\n---  # marker with a comment\napiVersion: v1\nkind: Secret\n",  # markers
        "apiVersion: v1\r\nkind: ConfigMap\r\ndata:\r\n  a: '1'\r\n",  # CRLF
        "apiVersion: v1\nkind: Secret\n  Deployment\n",  # reads "Secret Deployment": not read either
        "apiVersion: v1\nkind: Role\nitems: |\n  kind: Deployment\n",  # block scalars stay indented
    ],
)
def test_documents_of_kinds_never_read_are_skipped(text: str) -> None:
    assert never_read(text)
    stream = parse_yaml(text)
    assert summary(stream) == ([], [], 1)
    assert not any(isinstance(k, str) and is_read_kind(k) for k in kinds(reference(text)))


HIDDEN_DEPLOYMENT = [
    # a real kind the filter cannot see, and a fake `kind: Secret` line it could
    '? kind\n: Deployment\nz: "\nkind: Secret"\n',
    '"kind": Deployment\nz: "\nkind: Secret"\n',
    "'kind': Deployment\nz: '\nkind: Secret'\n",
    '&a kind: Deployment\nz: "\nkind: Secret"\n',
    '!!str kind: Deployment\nz: "\nkind: Secret"\n',
    "base: &b {kind: Deployment}\n<<: *b\nz: [\nkind: Secret]\n",
    '{apiVersion: apps/v1, kind: Deployment, x: "\nkind: Secret"}\n',
    '--- {apiVersion: apps/v1, kind: Deployment, x: "\nkind: Secret"}\n',
    '  apiVersion: apps/v1\n  kind: Deployment\n  x: "a\nkind: Secret"\n',
    # the real kind line is first, a later one overrides it (the later value wins in YAML)
    "apiVersion: v1\nkind: Secret\nkind: Deployment\n",
    'apiVersion: v1\nkind: Secret\n"kind": Deployment\n',
    "apiVersion: v1\nkind: Secret\nkind : Deployment\n",
    # the kind line sits inside a multi-line value opened before it
    'apiVersion: apps/v1\nnote: "\nkind: Secret"\nmetadata: {name: x}\n',
    "apiVersion: apps/v1\nnote: [\nkind: Secret]\n",
    # values the filter does not read exactly
    'apiVersion: v1\nkind: "Secret\n  Deployment"\n',
    'apiVersion: v1\nkind: "Deploy\\\n  ment"\n',
    "apiVersion: v1\nkind: Secret#x\n",
    'apiVersion: v1\nkind:"Secret"\n',
    "apiVersion: v1\nkind: !!str Secret\n",
]


@pytest.mark.parametrize("text", HIDDEN_DEPLOYMENT)
def test_a_kind_the_text_does_not_show_for_certain_is_parsed(text: str) -> None:
    assert not never_read(text)
    assert summary(parse_yaml(text)) == summary(parse_yaml(text, skip_unread=False))


def test_helm_actions_before_the_kind_line_keep_the_template_failure() -> None:
    text = "{{- if .Values.crds }}\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
    [failure] = parse_yaml(text).failures
    assert failure.code == "template"


def test_read_kinds_are_never_skipped() -> None:
    every = READ_KINDS | {"List", "DeploymentList", "InferenceServiceList"}
    for kind in every:
        assert not never_read(f"apiVersion: v1\nkind: {kind}\nmetadata: {{name: x}}\n"), kind
    # derived from the normalizers' tables, not kept beside them
    assert {k for _, k in CUSTOM_KINDS} | set(WORKLOADS) | {"Node", "Namespace"} == READ_KINDS


def _variants() -> Iterator[str]:
    """Documents built from pieces that move a kind line into and out of the root mapping."""
    heads = ["", "apiVersion: v1\n", "# c\n", "---\n", "  x: 1\n", "- a\n", '"k": v\n', "a: 'q\n"]
    kind_lines = ["kind: Secret\n", "kind: Deployment\n", "kind:  'Secret'\n", "kind: Secret # c\n"]
    middles = ["", "metadata:\n  name: x\n", "rules:\n- a\n", "z: |\n  kind: Deployment\n", "'\n"]
    tails = ["", "kind: Deployment\n", '"kind": Deployment\n', "? kind\n: Deployment\n", "x: {\nkind: Pod}\n"]
    for parts in itertools.product(heads, kind_lines, middles, tails):
        yield "".join(parts)


def test_whatever_is_skipped_is_broken_or_unread_for_the_reference_parser() -> None:
    skipped = 0
    for text in _variants():
        if not never_read(text):
            continue
        skipped += 1
        stream = parse_yaml(text, skip_unread=False)
        for kind in kinds(stream.documents):
            assert not (isinstance(kind, str) and is_read_kind(kind)), text
    assert skipped > 20  # the variants include skippable documents, not only refused ones


def _fixture_texts() -> Iterator[tuple[Path, str]]:
    for root in (REPO / "tests" / "fixtures", REPO / "examples"):
        for path in sorted(root.rglob("*")):
            if path.suffix in {".yaml", ".yml"} and path.name != "expected.yaml":
                yield path, path.read_text(encoding="utf-8")


def test_skipping_changes_nothing_a_scan_reads_over_the_fixtures() -> None:
    """Same documents at the same lines, and the skipped ones yield nothing when parsed."""
    resolver = ResolverConfig()
    total = 0
    for path, text in _fixture_texts():
        fast, full = parse_yaml(text), parse_yaml(text, skip_unread=False)
        skipped_chunks = [(c, base) for c, base in _chunks(text) if c.strip() and never_read(c)]
        total += len(skipped_chunks)
        assert fast.skipped == len(skipped_chunks), path
        skipped_lines = {base + n + 1 for c, base in skipped_chunks for n in range(c.count("\n") + 1)}
        kept = [d for d in full.documents if d in fast.documents]
        assert kept == fast.documents, path
        dropped = [d for d in full.documents if d not in fast.documents]
        assert len(dropped) <= fast.skipped, path
        found = assets_from_documents(dropped, display=str(path), text=text, resolver=resolver, stack="s")
        assert (found.assets, found.namespace_labels, found.references.offered) == ([], {}, {}), path
        # a document skipped unparsed is not syntax-checked: only its own failures may go
        lost = [f for f in failures(full) if f not in failures(fast)]
        assert all(line in skipped_lines for _, _, line in lost), path
    assert total > 0
