"""Live AWS API responses -> Assets. Each function takes the fields an API call returned and the
resource's tags, and resolves them exactly as the Terraform normalizer resolves a plan's tags
(one TagLayer "tag"), so a SageMaker model read live and from a plan resolve the same fields.

Only named fields are read: container Environment maps, hyperparameters and user data never are.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.model import (
    Accelerator,
    Asset,
    AssetKind,
    Dataset,
    Lineage,
    ModelCard,
    RegistryRef,
    SourceType,
)
from scanner.normalize.accelerators import instance_accelerator
from scanner.normalize.model_packages import package_reference
from scanner.normalize.resolve import UNKNOWN, ResolverConfig, TagLayer, resolve
from scanner.normalize.tags import public_tags, string_map


def rfc3339(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        when = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return when.astimezone(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value) if value else None


def tag_list(tags: Sequence[Mapping[str, Any]] | None) -> dict[str, str]:
    """AWS [{"Key": k, "Value": v}] (or bedrock's lower-case keys) -> {k: v}."""
    out: dict[str, str] = {}
    for tag in tags or ():
        key = tag.get("Key", tag.get("key"))
        value = tag.get("Value", tag.get("value"))
        if isinstance(key, str) and isinstance(value, str):
            out[key] = value
    return out


def _asset(
    arn: str,
    kind: AssetKind,
    name: str | None,
    tags: Mapping[str, str],
    resolver: ResolverConfig,
    *,
    extra_layers: Sequence[TagLayer] = (),
    created_at: Any = None,
    **fields: Any,
) -> Asset:
    created = rfc3339(created_at)
    resolved = resolve([TagLayer("tag", dict(tags)), *extra_layers], resolver, created)
    values: dict[str, Any] = {
        **resolved.asset_fields(),
        "environment": resolved.environment or UNKNOWN,
        "lineage": resolved.lineage(fields.pop("lineage", None)),
        "registry_ref": resolved.registry_ref,
        "created_at": created,
        **{k: v for k, v in fields.items() if v is not None},
    }
    return Asset(
        id=arn,
        kind=kind,
        source=SourceType.AWS,
        name=name,
        tags=public_tags((dict(tags),)),
        resolved_from=resolved.resolved_from,
        **values,
    )


def sagemaker_model(model: Mapping[str, Any], tags: Mapping[str, str], resolver: ResolverConfig) -> Asset:
    """DescribeModel -> model_version (as aws_sagemaker_model in a plan)."""
    containers = [model.get("PrimaryContainer") or {}, *(model.get("Containers") or [])]
    container: Mapping[str, Any] = next((c for c in containers if c), {})
    name = container.get("ModelPackageName")
    package = package_reference(name) if isinstance(name, str) else None
    return _asset(
        model["ModelArn"],
        AssetKind.MODEL_VERSION,
        model.get("ModelName"),
        tags,
        resolver,
        created_at=model.get("CreationTime"),
        image=container.get("Image"),
        artifact_uri=container.get("ModelDataUrl"),
        version=package.version if package else None,
        parent=package.group_arn if package else None,
        # the package this model deploys, versioned or not (a JumpStart model's only source):
        # correlation follows endpoint -> model -> package when the package is in the inventory
        registry_ref=package.reference("aws:Container.ModelPackageName") if package else None,
    )


def package_group(group: Mapping[str, Any], tags: Mapping[str, str], resolver: ResolverConfig) -> Asset:
    return _asset(
        group["ModelPackageGroupArn"],
        AssetKind.REGISTERED_MODEL,
        group.get("ModelPackageGroupName"),
        tags,
        resolver,
        created_at=group.get("CreationTime"),
    )


def model_package(package: Mapping[str, Any], group_arn: str | None, resolver: ResolverConfig) -> Asset:
    """DescribeModelPackage (versioned) -> model_version. Versioned packages cannot carry tags in
    AWS: owner, sunset and classification come from CustomerMetadataProperties, then from the
    model card inside the package."""
    metadata = string_map(package.get("CustomerMetadataProperties"))
    containers = (package.get("InferenceSpecification") or {}).get("Containers") or []
    container: Mapping[str, Any] = containers[0] if containers else {}
    stage = (package.get("ModelLifeCycle") or {}).get("Stage")
    asset = _asset(
        package["ModelPackageArn"],
        AssetKind.MODEL_VERSION,
        package.get("ModelPackageGroupName"),
        {},
        resolver,
        extra_layers=[TagLayer("metadata", metadata)],
        created_at=package.get("CreationTime"),
        version=None if package.get("ModelPackageVersion") is None else str(package["ModelPackageVersion"]),
        approval_status=package.get("ModelApprovalStatus"),
        lifecycle=stage.lower() if isinstance(stage, str) else None,
        image=container.get("Image"),
        artifact_uri=container.get("ModelDataUrl"),
        parent=group_arn,
    )
    embedded = package.get("ModelCard")
    if isinstance(embedded, Mapping):
        card = _card(
            embedded.get("ModelCardContent"), embedded.get("ModelCardStatus"), package["ModelPackageArn"]
        )
        asset = with_model_card(asset, card)
    return asset


@dataclass(frozen=True)
class DescribedCard:
    """A DescribeModelCard response reduced to what mlgov keeps, and what the card says it documents."""

    card: ModelCard
    model_id: str | None  # content.model_overview.model_id: a SageMaker model or package ARN
    model_name: str | None  # content.model_overview.model_name


def model_card(described: Mapping[str, Any]) -> DescribedCard:
    """DescribeModelCard -> the card, and the model it documents (linked by ARN, else by name)."""
    content = _card_content(described.get("Content"))
    overview = _section(content, "model_overview")
    card = _card(
        content,
        described.get("ModelCardStatus"),
        described.get("ModelCardArn"),
        updated_at=rfc3339(described.get("LastModifiedTime")),
    )
    model_id, model_name = overview.get("model_id"), overview.get("model_name")
    return DescribedCard(
        card,
        model_id if isinstance(model_id, str) else None,
        model_name if isinstance(model_name, str) else None,
    )


def with_model_card(asset: Asset, card: ModelCard) -> Asset:
    """Attach a card; its owner and risk rating fill only what the asset's own tags left empty."""
    changes: dict[str, Any] = {"model_card": card}
    resolved_from = dict(asset.resolved_from)
    via = f"model-card:{card.uri}"
    if asset.owner is None and card.owner:
        changes["owner"] = card.owner
        resolved_from["owner"] = via
    if asset.risk_tier is None and card.risk_rating and card.risk_rating != "unknown":
        changes["risk_tier"] = card.risk_rating
        resolved_from["risk_tier"] = via
    return asset.evolve(resolved_from=resolved_from, **changes)


def _card_content(raw: Any) -> dict[str, Any]:
    """Model card content is a JSON document in a string; anything else reads as empty."""
    if isinstance(raw, Mapping):
        return dict(raw)
    if not isinstance(raw, str):
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _card(raw_content: Any, status: Any, uri: Any, *, updated_at: str | None = None) -> ModelCard:
    content = _card_content(raw_content)
    overview, uses = _section(content, "model_overview"), _section(content, "intended_uses")
    owner, risk = overview.get("model_owner"), uses.get("risk_rating")
    return ModelCard(
        status=_snake(status) if isinstance(status, str) and status else None,
        risk_rating=risk.strip().lower() if isinstance(risk, str) and risk.strip() else None,
        owner=owner.strip() if isinstance(owner, str) and owner.strip() else None,
        uri=uri if isinstance(uri, str) else None,
        updated_at=updated_at,
    )


def _section(content: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = content.get(name)
    return value if isinstance(value, Mapping) else {}


def _snake(value: str) -> str:
    """PendingReview -> pending_review."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value.strip()).lower()


def endpoint(
    described: Mapping[str, Any],
    config: Mapping[str, Any] | None,
    model_arns: Mapping[str, str],
    tags: Mapping[str, str],
    resolver: ResolverConfig,
) -> Asset:
    """DescribeEndpoint + DescribeEndpointConfig -> serving, linked to the model it runs."""
    variants = list((config or {}).get("ProductionVariants") or [])
    accelerators = [a for v in variants if (a := _instance_accelerator(v.get("InstanceType")))]
    accelerator = None
    if accelerators:
        lead = accelerators[0]
        accelerator = Accelerator(lead.vendor, lead.model, sum(a.count for a in accelerators))
    model_name = variants[0].get("ModelName") if variants else None
    asset = _asset(
        described["EndpointArn"],
        AssetKind.SERVING,
        described.get("EndpointName"),
        tags,
        resolver,
        created_at=described.get("CreationTime"),
        lifecycle=str(described.get("EndpointStatus", "")).lower() or None,
        accelerator=accelerator,
    )
    if model_name:
        via = f"aws:endpoint-config:{described.get('EndpointConfigName')}.ProductionVariants[0].ModelName"
        asset = _served_model(asset, RegistryRef(name=model_name, uri=model_arns.get(model_name), via=via))
    return asset


def training_job(job: Mapping[str, Any], tags: Mapping[str, str], resolver: ResolverConfig) -> Asset:
    """DescribeTrainingJob -> training_job; its InputDataConfig channels are its lineage."""
    datasets = tuple(
        Dataset(name=channel.get("ChannelName"), uri=uri, context="training")
        for channel in job.get("InputDataConfig") or []
        if (uri := ((channel.get("DataSource") or {}).get("S3DataSource") or {}).get("S3Uri"))
    )
    resources = job.get("ResourceConfig") or {}
    accelerator = _instance_accelerator(resources.get("InstanceType"))
    if accelerator is not None:
        count = accelerator.count * int(resources.get("InstanceCount") or 1)
        accelerator = Accelerator(accelerator.vendor, accelerator.model, count)
    return _asset(
        job["TrainingJobArn"],
        AssetKind.TRAINING_JOB,
        job.get("TrainingJobName"),
        tags,
        resolver,
        created_at=job.get("CreationTime"),
        lineage=Lineage(datasets=datasets, job=job["TrainingJobArn"]),
        lifecycle=str(job.get("TrainingJobStatus", "")).lower() or None,
        launched_at=rfc3339(job.get("TrainingStartTime")),
        updated_at=rfc3339(job.get("LastModifiedTime")),
        artifact_uri=(job.get("ModelArtifacts") or {}).get("S3ModelArtifacts"),
        accelerator=accelerator,
    )


def notebook(item: Mapping[str, Any], tags: Mapping[str, str], resolver: ResolverConfig) -> Asset:
    """ListNotebookInstances item -> notebook (the list call carries every field we read)."""
    return _asset(
        item["NotebookInstanceArn"],
        AssetKind.NOTEBOOK,
        item.get("NotebookInstanceName"),
        tags,
        resolver,
        created_at=item.get("CreationTime"),
        lifecycle=str(item.get("NotebookInstanceStatus", "")).lower() or None,
        updated_at=rfc3339(item.get("LastModifiedTime")),
        accelerator=_instance_accelerator(item.get("InstanceType")),
    )


def ec2_instance(
    instance: Mapping[str, Any], arn: str, accelerator: Accelerator, resolver: ResolverConfig
) -> Asset:
    tags = tag_list(instance.get("Tags"))
    return _asset(
        arn,
        AssetKind.COMPUTE,
        tags.get("Name") or instance.get("InstanceId"),
        tags,
        resolver,
        created_at=instance.get("LaunchTime"),
        launched_at=rfc3339(instance.get("LaunchTime")),
        lifecycle=str((instance.get("State") or {}).get("Name", "")).lower() or None,
        accelerator=accelerator,
    )


def bedrock_custom_model(
    model: Mapping[str, Any], tags: Mapping[str, str], resolver: ResolverConfig
) -> Asset:
    """GetCustomModel -> custom_model: base model, training data and job as lineage."""
    data_uri = (model.get("trainingDataConfig") or {}).get("s3Uri")
    return _asset(
        model["modelArn"],
        AssetKind.CUSTOM_MODEL,
        model.get("modelName"),
        tags,
        resolver,
        created_at=model.get("creationTime"),
        lineage=Lineage(
            datasets=(Dataset(uri=data_uri, context="training"),) if data_uri else (),
            job=model.get("jobArn"),
            base_model=model.get("baseModelArn"),
        ),
        artifact_uri=(model.get("outputDataConfig") or {}).get("s3Uri"),
    )


def bedrock_provisioned_throughput(
    item: Mapping[str, Any], tags: Mapping[str, str], resolver: ResolverConfig
) -> Asset:
    """ListProvisionedModelThroughputs item -> serving: dedicated capacity running a model."""
    model_arn = item.get("modelArn") or item.get("foundationModelArn")
    asset = _asset(
        item["provisionedModelArn"],
        AssetKind.SERVING,
        item.get("provisionedModelName"),
        tags,
        resolver,
        created_at=item.get("creationTime"),
        updated_at=rfc3339(item.get("lastModifiedTime")),
        lifecycle=str(item.get("status", "")).lower() or None,
    )
    if isinstance(model_arn, str):
        via = "bedrock:provisioned-throughput.modelArn"
        asset = _served_model(asset, RegistryRef(name=model_arn.rsplit("/", 1)[-1], uri=model_arn, via=via))
    return asset


def _served_model(asset: Asset, ref: RegistryRef) -> Asset:
    """Link a serving asset to the model the API says it runs, unless its tags already name one."""
    if asset.registry_ref is not None:
        return asset
    return asset.evolve(registry_ref=ref, resolved_from={**asset.resolved_from, "registry_ref": ref.via})


def _instance_accelerator(instance_type: Any) -> Accelerator | None:
    if not isinstance(instance_type, str):
        return None
    # SageMaker instance types carry an "ml." prefix over the EC2 family names
    return instance_accelerator(instance_type.removeprefix("ml."))
