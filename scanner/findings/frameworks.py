"""The framework view: results grouped by the controls of one framework (`--framework`).

Each rule's catalog entry lists the controls it evidences (`controls`, e.g. NIST-AI-RMF:GOVERN-1.6).
For a framework, every control cited by an enabled rule is one group: the rules behind it, and the
failing and waived findings of those rules. A control with no failing finding is evidenced as met
for what was scanned; coverage gaps are reported beside it, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanner.model import FindingStatus, ScanResult, UsageError


@dataclass(frozen=True)
class Framework:
    name: str
    title: str
    prefixes: tuple[str, ...]  # control id prefixes in rules/*.yaml


FRAMEWORKS = {
    f.name: f
    for f in (
        Framework("nist-ai-rmf", "NIST AI Risk Management Framework 1.0", ("NIST-AI-RMF:",)),
        Framework("iso-42001", "ISO/IEC 42001:2023 Annex A", ("ISO-42001:",)),
        Framework("eu-ai-act", "EU AI Act (Regulation (EU) 2024/1689)", ("EU-AI-ACT:",)),
        Framework("sr-11-7", "SR 11-7 / SR 26-2 model risk management", ("SR-11-7:", "SR-26-2:")),
    )
}


def get_framework(name: str) -> Framework:
    framework = FRAMEWORKS.get(name.strip().lower())
    if framework is None:
        raise UsageError(
            f"unknown framework {name!r}", where="--framework", hint=f"choose one of {', '.join(FRAMEWORKS)}"
        )
    return framework


def framework_view(result: ScanResult, name: str) -> dict[str, Any]:
    framework = get_framework(name)
    controls: dict[str, set[str]] = {}
    for rule in result.rules:
        if not rule.enabled or rule.planned:
            continue
        for control in rule.controls:
            if control.startswith(framework.prefixes):
                controls.setdefault(control, set()).add(rule.id)
    counts: dict[str, dict[str, int]] = {}
    for finding in result.findings:
        tally = counts.setdefault(finding.rule_id, {"failing": 0, "waived": 0})
        if finding.status is FindingStatus.FAIL and not finding.baseline:
            tally["failing"] += 1
        elif finding.status is FindingStatus.WAIVED:
            tally["waived"] += 1
    groups = []
    for control in sorted(controls):
        rules = sorted(controls[control])
        failing = sum(counts.get(r, {}).get("failing", 0) for r in rules)
        waived = sum(counts.get(r, {}).get("waived", 0) for r in rules)
        groups.append({"control": control, "rules": rules, "failing": failing, "waived": waived,
                       "status": "fail" if failing else "pass"})  # fmt: skip
    return {
        "name": framework.name,
        "title": framework.title,
        "coverage_complete": result.coverage_complete,
        "controls": groups,
    }
