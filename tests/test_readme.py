"""The README's quick start is a contract: its commands run as written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.lockfile import write_constraints

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "README has no quick-start code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert commands[0].endswith("mlgov scan examples/")
    assert commands[1] == "make test"
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_scan_examples_as_the_readme_writes_it() -> None:
    scan = quick_start_commands()[0].split("&&")[-1].split()
    assert scan[0].endswith("mlgov")
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", *scan[1:], "-f", "json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # the examples hold violations on purpose
    report = json.loads(proc.stdout)
    failing = {(f["rule_id"], f["asset_id"]) for f in report["findings"] if f["status"] == "fail"}
    assert ("MLG001", "k8s://-/assistant-prod/Deployment/llm-chat") in failing
    assert any(rule == "MLG011" for rule, _ in failing)
    assert report["summary"]["coverage_complete"] is True
    governed = "k8s://-/payments-prod/InferenceService/fraud-scorer"
    assert governed in {a["id"] for a in report["assets"]}
    assert not [
        f for f in report["findings"] if f["asset_id"] == governed and f["severity"] in {"high", "critical"}
    ]


@pytest.mark.slow
def test_pip_install_into_a_fresh_venv_gives_a_working_mlgov(tmp_path: Path) -> None:
    """`pip install .` (not editable) ships policies/, rules/ and reports/ inside the wheel."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    # as users install it, but at the lock's versions: a new release on PyPI cannot fail this test
    constraints = write_constraints(tmp_path / "constraints.txt")
    pip = subprocess.run(
        [str(env_dir / "bin" / "pip"), "install", "--quiet", str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PIP_CONSTRAINT": str(constraints)},
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    workdir = tmp_path / "elsewhere"  # not the checkout: data must come from the wheel
    workdir.mkdir()
    run = subprocess.run(
        [str(env_dir / "bin" / "mlgov"), "scan", str(REPO / "examples"), "-f", "json", "-q"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert run.returncode == 1, run.stderr
    assert len(json.loads(run.stdout)["assets"]) >= 10
    tests = subprocess.run(
        [str(env_dir / "bin" / "mlgov"), "policy", "test"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout
    assert ", 0 failed" in tests.stdout
