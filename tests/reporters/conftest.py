"""One rich ScanResult, built by hand, that every reporter test renders.

It holds: five assets (two from files with locations, one read from stdin, an AWS ARN and an
MLflow model version without one), one of them with no finding at all (a pass); failing findings
at every severity; a finding waived by a valid waiver; a finding that an expired waiver no longer
waives; an unused waiver; rules that are enabled, disabled, planned and custom; coverage that is
complete for two units and incomplete (with errors) for two others.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from scanner.findings.fingerprint import fingerprint
from scanner.model import (
    Accelerator,
    Asset,
    AssetKind,
    Coverage,
    CoverageError,
    CoverageStatus,
    Dataset,
    Finding,
    FindingStatus,
    Lineage,
    Link,
    Location,
    ModelCard,
    RegistryRef,
    Rule,
    ScanMetadata,
    ScanResult,
    Severity,
    SourceType,
    Waiver,
    WaiverStatus,
)
from scanner.reporters.base import ReportOptions
from scanner.reporters.registry import get_reporter
from scanner.resources import data_dir

FIXTURES = Path(__file__).parents[1] / "fixtures"
SARIF_SCHEMA: dict[str, Any] = json.loads((FIXTURES / "sarif" / "sarif-2.1.0.json").read_text())
REPORT_SCHEMA: dict[str, Any] = json.loads((data_dir("reports") / "report.schema.json").read_text())
INVENTORY_SCHEMA: dict[str, Any] = json.loads((data_dir("reports") / "inventory.schema.json").read_text())


def _rule(
    rule_id: str,
    title: str,
    severity: Severity,
    controls: tuple[str, ...] = ("NIST-AI-RMF:GOVERN-1.6",),
    **extra: Any,
) -> Rule:
    return Rule(
        id=rule_id,
        title=title,
        severity=severity,
        applies_to=("serving", "model_version"),
        description=f"Fires when: {title.lower()}.",
        rationale="Auditors need to know who answers for every model.",
        remediation="Add the `mlgov.io/owner` annotation:\n\n```yaml\nmlgov.io/owner: team@example.com\n```",
        controls=controls,
        help_uri=f"docs/rules.md#{rule_id.lower()}",
        package=title.lower().replace(" ", "_"),
        **extra,
    )


OWNER_MISSING = _rule(
    "MLG001",
    "Owner missing",
    Severity.HIGH,
    ("NIST-AI-RMF:GOVERN-1.6", "NIST-AI-RMF:GOVERN-2.1", "ISO-42001:A.3.2", "EU-AI-ACT:Art.26", "SR-26-2:VI"),
)
SUNSET_MISSING = _rule("MLG003", "Sunset date missing", Severity.MEDIUM)
SUNSET_UNPARSEABLE = _rule("MLG005", "Sunset date unparseable or beyond the maximum TTL", Severity.LOW)
SUNSET_SOON = _rule("MLG006", "Sunset within the warning window", Severity.INFO)
LINEAGE_MISSING = _rule("MLG007", "Training-data lineage missing", Severity.HIGH)
CLASSIFICATION_MISSING = _rule("MLG009", "Classification missing", Severity.MEDIUM)
DISABLED = _rule("MLG010", "Classification not in the allowed set", Severity.MEDIUM, enabled=False)
UNAPPROVED = _rule("MLG013", "Unapproved model version in production", Severity.CRITICAL)
PLANNED = _rule("MLG018", "Model artifact not pinned", Severity.LOW, planned=True)
CUSTOM = replace(
    _rule("ACME001", "GPU/accelerator quota tag missing", Severity.LOW, ()),
    custom=True,
    help_uri="https://wiki.example.com/ml/acme001",
)
RULES = (
    OWNER_MISSING,
    SUNSET_MISSING,
    SUNSET_UNPARSEABLE,
    SUNSET_SOON,
    LINEAGE_MISSING,
    CLASSIFICATION_MISSING,
    DISABLED,
    UNAPPROVED,
    PLANNED,
    CUSTOM,
)
REPORTED_RULE_IDS = {r.id for r in RULES if r.enabled and not r.planned}

K8S_ASSET = Asset(
    id="k8s://-/ml-prod/Deployment/llm-chat",
    kind=AssetKind.SERVING,
    source=SourceType.FILE,
    name="llm-chat",
    environment="production",
    classification="confidential",
    namespace="ml-prod",
    image="ghcr.io/acme/llm-chat:1.4.2",
    registry_ref=RegistryRef("llm-chat", "7", "models:/llm-chat/7", "storageUri"),
    accelerator=Accelerator("nvidia", "a100", 2),
    location=Location("k8s/serving/llm chat.yaml", 12),
    tags={"app": "llm-chat", "mlgov.io/sunset-date": "2026-12-01"},
    sunset_date="2026-12-01",
    sunset_raw="2026-12-01",
    resolved_from={"sunset_date": "annotation:mlgov.io/sunset-date", "environment": "namespace:ml-prod"},
)
TF_ASSET = Asset(
    id="terraform://module.ml.aws_sagemaker_model.fraud",
    kind=AssetKind.MODEL_VERSION,
    source=SourceType.FILE,
    name="fraud-tf",
    owner="fraud@example.com",
    owner_key="tags:owner",
    environment="production",
    location=Location("plans/plan.json", 40),
)
STDIN_ASSET = Asset(
    id="k8s://-/default/InferenceService/helm-rendered",
    kind=AssetKind.SERVING,
    source=SourceType.FILE,
    name="helm-rendered",
    owner="ml@example.com",
    location=Location("<stdin>", 7),
)
AWS_ASSET = Asset(
    id="arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3",
    kind=AssetKind.MODEL_VERSION,
    source=SourceType.AWS,
    name="fraud",
    version="3",
    owner="fraud@example.com",
    approval_status="PendingManualApproval",
    environment="production",
    lineage=Lineage(
        datasets=(Dataset("txns", "s3://acme-data/txns/2026-10/", "sha256:" + "b" * 64, "confidential"),),
        job="arn:aws:sagemaker:us-east-1:123456789012:training-job/fraud-3",
    ),
    parent="arn:aws:sagemaker:us-east-1:123456789012:model-package-group/fraud",
    created_at="2026-10-02T08:00:00Z",
)
MLFLOW_ASSET = Asset(
    id="mlflow://mlflow.internal/models/churn/versions/3",
    kind=AssetKind.MODEL_VERSION,
    source=SourceType.MLFLOW,
    name="churn",
    version="3",
    aliases=("champion",),
    owner="growth@example.com",
    sunset_raw="someday",
    lineage=Lineage(run_id="5f1c0ffee"),
    artifact_uri="s3://mlflow/1/5f1c0ffee/artifacts/model",
)
COMPLIANT_ASSET = Asset(  # passes every rule: no finding
    id="mlflow://mlflow.internal/models/churn",
    kind=AssetKind.REGISTERED_MODEL,
    source=SourceType.MLFLOW,
    name="churn",
    owner="growth@example.com",
    classification="internal",
    sunset_date="2027-06-30",
    cost_center="cc-42",
)
ASSETS = (K8S_ASSET, TF_ASSET, STDIN_ASSET, AWS_ASSET, MLFLOW_ASSET, COMPLIANT_ASSET)
LIVE_ASSETS = (AWS_ASSET, MLFLOW_ASSET)

VALID_WAIVER = Waiver(
    "W1",
    "MLG009",
    "arn:aws:sagemaker:*",
    "legacy model, retiring in Q1",
    "ciso@example.com",
    "2026-12-31",
    "GRC-1",
)
EXPIRED_WAIVER = Waiver("W0", "MLG003", "k8s://*", "pilot", "ciso@example.com", "2026-01-01")
UNUSED_WAIVER = Waiver("W2", "MLG007", "terraform://nothing.*", "n/a", "ciso@example.com", "2027-01-01")


# A second inventory: every asset kind, datasets shared between assets, and every kind of link
# (lineage, a resolved registry reference, "produced", "runs_on", one link to an unscanned node).
TXNS = Dataset("txns", "s3://acme-data/txns/2026-10/", "sha256:" + "b" * 64, "confidential", "training")
CHATS = Dataset(uri="s3://acme-data/chats/", context="training")
MLFLOW, AWS, K8S = SourceType.MLFLOW, SourceType.AWS, SourceType.KUBERNETES
FRAUD_MODEL = Asset(
    "mlflow://h/models/fraud", AssetKind.REGISTERED_MODEL, MLFLOW, name="fraud", owner="fraud@x.io"
)
FRAUD_V7 = Asset(
    "mlflow://h/models/fraud/versions/7",
    AssetKind.MODEL_VERSION,
    MLFLOW,
    name="fraud",
    version="7",
    parent=FRAUD_MODEL.id,
    lineage=Lineage(datasets=(TXNS,), run_id="r1"),
    model_card=ModelCard(status="approved", risk_rating="high"),
)
CHAT_MODEL = Asset(
    "arn:aws:bedrock:us-east-1:123456789012:custom-model/chat",
    AssetKind.CUSTOM_MODEL,
    AWS,
    name="chat",
    lineage=Lineage(datasets=(CHATS,)),
)
FRAUD_JOB = Asset(
    "arn:aws:sagemaker:us-east-1:123456789012:training-job/fraud-7",
    AssetKind.TRAINING_JOB,
    AWS,
    name="fraud-7",
    lineage=Lineage(datasets=(TXNS,)),
    accelerator=Accelerator("nvidia", "a10g", 1),
    links=(Link("produced", FRAUD_V7.id, "lineage.job"),),
)
GPU_NODE = Asset(
    "k8s://prod/-/Node/gpu-1",
    AssetKind.COMPUTE,
    K8S,
    name="gpu-1",
    accelerator=Accelerator("nvidia", "a100", 8),
)
FRAUD_SERVING = Asset(
    "k8s://prod/ml/InferenceService/fraud",
    AssetKind.SERVING,
    K8S,
    name="fraud",
    registry_ref=RegistryRef("fraud", "7", "models:/fraud/7", "storageUri", target=FRAUD_V7.id),
    lineage=Lineage(datasets=(TXNS,)),
    links=(
        Link("runs_on", GPU_NODE.id, "pod fraud-0 spec.nodeName"),
        Link("runs_on", "k8s://prod/-/Node/not-scanned", "pod fraud-1 spec.nodeName"),
    ),
)
LAB_NOTEBOOK = Asset(
    "terraform://aws_sagemaker_notebook_instance.lab",
    AssetKind.NOTEBOOK,
    SourceType.FILE,
    name="lab",
    accelerator=Accelerator("nvidia", "t4", 1),
)
MIXED = (FRAUD_MODEL, FRAUD_V7, CHAT_MODEL, FRAUD_JOB, GPU_NODE, FRAUD_SERVING, LAB_NOTEBOOK)


def make_finding(
    rule: Rule,
    asset: Asset,
    status: FindingStatus = FindingStatus.FAIL,
    waiver: Waiver | None = None,
    message: str | None = None,
) -> Finding:
    return Finding(
        id=fingerprint(rule.id, asset.id),
        rule_id=rule.id,
        asset_id=asset.id,
        status=status,
        severity=rule.severity,
        title=rule.title,
        message=message or f"{asset.kind.value} {asset.name!r}: {rule.title.lower()}",
        location=asset.location,
        evidence={"kind": asset.kind.value, "checked": ["owner", "sunset_date"], "days": 12},
        waiver=waiver,
    )


FINDINGS = (
    make_finding(UNAPPROVED, AWS_ASSET),  # critical, live
    make_finding(OWNER_MISSING, K8S_ASSET),  # high, file
    make_finding(LINEAGE_MISSING, TF_ASSET),  # high, file
    make_finding(SUNSET_MISSING, K8S_ASSET),  # medium: W0 would waive it, but W0 expired
    make_finding(CLASSIFICATION_MISSING, AWS_ASSET, FindingStatus.WAIVED, VALID_WAIVER),  # waived
    make_finding(CLASSIFICATION_MISSING, STDIN_ASSET),  # medium, stdin
    make_finding(SUNSET_UNPARSEABLE, MLFLOW_ASSET),  # low, live
    make_finding(CUSTOM, K8S_ASSET),  # low, custom rule
    make_finding(SUNSET_SOON, K8S_ASSET),  # info
)
WAIVED = FINDINGS[4]

COVERAGE = (
    Coverage(
        "file",
        "k8s/",
        CoverageStatus.PARTIAL,
        1,
        (CoverageError("parse_error", "mapping values are not allowed here", "k8s/broken.yaml:3"),),
    ),
    Coverage("file", "plans/plan.json", CoverageStatus.OK, 1),
    Coverage("file", "-", CoverageStatus.OK, 1),
    Coverage(
        "aws",
        "123456789012/eu-west-1/sagemaker",
        CoverageStatus.FAILED,
        0,
        (
            CoverageError(
                "AccessDenied", "not authorized to perform sagemaker:ListModels", "sagemaker:ListModels"
            ),
        ),
    ),
    Coverage("aws", "123456789012/us-east-1/sagemaker", CoverageStatus.OK, 1),
    Coverage("mlflow", "https://mlflow.internal", CoverageStatus.OK, 2),
)

METADATA = ScanMetadata(
    tool_version="0.1.0",
    engine="embedded",
    engine_version="regorus 0.13.0",
    bundle_digest="sha256:" + "a" * 64,
    config_digest="sha256:" + "c" * 64,
    now="2026-11-22T00:00:00Z",
    started_at="2026-11-22T09:00:00Z",
    duration_seconds=1.5,
    scope=("k8s/", "plans/plan.json", "-", "aws", "mlflow"),
    fail_on="high",
)


def make_result(started_at: str = "2026-11-22T09:00:00Z", duration: float = 1.5) -> ScanResult:
    """A fresh, equal ScanResult on every call (so "same input, same bytes" is tested on
    separately built objects), with the timing fields replaceable."""
    return ScanResult(
        metadata=replace(METADATA, started_at=started_at, duration_seconds=duration),
        rules=RULES,
        assets=tuple(replace(a) for a in reversed(ASSETS)),  # not in id order: reporters sort
        coverage=COVERAGE,
        findings=tuple(reversed(FINDINGS)),
        waivers=(
            WaiverStatus(VALID_WAIVER, expired=False, matched=1),
            WaiverStatus(EXPIRED_WAIVER, expired=True, matched=1),
            WaiverStatus(UNUSED_WAIVER, expired=False, matched=0),
        ),
    )


def render(name: str, result: ScanResult, **options: Any) -> bytes:
    return get_reporter(name).render(result, ReportOptions(**options))


def render_json(name: str, result: ScanResult, **options: Any) -> Any:
    return json.loads(render(name, result, **options))


@pytest.fixture
def result() -> ScanResult:
    return make_result()
