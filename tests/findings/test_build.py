from __future__ import annotations

import datetime as dt

import pytest

from scanner.findings import RuleSettings, build_findings, fingerprint
from scanner.model import (
    Asset,
    AssetKind,
    FindingStatus,
    Location,
    PolicyError,
    Rule,
    Severity,
    SourceType,
    Violation,
    Waiver,
)

TODAY = dt.date(2026, 11, 22)


def rule(rule_id: str, severity: Severity = Severity.HIGH) -> Rule:
    return Rule(
        id=rule_id,
        title=f"title {rule_id}",
        severity=severity,
        applies_to=("serving",),
        description="d",
        rationale="r",
        remediation="m",
    )


ASSET = Asset(
    id="k8s://-/ml/Deployment/a",
    kind=AssetKind.SERVING,
    source=SourceType.FILE,
    location=Location("k8s/a.yaml", 7),
)


def test_fingerprint_depends_only_on_rule_and_asset() -> None:
    a = fingerprint("MLG001", "x")
    assert a == fingerprint("MLG001", "x")
    assert a != fingerprint("MLG002", "x")
    assert a != fingerprint("MLG001", "y")
    # no ambiguity from concatenation
    assert fingerprint("MLG00", "1x") != fingerprint("MLG001", "x")
    assert a.startswith("sha256:") and len(a) == 7 + 64


def test_findings_join_rule_metadata_and_location() -> None:
    result = build_findings(
        [Violation("MLG001", ASSET.id, "no owner", {"keys": ["owner"]})],
        [rule("MLG001")],
        [ASSET],
        [],
        TODAY,
    )
    (finding,) = result.findings
    assert finding.id == fingerprint("MLG001", ASSET.id)
    assert finding.severity is Severity.HIGH
    assert finding.status is FindingStatus.FAIL
    assert finding.location == Location("k8s/a.yaml", 7)
    assert finding.title == "title MLG001"
    assert dict(finding.evidence) == {"keys": ["owner"]}


def test_duplicate_violations_merge_deterministically() -> None:
    violations = [Violation("MLG001", ASSET.id, "b"), Violation("MLG001", ASSET.id, "a")]
    one = build_findings(violations, [rule("MLG001")], [ASSET], [], TODAY)
    two = build_findings(list(reversed(violations)), [rule("MLG001")], [ASSET], [], TODAY)
    assert one.findings == two.findings
    assert [f.message for f in one.findings] == ["a"]


def test_unknown_rule_fails_closed() -> None:
    with pytest.raises(PolicyError, match="MLG999"):
        build_findings([Violation("MLG999", ASSET.id, "x")], [rule("MLG001")], [ASSET], [], TODAY)


def test_disabled_rules_and_severity_overrides() -> None:
    rules = RuleSettings(disabled=frozenset({"MLG002"}), severity={"MLG001": Severity.LOW}).apply(
        [rule("MLG001"), rule("MLG002")]
    )
    result = build_findings(
        [Violation("MLG001", ASSET.id, "x"), Violation("MLG002", ASSET.id, "y")], rules, [ASSET], [], TODAY
    )
    assert [(f.rule_id, f.severity) for f in result.findings] == [("MLG001", Severity.LOW)]


def test_settings_reject_unknown_rule_ids() -> None:
    with pytest.raises(PolicyError, match="MLG404"):
        RuleSettings(disabled=frozenset({"MLG404"})).apply([rule("MLG001")])


def test_waived_and_expired_waivers() -> None:
    active = Waiver("W1", "MLG001", "k8s://-/ml/*", "j", "ciso", "2026-12-01")
    expired = Waiver("W2", "MLG002", "*", "j", "ciso", "2026-01-01")
    result = build_findings(
        [Violation("MLG001", ASSET.id, "x"), Violation("MLG002", ASSET.id, "y")],
        [rule("MLG001"), rule("MLG002")],
        [ASSET],
        [active, expired],
        TODAY,
    )
    by_rule = {f.rule_id: f for f in result.findings}
    assert by_rule["MLG001"].status is FindingStatus.WAIVED
    assert by_rule["MLG001"].waiver == active
    assert by_rule["MLG002"].status is FindingStatus.FAIL
    assert [(s.waiver.id, s.expired, s.matched) for s in result.waivers] == [
        ("W1", False, 1),
        ("W2", True, 1),
    ]
