"""The GitHub Action: its scan step (run.sh) runs here with fake GitHub files; the action and the
pre-commit hook definitions are checked for what the runner needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / ".github" / "actions" / "mlgov"


def run_step(tmp_path: Path, **inputs: str) -> tuple[int, dict[str, str], str]:
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    shim = tmp_path / "bin" / "mlgov"  # the installed command, as `pip install` would make it
    shim.parent.mkdir(exist_ok=True)
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m scanner "$@"\n')
    shim.chmod(0o755)
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output),
           "MLGOV_BIN": str(shim), "PYTHONPATH": str(ROOT), **inputs}  # fmt: skip
    argv = ["bash", str(ACTION / "run.sh")]
    proc = subprocess.run(
        argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines()) if output.exists() else {}
    return proc.returncode, outputs, summary.read_text() if summary.exists() else ""


def test_the_scan_step_on_examples_writes_sarif_summary_and_the_gate_code(tmp_path: Path) -> None:
    code, outputs, summary = run_step(tmp_path, MLGOV_PATHS=str(ROOT / "examples"), MLGOV_FORMATS="html")
    assert code == 0  # findings never fail the step itself: the gate is the action's last step
    assert outputs["exit-code"] == "1"  # the examples hold high findings
    sarif = tmp_path / outputs["sarif"]
    assert sarif.is_file() and '"version": "2.1.0"' in sarif.read_text()
    assert (tmp_path / outputs["report-dir"] / "report.html").is_file()
    assert summary.startswith("## mlgov scan: FAIL")
    code, outputs, _ = run_step(tmp_path, MLGOV_PATHS=str(ROOT / "examples"), MLGOV_FAIL_ON="none")
    assert (code, outputs["exit-code"]) == (0, "0")


def test_a_tool_error_stops_the_action(tmp_path: Path) -> None:
    code, outputs, _ = run_step(tmp_path, MLGOV_PATHS=str(ROOT / "examples"), MLGOV_ARGS="--engine nonsense")
    assert code == 2 and outputs["exit-code"] == "2"


def test_action_and_hook_definitions() -> None:
    action = yaml.safe_load((ACTION / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = {s["name"]: s for s in action["runs"]["steps"]}
    assert "run.sh" in steps["Scan"]["run"]
    assert steps["Upload SARIF"]["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "exit-code" in steps["Apply the gate"]["run"]
    assert set(action["inputs"]) >= {"paths", "config", "fail-on", "formats", "upload-sarif"}
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "mlgov" and hook["entry"].startswith("mlgov scan")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "mlgov-action.yml").read_text())
    uses = [s.get("uses") for job in workflow["jobs"].values() for s in job["steps"]]
    assert "./.github/actions/mlgov" in uses


def test_the_hook_passes_a_commit_that_touches_no_manifest(tmp_path: Path) -> None:
    """pre-commit passes the touched files; a CI config or a docs file alone is not a failure."""
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (tmp_path / "ci.yml").write_text("on: push\njobs: {test: {runs-on: ubuntu-latest}}\n")
    (tmp_path / "package.json").write_text('{"name": "ui"}\n')
    argv = [sys.executable, "-m", "scanner", *hook["entry"].split()[1:], "ci.yml", "package.json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    without = [a for a in argv if a != "--allow-empty"]
    refused = subprocess.run(without, cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False)
    assert refused.returncode == 2
