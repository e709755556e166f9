"""The bundle as OPA's own tools see it: lint-clean, strict-clean, formatted, and its unit tests
give the same per-test answers under `opa test` as under the embedded runner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.policy.test_bundle import CUSTOM_RULE, CUSTOM_TEST
from tests.services.tools import repo_root, tool

pytestmark = pytest.mark.services

POLICIES = repo_root() / "policies"


def run(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, timeout=300, cwd=cwd, check=False
    )


def test_regal_lint_reports_nothing() -> None:
    proc = run(tool("regal"), "lint", POLICIES, cwd=repo_root())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No violations found" in proc.stdout


def test_opa_check_strict_is_clean() -> None:
    proc = run(tool("opa"), "check", "--strict", POLICIES)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_opa_fmt_lists_nothing() -> None:
    proc = run(tool("opa"), "fmt", "--list", POLICIES)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"run `opa fmt -w policies/`: {proc.stdout}"


def mlgov_policy_test(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "scanner", "policy", "test", *args)


def test_both_engines_print_the_same_results_for_the_bundle() -> None:
    embedded = mlgov_policy_test()
    opa = mlgov_policy_test("--engine", "opa", "--opa-path", tool("opa"))
    assert embedded.returncode == opa.returncode == 0, opa.stdout + opa.stderr
    assert embedded.stdout == opa.stdout
    assert embedded.stdout.strip().endswith(", 0 failed")


def test_both_engines_report_the_same_failure(tmp_path: Path) -> None:
    (tmp_path / "gpu.rego").write_text(CUSTOM_RULE)
    (tmp_path / "gpu_test.rego").write_text(CUSTOM_TEST)
    embedded = mlgov_policy_test("-p", tmp_path)
    opa = mlgov_policy_test("-p", tmp_path, "--engine", "opa", "--opa-path", tool("opa"))
    assert embedded.returncode == opa.returncode == 1
    pass_fail = [line for line in embedded.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert pass_fail == [line for line in opa.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert "FAIL  data.mlgov.rules.org_gpu_cost_center_test.test_deliberately_wrong" in pass_fail
    assert "PASS  data.mlgov.rules.org_gpu_cost_center_test.test_gpu_without_cost_center_fails" in pass_fail
