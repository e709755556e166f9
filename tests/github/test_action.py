"""The GitHub Action: its install step (install.sh) and scan step (run.sh) run here with fake
GitHub files; the action and the pre-commit hook definitions are checked for what the runner
needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / ".github" / "actions" / "mlgov"


def run_step(tmp_path: Path, mlgov_bin: Path | None = None, **inputs: str) -> tuple[int, dict[str, str], str]:
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    output.unlink(missing_ok=True)
    if mlgov_bin is None:  # this checkout's code, as the installed command would run it
        mlgov_bin = tmp_path / "bin" / "mlgov"
        mlgov_bin.parent.mkdir(exist_ok=True)
        mlgov_bin.write_text(f'#!/bin/sh\nexec {sys.executable} -m scanner "$@"\n')
        mlgov_bin.chmod(0o755)
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output),
           "MLGOV_BIN": str(mlgov_bin), "PYTHONPATH": str(ROOT), **inputs}  # fmt: skip
    argv = ["bash", str(ACTION / "run.sh")]
    proc = subprocess.run(
        argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines()) if output.exists() else {}
    return proc.returncode, outputs, summary.read_text() if summary.exists() else ""


@pytest.mark.slow
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


@pytest.mark.slow
def test_the_install_step_installs_mlgov_from_the_actions_own_checkout(tmp_path: Path) -> None:
    """install.sh as the runner runs it: GITHUB_ACTION_PATH is this directory, so mlgov comes from
    this checkout (it is not on PyPI) into a venv under RUNNER_TEMP; the scan step then runs that
    installed command, with no PYTHONPATH pointing at the checkout."""
    output, runner_temp = tmp_path / "install-output.txt", tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {**os.environ, "GITHUB_ACTION_PATH": str(ACTION), "RUNNER_TEMP": str(runner_temp),
           "GITHUB_OUTPUT": str(output), "MLGOV_PYTHON": sys.executable}  # fmt: skip
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        ["bash", str(ACTION / "install.sh")], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=900, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    installed = Path(dict(line.split("=", 1) for line in output.read_text().splitlines())["bin"])
    assert installed.is_relative_to(runner_temp) and installed.is_file()
    assert proc.stdout.strip().startswith("mlgov, version ")
    scan_dir = tmp_path / "scan"
    scan_dir.mkdir()
    code, outputs, summary = run_step(scan_dir, installed, MLGOV_PATHS=str(ROOT / "examples"), PYTHONPATH="")
    assert (code, outputs["exit-code"]) == (0, "1")
    assert summary.startswith("## mlgov scan: FAIL")
    assert '"version": "2.1.0"' in (scan_dir / outputs["sarif"]).read_text()


def test_action_and_hook_definitions() -> None:
    action = yaml.safe_load((ACTION / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = {s["name"]: s for s in action["runs"]["steps"]}
    # installed from the action's own checkout (not a `pip install mlgov` from an index)
    assert "${{ github.action_path }}/install.sh" in steps["Install mlgov"]["run"]
    assert steps["Scan"]["env"]["MLGOV_BIN"] == "${{ steps.install.outputs.bin }}"
    assert steps["Install mlgov"]["env"]["MLGOV_EXTRAS"] == "${{ inputs.extras }}"
    assert "run.sh" in steps["Scan"]["run"]
    assert steps["Upload SARIF"]["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "exit-code" in steps["Apply the gate"]["run"]
    assert set(action["inputs"]) >= {"paths", "config", "fail-on", "formats", "upload-sarif"}
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "mlgov" and hook["entry"].startswith("mlgov scan")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "mlgov-action.yml").read_text())
    uses = [s.get("uses") for job in workflow["jobs"].values() for s in job["steps"]]
    assert "./.github/actions/mlgov" in uses


def hook_repository(target: Path) -> tuple[str, str]:
    """This checkout as the git repository a `repos:` entry names: its files as they are now
    (tracked and new, ignored ones left out) committed into a fresh repository. (repo, rev)"""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=mlgov-test", "-c", "user.email=test@example.invalid", "-C", str(target)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "--no-verify", "-m", "hook under test"], check=True)
    rev = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout
    return str(target), rev.strip()


@pytest.mark.slow
def test_the_pre_commit_hook_installs_mlgov_from_this_repository_and_gates(tmp_path: Path) -> None:
    """pre-commit itself runs the hook as a user's `.pre-commit-config.yaml` would: it clones the
    repository at `rev`, installs mlgov from it into a hook venv (no package index holds mlgov),
    and runs the entry on the files a commit touches. A YAML file that is not a manifest rides
    along, as it does in real commits."""
    repo, rev = hook_repository(tmp_path / "mlgov-repo")
    project = tmp_path / "project"
    (project / "k8s").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    config = {"repos": [{"repo": repo, "rev": rev, "hooks": [{"id": "mlgov"}]}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    examples = ROOT / "examples" / "k8s"
    (project / "k8s" / "llm.yaml").write_text((examples / "llm-chat.yaml").read_text())  # fails at high
    (project / "k8s" / "fraud.yaml").write_text((examples / "fraud-scorer.yaml").read_text())  # governed
    (project / "values.yaml").write_text("replicas: 2\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)

    def hook(*files: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "pre_commit", "run", "mlgov", "--files", *files]
        return subprocess.run(
            argv, cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False
        )

    failing = hook("k8s/llm.yaml", "values.yaml")
    assert failing.returncode == 1, failing.stdout[-3000:] + failing.stderr[-3000:]
    assert "mlgov (ML model governance)" in failing.stdout and "Failed" in failing.stdout
    assert "MLG001" in failing.stdout and "FAIL: " in failing.stdout  # the gate, not a tool error
    passing = hook("k8s/fraud.yaml", "values.yaml")  # the same hook venv, installed once
    assert passing.returncode == 0, passing.stdout[-3000:] + passing.stderr[-3000:]
    assert "Passed" in passing.stdout


@pytest.mark.slow
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
