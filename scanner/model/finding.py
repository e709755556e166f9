"""Violations (what Rego says), findings (violations + rule metadata + waivers) and the scan result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from scanner.model.asset import Asset, Location
from scanner.model.inventory import Coverage
from scanner.model.rule import Rule
from scanner.model.severity import Severity


@dataclass(frozen=True)
class Violation:
    """One element of a ``deny`` set: ``{"rule", "asset", "message", "evidence"}``."""

    rule: str
    asset: str
    message: str
    evidence: Mapping[str, Any] = field(default_factory=dict)


class FindingStatus(str, Enum):
    FAIL = "fail"
    WAIVED = "waived"
    ERROR = "error"


@dataclass(frozen=True)
class Waiver:
    id: str
    rule: str  # rule id or glob
    asset: str  # glob on asset id
    justification: str
    approved_by: str
    expires: str  # YYYY-MM-DD
    ticket: str | None = None
    where: str | None = None  # file:line of the waiver, for error messages and reports

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "rule": self.rule,
            "asset": self.asset,
            "justification": self.justification,
            "approved_by": self.approved_by,
            "expires": self.expires,
        }
        if self.ticket:
            out["ticket"] = self.ticket
        return out


@dataclass(frozen=True)
class Finding:
    id: str  # fingerprint: sha256(rule id, asset id)
    rule_id: str
    asset_id: str
    status: FindingStatus
    severity: Severity
    message: str
    title: str = ""
    location: Location | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    waiver: Waiver | None = None
    # present in the --baseline report: still reported, no longer fails the gate
    baseline: bool = False

    @property
    def failing(self) -> bool:
        return self.status is FindingStatus.FAIL

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule_id": self.rule_id,
            "asset_id": self.asset_id,
            "status": self.status.value,
            "severity": self.severity.value,
            "title": self.title,
            "message": self.message,
            "location": self.location.to_dict() if self.location else None,
            "evidence": dict(self.evidence),
            "waiver": self.waiver.to_dict() if self.waiver else None,
            **({"baseline": True} if self.baseline else {}),
        }


@dataclass(frozen=True)
class WaiverStatus:
    """How each waiver was used: expired ones are reported, unused ones are worth cleaning up."""

    waiver: Waiver
    expired: bool
    matched: int

    def to_dict(self) -> dict[str, Any]:
        return {**self.waiver.to_dict(), "expired": self.expired, "matched": self.matched}


@dataclass(frozen=True)
class ScanMetadata:
    tool_version: str
    engine: str
    engine_version: str
    bundle_digest: str
    config_digest: str | None
    now: str  # RFC 3339, the clock the policies saw
    started_at: str
    duration_seconds: float
    scope: tuple[str, ...]  # what was scanned: paths, sources
    fail_on: str
    anchor: str | None = None  # file live assets point at in SARIF

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": {"name": "mlgov", "version": self.tool_version},
            "engine": {"name": self.engine, "version": self.engine_version},
            "policy_bundle_digest": self.bundle_digest,
            "config_digest": self.config_digest,
            "now": self.now,
            "started_at": self.started_at,
            "duration_seconds": self.duration_seconds,
            "scope": list(self.scope),
            "fail_on": self.fail_on,
        }


@dataclass(frozen=True)
class ScanResult:
    """Everything a reporter may see. Reporters never call an API or read a file."""

    metadata: ScanMetadata
    rules: tuple[Rule, ...]
    assets: tuple[Asset, ...]
    coverage: tuple[Coverage, ...]
    findings: tuple[Finding, ...]
    waivers: tuple[WaiverStatus, ...] = ()

    @property
    def coverage_complete(self) -> bool:
        return all(c.complete for c in self.coverage)

    def failing(self, threshold: Severity | None) -> tuple[Finding, ...]:
        """Failing findings at or above ``threshold`` (None: nothing fails the gate)."""
        if threshold is None:
            return ()
        return tuple(
            f for f in self.findings if f.failing and not f.baseline and f.severity.at_least(threshold)
        )

    def summary(self) -> dict[str, Any]:
        by_severity = {s.value: 0 for s in Severity}
        by_status = {s.value: 0 for s in FindingStatus}
        for f in self.findings:
            by_status[f.status.value] += 1
            if f.failing:
                by_severity[f.severity.value] += 1
        return {
            "assets": len(self.assets),
            "findings": len(self.findings),
            "by_status": by_status,
            "failing_by_severity": by_severity,
            "coverage_complete": self.coverage_complete,
        }
