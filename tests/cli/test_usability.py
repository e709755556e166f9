"""What a new user meets in the first hour, through the real entry point: bare commands, the
verdict when reports go to files, hints that name something that exists, counted nouns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import UNGOVERNED, MlgovRunner

NOW = "2026-11-22"


@pytest.mark.parametrize("group", [(), ("rules",), ("policy",)])
def test_a_bare_group_prints_its_help_and_exits_0(mlgov: MlgovRunner, group: tuple[str, ...]) -> None:
    run = mlgov(*group)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith(f"Usage: mlgov {' '.join(group)}".rstrip() + " [OPTIONS]")
    assert "Commands:" in run.stdout and run.stderr == ""


def test_an_unknown_command_is_still_a_usage_error(mlgov: MlgovRunner) -> None:
    run = mlgov("scna")
    assert run.code == 2 and "No such command 'scna'" in run.stderr


VERDICT = (
    "1 asset scanned; 5 violations (3 high, 2 medium); 0 waived. FAIL: 3 violations at or above high (exit 1)"
)


@pytest.mark.parametrize(
    ("args", "config"),
    [
        (("-f", "json", "-o", "out.json"), None),
        (("-f", "json,sarif", "--output-dir", "reports"), None),
        ((), "outputs: {formats: [json, html], output_dir: reports}"),
        (("-f", "json"), None),  # a machine format on stdout: the terminal still gets the verdict
    ],
)
def test_the_verdict_is_on_stderr_when_the_table_is_not_on_the_terminal(
    mlgov: MlgovRunner, tmp_path: Path, args: tuple[str, ...], config: str | None
) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    if config:
        (tmp_path / "mlgov.yaml").write_text(f"version: 1\n{config}\n")
    run = mlgov("scan", "llm.yaml", "--now", NOW, *args)
    assert run.code == 1, run.stderr
    assert run.stderr.splitlines()[-1] == VERDICT
    quiet = mlgov("scan", "llm.yaml", "--now", NOW, *args, "-q")
    assert quiet.code == 1 and quiet.stderr == ""  # -q: no progress, no "wrote ..." lines, no verdict


def test_the_verdict_says_why_the_exit_code_is_3(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    (tmp_path / "broken.yaml").write_text("kind: Deployment\nmetadata: {name: x\n")
    run = mlgov("scan", ".", "--now", NOW, "-o", "out.sarif", "-f", "sarif")
    assert run.code == 3
    last = run.stderr.splitlines()[-1]
    assert "coverage incomplete" in last and "INCOMPLETE: 1 source could not be fully read" in last
    assert "(exit 3; --allow-partial gates on what was read)" in last
    assert last.endswith("FAIL: 3 violations at or above high")
    passed = mlgov(
        "scan", ".", "--now", NOW, "-o", "out.sarif", "-f", "sarif", "--allow-partial", "--fail-on", "none"
    )
    assert passed.code == 0 and passed.stderr.splitlines()[-1].endswith("PASS: fail-on none (exit 0)")


def test_the_table_on_the_terminal_carries_the_only_verdict(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    run = mlgov("scan", "llm.yaml", "--now", NOW)
    assert run.stdout.rstrip().splitlines()[-1] == VERDICT.removesuffix(" (exit 1)")
    assert "FAIL" not in run.stderr


def test_evaluate_shows_the_verdict_too(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    assert mlgov("inventory", "llm.yaml", "-o", "inv.json", "-q").code == 0
    run = mlgov("evaluate", "inv.json", "--now", NOW, "-f", "json", "-o", "out.json")
    assert run.code == 1 and run.stderr.splitlines()[-1] == VERDICT
    assert mlgov("evaluate", "inv.json", "--now", NOW, "-f", "json", "-o", "out.json", "-q").stderr == ""


def test_output_flags_override_the_config_files_outputs(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    (tmp_path / "mlgov.yaml").write_text(
        "version: 1\noutputs: {formats: [json, sarif], output_dir: reports}\n"
    )
    # -o replaces the file's destination: one file, no reports/ directory
    run = mlgov("scan", "llm.yaml", "--now", NOW, "-f", "json", "-o", "one.json")
    assert run.code == 1, run.stderr
    assert json.loads((tmp_path / "one.json").read_text())["summary"]["assets"] == 1
    assert not (tmp_path / "reports").exists()
    # -f table alone: the table on the terminal, not reports/report.txt
    run = mlgov("scan", "llm.yaml", "--now", NOW, "-f", "table")
    assert run.code == 1 and run.stdout.rstrip().endswith("FAIL: 3 violations at or above high")
    assert not (tmp_path / "reports").exists()
    # --output-dir replaces the directory, the file's formats stay
    assert mlgov("scan", "llm.yaml", "--now", NOW, "--output-dir", "other", "-q").code == 1
    assert sorted(p.name for p in (tmp_path / "other").iterdir()) == ["report.json", "report.sarif"]
    # -o with the file's two formats: a usage error that says how to pick one
    run = mlgov("scan", "llm.yaml", "--now", NOW, "-o", "one.json")
    assert run.code == 2 and "-f FMT" in run.stderr
    # no flag: the file's outputs as written
    assert mlgov("scan", "llm.yaml", "--now", NOW, "-q").code == 1
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["report.json", "report.sarif"]
    # several formats named by -f alone go to stdout, which they cannot share: the hint says why
    run = mlgov("scan", "llm.yaml", "--now", NOW, "-f", "json,html")
    assert run.code == 2 and "apply only without -f" in run.stderr


# Written into PYTHONPATH as sitecustomize.py: Python then reports these packages as absent, as a
# venv without the extra would. This is not a mock of mlgov: mlgov's code runs unchanged through
# the real entry point, and it is Python's import system that says "No module named ...".
IMPORT_BLOCKER = """
import os, sys
from importlib.abc import MetaPathFinder

BLOCKED = set(os.environ["MLGOV_TEST_BLOCK_IMPORTS"].split(","))


class Absent(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, Absent())
"""


@pytest.mark.parametrize(
    ("blocked", "args", "extra"),
    [
        ("boto3,botocore", ("--source", "aws"), "aws"),
        ("mlflow", ("--source", "mlflow", "--mlflow-uri", "http://127.0.0.1:9"), "mlflow"),
        ("kubernetes", ("--source", "k8s"), "kubernetes"),
        (
            "opa_client",
            ("llm.yaml", "--engine", "opa-server", "--opa-url", "http://127.0.0.1:9"),
            "opa-server",
        ),
    ],
)
def test_a_missing_extra_names_the_pip_install_that_adds_it(
    mlgov: MlgovRunner, tmp_path: Path, blocked: str, args: tuple[str, ...], extra: str
) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(IMPORT_BLOCKER)
    env = {
        "PYTHONPATH": f"{site}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "MLGOV_TEST_BLOCK_IMPORTS": blocked,
    }
    first = blocked.partition(",")[0]
    probe = subprocess.run(
        [sys.executable, "-c", f"import {first}"], env={**os.environ, **env}, capture_output=True, check=False
    )
    assert probe.returncode == 1 and b"ModuleNotFoundError" in probe.stderr  # the blocker is active
    run = mlgov("scan", *args, "-q", env=env)
    assert run.code == 2
    assert f"hint: pip install 'mlgov[{extra}]'" in run.stderr
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr
