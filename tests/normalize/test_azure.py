"""Azure ML API answers -> Assets: the decisions docs/azure.md describes, one resource at a time."""

from __future__ import annotations

from scanner.model import Accelerator, AssetKind
from scanner.normalize import azure
from scanner.normalize.resolve import ResolverConfig

WS = "/subscriptions/s/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-churn"
HOME = azure.Home(WS, "mlw-churn", "rg-ml", {"owner": "ws-owner@example.com", "env": "dev"})
CONFIG = ResolverConfig()


def version(props: dict[str, object], rid: str = f"{WS}/models/churn/versions/2") -> dict[str, object]:
    return {
        "id": rid,
        "name": "2",
        "properties": props,
        "systemData": {"createdAt": "2026-01-02T03:04:05.123Z"},
    }


def test_a_version_defers_workspace_values_to_its_container_and_reads_stage() -> None:
    asset = azure.model_version(version({"stage": "Production", "tags": {"risk-tier": "high"}}), HOME, CONFIG)
    assert asset.owner is None and "owner" not in asset.resolved_from  # the container's, inherited later
    assert (asset.environment, asset.resolved_from["environment"]) == (
        "production",
        "stage",
    )  # over workspace-tag
    assert asset.risk_tier == "high" and asset.created_at == "2026-01-02T03:04:05Z"
    own = azure.model_version(
        version({"stage": "Production", "tags": {"environment": "staging"}}), HOME, CONFIG
    )
    assert (own.environment, own.resolved_from["environment"]) == ("staging", "tag:environment")
    archived = azure.model_version(version({"isArchived": True}), HOME, CONFIG)
    assert (archived.lifecycle, archived.resolved_from["lifecycle"]) == ("archived", "isArchived")


def test_a_container_falls_back_to_the_workspace() -> None:
    container = azure.model_container(
        {"id": f"{WS}/models/churn", "name": "churn", "properties": {}}, HOME, CONFIG
    )
    assert (container.owner, container.resolved_from["owner"]) == (
        "ws-owner@example.com",
        "workspace-tag:owner",
    )
    assert (container.environment, container.resolved_from["environment"]) == (
        "development",
        "workspace-tag:env",
    )


def test_job_lineage_skips_literals_and_keeps_the_base_model() -> None:
    job = {
        "id": f"{WS}/jobs/j1",
        "name": "j1",
        "properties": {
            "jobType": "Command",
            "inputs": {
                "lr": {"jobInputType": "literal", "value": "0.1"},
                "train": {"jobInputType": "mltable", "uri": "azureml:churn-table:2"},
                "base": {"jobInputType": "custom_model", "uri": "azureml:bert:1"},
            },
        },
    }
    lineage = azure.job_lineage(job)
    assert [(d.name, d.uri) for d in lineage.datasets] == [("train", "azureml:churn-table:2")]
    assert (lineage.base_model, lineage.job) == ("azureml:bert:1", f"{WS}/jobs/j1")


def test_a_deployment_of_a_datastore_path_has_an_artifact_not_a_registry_link() -> None:
    deployment = {
        "id": f"{WS}/onlineEndpoints/e/deployments/d",
        "name": "d",
        "properties": {
            "model": "azureml://datastores/blob/paths/models/churn/",
            "instanceType": "Standard_NV36ads_A10_v5",
        },
    }
    asset = azure.online_deployment(deployment, {"name": "e", "tags": {}}, HOME, CONFIG)
    assert asset.kind is AssetKind.SERVING and asset.registry_ref is None
    assert asset.artifact_uri == "azureml://datastores/blob/paths/models/churn/"
    assert asset.accelerator == Accelerator("nvidia", "A10", 1)


def test_attached_compute_takes_its_accelerator_from_the_node_size() -> None:
    aks = {
        "id": f"{WS}/computes/aks",
        "name": "aks",
        "properties": {
            "computeType": "AKS",
            "properties": {"agentVmSize": "Standard_NC6s_v3", "agentCount": 3},
        },
    }
    asset = azure.compute(aks, HOME, CONFIG)
    assert (asset.kind, asset.accelerator) == (AssetKind.COMPUTE, Accelerator("nvidia", "V100", 1))
    stopped = {
        "id": f"{WS}/computes/ci",
        "name": "ci",
        "properties": {
            "computeType": "ComputeInstance",
            "properties": {
                "vmSize": "Standard_DS3_v2",
                "state": "Stopped",
                "lastOperation": {"operationName": "Stop"},
            },
        },
    }
    notebook = azure.compute(stopped, HOME, CONFIG)
    assert (notebook.kind, notebook.lifecycle, notebook.launched_at) == (AssetKind.NOTEBOOK, "stopped", None)
