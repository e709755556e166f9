"""One ordering of findings for every human-facing format: most severe first, then rule, asset."""

from __future__ import annotations

from collections.abc import Iterable

from scanner.model import Finding


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id, f.asset_id))
