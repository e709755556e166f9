"""The README's quick start is a contract: its commands run as written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
import zipfile
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


@pytest.mark.slow
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
def test_the_sample_output_is_what_the_scan_prints() -> None:
    """Every line of the README's abridged table (the `...` aside) is a line of the real output,
    the count and verdict lines included, so the numbers cannot go stale (on the day they were
    last checked: the README shows a scan without --now)."""
    sample = README.split("`mlgov scan examples/` prints (abridged):", 1)[1]
    block = re.search(r"```text\n(.*?)```", sample, re.S)
    assert block is not None
    lines = [line.rstrip() for line in block.group(1).splitlines() if line.strip() and line != "..."]
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", "examples/", "--no-color", "--now", "2026-12-02"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "120"},
    )
    printed = [line.rstrip() for line in proc.stdout.splitlines()]
    assert [line for line in lines if line not in printed] == []


def install_commands() -> dict[str, str]:
    """The README's two ways to install mlgov until it is on PyPI: from git, and from a wheel."""
    section = README.split("## Installing", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "README's Installing section has no code block"
    lines = [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]
    git = next(line for line in lines if "git+" in line)
    wheel = next(line for line in lines if line.startswith("pip wheel"))
    return {"git": git, "wheel": wheel}


@pytest.mark.slow
def test_no_doc_tells_anyone_to_pip_install_mlgov_from_an_index() -> None:
    """`pip install mlgov` finds nothing until mlgov is published: every install names this
    repository (a git URL or a wheel), except the sentence that says so."""
    bare = re.compile(r"pip install\s+(?:--?\S+\s+)*[\"']?mlgov(?![\w\[-])[\"']?(?!\s*@)")
    docs = [
        REPO / "README.md",
        *REPO.glob("docs/*.md"),
        *REPO.glob(".github/**/*.y*ml"),
        REPO / ".pre-commit-hooks.yaml",
    ]
    found = [
        f"{p.name}: {line.strip()}" for p in docs for line in p.read_text().splitlines() if bare.search(line)
    ]
    [only] = found
    assert only.startswith(
        "README.md: mlgov is not published on PyPI yet, so `pip install mlgov` finds nothing"
    )


@pytest.mark.slow
def test_the_readme_git_url_builds_a_complete_wheel(tmp_path: Path) -> None:
    """The git URL form, pointed at this repository's HEAD instead of GitHub: pip clones it and
    builds a wheel holding the command, the policies, the rule catalog and the report contracts."""
    command = install_commands()["git"]
    spec = re.search(r'"(mlgov @ git\+https://github\.com/OWNER/mlgov@\S+)"', command)
    assert spec is not None and command.startswith("pip install "), command
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    local = re.sub(r"git\+https://\S+@\S+", f"git+{REPO.as_uri()}@{head.stdout.strip()}", spec.group(1))
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), local],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stderr[-3000:]
    [wheel] = tmp_path.glob("mlgov-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert "mlgov = scanner.cli.main:main" in entry_points
    assert {"scanner/_data/rules/MLG001.yaml", "scanner/_data/reports/report.html"} <= names
    assert any(n.startswith("scanner/_data/policies/") and n.endswith(".rego") for n in names)


@pytest.mark.slow
def test_pip_install_into_a_fresh_venv_gives_a_working_mlgov(tmp_path: Path) -> None:
    """The README's wheel (not an editable install) ships policies/, rules/ and reports/."""
    dist = tmp_path / "dist"
    wheel_command = install_commands()["wheel"].split("&&")[0].split()
    assert wheel_command[:4] == ["pip", "wheel", "--no-deps", "-w"] and wheel_command[4:] == ["dist", "."]
    build = subprocess.run(
        [sys.executable, "-m", *wheel_command[:4], str(dist), "--quiet", str(REPO)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    [wheel] = dist.glob("mlgov-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    # as users install it, but at the lock's versions: a new release on PyPI cannot fail this test
    constraints = write_constraints(tmp_path / "constraints.txt")
    pip = subprocess.run(
        [str(env_dir / "bin" / "pip"), "install", "--quiet", str(wheel)],
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


def test_every_extra_of_the_package_is_in_the_readme_table() -> None:
    from importlib.metadata import metadata

    extras = set(metadata("mlgov").get_all("Provides-Extra") or [])
    section = README.split("## Installing", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, re.M))
    assert listed == extras


def test_every_live_source_and_its_flags_are_in_the_readme() -> None:
    """Each live source is in the config table with exactly the flags `mlgov scan` gives it, in
    "What gets scanned" with its `--source`, and has its docs page."""
    import click

    from scanner.cli import sources
    from scanner.collectors.registry import LIVE_SOURCES, SOURCE_ALIASES

    decorators = {
        "aws": sources.aws_options,
        "mlflow": sources.mlflow_options,
        "kubernetes": sources.kubernetes_options,
        "gcp": sources.gcp_options,
        "azure": sources.azure_options,
        "huggingface": sources.huggingface_options,
    }
    assert set(decorators) == set(LIVE_SOURCES)
    scanned = README.split("## What gets scanned", 1)[1].split("\n## ", 1)[0]
    for name, decorate in decorators.items():
        command = click.command()(decorate(lambda **_: None))
        flags = {opt for param in command.params for opt in param.opts if opt.startswith("--")}
        row = re.search(rf"^\| `sources\.{name}` \| ([^|]+) \|", README, re.M)
        assert row is not None, name
        assert set(re.findall(r"--[a-z-]+", row[1])) - {"--source"} == flags, name
        aliases = [alias for alias, canonical in SOURCE_ALIASES.items() if canonical == name]
        assert any(f"--source {n}" in scanned for n in (name, *aliases)), name
        assert (REPO / "docs" / f"{name}.md").is_file()
