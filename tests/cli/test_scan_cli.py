"""`mlgov scan` end to end through the real entry point: exit codes, stdin, errors, reports."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from scanner.resources import data_dir
from tests.cli.conftest import GOVERNED, UNGOVERNED, MlgovRunner

NOW = "2026-11-22"


def test_exit_0_for_a_governed_model(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "isvc.yaml").write_text(GOVERNED)
    run = mlgov("scan", "isvc.yaml", "--now", NOW, "-f", "json")
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    assert [a["id"] for a in report["assets"]] == ["k8s://-/ml-prod/InferenceService/fraud-scorer"]
    assert [f for f in report["findings"] if f["status"] == "fail"] == []


def test_exit_1_for_violations_at_or_above_fail_on(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    run = mlgov("scan", "llm.yaml", "--now", NOW, "-f", "json")
    assert run.code == 1, run.stderr
    rules = {f["rule_id"] for f in json.loads(run.stdout)["findings"]}
    assert {"MLG001", "MLG003", "MLG009"} <= rules
    # the same findings pass a gate set above their severities
    assert mlgov("scan", "llm.yaml", "--now", NOW, "--fail-on", "critical").code == 0
    assert mlgov("scan", "llm.yaml", "--now", NOW, "--fail-on", "none").code == 0


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


def test_progress_goes_to_stderr_only(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "isvc.yaml").write_text(GOVERNED)
    run = mlgov("scan", "isvc.yaml", "--now", NOW, "-f", "json")
    json.loads(run.stdout)  # stdout is the report and nothing else
    assert "files: 1 file read, 1 asset" in run.stderr
    quiet = mlgov("scan", "isvc.yaml", "--now", NOW, "-f", "json", "-q")
    assert quiet.stderr == ""


def test_config_file_supplies_defaults_and_flags_override(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    (tmp_path / "mlgov.yaml").write_text(
        "version: 1\nsources:\n  files: [llm.yaml]\nfail_on: critical\nrules:\n  disable: [MLG009]\n"
    )
    run = mlgov("scan", "--now", NOW, "-f", "json")
    assert run.code == 0, run.stderr  # fail_on critical from the file
    assert "MLG009" not in {f["rule_id"] for f in json.loads(run.stdout)["findings"]}
    assert mlgov("scan", "--now", NOW, "--fail-on", "high").code == 1  # the flag wins


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
