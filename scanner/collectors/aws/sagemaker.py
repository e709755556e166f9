"""SageMaker: model cards, models, model package groups and versioned packages, endpoints with
their configs, training jobs, notebook instances. Tags in bulk from the Resource Groups Tagging API, ListTags
where that API fails."""

from __future__ import annotations

from typing import Any

from scanner.collectors.aws.unit import Unit, paginate
from scanner.model import Asset
from scanner.normalize import aws as normalize


class _Tags:
    """ARN -> tags: one bulk read per unit; ListTags per resource only when the bulk read fails."""

    def __init__(self, unit: Unit, sagemaker: Any) -> None:
        self._sagemaker = sagemaker
        self._bulk: dict[str, dict[str, str]] | None = None
        try:
            tagging = unit.client("resourcegroupstaggingapi")
            self._bulk = {
                item["ResourceARN"]: normalize.tag_list(item.get("Tags"))
                for item in paginate(
                    tagging,
                    "get_resources",
                    "ResourceTagMappingList",
                    ResourceTypeFilters=["sagemaker"],
                    ResourcesPerPage=100,
                )
            }
        except Exception:
            self._bulk = None

    def __call__(self, arn: str) -> dict[str, str]:
        if self._bulk is not None:
            return self._bulk.get(arn, {})
        return normalize.tag_list(list(paginate(self._sagemaker, "list_tags", "Tags", ResourceArn=arn)))


class _Cards:
    """Model cards by the model they document: by ARN (model_overview.model_id), else by name."""

    def __init__(self) -> None:
        self._by_id: dict[str, normalize.DescribedCard] = {}
        self._by_name: dict[str, normalize.DescribedCard] = {}

    def add(self, described: normalize.DescribedCard) -> None:
        if described.model_id:
            self._by_id[described.model_id] = described
        elif described.model_name:
            self._by_name[described.model_name] = described

    def attach(self, asset: Asset) -> Asset:
        # a card of its own (inside a model package) wins over a separate card naming the model
        if asset.model_card is not None:
            return asset
        found = self._by_id.get(asset.id)
        if found is None and asset.parent is None and asset.name:
            found = self._by_name.get(asset.name)
        return normalize.with_model_card(asset, found.card) if found else asset


def read(unit: Unit) -> None:
    sm = unit.client("sagemaker")
    tags = _Tags(unit, sm)
    model_arns: dict[str, str] = {}
    group_arns: dict[str, str] = {}
    cards = _Cards()

    def model_cards() -> None:
        for item in paginate(sm, "list_model_cards", "ModelCardSummaries"):
            cards.add(normalize.model_card(sm.describe_model_card(ModelCardName=item["ModelCardName"])))

    def models() -> None:
        for item in paginate(sm, "list_models", "Models"):
            described = sm.describe_model(ModelName=item["ModelName"])
            model_arns[described["ModelName"]] = described["ModelArn"]
            asset = normalize.sagemaker_model(described, tags(described["ModelArn"]), unit.resolver)
            unit.assets.append(cards.attach(asset))

    def groups() -> None:
        for group in paginate(sm, "list_model_package_groups", "ModelPackageGroupSummaryList"):
            group_arns[group["ModelPackageGroupName"]] = group["ModelPackageGroupArn"]
            unit.assets.append(
                normalize.package_group(group, tags(group["ModelPackageGroupArn"]), unit.resolver)
            )

    def packages() -> None:
        # ModelPackageType="Versioned": without it the API lists only unversioned packages
        listed = paginate(sm, "list_model_packages", "ModelPackageSummaryList", ModelPackageType="Versioned")
        for item in listed:
            described = sm.describe_model_package(ModelPackageName=item["ModelPackageArn"])
            group_arn = group_arns.get(described.get("ModelPackageGroupName", ""))
            unit.assets.append(cards.attach(normalize.model_package(described, group_arn, unit.resolver)))

    def endpoints() -> None:
        configs: dict[str, Any] = {}
        for item in paginate(sm, "list_endpoints", "Endpoints"):
            described = sm.describe_endpoint(EndpointName=item["EndpointName"])
            name = described.get("EndpointConfigName")
            if name and name not in configs:
                configs[name] = sm.describe_endpoint_config(EndpointConfigName=name)
            asset = normalize.endpoint(
                described, configs.get(name or ""), model_arns, tags(described["EndpointArn"]), unit.resolver
            )
            unit.assets.append(asset)

    def training_jobs() -> None:
        for item in paginate(sm, "list_training_jobs", "TrainingJobSummaries"):
            described = sm.describe_training_job(TrainingJobName=item["TrainingJobName"])
            unit.assets.append(
                normalize.training_job(described, tags(described["TrainingJobArn"]), unit.resolver)
            )

    def notebooks() -> None:
        for item in paginate(sm, "list_notebook_instances", "NotebookInstances"):
            unit.assets.append(normalize.notebook(item, tags(item["NotebookInstanceArn"]), unit.resolver))

    # cards first: models and packages carry them; models and groups before the endpoints and
    # packages that link to them
    for name, step in (
        ("ListModelCards", model_cards),
        ("ListModels", models),
        ("ListModelPackageGroups", groups),
        ("ListModelPackages", packages),
        ("ListEndpoints", endpoints),
        ("ListTrainingJobs", training_jobs),
        ("ListNotebookInstances", notebooks),
    ):
        unit.step(name, step)
