"""Live AWS responses normalize exactly as the same resources in a Terraform plan."""

from __future__ import annotations

import datetime as dt

from scanner.model import AssetKind, SourceType
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


def test_a_sagemaker_model_read_live_and_from_a_plan_resolve_the_same_fields() -> None:
    live = aws.sagemaker_model(
        {
            "ModelName": "fraud",
            "ModelArn": "arn:aws:sagemaker:us-east-1:111111111111:model/fraud",
            "PrimaryContainer": {**CONTAINER, "Environment": {"API_KEY": "never-read-4411"}},
            "CreationTime": dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc),
        },
        aws.tag_list([{"Key": k, "Value": v} for k, v in TAGS.items()]),
        ResolverConfig(),
    )
    plan = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_sagemaker_model.fraud",
                        "type": "aws_sagemaker_model",
                        "name": "fraud",
                        "values": {
                            "name": "fraud",
                            "primary_container": [
                                {"image": CONTAINER["Image"], "model_data_url": CONTAINER["ModelDataUrl"]}
                            ],
                            "tags": TAGS,
                        },
                    }
                ]
            }
        },
    }
    [planned] = normalize_terraform_plan(plan, path="plan.json", text=None, resolver=ResolverConfig())
    assert live.kind is planned.kind is AssetKind.MODEL_VERSION
    for name in COMPARED:
        assert getattr(live, name) == getattr(planned, name), name
    assert (live.source, planned.source) == (SourceType.AWS, SourceType.FILE)
    assert live.classification == "confidential" and live.environment == "production"
    assert "never-read-4411" not in repr(live)


def test_ec2_accelerators_come_from_instance_type_info() -> None:
    from scanner.collectors.aws.ec2 import accelerator_of

    gpu = accelerator_of({"GpuInfo": {"Gpus": [{"Name": "T4", "Manufacturer": "NVIDIA", "Count": 1}]}})
    assert gpu is not None and (gpu.vendor, gpu.model, gpu.count) == ("nvidia", "T4", 1)
    neuron = accelerator_of({"NeuronInfo": {"NeuronDevices": [{"Name": "Inferentia2", "Count": 6}]}})
    assert neuron is not None and (neuron.vendor, neuron.count) == ("aws", 6)
    assert accelerator_of({"InstanceType": "t3.micro"}) is None
