"""One rich ScanResult: passes and failures across severities, a waiver and an expired one,
coverage errors, file assets with locations and live assets without."""

from __future__ import annotations

import pytest

from scanner.findings import fingerprint
from scanner.model import (
    Asset,
    AssetKind,
    Coverage,
    CoverageError,
    CoverageStatus,
    Finding,
    FindingStatus,
    Location,
    Rule,
    ScanMetadata,
    ScanResult,
    Severity,
    SourceType,
    Waiver,
    WaiverStatus,
)
from scanner.policy.bundle import load_bundle

FILE_ASSET = Asset(
    id="k8s://-/ml-prod/Deployment/llm-chat",
    kind=AssetKind.SERVING,
    source=SourceType.FILE,
    name="llm-chat",
    location=Location("k8s/llm.yaml", 12),
)
AWS_ASSET = Asset(
    id="arn:aws:sagemaker:us-east-1:123456789012:model/fraud",
    kind=AssetKind.MODEL_VERSION,
    source=SourceType.AWS,
    name="fraud",
    owner="fraud@example.com",
)
MLFLOW_ASSET = Asset(
    id="mlflow://mlflow.internal/models/churn/versions/3",
    kind=AssetKind.MODEL_VERSION,
    source=SourceType.MLFLOW,
    name="churn",
    version="3",
)
WAIVER = Waiver(
    "W1", "MLG009", "arn:aws:*", "legacy model, retiring in Q1", "ciso@example.com", "2026-12-31", "GRC-1"
)
EXPIRED = Waiver("W0", "MLG003", "*", "old", "ciso@example.com", "2026-01-01")


def finding(rule: Rule, asset: Asset, status: FindingStatus = FindingStatus.FAIL) -> Finding:
    return Finding(
        id=fingerprint(rule.id, asset.id),
        rule_id=rule.id,
        asset_id=asset.id,
        status=status,
        severity=rule.severity,
        title=rule.title,
        message=f"{rule.title} on {asset.name}",
        location=asset.location,
        evidence={"kind": asset.kind.value},
        waiver=WAIVER if status is FindingStatus.WAIVED else None,
    )


def make_result(started_at: str = "2026-11-22T09:00:00Z", duration: float = 1.5) -> ScanResult:
    rules = {r.id: r for r in load_bundle().rules}
    findings = (
        finding(rules["MLG001"], FILE_ASSET),
        finding(rules["MLG003"], FILE_ASSET),
        finding(rules["MLG006"], FILE_ASSET),
        finding(rules["MLG009"], AWS_ASSET, FindingStatus.WAIVED),
        finding(rules["MLG008"], MLFLOW_ASSET),
        finding(rules["MLG005"], MLFLOW_ASSET),
    )
    return ScanResult(
        metadata=ScanMetadata(
            tool_version="0.1.0",
            engine="embedded",
            engine_version="regorus 0.13.0",
            bundle_digest="sha256:" + "a" * 64,
            config_digest=None,
            now="2026-11-22T00:00:00Z",
            started_at=started_at,
            duration_seconds=duration,
            scope=("k8s/",),
            fail_on="high",
        ),
        rules=tuple(rules.values()),
        assets=(FILE_ASSET, AWS_ASSET, MLFLOW_ASSET),
        coverage=(
            Coverage(
                "file",
                "k8s/",
                CoverageStatus.PARTIAL,
                1,
                (CoverageError("parse_error", "bad", "k8s/x.yaml:3"),),
            ),
            Coverage("aws", "123456789012/us-east-1/sagemaker", CoverageStatus.OK, 1),
        ),
        findings=findings,
        waivers=(WaiverStatus(WAIVER, False, 1), WaiverStatus(EXPIRED, True, 1)),
    )


@pytest.fixture
def result() -> ScanResult:
    return make_result()


_ = Severity  # re-exported for tests that compare severities
