"""One ordering of findings for every human-facing format."""

from __future__ import annotations

from collections.abc import Iterable

from scanner.model import Finding, FindingStatus


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then rule id, then asset id: deterministic for equal inputs."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id, f.asset_id))


def by_importance(findings: Iterable[Finding]) -> list[Finding]:
    """As by_severity, but within a severity failing findings before waived ones: what a
    size-limited report keeps first."""
    return sorted(
        findings,
        key=lambda f: (-f.severity.rank, f.status is not FindingStatus.FAIL, f.rule_id, f.asset_id),
    )
