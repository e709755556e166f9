"""The real-world regression corpus: cases under tests/fixtures/realworld/, each a directory
written by this project in the shape of public ML repositories (kserve, seldon-core, kuberay,
kubeflow), with an ``expected.yaml`` that says what a scan of it must give.

``expected.yaml``::

    description: what shape of real input this reproduces, and where that shape was seen
    scan: ["."]             # arguments, relative to the case directory (default ["."]); "-" reads `stdin`
    stdin: bad-doc.yaml     # a file of the case piped to standard input (optional)
    args: []                # extra `mlgov scan` flags (optional)
    exit: 0                 # the exit code (scans run with --fail-on none, so 0, 2 or 3)
    assets:                 # every asset the scan must report, exactly
      k8s://-/default/InferenceService/sklearn-iris:
        kind: serving
        findings: [MLG001, MLG003]      # exactly the failing rule ids
        image: kserve/sklearnserver:v0.14.0   # any other key: compared with the report's asset
    coverage:               # exactly the coverage errors, as (code, where)
      - {code: template, where: chart/templates/deployment.yaml:4}

The same runner feeds ``bench/corpus_accuracy.py``, which prints precision and recall over the
whole corpus instead of asserting.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "realworld"
NOW = "2026-11-22"


@dataclass(frozen=True)
class ExpectedAsset:
    kind: str
    findings: frozenset[str]
    fields: dict[str, Any]


@dataclass(frozen=True)
class Case:
    name: str
    directory: Path
    description: str
    scan: tuple[str, ...]
    stdin: str | None
    args: tuple[str, ...]
    exit: int
    assets: dict[str, ExpectedAsset]
    coverage: Counter[tuple[str, str]]


@dataclass
class Outcome:
    """One case's scan: the exit code, the JSON report (None when there was none), stderr."""

    case: Case
    code: int
    report: dict[str, Any] | None
    stderr: str
    problems: list[str] = field(default_factory=list)


def load_cases() -> list[Case]:
    cases = []
    for expected in sorted(CORPUS.glob("*/expected.yaml")):
        raw = yaml.safe_load(expected.read_text(encoding="utf-8")) or {}
        assets = {
            asset_id: ExpectedAsset(
                kind=spec["kind"],
                findings=frozenset(spec.get("findings") or ()),
                fields={k: v for k, v in spec.items() if k not in {"kind", "findings"}},
            )
            for asset_id, spec in (raw.get("assets") or {}).items()
        }
        cases.append(
            Case(
                name=expected.parent.name,
                directory=expected.parent,
                description=str(raw.get("description", "")),
                scan=tuple(raw.get("scan") or ["."]),
                stdin=raw.get("stdin"),
                args=tuple(raw.get("args") or ()),
                exit=int(raw.get("exit", 0)),
                assets=assets,
                coverage=Counter((e["code"], e["where"]) for e in raw.get("coverage") or ()),
            )
        )
    return cases


def run_case(case: Case, out_dir: Path) -> Outcome:
    """`mlgov scan` through the real entry point, from the case directory."""
    report_path = out_dir / f"{case.name}.json"
    stdin = (case.directory / case.stdin).read_bytes() if case.stdin else None
    argv = [sys.executable, "-m", "scanner", "scan", *case.scan, *case.args]
    argv += ["--now", NOW, "--fail-on", "none", "-f", "json", "-o", str(report_path), "--config", os.devnull]
    proc = subprocess.run(
        argv,
        input=stdin,
        capture_output=True,
        cwd=case.directory,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else None
    outcome = Outcome(case, proc.returncode, report, proc.stderr.decode("utf-8", "replace"))
    outcome.problems = compare(case, outcome)
    return outcome


def failing_rules(report: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {a["id"]: set() for a in report["assets"]}
    for finding in report["findings"]:
        if finding["status"] == "fail":
            out.setdefault(finding["asset_id"], set()).add(finding["rule_id"])
    return out


def compare(case: Case, outcome: Outcome) -> list[str]:
    """Every difference between what the case expects and what the scan gave, in words."""
    problems: list[str] = []
    if outcome.code != case.exit:
        problems.append(f"exit {outcome.code}, expected {case.exit}; stderr: {outcome.stderr[-600:]}")
    report = outcome.report
    if report is None:
        return [*problems, "no JSON report was written"]
    found = {a["id"]: a for a in report["assets"]}
    rules = failing_rules(report)
    for asset_id in sorted(set(case.assets) - set(found)):
        problems.append(f"missing asset {asset_id}")
    for asset_id in sorted(set(found) - set(case.assets)):
        problems.append(f"unexpected asset {asset_id} ({found[asset_id]['kind']}): {sorted(rules[asset_id])}")
    for asset_id in sorted(set(found) & set(case.assets)):
        want, got = case.assets[asset_id], found[asset_id]
        if got["kind"] != want.kind:
            problems.append(f"{asset_id}: kind {got['kind']}, expected {want.kind}")
        if rules[asset_id] != want.findings:
            extra, missing = sorted(rules[asset_id] - want.findings), sorted(want.findings - rules[asset_id])
            problems.append(f"{asset_id}: findings +{extra} -{missing}")
        for key, value in want.fields.items():
            if got.get(key) != value:
                problems.append(f"{asset_id}: {key} is {got.get(key)!r}, expected {value!r}")
    errors = Counter((e["code"], e.get("where", "")) for c in report["coverage"] for e in c.get("errors", []))
    if errors != case.coverage:
        problems.append(
            f"coverage errors: unexpected {sorted((errors - case.coverage).elements())}, "
            f"missing {sorted((case.coverage - errors).elements())}"
        )
    counted = sum(c["assets"] for c in report["coverage"])
    if not (report["summary"]["assets"] == len(report["assets"]) == counted):
        problems.append(
            f"asset counts disagree: summary {report['summary']['assets']}, "
            f"assets {len(report['assets'])}, coverage {counted}"
        )
    return problems
