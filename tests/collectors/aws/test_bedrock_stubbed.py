"""Bedrock provisioned throughputs. moto 5.2 does not implement ListProvisionedModelThroughputs,
so this one call is served by botocore's Stubber (the request shapes are still validated against
the real service model); everything else in tests/collectors/aws runs against the moto server."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.collectors.aws import bedrock
from scanner.collectors.aws.unit import Unit
from scanner.model import AssetKind
from scanner.normalize.resolve import ResolverConfig

THROUGHPUT = "arn:aws:bedrock:us-east-1:111111111111:provisioned-model/abc123"
CUSTOM = "arn:aws:bedrock:us-east-1:111111111111:custom-model/amazon.titan/fraud-summarizer"


class _Session:
    """Hands the unit the stubbed client; a real boto3 client underneath."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def client(self, service: str, **_: Any) -> Any:
        return self._client


def test_provisioned_throughput_is_a_serving_asset_linked_to_its_model() -> None:
    client = boto3.client(
        "bedrock",
        region_name="us-east-1",
        aws_access_key_id="t",
        aws_secret_access_key="t",
    )
    stub = Stubber(client)
    stub.add_response("list_custom_models", {"modelSummaries": []})
    stub.add_response(
        "list_provisioned_model_throughputs",
        {
            "provisionedModelSummaries": [
                {
                    "provisionedModelName": "fraud-summarizer-pt",
                    "provisionedModelArn": THROUGHPUT,
                    "modelArn": CUSTOM,
                    "desiredModelArn": CUSTOM,
                    "foundationModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan",
                    "modelUnits": 1,
                    "desiredModelUnits": 1,
                    "status": "InService",
                    "creationTime": dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc),
                    "lastModifiedTime": dt.datetime(2026, 10, 2, tzinfo=dt.timezone.utc),
                }
            ]
        },
    )
    stub.add_response(
        "list_tags_for_resource",
        {"tags": [{"key": "owner", "value": "genai@example.com"}, {"key": "environment", "value": "prod"}]},
        {"resourceARN": THROUGHPUT},
    )
    unit = Unit("111111111111", "us-east-1", "bedrock", _Session(client), None, ResolverConfig())
    with stub:
        bedrock.read(unit)
    stub.assert_no_pending_responses()
    assert unit.errors == []
    [asset] = unit.assets
    assert (asset.id, asset.kind, asset.owner, asset.environment) == (
        THROUGHPUT,
        AssetKind.SERVING,
        "genai@example.com",
        "production",
    )
    assert asset.registry_ref is not None and asset.registry_ref.uri == CUSTOM
    assert asset.lifecycle == "inservice"
