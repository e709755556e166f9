"""What a new user meets in the first hour, through the real entry point: bare commands, the
verdict when reports go to files, hints that name something that exists, counted nouns."""

from __future__ import annotations

import json
import os
import re
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
@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_evaluate_shows_the_verdict_too(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    assert mlgov("inventory", "llm.yaml", "-o", "inv.json", "-q").code == 0
    run = mlgov("evaluate", "inv.json", "--now", NOW, "-f", "json", "-o", "out.json")
    assert run.code == 1 and run.stderr.splitlines()[-1] == VERDICT
    assert mlgov("evaluate", "inv.json", "--now", NOW, "-f", "json", "-o", "out.json", "-q").stderr == ""


@pytest.mark.slow
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


@pytest.mark.slow
def test_the_baseline_hint_names_the_one_kind_it_accepts(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    (tmp_path / "empty.json").write_text("")
    assert mlgov("inventory", "llm.yaml", "-o", "inventory.json", "-q").code == 0
    for baseline in ("empty.json", "inventory.json"):
        run = mlgov("scan", "llm.yaml", "--baseline", baseline, "-q")
        assert run.code == 2
        assert "hint: pass a report written by `mlgov scan -f json`" in run.stderr
        assert "mlgov inventory" not in run.stderr  # it would be rejected in turn


@pytest.mark.slow
def test_a_bad_disable_rule_flag_is_blamed_on_the_flag(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    (tmp_path / "mlgov.yaml").write_text("version: 1\nrules: {disable: [MLG006]}\n")
    run = mlgov("scan", "llm.yaml", "--disable-rule", "MLG999", "-q")
    assert run.code == 2
    assert (
        "mlgov: error: --disable-rule: unknown rule id MLG999" in run.stderr
        and "mlgov.yaml" not in run.stderr
    )
    (tmp_path / "mlgov.yaml").write_text("version: 1\nrules: {disable: [MLG066]}\n")
    run = mlgov("scan", "llm.yaml", "-q")
    assert run.code == 2 and f"{tmp_path / 'mlgov.yaml'}: rules.disable: unknown rule id MLG066" in run.stderr
    # ids in flags are case-insensitive, as in `mlgov rules show`
    (tmp_path / "mlgov.yaml").unlink()
    run = mlgov("scan", "llm.yaml", "--disable-rule", "mlg003", "--now", NOW, "-f", "json", "-q")
    assert {f["rule_id"] for f in json.loads(run.stdout)["findings"]} == {
        "MLG001",
        "MLG007",
        "MLG009",
        "MLG012",
    }


@pytest.mark.slow
def test_rules_show_and_config_errors_point_at_urls_not_checkout_paths(
    mlgov: MlgovRunner, tmp_path: Path
) -> None:
    shown = mlgov("rules", "show", "MLG004")
    assert shown.code == 0
    assert (
        shown.stdout.rstrip().splitlines()[-1]
        == "More: https://github.com/mlgov/mlgov/blob/main/docs/rules.md#mlg004"
    )
    (tmp_path / "mlgov.yaml").write_text("version: 1\nfail_on: sometimes\n")
    run = mlgov("scan", "x.yaml")
    assert run.code == 2 and "https://github.com/mlgov/mlgov/blob/main/README.md#configuration" in run.stderr
    schema = run.stderr.rsplit(", ", 1)[-1].strip()
    assert schema.endswith("schema.json") and Path(schema).is_file()  # a path the installed package has
    assert "see README.md" not in run.stderr


METADATA_ONLY = """# METADATA
# title: GPU workloads need a cost center
# description: Accelerator workloads must be billed to someone.
# custom:
#   id: ORG001
#   severity: high
package mlgov.rules.org_gpu_cost_center

deny contains v if {
	some a in input.assets
	a.accelerator
	not a.cost_center
	a.accelerator.count > input.params.gpu_allowance
	v := {"rule": "ORG001", "asset": a.id, "message": sprintf("%s has GPUs but no cost center", [a.id])}
}
"""


def test_a_metadata_only_custom_rule_shows_no_empty_sections(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "custom").mkdir()
    (tmp_path / "custom" / "gpu.rego").write_text(METADATA_ONLY)
    run = mlgov("rules", "show", "org001", "-p", "custom")
    assert run.code == 0, run.stderr
    assert run.stdout == (
        "ORG001: GPU workloads need a cost center\n"
        "severity: high   status: custom\n"
        "\n"
        "Accelerator workloads must be billed to someone.\n"
    )


@pytest.mark.slow
def test_unknown_params_are_errors_unless_a_loaded_policy_reads_them(
    mlgov: MlgovRunner, tmp_path: Path
) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    (tmp_path / "custom").mkdir()
    (tmp_path / "custom" / "gpu.rego").write_text(METADATA_ONLY)
    (tmp_path / "mlgov.yaml").write_text("version: 1\npolicy:\n  params: {max_ttl_day: 90}\n")
    run = mlgov("scan", "llm.yaml", "-q")
    assert run.code == 2
    assert "policy.params.max_ttl_day: unknown policy parameter max_ttl_day" in run.stderr
    assert "did you mean max_ttl_days?" in run.stderr and "known: allowed_classifications" in run.stderr
    # a custom policy's own parameter: unknown without its policy, accepted once -p loads it
    (tmp_path / "mlgov.yaml").write_text("version: 1\npolicy:\n  params: {gpu_allowance: 0}\n")
    run = mlgov("scan", "llm.yaml", "-q")
    assert run.code == 2 and "unknown policy parameter gpu_allowance" in run.stderr
    run = mlgov("scan", "llm.yaml", "-p", "custom", "--now", NOW, "-f", "json", "-q")
    assert run.code == 1, run.stderr
    assert "ORG001" in {f["rule_id"] for f in json.loads(run.stdout)["findings"]}


def test_counts_are_in_words_singular_and_plural(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text(UNGOVERNED)
    run = mlgov("scan", "llm.yaml", "--now", NOW, "-f", "json", "-o", "out.json")
    assert "evaluating 21 policy modules over 1 asset (embedded)" in run.stderr
    assert (
        "files: reading 1 file from 1 path" in run.stderr
        and "1 asset, 5 findings, 0 incomplete sources" in run.stderr
    )
    assert not [line for line in run.stderr.splitlines() if re.search(r"\b1 [a-z ]+s\b(?! of)", line)]
