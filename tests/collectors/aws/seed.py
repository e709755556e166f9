"""Seed a moto server with SageMaker, EC2 and Bedrock resources, as a real account would hold."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import boto3

ROLE = "arn:aws:iam::{account}:role/MlgovReadOnly"
GOVERNED = {
    "owner": "fraud-team@example.com",
    "sunset-date": "2027-06-30",
    "data-classification": "confidential",
    "environment": "production",
    "training-data": "s3://datasets/fraud/2026-10",
}


def moto_environment(endpoint: str) -> dict[str, str]:
    """What a process (`mlgov`) needs to read the moto server as its AWS account."""
    return {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}  # fmt: skip


def session(endpoint: str, account: str | None = None) -> Any:
    base = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    if account is None:
        return base
    creds = base.client("sts", endpoint_url=endpoint).assume_role(
        RoleArn=ROLE.format(account=account), RoleSessionName="seed"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name="us-east-1",
    )


def tags(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in values.items()]


def seed_region(sess: Any, endpoint: str, region: str, account: str, prefix: str) -> int:
    """Returns the number of ML assets created (what the collector must find)."""
    sm = sess.client("sagemaker", region_name=region, endpoint_url=endpoint)
    role = f"arn:aws:iam::{account}:role/sagemaker"
    created = 0
    sm.create_model_package_group(ModelPackageGroupName=f"{prefix}-fraud", Tags=tags(GOVERNED))
    created += 1
    for status in ("Approved", "PendingManualApproval"):
        sm.create_model_package(
            ModelPackageGroupName=f"{prefix}-fraud",
            ModelApprovalStatus=status,
            CustomerMetadataProperties={"sunset-date": "2027-03-31"},
            InferenceSpecification={
                "Containers": [
                    {"Image": "111.dkr.ecr/xgb:1", "ModelDataUrl": f"s3://models/{prefix}/fraud.tar.gz"}
                ],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
        )
        created += 1
    sm.create_model(
        ModelName=f"{prefix}-fraud-model",
        ExecutionRoleArn=role,
        PrimaryContainer={"Image": "111.dkr.ecr/xgb:1", "ModelDataUrl": f"s3://models/{prefix}/fraud.tar.gz"},
        Tags=tags(GOVERNED),
    )
    sm.create_model(
        ModelName=f"{prefix}-shadow-model",
        ExecutionRoleArn=role,
        PrimaryContainer={"Image": "111.dkr.ecr/llm:1", "ModelDataUrl": f"s3://scratch/{prefix}/llm.tar.gz"},
        Tags=tags({"environment": "production"}),
    )
    created += 2
    sm.create_endpoint_config(
        EndpointConfigName=f"{prefix}-fraud-config",
        ProductionVariants=[
            {
                "VariantName": "main",
                "ModelName": f"{prefix}-fraud-model",
                "InitialInstanceCount": 2,
                "InstanceType": "ml.g4dn.xlarge",
            }
        ],
    )
    sm.create_endpoint(
        EndpointName=f"{prefix}-fraud-endpoint",
        EndpointConfigName=f"{prefix}-fraud-config",
        Tags=tags(GOVERNED),
    )
    created += 1
    sm.create_training_job(
        TrainingJobName=f"{prefix}-fraud-train",
        AlgorithmSpecification={"TrainingImage": "111.dkr.ecr/xgb:1", "TrainingInputMode": "File"},
        RoleArn=role,
        InputDataConfig=[
            {
                "ChannelName": "train",
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://datasets/{prefix}/train"}
                },
            }
        ],
        OutputDataConfig={"S3OutputPath": f"s3://models/{prefix}/"},
        ResourceConfig={"InstanceType": "ml.p3.2xlarge", "InstanceCount": 2, "VolumeSizeInGB": 50},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
        Tags=tags({"owner": "ml-platform@example.com"}),
    )
    created += 1
    sm.create_notebook_instance(
        NotebookInstanceName=f"{prefix}-explore", InstanceType="ml.p3.2xlarge", RoleArn=role, Tags=tags({})
    )
    created += 1
    if prefix == "2eu":
        seed_model_cards(sm, region, account, prefix)
    ec2 = sess.client("ec2", region_name=region, endpoint_url=endpoint)
    image = ec2.describe_images()["Images"][0]["ImageId"]
    ec2.run_instances(
        ImageId=image,
        InstanceType="g4dn.xlarge",
        MinCount=1,
        MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance", "Tags": tags({"Name": f"{prefix}-gpu-box"})}],
    )
    ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)  # not an ML asset
    created += 1
    return created


def seed_model_cards(sm: Any, region: str, account: str, prefix: str) -> None:
    """Two cards in one region: one naming its model by ARN, one by name only. Model cards are not
    assets of their own; they enrich the model they document. (moto's tagging API answers 500 in a
    region holding a model card, so this region also exercises the ListTags fallback.)"""
    model_arn = f"arn:aws:sagemaker:{region}:{account}:model/{prefix}-fraud-model"
    cards = (
        (
            f"{prefix}-fraud-card",
            "Approved",
            {"model_id": model_arn, "model_owner": "risk-office@example.com"},
            "High",
        ),
        (
            f"{prefix}-shadow-card",
            "Draft",
            {"model_name": f"{prefix}-shadow-model", "model_owner": "llm-lab@example.com"},
            "Medium",
        ),
    )
    for name, status, overview, risk in cards:
        content = {"model_overview": overview, "intended_uses": {"risk_rating": risk}}
        sm.create_model_card(ModelCardName=name, Content=json.dumps(content), ModelCardStatus=status)


def seed_served_package(url: str, prefix: str, group_tags: Mapping[str, str] = GOVERNED) -> dict[str, str]:
    """In us-east-1: a package group (``group_tags``) whose one version awaits approval, a model
    that deploys it, an endpoint serving that model; a notebook; a p4d instance without tags.
    Returns the ARNs (the instance's id) by role."""
    sm = session(url).client("sagemaker", region_name="us-east-1", endpoint_url=url)
    sm.create_model_package_group(ModelPackageGroupName=f"{prefix}-credit", Tags=tags(dict(group_tags)))
    package = sm.create_model_package(
        ModelPackageGroupName=f"{prefix}-credit",
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{"Image": "111.dkr.ecr/xgb:1", "ModelDataUrl": "s3://models/credit.tar.gz"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    )["ModelPackageArn"]
    role = "arn:aws:iam::123456789012:role/sagemaker"
    model, config = f"{prefix}-credit-model", f"{prefix}-credit-config"
    sm.create_model(ModelName=model, ExecutionRoleArn=role,
                    PrimaryContainer={"ModelPackageName": package}, Tags=tags(GOVERNED))  # fmt: skip
    sm.create_endpoint_config(
        EndpointConfigName=config,
        ProductionVariants=[{"VariantName": "main", "ModelName": model, "InitialInstanceCount": 1,
                             "InstanceType": "ml.m5.large"}],
    )  # fmt: skip
    endpoint = sm.create_endpoint(EndpointName=f"{prefix}-credit", EndpointConfigName=config,
                                  Tags=tags(GOVERNED))["EndpointArn"]  # fmt: skip
    notebook = sm.create_notebook_instance(
        NotebookInstanceName=f"{prefix}-explore", InstanceType="ml.t3.medium", RoleArn=role,
        Tags=tags(GOVERNED)
    )["NotebookInstanceArn"]  # fmt: skip
    ec2 = session(url).client("ec2", region_name="us-east-1", endpoint_url=url)
    image = ec2.describe_images()["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, InstanceType="p4d.24xlarge", MinCount=1, MaxCount=1)
    return {
        "package": package,
        "endpoint": endpoint,
        "notebook": notebook,
        "instance": instance["Instances"][0]["InstanceId"],
    }
