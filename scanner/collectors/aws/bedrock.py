"""Bedrock: custom models (base model, training data, customization job) and provisioned
throughputs (dedicated capacity serving a model)."""

from __future__ import annotations

from scanner.collectors.aws.unit import Unit, paginate
from scanner.normalize import aws as normalize


def read(unit: Unit) -> None:
    bedrock = unit.client("bedrock")

    def custom_models() -> None:
        for item in paginate(bedrock, "list_custom_models", "modelSummaries"):
            described = bedrock.get_custom_model(modelIdentifier=item["modelArn"])
            tags = normalize.tag_list(
                bedrock.list_tags_for_resource(resourceARN=item["modelArn"]).get("tags")
            )
            unit.assets.append(normalize.bedrock_custom_model(described, tags, unit.resolver))

    def provisioned_throughputs() -> None:
        for item in paginate(bedrock, "list_provisioned_model_throughputs", "provisionedModelSummaries"):
            arn = item["provisionedModelArn"]
            tags = normalize.tag_list(bedrock.list_tags_for_resource(resourceARN=arn).get("tags"))
            unit.assets.append(normalize.bedrock_provisioned_throughput(item, tags, unit.resolver))

    unit.step("ListCustomModels", custom_models)
    unit.step("ListProvisionedModelThroughputs", provisioned_throughputs)
