"""Azure ML resources in the shapes the Resource Manager API returns them (API 2023-04-01), put
into the test server through its validating `add`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.collectors.azure.server import PROVIDER, AzureMlServer

SUB_A = "0a1b2c3d-0000-4000-8000-00000000000a"
SUB_B = "0a1b2c3d-0000-4000-8000-00000000000b"
CREATED = {"createdAt": "2026-09-01T10:00:00Z", "createdBy": "alice@example.com", "createdByType": "User"}


@dataclass(frozen=True)
class Home:
    subscription: str
    resource_group: str
    name: str
    kind: str = "workspaces"  # or "registries"

    @property
    def id(self) -> str:
        return (
            f"/subscriptions/{self.subscription}/resourceGroups/{self.resource_group}"
            f"/providers/{PROVIDER}/{self.kind}/{self.name}"
        )


class Estate:
    """Seeds a test server; every method returns the resource's Resource Manager id."""

    def __init__(self, server: AzureMlServer) -> None:
        self.server = server

    def workspace(self, subscription: str, rg: str, name: str, tags: dict[str, str] | None = None) -> Home:
        self.server.add_subscription(subscription)
        home = Home(subscription, rg, name)
        self.server.add(
            f"/subscriptions/{subscription}/providers/{PROVIDER}/workspaces",
            {
                "id": home.id,
                "name": name,
                "type": f"{PROVIDER}/workspaces",
                "location": "westeurope",
                "tags": tags or {},
                "systemData": CREATED,
                "properties": {"friendlyName": name, "provisioningState": "Succeeded", "hbiWorkspace": False},
            },
        )
        return home

    def registry(self, subscription: str, rg: str, name: str, tags: dict[str, str] | None = None) -> Home:
        self.server.add_subscription(subscription)
        home = Home(subscription, rg, name, "registries")
        self.server.add(
            f"/subscriptions/{subscription}/providers/{PROVIDER}/registries",
            {
                "id": home.id,
                "name": name,
                "type": f"{PROVIDER}/registries",
                "location": "westeurope",
                "tags": tags or {},
                "systemData": CREATED,
                "properties": {"regionDetails": [{"location": "westeurope"}]},
            },
        )
        return home

    def model(
        self,
        home: Home,
        name: str,
        tags: dict[str, str] | None = None,
        properties: dict[str, str] | None = None,
    ) -> str:
        rid = f"{home.id}/models/{name}"
        self.server.add(
            f"{home.id}/models",
            {
                "id": rid,
                "name": name,
                "type": f"{PROVIDER}/{home.kind}/models",
                "systemData": CREATED,
                "properties": {"tags": tags or {}, "properties": properties or {}, "isArchived": False},
            },
        )
        return rid

    def version(
        self,
        home: Home,
        name: str,
        version: str,
        *,
        tags: dict[str, str] | None = None,
        properties: dict[str, str] | None = None,
        job: str | None = None,
        stage: str | None = None,
        archived: bool = False,
        model_uri: str | None = None,
    ) -> str:
        rid = f"{home.id}/models/{name}/versions/{version}"
        props: dict[str, Any] = {
            "tags": tags or {},
            "properties": properties or {},
            "isArchived": archived,
            "modelType": "mlflow_model",
            "modelUri": model_uri or f"azureml://jobs/{job or 'manual'}/outputs/artifacts/paths/model/",
        }
        if job:
            props["jobName"] = job
        if stage:
            props["stage"] = stage
        self.server.add(
            f"{home.id}/models/{name}/versions",
            {
                "id": rid,
                "name": version,
                "type": f"{PROVIDER}/{home.kind}/models/versions",
                "systemData": CREATED,
                "properties": props,
            },
        )
        return rid

    def data(self, home: Home, name: str, version: str, tags: dict[str, str]) -> str:
        rid = f"{home.id}/data/{name}/versions/{version}"
        self.server.add_single(
            {
                "id": rid,
                "name": version,
                "type": f"{PROVIDER}/workspaces/data/versions",
                "systemData": CREATED,
                "properties": {
                    "dataType": "uri_folder",
                    "dataUri": f"azureml://datastores/lake/paths/{name}/",
                    "tags": tags,
                },
            }
        )
        return rid

    def cluster(
        self, home: Home, name: str, vm_size: str, tags: dict[str, str] | None = None, max_nodes: int = 4
    ) -> str:
        return self._compute(
            home,
            name,
            tags,
            {
                "computeType": "AmlCompute",
                "provisioningState": "Succeeded",
                "createdOn": "2026-08-01T09:00:00Z",
                "properties": {
                    "vmSize": vm_size,
                    "vmPriority": "Dedicated",
                    "scaleSettings": {
                        "maxNodeCount": max_nodes,
                        "minNodeCount": 0,
                        "nodeIdleTimeBeforeScaleDown": "PT30M",
                    },
                },
            },
        )

    def instance(
        self,
        home: Home,
        name: str,
        vm_size: str,
        state: str,
        started: str,
        tags: dict[str, str] | None = None,
    ) -> str:
        return self._compute(
            home,
            name,
            tags,
            {
                "computeType": "ComputeInstance",
                "provisioningState": "Succeeded",
                "createdOn": "2026-07-01T09:00:00Z",
                "properties": {
                    "vmSize": vm_size,
                    "state": state,
                    "lastOperation": {
                        "operationName": "Start",
                        "operationTime": started,
                        "operationStatus": "Succeeded",
                    },
                    "schedules": {
                        "computeStartStop": [{"action": "Stop", "triggerType": "Cron", "status": "Enabled"}]
                    },
                },
            },
        )

    def _compute(self, home: Home, name: str, tags: dict[str, str] | None, properties: dict[str, Any]) -> str:
        rid = f"{home.id}/computes/{name}"
        self.server.add(
            f"{home.id}/computes",
            {
                "id": rid,
                "name": name,
                "type": f"{PROVIDER}/workspaces/computes",
                "location": "westeurope",
                "tags": tags or {},
                "systemData": CREATED,
                "properties": properties,
            },
        )
        return rid

    def job(
        self,
        home: Home,
        name: str,
        *,
        compute: str,
        inputs: dict[str, dict[str, str]],
        status: str = "Completed",
        instances: int = 1,
        tags: dict[str, str] | None = None,
    ) -> str:
        rid = f"{home.id}/jobs/{name}"
        self.server.add(
            f"{home.id}/jobs",
            {
                "id": rid,
                "name": name,
                "type": f"{PROVIDER}/workspaces/jobs",
                "systemData": CREATED,
                "properties": {
                    "jobType": "Command",
                    "displayName": name,
                    "experimentName": "fraud",
                    "status": status,
                    "computeId": compute,
                    "command": "python train.py --data ${{inputs.training}}",
                    "environmentId": "azureml:sklearn-env:4",
                    # never read by mlgov: the test asserts these values appear nowhere
                    "environmentVariables": {"DB_PASSWORD": "env-secret-value-5521"},
                    "inputs": inputs,
                    "resources": {"instanceCount": instances},
                    "tags": tags or {},
                },
            },
        )
        return rid

    def online(
        self,
        home: Home,
        endpoint: str,
        deployment: str,
        *,
        model: str,
        instance_type: str,
        tags: dict[str, str] | None = None,
        endpoint_tags: dict[str, str] | None = None,
    ) -> str:
        eid = f"{home.id}/onlineEndpoints/{endpoint}"
        if eid.lower() not in self.server.existing:
            self.server.add(
                f"{home.id}/onlineEndpoints",
                {
                    "id": eid,
                    "name": endpoint,
                    "type": f"{PROVIDER}/workspaces/onlineEndpoints",
                    "location": "westeurope",
                    "tags": endpoint_tags or {},
                    "systemData": CREATED,
                    "properties": {
                        "authMode": "Key",
                        "provisioningState": "Succeeded",
                        "traffic": {deployment: 100},
                    },
                },
            )
        rid = f"{eid}/deployments/{deployment}"
        self.server.add(
            f"{eid}/deployments",
            {
                "id": rid,
                "name": deployment,
                "type": f"{PROVIDER}/workspaces/onlineEndpoints/deployments",
                "location": "westeurope",
                "tags": tags or {},
                "systemData": CREATED,
                "sku": {"name": "Default", "capacity": 2},
                "properties": {
                    "endpointComputeType": "Managed",
                    "model": model,
                    "instanceType": instance_type,
                    "provisioningState": "Succeeded",
                    "environmentVariables": {"API_TOKEN": "env-secret-value-5522"},
                },
            },
        )
        return rid

    def batch(self, home: Home, endpoint: str, deployment: str, *, model: str, compute: str) -> str:
        eid = f"{home.id}/batchEndpoints/{endpoint}"
        self.server.add(
            f"{home.id}/batchEndpoints",
            {
                "id": eid,
                "name": endpoint,
                "type": f"{PROVIDER}/workspaces/batchEndpoints",
                "location": "westeurope",
                "tags": {},
                "systemData": CREATED,
                "properties": {"authMode": "AADToken", "provisioningState": "Succeeded"},
            },
        )
        rid = f"{eid}/deployments/{deployment}"
        self.server.add(
            f"{eid}/deployments",
            {
                "id": rid,
                "name": deployment,
                "type": f"{PROVIDER}/workspaces/batchEndpoints/deployments",
                "location": "westeurope",
                "tags": {},
                "systemData": CREATED,
                "properties": {
                    "model": {"referenceType": "Id", "assetId": model},
                    "compute": compute,
                    "resources": {"instanceCount": 2},
                    "provisioningState": "Succeeded",
                },
            },
        )
        return rid


GOVERNED = {
    "owner": "fraud-team@example.com",
    "risk-tier": "high",
    "mlgov.io/model-card": "https://wiki.example.com/models/fraud-detector",
    "mlgov.io/model-card-status": "Approved",
    "sunset-date": "2027-06-30",
    "data-classification": "confidential",
    "cost-center": "cc-4711",
}


V3_REVIEW = {
    "approval-status": "Approved",
    "mlgov.io/model-card": "https://wiki.example.com/models/fraud-detector",
    "mlgov.io/model-card-status": "Approved",
}


def seed_estate(server: AzureMlServer) -> dict[str, str]:
    """Two subscriptions: a governed production workspace, an ungoverned sandbox, a research
    workspace and a shared registry. Returns ids by a short name for the assertions."""
    estate = Estate(server)
    prod = estate.workspace(SUB_A, "rg-ml-prod", "mlw-fraud-prod", {"cost-center": "cc-4711"})
    sandbox = estate.workspace(SUB_A, "rg-ml-sandbox", "mlw-sandbox", {"environment": "dev"})
    research = estate.workspace(SUB_B, "rg-research", "mlw-research")
    shared = estate.registry(SUB_B, "rg-shared", "mlreg-shared", {"owner": "platform@example.com"})
    ids: dict[str, str] = {}
    ids["cluster"] = estate.cluster(
        prod, "gpu-cluster", "STANDARD_NC24ADS_A100_V4", {"owner": "fraud-team@example.com"}
    )
    ids["cpu"] = estate.cluster(prod, "cpu-cluster", "Standard_D4s_v3")
    estate.data(prod, "fraud-transactions", "7", {"data-classification": "confidential"})
    ids["job"] = estate.job(
        prod,
        "train-fraud-42",
        compute=ids["cluster"],
        instances=2,
        inputs={
            "training": {
                "jobInputType": "uri_folder",
                "uri": "azureml:fraud-transactions:7",
                "mode": "ReadOnlyMount",
            },
            "base": {
                "jobInputType": "mlflow_model",
                "uri": "azureml://registries/mlreg-shared/models/fraud-base/versions/1",
            },
            "epochs": {"jobInputType": "literal", "value": "10"},
        },
        tags=GOVERNED,
    )
    ids["model"] = estate.model(prod, "fraud-detector", tags=GOVERNED)
    for number in ("1", "2", "3"):
        ids[f"v{number}"] = estate.version(
            prod,
            "fraud-detector",
            number,
            job="train-fraud-42" if number == "3" else None,
            stage="Archived" if number == "1" else "Production",
            # approval and the model card are per version: a container's card is not inherited
            properties=V3_REVIEW if number == "3" else {},
        )
    ids["online"] = estate.online(
        prod,
        "fraud-scoring",
        "blue",
        model=ids["v3"],
        instance_type="Standard_NC6s_v3",
        endpoint_tags={
            "owner": "fraud-team@example.com",
            "sunset-date": "2027-06-30",
            "data-classification": "confidential",
        },
    )
    ids["retired-serving"] = estate.online(
        prod, "fraud-scoring", "green", model="azureml:fraud-detector:1", instance_type="Standard_DS3_v2"
    )
    ids["batch"] = estate.batch(prod, "fraud-batch", "nightly", model=ids["v3"], compute=ids["cluster"])
    ids["notebook"] = estate.instance(
        sandbox, "ci-bob", "Standard_NC4as_T4_v3", "Running", "2026-08-01T08:00:00Z"
    )
    ids["shadow"] = estate.online(
        sandbox,
        "llm-playground",
        "default",
        model="azureml://registries/mlreg-shared/models/not-registered/versions/9",
        instance_type="Standard_ND96isr_H100_v5",
    )
    ids["research-model"] = estate.model(research, "churn")
    ids["research-v1"] = estate.version(
        research, "churn", "1", tags={"owner": "ds@example.com", "risk-tier": "high"}
    )
    ids["registry-model"] = estate.model(shared, "fraud-base", tags={"data-classification": "internal"})
    ids["registry-v1"] = estate.version(shared, "fraud-base", "1")
    return ids
