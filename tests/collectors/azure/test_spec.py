"""The test server's API description refuses what the real API would not send."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collectors.azure import spec
from tests.collectors.azure.server import AzureMlServer
from tests.collectors.azure.tls import make_tls

VERSION = {"id": "/x", "name": "1", "properties": {"jobName": "j", "stage": "Production", "tags": {}}}


def test_a_valid_model_version_passes() -> None:
    assert spec.validate(VERSION, "ModelVersion") == []


@pytest.mark.parametrize(
    ("body", "model", "complaint"),
    [
        (
            {**VERSION, "properties": {"trainingJob": "j"}},
            "ModelVersion",
            "not a field of ModelVersionProperties",
        ),
        ({"id": "/x"}, "ModelVersion", "required by ModelVersion"),
        ({"properties": {"computeType": "Quantum"}}, "ComputeResource", "is not one of"),
        (
            {"properties": {"computeType": "AmlCompute", "properties": {"vmSize": 6}}},
            "ComputeResource",
            "is not a str",
        ),
        (
            {"properties": {"computeType": "AmlCompute", "properties": {"gpuCount": 8}}},
            "ComputeResource",
            "not a field of AmlComputeProperties",
        ),
        (
            {"location": "x", "properties": {"friendlyName": "w", "owner": "me"}},
            "Workspace",
            "not a field of Workspace",
        ),
        (
            {
                "properties": {
                    "jobType": "Command",
                    "command": "x",
                    "environmentId": "e",
                    "inputs": {"d": {"uri": "u"}},
                }
            },
            "JobBase",
            "discriminator jobInputType",
        ),
    ],
)
def test_what_the_api_does_not_define_is_refused(body: dict[str, object], model: str, complaint: str) -> None:
    assert any(complaint in error for error in spec.validate(body, model)), spec.validate(body, model)


def test_every_list_operation_mlgov_calls_is_a_route(tmp_path: Path) -> None:
    assert {r.operation for r in spec.routes()} >= {"ModelVersions_List", "Jobs_List", "Compute_List"}
    server = AzureMlServer(make_tls(tmp_path))
    with pytest.raises(AssertionError, match="not a field"):
        server.add(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/models",
            {"id": "/m", "properties": {"owner": "x"}},
        )
    with pytest.raises(AssertionError, match="no list operation"):
        server.add("/subscriptions/s/providers/Microsoft.MachineLearningServices/pipelines", {"id": "/p"})
