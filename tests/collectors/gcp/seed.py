"""Vertex AI and Workbench resources in the shapes the API returns them (each one is validated by
the test server against the published schema when it is added).

Per (project, location): a governed model `fraud` with two versions (one from a training
pipeline over a managed dataset, one from a pipeline job whose task read a BigQuery table), an
ungoverned model `shadow-llm`, an endpoint running both fraud versions (a canary on L4s), an
endpoint with nothing deployed, an endpoint running a model of a project nobody scanned, a custom
job on A100s, and a Workbench instance with a T4. Secrets sit where the API allows free text the
scanner must never read (container env, training task inputs, pipeline parameters, VM metadata).
"""

from __future__ import annotations

from typing import Any

from tests.collectors.gcp.server import VertexServer

SECRETS = (
    "env-secret-value-5521",
    "task-input-secret-7710",
    "pipeline-param-secret-3391",
    "startup-script-secret-8842",
    "container-arg-secret-1207",
)
OLD = "2026-01-05T10:00:00.123456Z"


def seed_location(server: VertexServer, project: str, location: str) -> int:
    """Seed one (project, location); returns the number of assets mlgov should find there."""
    parent = f"projects/{project}/locations/{location}"
    fraud = f"{parent}/models/fraud"
    pipeline = f"{parent}/trainingPipelines/8811"
    job = f"{parent}/pipelineJobs/fraud-retrain-20261001"
    server.add(
        "trainingPipelines",
        {
            "name": pipeline,
            "displayName": "fraud-train",
            "state": "PIPELINE_STATE_SUCCEEDED",
            "createTime": OLD,
            "startTime": OLD,
            "updateTime": "2026-01-05T12:00:00Z",
            "trainingTaskDefinition": "gs://google-cloud-aiplatform/schema/trainingjob/definition/custom_task_1.0.0.yaml",
            "trainingTaskInputs": {
                "workerPoolSpecs": [{"containerSpec": {"env": [{"name": "K", "value": SECRETS[1]}]}}]
            },
            "inputDataConfig": {
                "datasetId": "5550001",
                "gcsDestination": {"outputUriPrefix": "gs://ml-staging/fraud"},
            },
            "modelToUpload": {"name": fraud, "versionId": "1", "displayName": "fraud"},
            "labels": {"owner": "team-fraud", "cost-center": "cc-4410"},
        },
    )
    server.add(
        "pipelineJobs",
        {
            "name": job,
            "displayName": "fraud-retrain",
            "state": "PIPELINE_STATE_SUCCEEDED",
            "createTime": "2026-10-01T08:00:00Z",
            "startTime": "2026-10-01T08:01:00Z",
            "updateTime": "2026-10-01T09:00:00Z",
            "runtimeConfig": {
                "parameterValues": {"api_key": SECRETS[2]},
                "gcsOutputDirectory": "gs://ml-pipelines/fraud",
            },
            "labels": {"owner": "team-fraud"},
        },
    )
    server.add_pipeline_detail(
        job,
        {
            "taskDetails": [
                {
                    "taskId": "1",
                    "taskName": "train",
                    "inputs": {
                        "dataset": {
                            "artifacts": [
                                {
                                    "name": f"{parent}/metadataStores/default/artifacts/42",
                                    "displayName": "transactions-2026-09",
                                    "schemaTitle": "google.BQTable",
                                    "uri": "bq://ml-data.fraud.transactions_2026_09",
                                }
                            ]
                        },
                        "config": {
                            "artifacts": [
                                {
                                    "name": f"{parent}/metadataStores/default/artifacts/43",
                                    "schemaTitle": "system.Artifact",
                                    "uri": "gs://ml-pipelines/fraud/config.json",
                                }
                            ]
                        },
                    },
                }
            ]
        },
    )
    version: dict[str, Any] = {
        "name": fraud,
        "displayName": "fraud",
        "description": "Card fraud scoring.\nowner: fraud-team@example.com\nsunset-date: 2027-06-30",
        "createTime": OLD,
        "updateTime": "2026-10-02T00:00:00Z",
        "artifactUri": f"gs://ml-models/{project}/fraud/1",
        "containerSpec": {
            "imageUri": "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest",
            "env": [{"name": "DB_PASSWORD", "value": SECRETS[0]}],
            "args": [f"--token={SECRETS[4]}"],
        },
        "labels": {"data-classification": "confidential", "risk-tier": "high", "approval-status": "approved"},
    }
    server.add(
        "models",
        {
            **version,
            "versionId": "1",
            "versionAliases": ["default", "production"],
            "versionCreateTime": OLD,
            "versionUpdateTime": "2026-01-06T00:00:00Z",
            "trainingPipeline": pipeline,
            "labels": {**version["labels"], "model-card-status": "approved"},
        },
    )
    server.add(
        "models",
        {
            **version,
            "versionId": "2",
            "versionAliases": ["challenger"],
            "versionDescription": "retrained on September data\nlifecycle: staging-candidate",
            "versionCreateTime": "2026-10-01T09:00:00Z",
            "versionUpdateTime": "2026-10-02T00:00:00Z",
            "artifactUri": f"gs://ml-models/{project}/fraud/2",
            "pipelineJob": job,
            "labels": {"data-classification": "confidential", "environment": "production"},
        },
    )
    server.add(
        "models",
        {
            "name": f"{parent}/models/shadow-llm",
            "displayName": "shadow-llm",
            "versionId": "1",
            "versionAliases": ["default"],
            "createTime": OLD,
            "versionCreateTime": OLD,
            "artifactUri": f"gs://ml-jobs/{project}/llm-finetune/model/",  # the custom job's AIP_MODEL_DIR
            "baseModelSource": {"modelGardenSource": {"publicModelName": "publishers/google/models/gemma2"}},
        },
    )
    server.add(
        "endpoints",
        {
            "name": f"{parent}/endpoints/4401",
            "displayName": "fraud-endpoint",
            "description": "owner: fraud-team@example.com",
            "labels": {"environment": "production", "data-classification": "confidential"},
            "createTime": OLD,
            "updateTime": "2026-10-02T00:00:00Z",
            "trafficSplit": {"d1": 90, "d2": 10},
            "deployedModels": [
                {
                    "id": "d1",
                    "model": fraud,
                    "modelVersionId": "1",
                    "displayName": "fraud-v1",
                    "createTime": OLD,
                    "dedicatedResources": {
                        "machineSpec": {
                            "machineType": "n1-standard-8",
                            "acceleratorType": "NVIDIA_TESLA_T4",
                            "acceleratorCount": 1,
                        },
                        "minReplicaCount": 2,
                    },
                },
                {
                    "id": "d2",
                    "model": fraud,
                    "modelVersionId": "2",
                    "displayName": "fraud-v2-canary",
                    "createTime": "2026-10-02T00:00:00Z",
                    "dedicatedResources": {
                        "machineSpec": {"machineType": "g2-standard-24"},
                        "minReplicaCount": 1,
                    },
                },
            ],
        },
    )
    server.add(
        "endpoints", {"name": f"{parent}/endpoints/4402", "displayName": "empty-endpoint", "createTime": OLD}
    )
    server.add(
        "endpoints",
        {
            "name": f"{parent}/endpoints/4403",
            "displayName": "rogue-endpoint",
            "createTime": OLD,
            "deployedModels": [
                {
                    "id": "r1",
                    "model": "projects/unscanned-project/locations/us-central1/models/77",
                    "modelVersionId": "3",
                    "automaticResources": {"minReplicaCount": 1},
                }
            ],
        },
    )
    server.add(
        "customJobs",
        {
            "name": f"{parent}/customJobs/9901",
            "displayName": "llm-finetune",
            "state": "JOB_STATE_RUNNING",
            "createTime": OLD,
            "startTime": OLD,
            "updateTime": OLD,
            "jobSpec": {
                "workerPoolSpecs": [
                    {
                        "machineSpec": {"machineType": "a2-highgpu-2g"},
                        "replicaCount": "2",
                        "containerSpec": {
                            "imageUri": "us-docker.pkg.dev/x/train:1",
                            "env": [{"name": "HF_TOKEN", "value": SECRETS[0]}],
                        },
                    }
                ],
                "baseOutputDirectory": {"outputUriPrefix": f"gs://ml-jobs/{project}/llm-finetune"},
            },
        },
    )
    # 2 models + 3 versions, 3 deployed models (4402 has none), 3 training jobs
    return 2 + 3 + 3 + 3


def seed_workbench(server: VertexServer, project: str, zone: str) -> int:
    server.add_instance(
        {
            "name": f"projects/{project}/locations/{zone}/instances/explore-{zone}",
            "creator": "someone@example.com",
            "instanceOwners": ["data-sci@example.com"],
            "state": "ACTIVE",
            "createTime": OLD,
            "updateTime": OLD,
            "labels": {"cost-center": "cc-7700"},
            "gceSetup": {
                "machineType": "n1-standard-8",
                "acceleratorConfigs": [{"type": "NVIDIA_TESLA_T4", "coreCount": "1"}],
                "metadata": {"startup-script": f"export TOKEN={SECRETS[3]}"},
            },
        }
    )
    return 1


def seed_retired_serving(server: VertexServer, project: str, location: str) -> str:
    """A retired model version, still deployed on an endpoint whose sunset has passed; returns
    the deployed model's id (what serves it)."""
    parent = f"projects/{project}/locations/{location}"
    server.add(
        "models",
        {
            "name": f"{parent}/models/legacy",
            "displayName": "legacy",
            "versionId": "4",
            "versionAliases": ["default"],
            "labels": {"owner": "team-fraud", "lifecycle": "retired", "data-classification": "internal"},
        },
    )
    server.add(
        "endpoints",
        {
            "name": f"{parent}/endpoints/4404",
            "displayName": "legacy-endpoint",
            "labels": {"owner": "team-fraud", "sunset-date": "2026-09-30", "data-classification": "internal"},
            "deployedModels": [{"id": "l1", "model": f"{parent}/models/legacy", "modelVersionId": "4"}],
        },
    )
    return f"{parent}/endpoints/4404/deployedModels/l1"
