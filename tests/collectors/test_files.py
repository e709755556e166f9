from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from scanner.collectors.files import FileCollector
from scanner.collectors.terraform_stacks import parse_stacks
from scanner.model import Asset, AssetKind, CoverageStatus, InputError, Inventory, Location

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MANIFESTS = FIXTURES / "manifests"
NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata: {name: ml}\n"  # a Kubernetes object, no asset
SENTINELS = ("SENTINEL", "U0VOVElORUwtU0VDUkVULVZBTFVF")  # and the base64 Secret value


def collect(*paths: str | Path, **kw: Any) -> Inventory:
    return FileCollector([str(p) for p in paths], **kw).collect()


def by_id(inventory: Inventory) -> dict[str, Asset]:
    return {a.id: a for a in inventory.assets}


def loc(asset: Asset) -> Location:
    assert asset.location is not None
    return asset.location


def first_line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def assert_no_leak(inventory: Inventory) -> None:
    blobs = (repr(inventory), json.dumps([a.to_policy_dict() for a in inventory.assets]))
    for blob in blobs:
        for sentinel in SENTINELS:
            assert sentinel not in blob
        for secret in ("hf_not_a_real_token", "c3VwZXItc2VjcmV0LXZhbHVl", "postgres://"):
            assert secret not in blob


def test_multi_document_file_yields_exactly_the_three_model_workloads() -> None:
    path = MANIFESTS / "multi-doc.yaml"
    inventory = collect(path)
    assert sorted(by_id(inventory)) == [
        "k8s://-/serving-staging/Deployment/triton",
        "k8s://-/serving-staging/Job/finetune",
        "k8s://-/serving-staging/StatefulSet/embedder",
    ]
    lines = {a.name: loc(a).line for a in inventory.assets}
    # each document's line is its first content line (after `---` and `# Source:` comments)
    starts = [i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("apiVersion:")]
    assert [lines["triton"], lines["embedder"], lines["finetune"]] == [starts[0], starts[1], starts[4]]
    assert all(loc(a).path == str(path) for a in inventory.assets)
    assert_no_leak(inventory)
    triton = by_id(inventory)["k8s://-/serving-staging/Deployment/triton"]
    assert "db-password" not in triton.tags
    assert inventory.coverage[0].status is CoverageStatus.OK
    assert inventory.coverage[0].assets == 3


def test_fixture_directory() -> None:
    inventory = collect(MANIFESTS)
    assert inventory.sources == ("file",)
    [coverage] = inventory.coverage
    assert (coverage.source, coverage.scope, coverage.status, coverage.errors) == (
        "file",
        str(MANIFESTS),
        CoverageStatus.OK,
        (),
    )  # values.yaml (not Kubernetes) is ignored without an error
    assert coverage.assets == len(inventory.assets) == 21
    assets = by_id(inventory)
    assert "k8s://-/web/Deployment/web" not in assets
    ranker = assets["k8s://-/search-serving/Deployment/ranker"]
    # the Namespace object later in the file supplies the environment
    assert ranker.environment == "staging"
    assert ranker.resolved_from["environment"] == "namespace-label:environment"
    ttl = assets["k8s://-/research-dev/Deployment/experiment"]
    assert (ttl.sunset_date, ttl.sunset_raw) == ("2026-12-30", "ttl=90d")
    assert_no_leak(inventory)


def test_list_kinds_give_each_item_its_own_line() -> None:
    inventory = collect(MANIFESTS / "list.yaml", MANIFESTS / "deployment-list.json")
    assets = by_id(inventory)
    assert set(assets) == {
        "k8s://-/llm-dev/Deployment/ollama",
        "k8s://-/llm-dev/InferenceService/sentiment",
        "k8s://-/genai-prod/Deployment/tgi",
        "k8s://-/genai-prod/Deployment/mlflow-serve",
    }
    yaml_lines = (MANIFESTS / "list.yaml").read_text().splitlines()
    assert yaml_lines[loc(assets["k8s://-/llm-dev/Deployment/ollama"]).line - 1] == "  - apiVersion: apps/v1"
    assert (
        "serving.kserve.io" in yaml_lines[loc(assets["k8s://-/llm-dev/InferenceService/sentiment"]).line - 1]
    )
    tgi = assets["k8s://-/genai-prod/Deployment/tgi"]
    json_path = MANIFESTS / "deployment-list.json"
    assert loc(tgi).line == first_line_of(json_path, '"name": "tgi"') - 3
    assert tgi.sunset_date == "2026-07-10"  # ttl 6m from creationTimestamp
    assert_no_leak(inventory)
    assert [c.scope for c in inventory.coverage] == [str(MANIFESTS / "list.yaml"), str(json_path)]


def test_stdin() -> None:
    text = (
        (MANIFESTS / "vllm-gpu.yaml").read_text() + "---\n" + (MANIFESTS / "isvc-governed.yaml").read_text()
    )
    inventory = collect("-", stdin=io.BytesIO(text.encode()))
    locations = {a.id: (loc(a).path, loc(a).line) for a in inventory.assets}
    assert locations == {
        "k8s://-/ml-prod/Deployment/llm-chat": ("<stdin>", 1),
        "k8s://-/ml-prod/InferenceService/fraud-scorer": (
            "<stdin>",
            text.splitlines().index("apiVersion: serving.kserve.io/v1beta1") + 1,
        ),
    }
    assert inventory.coverage[0].scope == "-"
    assert_no_leak(inventory)


def test_stdin_terraform_plan_is_sniffed() -> None:
    plan = (FIXTURES / "terraform" / "plan-oneline.json").read_bytes()
    inventory = collect("-", stdin=io.BytesIO(plan))
    assert len(inventory.assets) == 8
    assert all(loc(a).path == "<stdin>" and loc(a).line == 1 for a in inventory.assets)


def test_terraform_plan_file_next_to_manifests(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "terraform" / "plan.json", tmp_path / "plan.json")
    shutil.copy(MANIFESTS / "vllm-gpu.yaml", tmp_path / "vllm.yaml")
    inventory = collect(tmp_path)
    kinds = sorted(a.kind.value for a in inventory.assets)
    assert kinds.count("serving") == 3 and len(kinds) == 9
    blob = repr(inventory)
    assert "hunter2" not in blob and "wJalrXUtnFEMI" not in blob


def test_stdin_without_a_stream_is_an_input_error() -> None:
    with pytest.raises(InputError) as info:
        collect("-")
    assert info.value.where == "<stdin>"


# --- hostile input -------------------------------------------------------------------------


def _laughs() -> bytes:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text.encode()


HOSTILE: dict[str, tuple[bytes, str, int | None]] = {
    # name: (content, code, line or None)
    "broken.yaml": (b"apiVersion: v1\nkind: Pod\nmetadata: {name: x\n", "parse_error", 3),
    "broken-mid.yaml": (b"kind: Pod\nmetadata:\n  name: x\n  labels: a: b\n  more: 1\n", "parse_error", 4),
    "broken.json": (b'{"kind": "Pod",\n "metadata": }', "parse_error", 2),
    "bomb.yaml": (b"# billion laughs\n" + _laughs(), "parse_error", None),
    "recursive.yaml": (b"kind: Pod\nmetadata: &m {name: *m}\n", "parse_error", 2),
    "deep.yaml": (b"[" * 200_000, "parse_error", 1),
    "deep.json": (b"[" * 200_000, "parse_error", None),
    "binary.yaml": (b"kind: Pod\n\x00\x01\x02", "binary", 2),
    "latin1.yaml": (b"kind: Pod\nmetadata:\n  name: caf\xe9\n", "invalid_utf8", 3),
    "baddate.yaml": (b"kind: Pod\nmetadata:\n  creationTimestamp: 2026-13-45\n", "parse_error", 1),
    "bigint.json": (b'{"kind": "Pod", "n": ' + b"9" * 5000 + b"}", "parse_error", None),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_among_several_is_a_coverage_error(tmp_path: Path, name: str) -> None:
    content, code, line = HOSTILE[name]
    (tmp_path / name).write_bytes(content)
    shutil.copy(MANIFESTS / "vllm-gpu.yaml", tmp_path / "good.yaml")
    inventory = collect(tmp_path)
    assert [a.name for a in inventory.assets] == ["llm-chat"]
    [coverage] = inventory.coverage
    assert coverage.status is CoverageStatus.PARTIAL
    [error] = coverage.errors
    assert error.code == code
    where = str(tmp_path / name)
    if line is None:
        assert error.where is not None and error.where.startswith(where)
    else:
        assert error.where == f"{where}:{line}"
    assert error.message


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_single_file_is_an_input_error(tmp_path: Path, name: str) -> None:
    content, _, line = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        collect(path)
    assert info.value.where is not None and info.value.where.startswith(str(path))
    if line is not None:
        assert info.value.where == f"{path}:{line}"
    assert info.value.hint
    assert info.value.exit_code == 2


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 5000 + "\n")
    (tmp_path / "small.yaml").write_text(NAMESPACE)
    inventory = collect(tmp_path, max_file_size=1024)
    [error] = inventory.coverage[0].errors
    assert (error.code, error.where) == ("too_large", str(big))
    assert "1,024-byte limit" in error.message
    with pytest.raises(InputError, match="limit"):
        collect(big, max_file_size=1024)
    with pytest.raises(InputError, match="limit"):
        collect("-", stdin=io.BytesIO(b"a: 1\n" * 1000), max_file_size=1024)


def test_missing_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        collect(tmp_path / "nope.yaml")
    assert info.value.where == str(tmp_path / "nope.yaml")
    inventory = collect(tmp_path / "nope.yaml", MANIFESTS / "vllm-gpu.yaml")
    statuses = [(c.scope, c.status) for c in inventory.coverage]
    assert statuses == [
        (str(tmp_path / "nope.yaml"), CoverageStatus.FAILED),
        (str(MANIFESTS / "vllm-gpu.yaml"), CoverageStatus.OK),
    ]
    assert inventory.coverage[0].errors[0].code == "unreadable"
    assert not inventory.complete


def test_dangling_symlink_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing-target.yaml")
    (tmp_path / "ok.yaml").write_text(NAMESPACE)
    [error] = collect(tmp_path).coverage[0].errors
    assert (error.code, error.where) == ("unreadable", str(tmp_path / "gone.yaml"))
    assert "No such file" in error.message


def test_directory_walk_skips_hidden_other_extensions_and_fifos(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "broken.yaml").write_text("a: [\n")
    (tmp_path / ".hidden.yaml").write_text("a: [\n")
    (tmp_path / "README.md").write_text("a: [\n")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(MANIFESTS / "vllm-gpu.yaml", tmp_path / "sub" / "deeper" / "X.YML")
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would block forever
    (tmp_path / "empty.yaml").write_text("")
    inventory = collect(tmp_path)
    assert inventory.coverage[0].errors == ()
    assert [loc(a).path for a in inventory.assets] == [str(tmp_path / "sub" / "deeper" / "X.YML")]


def test_several_documents_broken_in_one_file_keep_the_rest(tmp_path: Path) -> None:
    text = (
        (MANIFESTS / "vllm-gpu.yaml").read_text()
        + "---\nkind: [\n---\n"
        + (MANIFESTS / "ttl.yaml").read_text()
    )
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / "b.yaml").write_text("a: 1\n")
    inventory = collect(tmp_path)
    assert sorted(str(a.name) for a in inventory.assets) == ["experiment", "llm-chat"]
    [error] = inventory.coverage[0].errors
    assert error.code == "parse_error"
    assert inventory.coverage[0].status is CoverageStatus.PARTIAL


def test_encodings_and_line_endings(tmp_path: Path) -> None:
    text = (MANIFESTS / "vllm-gpu.yaml").read_text()
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (tmp_path / "utf16.yaml").write_bytes(
        ("# powershell\n" + text.replace("llm-chat", "llm-16")).encode("utf-16")
    )
    (tmp_path / "crlf.yaml").write_bytes(
        ("\n\n" + text.replace("llm-chat", "llm-crlf")).replace("\n", "\r\n").encode()
    )
    inventory = collect(tmp_path)
    assert inventory.coverage[0].errors == ()
    assert {a.name: loc(a).line for a in inventory.assets} == {"llm-chat": 1, "llm-16": 2, "llm-crlf": 3}


def test_the_same_file_through_two_arguments_is_read_once(tmp_path: Path) -> None:
    shutil.copy(MANIFESTS / "vllm-gpu.yaml", tmp_path / "a.yaml")
    shutil.copy(MANIFESTS / "vllm-gpu.yaml", tmp_path / "b.yaml")
    messages: list[str] = []
    inventory = collect(tmp_path, tmp_path / "a.yaml", progress=messages.append)
    [asset] = inventory.assets  # b.yaml is an identical copy: merged, and named
    assert loc(asset).path == str(tmp_path / "a.yaml")
    assert asset.copies == (Location(str(tmp_path / "b.yaml"), 1),)
    assert any("defined at" in m and "identical: " in m and "b.yaml" in m for m in messages)
    # a.yaml through the second argument is not read again; each asset counts once
    assert [c.assets for c in inventory.coverage] == [1, 0]


def test_progress_goes_to_the_callback_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(25):
        shutil.copy(MANIFESTS / "vllm-gpu.yaml", tmp_path / f"m{i:02}.yaml")
    messages: list[str] = []
    FileCollector([str(tmp_path)], progress=messages.append, progress_every=10).collect()
    assert messages[0] == "files: reading 25 files from 1 path"
    assert any("10/25" in m for m in messages) and any("20/25" in m for m in messages)
    assert messages[-1].startswith("files: 25 files read, 1 asset")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    FileCollector([str(tmp_path)]).collect()  # no callback: silent
    assert capsys.readouterr() == ("", "")


def test_a_normalizer_bug_is_a_coverage_error_that_quotes_no_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scanner.collectors.manifests as manifests

    def boom(*_: object, **__: object) -> None:
        raise ValueError("invalid literal: S3CR3T")

    monkeypatch.setattr(manifests, "read_k8s_object", boom)
    shutil.copy(MANIFESTS / "vllm-gpu.yaml", tmp_path / "a.yaml")
    (tmp_path / "b.json").write_text("[]")
    [error] = collect(tmp_path).coverage[0].errors
    assert error.code == "normalize_error"
    assert "S3CR3T" not in error.message and "ValueError" in error.message


def test_kinds_of_the_fixture_inventory() -> None:
    counts: dict[AssetKind, int] = {}
    for asset in collect(MANIFESTS).assets:
        counts[asset.kind] = counts.get(asset.kind, 0) + 1
    assert counts == {
        AssetKind.SERVING: 12,
        AssetKind.COMPUTE: 3,
        AssetKind.TRAINING_JOB: 5,
        AssetKind.NOTEBOOK: 1,
    }


@pytest.mark.slow
def test_a_large_tree_read_in_parallel_equals_a_serial_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scanner.collectors import files
    from tests.collectors.manifest_tree import write_manifest_tree

    write_manifest_tree(tmp_path / "tree", 400)
    (tmp_path / "tree" / "broken.yaml").write_text("kind: Deployment\nmetadata: {name: [\n")
    shutil.copy(FIXTURES / "terraform" / "plan.json", tmp_path / "tree" / "plan.json")
    # the workers name the plan's stack as a serial read does
    stacks = parse_stacks([f"{tmp_path / 'tree' / 'plan.json'}=prod"])
    assert files.PARALLEL_THRESHOLD <= 402
    parallel = collect(tmp_path / "tree", terraform_stacks=stacks)
    monkeypatch.setattr(files, "PARALLEL_THRESHOLD", 10**9)
    serial = collect(tmp_path / "tree", terraform_stacks=stacks)
    assert parallel == serial
    assert len(parallel.assets) == 288
    assert sum(a.id.startswith("terraform://prod/") for a in parallel.assets) == 8
    assert [e.where for c in parallel.coverage for e in c.errors] == [
        f"{tmp_path / 'tree' / 'broken.yaml'}:2"
    ]


# --- a bad document costs only itself ---------------------------------------------------------

GOOD_AND_BAD = (MANIFESTS / "vllm-gpu.yaml").read_text() + "---\nkind: Deployment\nmetadata: {name: [\n---\n"


def test_a_bad_document_in_a_single_file_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "bundle.yaml"
    path.write_text(GOOD_AND_BAD + (MANIFESTS / "isvc-governed.yaml").read_text())
    inventory = collect(path)
    assert sorted(str(a.name) for a in inventory.assets) == ["fraud-scorer", "llm-chat"]
    [coverage] = inventory.coverage
    assert coverage.status is CoverageStatus.PARTIAL and coverage.assets == 2
    [error] = coverage.errors
    bad_line = GOOD_AND_BAD.splitlines().index("metadata: {name: [") + 1
    assert (error.code, error.where) == ("parse_error", f"{path}:{bad_line}")


def test_a_bad_document_on_stdin_costs_only_itself() -> None:
    text = GOOD_AND_BAD + (MANIFESTS / "isvc-governed.yaml").read_text()
    inventory = collect("-", stdin=io.BytesIO(text.encode()))
    assert sorted(str(a.name) for a in inventory.assets) == ["fraud-scorer", "llm-chat"]
    [error] = inventory.coverage[0].errors
    assert error.where == f"<stdin>:{text.splitlines().index('metadata: {name: [') + 1}"
    assert inventory.coverage[0].status is CoverageStatus.PARTIAL


# --- templates --------------------------------------------------------------------------------


def test_a_helm_chart_source_is_skipped_with_one_entry_per_file(tmp_path: Path) -> None:
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: serving\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("image: {repository: vllm/vllm-openai, tag: v0.6.3}\n")
    (chart / "templates" / "deployment.yaml").write_text(
        "{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        '  name: {{ include "fullname" . }}\n{{- end }}\n'
    )
    shutil.copy(MANIFESTS / "vllm-gpu.yaml", tmp_path / "rendered.yaml")
    inventory = collect(tmp_path)
    assert [a.name for a in inventory.assets] == ["llm-chat"]
    [error] = inventory.coverage[0].errors
    assert (error.code, error.where) == ("template", str(chart / "templates" / "deployment.yaml") + ":1")
    assert "render with helm template first" in error.message
    # the chart alone holds no object at all: nothing read, which is an error, naming the template
    with pytest.raises(InputError) as info:
        collect(chart)
    assert info.value.where == str(chart / "templates" / "deployment.yaml") + ":1"
    assert info.value.hint is not None and "helm template" in info.value.hint


PLACEHOLDER_DOCS = """\
apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata:
  name: seldon-deployment-{{workflow.name}}
spec:
  predictors: [{name: default, graph: {name: clf, implementation: SKLEARN_SERVER}}]
---
apiVersion: ray.io/v1
kind: RayService
metadata:
  name: vllm
spec:
  rayClusterConfig:
    headGroupSpec:
      template:
        spec:
          containers:
          - name: ray-head
            image: $VLLM_IMAGE
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: custom
  namespace: <your-namespace>
spec:
  predictor:
    model: {modelFormat: {name: sklearn}, storageUri: "gs://models/sklearn/1.0"}
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: pipeline-step
  annotations:
    run: "{{workflow.name}}"
spec:
  predictor:
    model: {modelFormat: {name: sklearn}, storageUri: "gs://models/sklearn/1.0"}
"""


def test_placeholders_in_names_and_images_are_templates_not_assets(tmp_path: Path) -> None:
    path = tmp_path / "samples.yaml"
    path.write_text(PLACEHOLDER_DOCS)
    inventory = collect(path)
    # an Argo expression in an annotation is data: that object is a real asset
    assert [a.id for a in inventory.assets] == ["k8s://-/default/InferenceService/pipeline-step"]
    starts = [i for i, line in enumerate(PLACEHOLDER_DOCS.splitlines(), 1) if line.startswith("apiVersion")]
    errors = inventory.coverage[0].errors
    assert [(e.code, e.where) for e in errors] == [("template", f"{path}:{n}") for n in starts[:3]]
    assert "name `seldon-deployment-{{workflow.name}}` (`{{workflow.name}}`)" in errors[0].message
    assert "image `$VLLM_IMAGE`" in errors[1].message
    assert "namespace `<your-namespace>`" in errors[2].message
    assert inventory.coverage[0].status is CoverageStatus.PARTIAL


# --- manifests run together, and scans that read nothing ----------------------------------------


def test_manifests_run_together_on_stdin_warn_and_are_coverage() -> None:
    first = (MANIFESTS / "isvc-governed.yaml").read_text()
    second = (MANIFESTS / "vllm-gpu.yaml").read_text()
    warnings: list[str] = []
    inventory = collect("-", stdin=io.BytesIO((first + second).encode()), warn=warnings.append)
    assert [a.name for a in inventory.assets] == ["llm-chat"]  # the later manifest's keys won
    [error] = inventory.coverage[0].errors
    again = first.count("\n") + 1  # the second apiVersion
    assert (error.code, error.where) == ("duplicate_key", f"<stdin>:{again}")
    assert warnings == [f"<stdin>:{again}: {error.message}"]
    assert error.message.startswith("top-level key(s) `apiVersion`, `kind`, `metadata`, `spec` appear again")
    assert inventory.coverage[0].status is CoverageStatus.PARTIAL


@pytest.mark.parametrize(
    ("files", "needle"),
    [
        ({}, "no .yaml, .yml or .json file found"),
        ({"README.md": "# docs\n", "mkdocs.yml": "site_name: x\nnav: [a.md]\n"}, "1 YAML/JSON document(s)"),
        ({"empty.yaml": "# nothing\n"}, "only empty documents"),
    ],
)
def test_a_scan_that_reads_no_object_is_an_input_error(
    tmp_path: Path, files: dict[str, str], needle: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(InputError) as info:
        collect(tmp_path)
    assert needle in info.value.what
    assert info.value.where == str(tmp_path)
    assert info.value.hint is not None and "--allow-empty" in info.value.hint
    allowed = collect(tmp_path, allow_empty=True)
    assert allowed.assets == () and allowed.coverage[0].status is CoverageStatus.OK


def test_empty_stdin_and_a_text_file_read_nothing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="standard input was empty"):
        collect("-", stdin=io.BytesIO(b""))
    (tmp_path / "notes.txt").write_text("helm template failed: chart not found\n")
    with pytest.raises(InputError, match="none of them a Kubernetes object"):
        collect(tmp_path / "notes.txt")


def test_kubernetes_objects_that_are_not_assets_are_a_real_read(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text(
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\n"
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
        "spec: {template: {spec: {containers: [{name: web, image: nginx:1.27}]}}}\n"
    )
    inventory = collect(tmp_path)
    assert inventory.assets == () and inventory.complete


def test_a_scan_that_read_nothing_names_every_problem_it_met(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("kind: Pod\nmetadata: {name: [\n")
    (tmp_path / "b.yaml").write_text("{{- if .Values.on }}\nkind: Pod\n")
    (tmp_path / "c.json").write_text('{"kind": "Pod",')  # a broken JSON manifest (it names its kind)
    with pytest.raises(InputError) as info:
        collect(tmp_path)
    assert info.value.where == f"{tmp_path / 'a.yaml'}:2"
    assert info.value.what.endswith(
        f"(no Kubernetes object or Terraform plan was read; 2 more problem(s): "
        f"{tmp_path / 'b.yaml'}:1 (template), {tmp_path / 'c.json'}:1 (parse_error))"
    )


def test_a_template_source_on_stdin_is_a_template_even_when_it_starts_with_a_brace() -> None:
    text = "{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\nmetadata: {name: {{ .Values.name }}}\n"
    with pytest.raises(InputError) as info:
        collect("-", stdin=io.BytesIO(text.encode()))
    assert info.value.where == "<stdin>:1"
    assert "render with helm template first" in info.value.what
    with pytest.raises(InputError, match="invalid JSON"):  # a brace that is neither: JSON's error
        collect("-", stdin=io.BytesIO(b'{"kind": "Pod",\n'))


def test_json_with_comments_that_is_no_manifest_is_not_a_coverage_error(tmp_path: Path) -> None:
    """tsconfig.json and devcontainer.json are JSON with comments in most repositories (kserve's
    website, kubeflow pipelines' frontend): no manifest key, so not an input that failed; a broken
    JSON manifest, which names its kind, still is."""
    (tmp_path / "tsconfig.json").write_text(
        '{\n  // compiler options\n  "compilerOptions": {"strict": true,},\n}\n'
    )
    (tmp_path / "ns.yaml").write_text(NAMESPACE)
    clean = collect(tmp_path)
    assert [c.errors for c in clean.coverage] == [()]
    (tmp_path / "broken.json").write_text('{"apiVersion": "v1", "kind": "Pod", // a comment\n}\n')
    broken = collect(tmp_path)
    assert [(e.code, e.where) for c in broken.coverage for e in c.errors] == [
        ("parse_error", f"{tmp_path / 'broken.json'}:1")
    ]
