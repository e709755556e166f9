"""--baseline: adopt a scanner on a repository with existing findings without turning the gate off.

Findings whose fingerprint was failing in the baseline report (a `mlgov scan -f json` output) are
still reported, marked ``baseline``, but no longer fail the gate; any other finding does (a finding
that was waived in the baseline fails again once its waiver expires).
Fingerprints hash only the rule and asset ids, so a moved file or a reworded message keeps its
baseline entry, while a new asset or a new rule on an old asset is new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from scanner.inventory_file import read_document
from scanner.model import Finding


def load_baseline(path: Path) -> frozenset[str]:
    _, report = read_document(path, expected="report")
    # only what was failing: a finding waived in OLD fails again when its waiver expires
    return frozenset(f["id"] for f in report["findings"] if f["status"] == "fail")


def mark_baseline(findings: Iterable[Finding], baseline: frozenset[str]) -> tuple[Finding, ...]:
    return tuple(replace(f, baseline=True) if f.id in baseline else f for f in findings)
