"""Live AWS responses normalize exactly as the same resources in a Terraform plan."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

import pytest

from scanner.model import AssetKind, RegistryRef, SourceType, asset_from_dict
from scanner.normalize import aws
from scanner.normalize.resolve import ResolverConfig
from scanner.normalize.terraform import normalize_terraform_plan

TAGS = {
    "owner": "fraud-team@example.com",
    "sunset-date": "2027-06-30",
    "data-classification": "Confidential",
    "environment": "prod",
    "training-data": "s3://datasets/fraud/2026-10",
}
CONTAINER = {"Image": "111.dkr.ecr/xgb:1", "ModelDataUrl": "s3://models/fraud.tar.gz"}
COMPARED = ("kind", "name", "owner", "owner_key", "sunset_date", "classification", "environment", "lineage",
            "image", "artifact_uri", "cost_center", "risk_tier")  # fmt: skip


JUMPSTART_ARN = "arn:aws:sagemaker:us-east-1:aws:model-package/pytorch-ic-mobilenet-v2-2f6b3a1c9d"


@pytest.mark.parametrize(
    "package",
    [None, JUMPSTART_ARN, "arn:aws:sagemaker:us-east-1:111111111111:model-package/fraud/3", "my-package"],
)
def test_a_sagemaker_model_read_live_and_from_a_plan_resolve_the_same_fields(package: str | None) -> None:
    container = {**CONTAINER, **({"ModelPackageName": package} if package else {})}
    live = aws.sagemaker_model(
        {
            "ModelName": "fraud",
            "ModelArn": "arn:aws:sagemaker:us-east-1:111111111111:model/fraud",
            "PrimaryContainer": {**container, "Environment": {"API_KEY": "never-read-4411"}},
            "CreationTime": dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc),
        },
        aws.tag_list([{"Key": k, "Value": v} for k, v in TAGS.items()]),
        ResolverConfig(),
    )
    plan_container = {"image": CONTAINER["Image"], "model_data_url": CONTAINER["ModelDataUrl"]}
    if package:
        plan_container["model_package_name"] = package
    plan = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_sagemaker_model.fraud",
                        "type": "aws_sagemaker_model",
                        "name": "fraud",
                        "values": {"name": "fraud", "primary_container": [plan_container], "tags": TAGS},
                    }
                ]
            }
        },
    }
    [planned] = normalize_terraform_plan(
        plan, path="plan.json", stack="prod", text=None, resolver=ResolverConfig()
    )
    assert live.kind is planned.kind is AssetKind.MODEL_VERSION
    for name in (*COMPARED, "version", "parent"):
        assert getattr(live, name) == getattr(planned, name), name
    # the package the model deploys, versioned or not, is its reference in both
    refs = [(r.name, r.version, r.uri) if r else None for r in (live.registry_ref, planned.registry_ref)]
    assert refs[0] == refs[1]
    assert (live.source, planned.source) == (SourceType.AWS, SourceType.FILE)
    assert live.classification == "confidential" and live.environment == "production"
    assert "never-read-4411" not in repr(live)


def test_a_jumpstart_model_keeps_its_package_without_a_version_or_parent() -> None:
    live = aws.sagemaker_model(
        {
            "ModelName": "ic",
            "ModelArn": "arn:aws:sagemaker:us-east-1:111111111111:model/ic",
            "PrimaryContainer": {"ModelPackageName": JUMPSTART_ARN},
        },
        {},
        ResolverConfig(),
    )
    assert live.registry_ref == RegistryRef(
        name="pytorch-ic-mobilenet-v2-2f6b3a1c9d", uri=JUMPSTART_ARN, via="aws:Container.ModelPackageName"
    )
    assert (live.version, live.parent, live.artifact_uri) == (None, None, None)


def test_ec2_accelerators_come_from_instance_type_info() -> None:
    from scanner.collectors.aws.ec2 import accelerator_of

    gpu = accelerator_of({"GpuInfo": {"Gpus": [{"Name": "T4", "Manufacturer": "NVIDIA", "Count": 1}]}})
    assert gpu is not None and (gpu.vendor, gpu.model, gpu.count) == ("nvidia", "T4", 1)
    neuron = accelerator_of({"NeuronInfo": {"NeuronDevices": [{"Name": "Inferentia2", "Count": 6}]}})
    assert neuron is not None and (neuron.vendor, neuron.count) == ("aws", 6)
    assert accelerator_of({"InstanceType": "t3.micro"}) is None


PACKAGE_ARN = "arn:aws:sagemaker:us-east-1:111111111111:model-package/fraud/3"


def _package(card: Mapping[str, str] | None, metadata: dict[str, str] | None = None) -> dict[str, object]:
    # The DescribeModelPackage shape from botocore's service model. moto 5.2 neither stores nor returns
    # ModelCard on a package, so the embedded card is tested here on the documented response shape.
    package: dict[str, object] = {
        "ModelPackageArn": PACKAGE_ARN,
        "ModelPackageGroupName": "fraud",
        "ModelPackageVersion": 3,
        "ModelApprovalStatus": "Approved",
        "CustomerMetadataProperties": metadata or {},
    }
    if card is not None:
        package["ModelCard"] = card
    return package


def test_the_model_card_inside_a_package_gives_status_risk_and_a_missing_owner() -> None:
    content = {
        "model_overview": {"model_owner": "risk-office@example.com"},
        "intended_uses": {"risk_rating": "High"},
    }
    card_field = {"ModelCardContent": json.dumps(content), "ModelCardStatus": "PendingReview"}
    asset = aws.model_package(_package(card_field), None, ResolverConfig())
    assert asset.model_card is not None
    assert (asset.model_card.status, asset.model_card.risk_rating, asset.model_card.uri) == (
        "pending_review",
        "high",
        PACKAGE_ARN,
    )
    assert (asset.owner, asset.risk_tier) == ("risk-office@example.com", "high")
    assert asset.resolved_from["owner"] == f"model-card:{PACKAGE_ARN}"
    policy = asset.to_policy_dict()["model_card"]
    assert policy == {"status": "pending_review", "risk_rating": "high", "owner": "risk-office@example.com",
                      "uri": PACKAGE_ARN}  # fmt: skip

    # the package's own metadata outranks its card; an unknown rating is no risk tier at all
    unknown = {
        "model_overview": {"model_owner": "x@example.com"},
        "intended_uses": {"risk_rating": "Unknown"},
    }
    tagged = aws.model_package(
        _package(
            {"ModelCardContent": json.dumps(unknown), "ModelCardStatus": "Approved"},
            {"owner": "own@example.com"},
        ),
        None,
        ResolverConfig(),
    )
    assert (tagged.owner, tagged.risk_tier) == ("own@example.com", None)
    assert tagged.model_card is not None and tagged.model_card.risk_rating == "unknown"


def test_a_model_card_with_unreadable_content_keeps_its_status_and_invents_nothing() -> None:
    described = aws.model_card(
        {
            "ModelCardArn": "arn:aws:sagemaker:us-east-1:1:model-card/c",
            "ModelCardStatus": "Draft",
            "Content": "{not json",
        }
    )
    assert described.card.status == "draft"
    assert (described.card.owner, described.card.risk_rating, described.model_id, described.model_name) == (
        None,
        None,
        None,
        None,
    )
    no_card = aws.model_package(_package(None), None, ResolverConfig())
    assert no_card.model_card is None and "model_card" not in no_card.to_policy_dict()


def test_model_cards_survive_a_saved_inventory_round_trip() -> None:
    card_field = {
        "ModelCardContent": json.dumps({"intended_uses": {"risk_rating": "Low"}}),
        "ModelCardStatus": "Approved",
    }
    asset = aws.model_package(_package(card_field), None, ResolverConfig())
    assert asset_from_dict(asset.to_policy_dict()) == asset
