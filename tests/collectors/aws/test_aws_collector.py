"""The AWS collector against a real moto server: two accounts reached by role assumption, two
regions, every SageMaker resource type and accelerator EC2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.collectors.aws.collector import AwsCollector
from scanner.collectors.aws.settings import AwsSettings
from scanner.model import AssetKind, CoverageStatus
from tests.collectors.aws.fault_proxy import Faults, fault_proxy
from tests.collectors.aws.seed import seed_region, session
from tests.conftest import MlgovRunner
from tests.services.processes import Service

pytestmark = pytest.mark.services

ACCOUNT_A, ACCOUNT_B = "111111111111", "222222222222"
REGIONS = ("us-east-1", "eu-west-1")


@pytest.fixture
def aws(moto_server: Service, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    created = 0
    for account in (ACCOUNT_A, ACCOUNT_B):
        sess = session(moto_server.url, account)
        for region in REGIONS:
            created += seed_region(sess, moto_server.url, region, account, f"{account[-1]}{region[:2]}")
    return created


def collect() -> AwsCollector:
    return AwsCollector(
        AwsSettings(regions=REGIONS, accounts=(ACCOUNT_A, ACCOUNT_B), services=("sagemaker", "ec2"))
    )


def test_collects_every_resource_type_across_accounts_and_regions(aws: int) -> None:
    inventory = collect().collect()
    assert aws >= 30
    assert len(inventory.assets) == aws
    assert {c.scope for c in inventory.coverage} == {
        f"{a}/{r}/{s}" for a in (ACCOUNT_A, ACCOUNT_B) for r in REGIONS for s in ("sagemaker", "ec2")
    }
    assert all(c.status is CoverageStatus.OK for c in inventory.coverage), inventory.coverage
    by_id = {a.id: a for a in inventory.assets}
    accounts = {a.id.split(":")[4] for a in inventory.assets}
    regions = {a.id.split(":")[3] for a in inventory.assets}
    assert accounts == {ACCOUNT_A, ACCOUNT_B} and regions == set(REGIONS)

    prefix, arn = "2eu", f"arn:aws:sagemaker:eu-west-1:{ACCOUNT_B}"
    model = by_id[f"{arn}:model/{prefix}-fraud-model"]
    assert model.kind is AssetKind.MODEL_VERSION
    assert (model.owner, model.sunset_date, model.classification, model.environment) == (
        "fraud-team@example.com",
        "2027-06-30",
        "confidential",
        "production",
    )
    assert [d.uri for d in model.lineage.datasets] == ["s3://datasets/fraud/2026-10"]
    assert model.artifact_uri == f"s3://models/{prefix}/fraud.tar.gz"

    # model cards (only in this region; its tags came through ListTags, moto's tagging API failing)
    card = model.model_card
    assert card is not None and (card.status, card.risk_rating, card.owner) == (
        "approved",
        "high",
        "risk-office@example.com",
    )
    assert card.uri == f"{arn}:model-card/{prefix}-fraud-card"
    assert model.risk_tier == "high" and model.resolved_from["risk_tier"] == f"model-card:{card.uri}"
    assert model.owner == "fraud-team@example.com"  # the model's own tag outranks the card
    shadow = by_id[f"{arn}:model/{prefix}-shadow-model"]
    assert shadow.model_card is not None and shadow.model_card.status == "draft"  # linked by name
    assert shadow.owner == "llm-lab@example.com"
    assert shadow.resolved_from["owner"] == f"model-card:{arn}:model-card/{prefix}-shadow-card"
    other = by_id[f"arn:aws:sagemaker:us-east-1:{ACCOUNT_B}:model/2us-fraud-model"]
    assert other.model_card is None and other.risk_tier is None

    endpoint = by_id[f"{arn}:endpoint/{prefix}-fraud-endpoint"]
    assert endpoint.kind is AssetKind.SERVING
    assert endpoint.registry_ref is not None and endpoint.registry_ref.uri == model.id
    assert endpoint.accelerator is not None and endpoint.accelerator.vendor == "nvidia"

    group = by_id[f"{arn}:model-package-group/{prefix}-fraud"]
    versions = sorted((a for a in inventory.assets if a.parent == group.id), key=lambda a: a.version or "")
    assert [(v.version, v.approval_status) for v in versions] == [
        ("1", "Approved"),
        ("2", "PendingManualApproval"),
    ]
    # versioned packages carry no tags: sunset from CustomerMetadataProperties, owner from the group
    assert versions[0].sunset_date == "2027-03-31"
    assert versions[0].owner == "fraud-team@example.com"
    assert versions[0].resolved_from["owner"] == f"inherited:{group.id}"

    job = by_id[f"{arn}:training-job/{prefix}-fraud-train"]
    assert job.kind is AssetKind.TRAINING_JOB
    assert [(d.name, d.uri) for d in job.lineage.datasets] == [("train", f"s3://datasets/{prefix}/train")]
    assert job.accelerator is not None and job.accelerator.count == 2  # 1 GPU x 2 instances

    notebook = by_id[f"{arn}:notebook-instance/{prefix}-explore"]
    assert notebook.kind is AssetKind.NOTEBOOK and notebook.owner is None

    gpus = [a for a in inventory.assets if a.kind is AssetKind.COMPUTE]
    assert len(gpus) == 4  # one per account and region; the t3.micro instances are not ML assets
    assert all(g.accelerator is not None and g.accelerator.count >= 1 for g in gpus)
    assert {g.name for g in gpus} == {
        f"{a[-1]}{r[:2]}-gpu-box" for a in (ACCOUNT_A, ACCOUNT_B) for r in REGIONS
    }


def test_no_secrets_or_environment_values_are_collected(aws: int, moto_server: Service) -> None:
    sm = session(moto_server.url, ACCOUNT_A).client(
        "sagemaker", region_name="us-east-1", endpoint_url=moto_server.url
    )
    sm.create_model(
        ModelName="with-env",
        ExecutionRoleArn=f"arn:aws:iam::{ACCOUNT_A}:role/x",
        PrimaryContainer={"Image": "i", "Environment": {"API_KEY": "env-secret-value-7731"}},
    )
    inventory = collect().collect()
    blob = repr(inventory) + json.dumps([a.to_policy_dict() for a in inventory.assets])
    assert "env-secret-value-7731" not in blob
    assert any(a.name == "with-env" for a in inventory.assets)


def test_an_unassumable_account_is_recorded_and_hides_nothing(
    aws: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = AwsSettings(
        regions=("us-east-1",), accounts=(ACCOUNT_A,), services=("sagemaker",), external_id="x"
    )
    inventory = AwsCollector(settings).collect()  # moto rejects a 1-character external id
    [failed] = [c for c in inventory.coverage if c.status is CoverageStatus.FAILED]
    assert failed.scope == f"{ACCOUNT_A}/-/sts"
    assert failed.errors[0].where is not None and "AssumeRole" in failed.errors[0].where


def test_scan_source_aws_end_to_end(
    aws: int, mlgov: MlgovRunner, tmp_path: Path, moto_server: Service
) -> None:
    config = tmp_path / "mlgov.yaml"
    config.write_text(
        "version: 1\nsources:\n  aws:\n    regions: [us-east-1]\n"
        f"    accounts: ['{ACCOUNT_A}']\n    services: [sagemaker, ec2]\n"
    )
    env = {
        "AWS_ENDPOINT_URL": moto_server.url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    run = mlgov("scan", "--now", "2026-11-22", "-f", "json", env=env)
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    found = {
        (f["rule_id"], f["asset_id"].rsplit(":", 1)[-1]) for f in report["findings"] if f["status"] == "fail"
    }
    shadow = "model/1us-shadow-model"
    assert {("MLG001", shadow), ("MLG003", shadow), ("MLG007", shadow), ("MLG009", shadow)} <= found
    governed = "model/1us-fraud-model"
    assert not [f for f in found if f[1] == governed]
    sarif = mlgov("scan", "--now", "2026-11-22", "-f", "sarif", "-q", env=env)
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    live = [r for r in results if r["properties"]["assetId"].startswith("arn:aws:")]
    assert live and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in live)


def test_every_api_operation_called_is_in_the_minimal_iam_policy(
    aws: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import botocore.client

    called: set[str] = set()
    original = botocore.client.BaseClient._make_api_call
    prefixes = {"resourcegroupstaggingapi": "tag"}

    def recording(self: botocore.client.BaseClient, operation: str, params: object) -> object:
        service = self.meta.service_model.service_name
        called.add(f"{prefixes.get(service, service)}:{operation}")
        return original(self, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", recording)
    AwsCollector(
        AwsSettings(regions=REGIONS, accounts=(ACCOUNT_A,), services=("sagemaker", "bedrock", "ec2"))
    ).collect()
    every_region = AwsCollector(AwsSettings(regions=("all",), services=("ec2",))).collect()
    assert len({c.scope.split("/")[1] for c in every_region.coverage}) > 2  # DescribeRegions answered
    policy = json.loads((Path(__file__).parents[3] / "docs" / "aws-iam-policy.json").read_text())
    allowed = {action for statement in policy["Statement"] for action in statement["Action"]}
    assert {"sagemaker:DescribeModel", "ec2:DescribeInstanceTypes", "tag:GetResources"} <= called
    assert called <= allowed, f"missing from docs/aws-iam-policy.json: {sorted(called - allowed)}"


def test_a_denied_region_is_coverage_and_the_other_regions_still_count(
    aws: int, moto_server: Service, monkeypatch: pytest.MonkeyPatch, mlgov: MlgovRunner, tmp_path: Path
) -> None:
    faults = Faults(deny={("eu-west-1", "sagemaker")})
    with fault_proxy(moto_server.url, faults) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy)
        inventory = AwsCollector(
            AwsSettings(regions=REGIONS, accounts=(ACCOUNT_A,), services=("sagemaker", "ec2"))
        ).collect()
        env = {"AWS_ENDPOINT_URL": proxy, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
        (tmp_path / "mlgov.yaml").write_text(
            "version: 1\nsources:\n  aws:\n    regions: [us-east-1, eu-west-1]\n"
            f"    accounts: ['{ACCOUNT_A}']\n    services: [sagemaker]\n"
        )
        run = mlgov("scan", "--now", "2026-11-22", "-f", "json", "--fail-on", "none", env=env)
    status = {c.scope: c for c in inventory.coverage}
    denied = status[f"{ACCOUNT_A}/eu-west-1/sagemaker"]
    assert denied.status is CoverageStatus.FAILED
    assert {e.code for e in denied.errors} == {"AccessDenied"}
    assert status[f"{ACCOUNT_A}/us-east-1/sagemaker"].status is CoverageStatus.OK
    regions = {a.id.split(":")[3] for a in inventory.assets if ":sagemaker:" in a.id}
    assert regions == {"us-east-1"}
    assert any(":ec2:eu-west-1:" in a.id for a in inventory.assets)  # EC2 in the denied region still read
    assert run.code == 3, run.stderr  # incomplete coverage, even with --fail-on none
    report = json.loads(run.stdout)
    assert report["summary"]["coverage_complete"] is False
    assert "Traceback" not in run.stderr


def test_throttling_is_retried_then_recorded_never_raised(
    aws: int, moto_server: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    faults = Faults(throttle={("us-east-1", "sagemaker")})
    with fault_proxy(moto_server.url, faults) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy)
        settings = AwsSettings(
            regions=("us-east-1",), accounts=(ACCOUNT_A,), services=("sagemaker",), max_attempts=3
        )
        inventory = AwsCollector(settings).collect()
    [unit] = [c for c in inventory.coverage if c.scope.endswith("/sagemaker")]
    assert unit.status is CoverageStatus.FAILED
    assert {e.code for e in unit.errors} == {"throttled"}
    # six listings, each tried max_attempts=3 times, plus the bulk tagging call's own attempts
    assert faults.counts["throttled"] >= 6 * 3
