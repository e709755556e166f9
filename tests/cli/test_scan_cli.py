"""`mlgov scan` end to end through the real entry point: exit codes, stdin, errors, reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.resources import data_dir
from tests.cli.conftest import GOVERNED, UNGOVERNED, MlgovRunner

NOW = "2026-11-22"


@pytest.mark.slow
def test_exit_0_for_a_governed_model(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "isvc.yaml").write_text(GOVERNED)
    run = mlgov("scan", "isvc.yaml", "--now", NOW, "-f", "json")
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    assert [a["id"] for a in report["assets"]] == ["k8s://-/ml-prod/InferenceService/fraud-scorer"]
    assert [f for f in report["findings"] if f["status"] == "fail"] == []


@pytest.mark.slow
def test_exit_1_for_violations_at_or_above_fail_on(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    run = mlgov("scan", "llm.yaml", "--now", NOW, "-f", "json")
    assert run.code == 1, run.stderr
    rules = {f["rule_id"] for f in json.loads(run.stdout)["findings"]}
    assert {"MLG001", "MLG003", "MLG009"} <= rules
    # the same findings pass a gate set above their severities
    assert mlgov("scan", "llm.yaml", "--now", NOW, "--fail-on", "critical").code == 0
    assert mlgov("scan", "llm.yaml", "--now", NOW, "--fail-on", "none").code == 0


@pytest.mark.slow
def test_exit_2_for_usage_config_and_single_bad_file(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n")
    run = mlgov("scan", "bad.yaml")
    assert run.code == 2
    assert "bad.yaml:" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""

    (tmp_path / "mlgov.yaml").write_text("version: 1\nfail_on: sometimes\n")
    run = mlgov("scan", "bad.yaml")
    assert run.code == 2
    assert "mlgov.yaml:2" in run.stderr and "/fail_on" in run.stderr

    assert mlgov("scan", "--format", "nope", "x", "--config", "/dev/null").code == 2
    assert mlgov("scan").code == 2


@pytest.mark.slow
def test_exit_3_for_one_bad_file_among_several(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "isvc.yaml").write_text(GOVERNED)
    (tmp_path / "k8s" / "broken.yaml").write_text("kind: Deployment\nmetadata: {name: x\n")
    run = mlgov("scan", "k8s", "--now", NOW, "-f", "json")
    assert run.code == 3, run.stderr
    report = json.loads(run.stdout)
    errors = [e for c in report["coverage"] for e in c["errors"]]
    assert any("broken.yaml" in (e.get("where") or "") for e in errors)
    assert [a["id"] for a in report["assets"]] == ["k8s://-/ml-prod/InferenceService/fraud-scorer"]
    assert "Traceback" not in run.stderr
    # --allow-partial judges what was read
    assert mlgov("scan", "k8s", "--now", NOW, "--allow-partial").code == 0


def test_stdin_is_scanned(mlgov: MlgovRunner) -> None:
    run = mlgov("scan", "-", "--now", NOW, "-f", "json", stdin=GOVERNED + "---\n" + UNGOVERNED)
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    assert sorted(a["id"] for a in report["assets"]) == [
        "k8s://-/ml-prod/Deployment/llm-chat",
        "k8s://-/ml-prod/InferenceService/fraud-scorer",
    ]
    lines = {a["id"]: a["location"]["line"] for a in report["assets"]}
    assert lines["k8s://-/ml-prod/InferenceService/fraud-scorer"] == 1
    assert lines["k8s://-/ml-prod/Deployment/llm-chat"] == GOVERNED.count("\n") + 2


@pytest.mark.slow
def test_json_report_validates_and_is_reproducible(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    (tmp_path / "isvc.yaml").write_text(GOVERNED)
    first = mlgov("scan", ".", "--now", NOW, "-f", "json", "-o", "a.json")
    second = mlgov("scan", ".", "--now", NOW, "-f", "json", "-o", "b.json")
    assert first.code == second.code == 1
    a = json.loads((tmp_path / "a.json").read_text())
    b = json.loads((tmp_path / "b.json").read_text())
    schema = json.loads((data_dir("reports") / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(a)
    for report in (a, b):
        report["metadata"].pop("started_at")
        report["metadata"].pop("duration_seconds")
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["metadata"]["now"] == "2026-11-22T00:00:00Z"
    assert a["metadata"]["engine"]["name"] == "embedded"
    assert a["metadata"]["policy_bundle_digest"].startswith("sha256:")


def test_output_dir_writes_each_format(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    run = mlgov("scan", "llm.yaml", "--now", NOW, "-f", "json,sarif", "--output-dir", "out")
    assert run.code == 1, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json", "report.sarif"]
    sarif = json.loads((tmp_path / "out" / "report.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert run.stdout == ""


@pytest.mark.slow
def test_progress_goes_to_stderr_only(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "isvc.yaml").write_text(GOVERNED)
    run = mlgov("scan", "isvc.yaml", "--now", NOW, "-f", "json")
    json.loads(run.stdout)  # stdout is the report and nothing else
    assert "files: 1 file read, 1 asset" in run.stderr
    quiet = mlgov("scan", "isvc.yaml", "--now", NOW, "-f", "json", "-q")
    assert quiet.stderr == ""


@pytest.mark.slow
def test_config_file_supplies_defaults_and_flags_override(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    (tmp_path / "mlgov.yaml").write_text(
        "version: 1\nsources:\n  files: [llm.yaml]\nfail_on: critical\nrules:\n  disable: [MLG009]\n"
    )
    run = mlgov("scan", "--now", NOW, "-f", "json")
    assert run.code == 0, run.stderr  # fail_on critical from the file
    assert "MLG009" not in {f["rule_id"] for f in json.loads(run.stdout)["findings"]}
    assert mlgov("scan", "--now", NOW, "--fail-on", "high").code == 1  # the flag wins


@pytest.mark.slow
def test_waivers_waive_and_expired_ones_do_not(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    (tmp_path / "waivers.yaml").write_text(
        "waivers:\n"
        "  - {id: W1, rule: 'MLG*', asset: 'k8s://-/ml-prod/Deployment/llm-chat', justification: pilot,"
        " approved_by: ciso@example.com, expires: 2026-12-31}\n"
    )
    run = mlgov("scan", "llm.yaml", "--now", NOW, "--waivers", "waivers.yaml", "-f", "json")
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    assert {f["status"] for f in report["findings"]} == {"waived"}
    expired = mlgov("scan", "llm.yaml", "--now", "2027-01-01", "--waivers", "waivers.yaml", "-f", "json")
    assert expired.code == 1
    report = json.loads(expired.stdout)
    assert {f["status"] for f in report["findings"]} == {"fail"}
    assert [w["expired"] for w in report["waivers"]] == [True]


@pytest.mark.slow
def test_jobs_flag_and_variable_give_the_same_report(mlgov: MlgovRunner, tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    args = ("scan", str(examples), "--now", NOW, "-f", "json")
    alone = json.loads(mlgov(*args, "--jobs", "1").stdout)
    parallel = json.loads(mlgov(*args, "--jobs", "2").stdout)
    assert alone["findings"] and parallel["findings"] == alone["findings"]
    from_env = json.loads(mlgov(*args, env={"MLGOV_JOBS": "2"}).stdout)
    assert from_env["findings"] == alone["findings"]
    bad = mlgov(*args, "--jobs", "0")
    assert bad.code == 2
    assert "--jobs" in bad.stderr


# --- how files and stdin are read -------------------------------------------------------------

BROKEN_DOC = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: [\n---\n"


def _errors(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["code"], e.get("where", "")) for c in report["coverage"] for e in c["errors"]]


def test_valid_yaml_with_an_equals_sign_and_custom_tags_is_read(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [isvc.yaml]\n"
        "replacements:\n- source: {kind: ConfigMap, fieldPath: data.host}\n"
        "  targets:\n  - select: {kind: Deployment}\n    options: {delimiter: =, index: 1}\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: docs\nmarkdown_extensions:\n- pymdownx.emoji:\n"
        "    emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    (tmp_path / ".gitlab-ci.yml").write_text("test:\n  script: !reference [.setup, script]\n")
    (tmp_path / "stack.yaml").write_text("Resources:\n  B: {Name: !Sub '${AWS::StackName}'}\n")
    (tmp_path / "isvc.yaml").write_text(GOVERNED)
    run = mlgov("scan", ".", "--now", NOW, "-f", "json")
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    assert _errors(report) == []
    assert [a["id"] for a in report["assets"]] == ["k8s://-/ml-prod/InferenceService/fraud-scorer"]


@pytest.mark.slow
def test_a_bad_document_in_a_single_file_exits_3_and_keeps_the_rest(
    mlgov: MlgovRunner, tmp_path: Path
) -> None:
    text = GOVERNED + BROKEN_DOC + UNGOVERNED
    (tmp_path / "bundle.yaml").write_text(text)
    bad_line = text.splitlines().index("metadata: {name: [") + 1
    run = mlgov("scan", "bundle.yaml", "--now", NOW, "-f", "json")
    assert run.code == 3, run.stderr
    report = json.loads(run.stdout)
    assert sorted(a["id"] for a in report["assets"]) == [
        "k8s://-/ml-prod/Deployment/llm-chat",
        "k8s://-/ml-prod/InferenceService/fraud-scorer",
    ]
    assert _errors(report) == [("parse_error", f"bundle.yaml:{bad_line}")]
    assert report["coverage"][0]["status"] == "partial"
    # --allow-partial judges what was read: the ungoverned Deployment fails the gate
    assert mlgov("scan", "bundle.yaml", "--now", NOW, "--allow-partial").code == 1
    assert mlgov("scan", "bundle.yaml", "--now", NOW, "--allow-partial", "--fail-on", "none").code == 0


@pytest.mark.slow
def test_helm_template_output_with_a_bad_document_on_stdin_keeps_every_good_one(mlgov: MlgovRunner) -> None:
    text = "---\n# Source: chart/templates/isvc.yaml\n" + GOVERNED + BROKEN_DOC + UNGOVERNED
    run = mlgov("scan", "-", "--now", NOW, "-f", "json", stdin=text)
    assert run.code == 3, run.stderr
    report = json.loads(run.stdout)
    assert len(report["assets"]) == 2
    assert _errors(report) == [
        ("parse_error", f"<stdin>:{text.splitlines().index('metadata: {name: [') + 1}")
    ]
    assert mlgov("scan", "-", "--now", NOW, "--allow-partial", "--fail-on", "none", stdin=text).code == 0


@pytest.mark.slow
def test_helm_sources_are_templates_at_their_first_template_line(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "chart" / "templates").mkdir(parents=True)
    (tmp_path / "chart" / "Chart.yaml").write_text("apiVersion: v2\nname: llm\nversion: 0.1.0\n")
    (tmp_path / "chart" / "templates" / "isvc.yaml").write_text(
        "# the model server\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n"
        '  name: {{ .Release.Name }}\n  labels:\n    {{- include "labels" . | nindent 4 }}\n'
    )
    (tmp_path / "rendered.yaml").write_text(GOVERNED)
    run = mlgov("scan", ".", "--now", NOW, "-f", "json")
    assert run.code == 3, run.stderr
    report = json.loads(run.stdout)
    assert _errors(report) == [("template", "chart/templates/isvc.yaml:5")]
    message = report["coverage"][0]["errors"][0]["message"]
    assert "render with helm template first" in message
    only_chart = mlgov("scan", "chart")
    assert only_chart.code == 2
    assert "chart/templates/isvc.yaml:5" in only_chart.stderr and "helm template" in only_chart.stderr


def test_placeholder_names_and_images_are_templates(mlgov: MlgovRunner, tmp_path: Path) -> None:
    templated = UNGOVERNED.replace("vllm/vllm-openai:v0.6.3", "$VLLM_IMAGE")
    (tmp_path / "samples.yaml").write_text(GOVERNED + "---\n" + templated)
    run = mlgov("scan", "samples.yaml", "--now", NOW, "-f", "json")
    assert run.code == 3, run.stderr
    report = json.loads(run.stdout)
    assert [a["id"] for a in report["assets"]] == ["k8s://-/ml-prod/InferenceService/fraud-scorer"]
    assert _errors(report) == [("template", f"samples.yaml:{GOVERNED.count(chr(10)) + 2}")]
    assert "$VLLM_IMAGE" not in json.dumps(report["assets"])


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (("docs",), None, "no .yaml, .yml or .json file found"),
        (("notes.txt",), None, "none of them a Kubernetes object"),
        (("-",), "", "standard input was empty"),
        (("values.yaml",), None, "none of them a Kubernetes object"),
    ],
)
@pytest.mark.slow
def test_a_scan_that_reads_nothing_exits_2_unless_allowed(
    mlgov: MlgovRunner, tmp_path: Path, args: tuple[str, ...], stdin: str | None, needle: str
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# docs\n")
    (tmp_path / "notes.txt").write_text("Error: chart not found\n")
    (tmp_path / "values.yaml").write_text("replicas: 2\nimage: {tag: v1}\n")
    run = mlgov("scan", *args, "--now", NOW, stdin=stdin)
    assert run.code == 2
    assert needle in run.stderr and "--allow-empty" in run.stderr
    assert "PASS" not in run.stderr + run.stdout
    allowed = mlgov("scan", *args, "--now", NOW, "--allow-empty", "-f", "json", stdin=stdin)
    assert allowed.code == 0, allowed.stderr
    assert json.loads(allowed.stdout)["summary"]["assets"] == 0
    (tmp_path / "mlgov.yaml").write_text("version: 1\nallow_empty: true\n")
    assert mlgov("scan", *args, "--now", NOW, stdin=stdin).code == 0


@pytest.mark.slow
def test_manifests_concatenated_without_a_separator_warn(mlgov: MlgovRunner) -> None:
    run = mlgov("scan", "-", "--now", NOW, "-f", "json", "-q", stdin=GOVERNED + UNGOVERNED)
    assert run.code == 3
    line = GOVERNED.count("\n") + 1
    assert f"mlgov: warning: <stdin>:{line}: top-level key(s) `apiVersion`" in run.stderr  # with -q too
    report = json.loads(run.stdout)
    assert _errors(report) == [("duplicate_key", f"<stdin>:{line}")]


@pytest.mark.slow
def test_too_deep_a_single_file_exits_2_naming_the_depth(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("kind: Pod\nspec: " + "[" * 5000 + "\n")
    run = mlgov("scan", "deep.yaml")
    assert run.code == 2
    assert "deep.yaml:2: YAML nesting deeper than 500 levels" in run.stderr
    assert "Traceback" not in run.stderr
