"""Violations -> findings: join rule metadata, apply overrides and waivers, fingerprint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from scanner.findings.fingerprint import fingerprint
from scanner.findings.waivers import WaiverBook
from scanner.model import (
    Asset,
    Finding,
    FindingStatus,
    PolicyError,
    Rule,
    Severity,
    Violation,
    Waiver,
    WaiverStatus,
)


@dataclass(frozen=True)
class RuleSettings:
    """What the config file and the flags say about rules: which are off, and severity overrides."""

    disabled: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    # where each rule id was named ("--disable-rule", "mlgov.yaml: rules.disable"), for errors
    origins: Mapping[str, str] = field(default_factory=dict)

    def apply(self, rules: Sequence[Rule]) -> tuple[Rule, ...]:
        known = {r.id for r in rules}
        unknown = sorted((set(self.disabled) | set(self.severity)) - known)
        if unknown:
            where = sorted({self.origins.get(rule_id, "rules") for rule_id in unknown})
            raise PolicyError(
                f"unknown rule id {', '.join(unknown)}",
                where="; ".join(where),
                hint="run `mlgov rules list` for the valid ids (custom rules need -p DIR)",
            )
        return tuple(
            replace(
                r,
                enabled=r.enabled and r.id not in self.disabled,
                severity=self.severity.get(r.id, r.severity),
            )
            for r in rules
        )


@dataclass(frozen=True)
class FindingSet:
    findings: tuple[Finding, ...]
    waivers: tuple[WaiverStatus, ...]


def build_findings(
    violations: Iterable[Violation],
    rules: Sequence[Rule],
    assets: Sequence[Asset],
    waivers: Sequence[Waiver],
    today: dt.date,
) -> FindingSet:
    """One finding per (rule, asset); several messages for the same pair are merged.

    A violation naming a rule missing from the catalog is a policy bug: fail closed.
    """
    by_rule = {r.id: r for r in rules}
    by_asset = {a.id: a for a in assets}
    book = WaiverBook(waivers, today)
    merged: dict[tuple[str, str], Violation] = {}
    for v in violations:
        rule = by_rule.get(v.rule)
        if rule is None:
            raise PolicyError(
                f"policy produced a violation for rule {v.rule!r}, which has no catalog entry",
                where=f"asset {v.asset}",
                hint="add a rules/<ID>.yaml entry (or METADATA for a custom policy)",
            )
        if not rule.enabled:
            continue
        key = (v.rule, v.asset)
        previous = merged.get(key)
        merged[key] = v if previous is None or v.message < previous.message else previous
    findings = []
    for (rule_id, asset_id), v in sorted(merged.items()):
        rule = by_rule[rule_id]
        asset = by_asset.get(asset_id)
        waiver = book.find(rule_id, asset_id)
        findings.append(
            Finding(
                id=fingerprint(rule_id, asset_id),
                rule_id=rule_id,
                asset_id=asset_id,
                status=FindingStatus.WAIVED if waiver else FindingStatus.FAIL,
                severity=rule.severity,
                title=rule.title,
                message=v.message,
                location=asset.location if asset else None,
                evidence=v.evidence,
                waiver=waiver,
            )
        )
    return FindingSet(findings=tuple(findings), waivers=book.statuses())
