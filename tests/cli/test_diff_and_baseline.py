"""`mlgov diff` between two scans and `mlgov scan --baseline`: the adoption workflow."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import MlgovRunner

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = "2026-11-22"
NEW_SERVICE = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: brand-new
  namespace: ml-prod
spec:
  predictor:
    model:
      storageUri: s3://models/brand-new/1
"""


def scan(mlgov: MlgovRunner, target: Path, out: str, *extra: str) -> int:
    return mlgov("scan", str(target), "--now", NOW, "-f", "json", "-o", out, "-q", *extra).code


def estate(tmp_path: Path) -> Path:
    tree = tmp_path / "estate"
    shutil.copytree(EXAMPLES, tree)
    return tree


@pytest.mark.slow
def test_baseline_fails_only_on_new_findings(mlgov: MlgovRunner, tmp_path: Path) -> None:
    tree = estate(tmp_path)
    assert scan(mlgov, tree, "old.json") == 1
    assert scan(mlgov, tree, "same.json", "--baseline", "old.json") == 0  # nothing new: the gate passes
    same = json.loads((tmp_path / "same.json").read_text())
    assert same["findings"] and all(f.get("baseline") is True for f in same["findings"])
    table = mlgov("scan", str(tree), "--now", NOW, "--baseline", "old.json", "-q")
    known = sum(1 for f in same["findings"] if f["status"] == "fail")
    assert "PASS" in table.stdout and f"{known} violations already in the baseline" in table.stdout
    (tree / "k8s" / "brand-new.yaml").write_text(NEW_SERVICE)
    assert scan(mlgov, tree, "new.json", "--baseline", "old.json") == 1
    new = json.loads((tmp_path / "new.json").read_text())
    fresh = {f["asset_id"] for f in new["findings"] if not f.get("baseline")}
    assert fresh == {"k8s://-/ml-prod/InferenceService/brand-new"}
    wrong = mlgov("scan", str(tree), "--baseline", str(tree / "k8s" / "brand-new.yaml"))
    assert wrong.code == 2 and "brand-new.yaml" in wrong.stderr


@pytest.mark.slow
def test_diff_reports_new_resolved_changed_and_drift(mlgov: MlgovRunner, tmp_path: Path) -> None:
    tree = estate(tmp_path)
    scan(mlgov, tree, "old.json")
    (tree / "k8s" / "brand-new.yaml").write_text(NEW_SERVICE)
    removed = tree / "k8s" / "llm-chat.yaml"
    removed.unlink()
    scan(mlgov, tree, "new.json", "--disable-rule", "MLG015")
    run = mlgov("diff", "old.json", "new.json", "-f", "json")
    assert run.code == 0, run.stderr
    diff = json.loads(run.stdout)
    assert {f["asset_id"] for f in diff["new"]} == {"k8s://-/ml-prod/InferenceService/brand-new"}
    resolved = {(f["rule_id"], f["asset_id"]) for f in diff["resolved"]}
    assert ("MLG001", "k8s://-/assistant-prod/Deployment/llm-chat") in resolved
    assert {r for r, _ in resolved} >= {"MLG015"}  # a disabled rule resolves its findings
    assert diff["assets_added"] == ["k8s://-/ml-prod/InferenceService/brand-new"]
    assert diff["assets_removed"] == ["k8s://-/assistant-prod/Deployment/llm-chat"]
    assert diff["summary"]["persisting"] == len(diff["persisting"]) > 0
    gate = mlgov("diff", "old.json", "new.json", "--fail-on-new", "medium")
    assert gate.code == 1 and "brand-new" in gate.stdout
    markdown = mlgov("diff", "old.json", "new.json", "-f", "markdown").stdout
    assert markdown.startswith("## mlgov diff") and "### New findings" in markdown
    assert mlgov("diff", "old.json", "old.json", "--fail-on-new", "info").code == 0
    (tmp_path / "bad.json").write_text("{}")
    bad = mlgov("diff", "old.json", "bad.json")
    assert bad.code == 2 and "bad.json" in bad.stderr


@pytest.mark.slow
def test_a_changed_finding_is_reported_as_changed(mlgov: MlgovRunner, tmp_path: Path) -> None:
    tree = estate(tmp_path)
    scan(mlgov, tree, "old.json")
    (tmp_path / "mlgov.yaml").write_text("rules:\n  severity: {MLG001: critical}\n")
    scan(mlgov, tree, "new.json")
    diff = json.loads(mlgov("diff", "old.json", "new.json", "-f", "json").stdout)
    changed = [c for c in diff["changed"] if c["rule_id"] == "MLG001"]
    assert changed and all(
        c["old"]["severity"] == "high" and c["new"]["severity"] == "critical" for c in changed
    )
