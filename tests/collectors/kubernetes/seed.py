"""The objects the live tests create: three labelled namespaces with every kind the collector
reads, cluster-scoped ML objects, GPU and CPU Nodes, and things that must not become assets (a
plain web Deployment, a Pod owned by a controller, a CPU-only Workflow, templates, a Secret and a
ConfigMap)."""

from __future__ import annotations

import json
from typing import Any

NAMESPACES = {
    "prod": {"environment": "production", "data-classification": "confidential"},
    "staging": {"environment": "staging"},
    "dev": {"mlgov.io/environment": "development"},
}
SECRET_VALUE = "s3cr3t-env-value-never-in-reports"
OWNERS = {"prod": "fraud-team@example.com", "staging": "ml-platform@example.com", "dev": "alice@example.com"}
SUNSETS = {"prod": "2027-06-30", "staging": "2027-01-31", "dev": "2026-01-01"}  # dev's has passed


def _meta(
    name: str, ns: str, annotations: dict[str, str] | None = None, labels: dict[str, str] | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": ns}
    if annotations:
        meta["annotations"] = annotations
    if labels:
        meta["labels"] = labels
    return meta


def _container(image: str, gpus: int = 0, env: bool = False) -> dict[str, Any]:
    container: dict[str, Any] = {"name": "main", "image": image}
    if gpus:
        container["resources"] = {"limits": {"nvidia.com/gpu": str(gpus)}}
    if env:
        container["env"] = [
            {"name": "API_PASSWORD", "value": SECRET_VALUE},
            {"name": "MODE", "value": SECRET_VALUE},
        ]
    return container


def _template(app: str, *containers: dict[str, Any], restart: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"containers": list(containers)}
    if restart:
        spec["restartPolicy"] = restart
    return {"metadata": {"labels": {"app": app}}, "spec": spec}


def _workload(
    kind: str, api: str, name: str, ns: str, image: str, gpus: int = 0, **meta: Any
) -> dict[str, Any]:
    spec: dict[str, Any]
    if kind == "Job":
        spec = {"template": _template(name, _container(image, gpus), restart="Never")}
    elif kind == "CronJob":
        spec = {
            "schedule": "0 3 * * *",
            "jobTemplate": {
                "spec": {"template": _template(name, _container(image, gpus), restart="OnFailure")}
            },
        }
    else:
        spec = {
            "selector": {"matchLabels": {"app": name}},
            "template": _template(name, _container(image, gpus, env=True)),
        }
        if kind == "StatefulSet":
            spec["serviceName"] = name
    return {"apiVersion": api, "kind": kind, "metadata": _meta(name, ns, **meta), "spec": spec}


def _replica(image: str, gpus: int) -> dict[str, Any]:
    return {"replicas": 1, "template": {"spec": {"containers": [_container(image, gpus)]}}}


def namespace_objects(ns: str) -> list[dict[str, Any]]:
    owner = {"mlgov.io/owner": OWNERS[ns]}
    sunset = {**owner, "mlgov.io/sunset-date": SUNSETS[ns]}
    return [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": NAMESPACES[ns]}},
        {
            "apiVersion": "serving.kserve.io/v1beta1",
            "kind": "InferenceService",
            "metadata": _meta("fraud-isvc", ns, {**sunset, "mlgov.io/training-data": "s3://data/fraud"}),
            "spec": {
                "predictor": {"model": {"modelFormat": {"name": "sklearn"}, "storageUri": "models:/fraud/3"}}
            },
        },
        {
            "apiVersion": "mlops.seldon.io/v1alpha1",
            "kind": "Model",
            "metadata": _meta("churn-model", ns, owner),
            "spec": {"storageUri": "s3://models/churn/v4", "requirements": ["sklearn"], "server": "mlserver"},
        },
        {
            "apiVersion": "machinelearning.seldon.io/v1",
            "kind": "SeldonDeployment",
            "metadata": _meta("reco-sdep", ns, sunset, {"data-classification": "internal"}),
            "spec": {
                "predictors": [{"name": "default", "graph": {"name": "reco", "modelUri": "models:/reco/2"}}]
            },
        },
        {
            "apiVersion": "ray.io/v1",
            "kind": "RayService",
            "metadata": _meta("llm-ray", ns, owner),
            "spec": {
                "rayClusterConfig": {
                    "headGroupSpec": {
                        "template": {"spec": {"containers": [_container("rayproject/ray-ml:2.9.0")]}}
                    }
                }
            },
        },
        {
            "apiVersion": "ray.io/v1",
            "kind": "RayCluster",
            "metadata": _meta("ray-gpu", ns, {"mlgov.io/cost-center": "cc-42"}),
            "spec": {
                "headGroupSpec": {"template": {"spec": {"containers": [_container("rayproject/ray:2.9.0")]}}},
                "workerGroupSpecs": [
                    {
                        "groupName": "gpu",
                        "template": {"spec": {"containers": [_container("rayproject/ray:2.9.0", 2)]}},
                    }
                ],
            },
        },
        {
            "apiVersion": "kubeflow.org/v1",
            "kind": "PyTorchJob",
            "metadata": _meta("train-bert", ns, {**owner, "mlgov.io/training-data": "s3://data/bert"}),
            "spec": {
                "pytorchReplicaSpecs": {
                    "Master": _replica("pytorch/pytorch:2.3", 8),
                    "Worker": _replica("pytorch/pytorch:2.3", 8),
                }
            },
        },
        {
            "apiVersion": "kubeflow.org/v1",
            "kind": "TFJob",
            "metadata": _meta("train-tf", ns),
            "spec": {"tfReplicaSpecs": {"Chief": _replica("tensorflow/tensorflow:2.15.0-gpu", 1)}},
        },
        {
            "apiVersion": "trainer.kubeflow.org/v1alpha1",
            "kind": "TrainJob",
            "metadata": _meta("train-llm", ns, owner),
            "spec": {
                "initializer": {
                    "dataset": {"storageUri": "hf://datasets/acme/support"},
                    "model": {"storageUri": "hf://meta-llama/Llama-3-8B"},
                },
                "trainer": {
                    "image": "acme/trainer:1.0",
                    "resourcesPerNode": {"limits": {"nvidia.com/gpu": "4"}},
                },
            },
        },
        _workload(
            "Deployment",
            "apps/v1",
            "vllm-server",
            ns,
            "vllm/vllm-openai:v0.6.0",
            1,
            annotations={**sunset, "mlgov.io/registered-model": "support-llm", "mlgov.io/model-version": "7"},
        ),
        _workload(
            "StatefulSet", "apps/v1", "triton", ns, "nvcr.io/nvidia/tritonserver:24.01-py3", annotations=owner
        ),
        _workload(
            "DaemonSet",
            "apps/v1",
            "gpu-exporter",
            ns,
            "acme/dcgm-exporter:3",
            1,
            labels={"cost-center": "cc-7"},
        ),
        # Jobs carry their own labels: the server copies the pod template's labels onto a Job
        # that has none, and the live object would then rightly have tags its manifest lacks
        _workload(
            "Job",
            "batch/v1",
            "batch-train",
            ns,
            "acme/train:2",
            2,
            annotations=owner,
            labels={"app": "batch-train"},
        ),
        _workload("CronJob", "batch/v1", "nightly-retrain", ns, "acme/train:2", 1, annotations=sunset),
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": _meta("notebook-pod", ns, {"mlgov.io/owner": OWNERS[ns]}),
            "spec": {"containers": [_container("jupyter/pytorch-notebook:latest", 1, env=True)]},
        },
        # not assets: a Pod a controller owns, a plain web app, a Secret, a ConfigMap
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                **_meta("vllm-server-abc12", ns),
                "ownerReferences": [
                    {
                        "apiVersion": "apps/v1",
                        "kind": "ReplicaSet",
                        "name": "vllm-server-abc",
                        "uid": "0d0c7e9e-5a4e-4a58-9d36-4c1b4b0b3f10",
                        "controller": True,
                    }
                ],
            },
            "spec": {"containers": [_container("vllm/vllm-openai:v0.6.0", 1)]},
        },
        _workload("Deployment", "apps/v1", "web-frontend", ns, "nginx:1.27"),
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": _meta("model-creds", ns),
            "stringData": {"token": SECRET_VALUE},
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": _meta("model-config", ns),
            "data": {"password": SECRET_VALUE},
        },
    ]


def _job(
    api: str, kind: str, name: str, ns: str, field: str, roles: dict[str, int], **meta: Any
) -> dict[str, Any]:
    specs = {role: _replica(f"acme/{kind.lower()}:1", gpus) for role, gpus in roles.items()}
    return {"apiVersion": api, "kind": kind, "metadata": _meta(name, ns, **meta), "spec": {field: specs}}


def _ray_cluster(gpus: int) -> dict[str, Any]:
    return {
        "headGroupSpec": {"template": {"spec": {"containers": [_container("rayproject/ray:2.52.0")]}}},
        "workerGroupSpecs": [
            {
                "groupName": "gpu",
                "template": {"spec": {"containers": [_container("rayproject/ray:2.52.0", gpus)]}},
            }
        ],
    }


def _argo_spec(gpus: int) -> dict[str, Any]:
    """A KFP v2 compiled workflow: the GPU request is in the component's JSON parameter."""
    component: dict[str, Any] = {"image": "acme/finetune:3", "command": ["python"], "args": [SECRET_VALUE]}
    if gpus:
        component["resources"] = {
            "accelerator": {"resourceType": "nvidia.com/gpu", "resourceCount": str(gpus)}
        }
    return {
        "entrypoint": "entrypoint",
        "arguments": {"parameters": [{"name": "implementations-0f1e", "value": json.dumps(component)}]},
        "templates": [
            {"name": "entrypoint", "dag": {"tasks": [{"name": "driver", "template": "driver"}]}},
            {"name": "driver", "container": {"image": "ghcr.io/kubeflow/kfp-driver:2.5.0"}},
        ],
    }


def _pod_spec(image: str, gpus: int = 0) -> dict[str, Any]:
    return {"containers": [_container(image, gpus)]}


def new_kind_objects(ns: str) -> list[dict[str, Any]]:
    """One object of each kind added with issue 14 (and the templates they name)."""
    owner = {"mlgov.io/owner": OWNERS[ns]}
    sunset = {**owner, "mlgov.io/sunset-date": SUNSETS[ns]}
    kserve, seldon, trainer = (
        "serving.kserve.io/v1alpha1",
        "mlops.seldon.io/v1alpha1",
        "trainer.kubeflow.org/v1alpha1",
    )
    return [
        {
            "apiVersion": kserve,
            "kind": "LLMInferenceService",
            "metadata": _meta("llm-svc", ns, sunset),
            "spec": {
                "model": {"uri": "hf://Qwen/Qwen2.5-7B-Instruct"},
                "baseRefs": [{"name": "llm-base"}],
                "template": {
                    "containers": [{"name": "main", "resources": {"limits": {"nvidia.com/gpu": "2"}}}]
                },
            },
        },
        {
            "apiVersion": kserve,
            "kind": "LLMInferenceServiceConfig",
            "metadata": _meta("llm-base", ns),
            "spec": {"template": _pod_spec("vllm/vllm-openai:v0.8.5")},
        },
        {
            "apiVersion": kserve,
            "kind": "InferenceGraph",
            "metadata": _meta("fraud-graph", ns, sunset),
            "spec": {"nodes": {"root": {"routerType": "Sequence", "steps": [{"serviceName": "fraud-isvc"}]}}},
        },
        {
            "apiVersion": kserve,
            "kind": "TrainedModel",
            "metadata": _meta("fraud-tm", ns, owner),
            "spec": {
                "inferenceService": "fraud-isvc",
                "model": {"framework": "sklearn", "storageUri": "models:/fraud/4"},
            },
        },
        {
            "apiVersion": kserve,
            "kind": "LocalModelNamespaceCache",
            "metadata": _meta("qwen-cache", ns),
            "spec": {
                "sourceModelUri": "hf://Qwen/Qwen2.5-7B-Instruct",
                "modelSize": "20Gi",
                "nodeGroups": ["gpu"],
            },
        },
        {
            "apiVersion": seldon,
            "kind": "Server",
            "metadata": _meta("mlserver", ns, {"mlgov.io/cost-center": "cc-9"}),
            "spec": {
                "serverConfig": "mlserver",
                "podSpec": {
                    "containers": [{"name": "mlserver", "resources": {"limits": {"nvidia.com/gpu": "1"}}}]
                },
            },
        },
        {
            "apiVersion": seldon,
            "kind": "ServerConfig",
            "metadata": _meta("mlserver", ns),
            "spec": {
                "podSpec": {
                    "containers": [
                        {"name": "rclone", "image": "seldonio/seldon-rclone:2.8.0"},
                        {"name": "agent", "image": "seldonio/seldon-agent:2.8.0"},
                        {"name": "mlserver", "image": "seldonio/mlserver:1.6.1"},
                    ]
                }
            },
        },
        {
            "apiVersion": seldon,
            "kind": "Pipeline",
            "metadata": _meta("churn-pipeline", ns, owner),
            "spec": {"steps": [{"name": "churn-model"}], "output": {"steps": ["churn-model"]}},
        },
        {
            "apiVersion": seldon,
            "kind": "Experiment",
            "metadata": _meta("churn-ab", ns, owner),
            "spec": {
                "default": "churn-model",
                "candidates": [
                    {"name": "churn-model", "weight": 50},
                    {"name": "churn-model-v2", "weight": 50},
                ],
            },
        },
        {
            "apiVersion": "ray.io/v1",
            "kind": "RayJob",
            "metadata": _meta("ray-train", ns, owner),
            "spec": {"entrypoint": "python train.py", "rayClusterSpec": _ray_cluster(2)},
        },
        {
            "apiVersion": "ray.io/v1",
            "kind": "RayCronJob",
            "metadata": _meta("ray-nightly", ns),
            "spec": {
                "schedule": "0 4 * * *",
                "jobTemplate": {"entrypoint": "python eval.py", "rayClusterSpec": _ray_cluster(1)},
            },
        },
        _job(
            "kubeflow.org/v2beta1",
            "MPIJob",
            "mpi-train",
            ns,
            "mpiReplicaSpecs",
            {"Launcher": 0, "Worker": 4},
            annotations=owner,
        ),
        _job("kubeflow.org/v1", "XGBoostJob", "xgb-train", ns, "xgbReplicaSpecs", {"Master": 0, "Worker": 0}),
        _job(
            "kubeflow.org/v1",
            "PaddleJob",
            "paddle-train",
            ns,
            "paddleReplicaSpecs",
            {"Master": 1, "Worker": 1},
        ),
        _job(
            "kubeflow.org/v1", "JAXJob", "jax-train", ns, "jaxReplicaSpecs", {"Worker": 1}, annotations=owner
        ),
        {
            "apiVersion": "kubeflow.org/v1",
            "kind": "Notebook",
            "metadata": _meta("research-nb", ns, owner),
            "spec": {
                "template": {"spec": _pod_spec("kubeflownotebookswg/jupyter-pytorch-cuda-full:v1.9.0", 1)}
            },
        },
        {
            "apiVersion": "kubeflow.org/v1beta1",
            "kind": "Experiment",
            "metadata": _meta("tune-lr", ns, owner),
            "spec": {
                "objective": {"type": "minimize", "objectiveMetricName": "loss"},
                "algorithm": {"algorithmName": "random"},
                "trialTemplate": {
                    "primaryContainerName": "main",
                    "trialSpec": {
                        "apiVersion": "batch/v1",
                        "kind": "Job",
                        "spec": {"template": {"spec": _pod_spec("acme/tune:1", 1)}},
                    },
                },
            },
        },
        {
            "apiVersion": trainer,
            "kind": "TrainJob",
            "metadata": _meta("train-on-runtime", ns, owner),
            "spec": {"runtimeRef": {"name": "torch-rt", "kind": "TrainingRuntime"}},
        },
        {
            "apiVersion": trainer,
            "kind": "TrainJob",
            "metadata": _meta("train-on-cluster-runtime", ns, owner),
            "spec": {"runtimeRef": {"name": "torch-distributed"}},
        },
        _training_runtime("TrainingRuntime", "torch-rt", ns, "acme/torch-rt:1", 2),
        {
            "apiVersion": "argoproj.io/v1alpha1",
            "kind": "Workflow",
            "metadata": _meta("kfp-finetune", ns, owner),
            "spec": _argo_spec(1),
        },
        {
            "apiVersion": "argoproj.io/v1alpha1",
            "kind": "Workflow",
            "metadata": _meta("kfp-cpu-report", ns),
            "spec": _argo_spec(0),
        },
        {
            "apiVersion": "argoproj.io/v1alpha1",
            "kind": "CronWorkflow",
            "metadata": _meta("nightly-finetune", ns),
            "spec": {"schedule": "0 1 * * *", "workflowSpec": _argo_spec(2)},
        },
        {
            "apiVersion": "argoproj.io/v1alpha1",
            "kind": "WorkflowTemplate",
            "metadata": _meta("finetune-template", ns),
            "spec": _argo_spec(4),
        },
    ]


def _training_runtime(kind: str, name: str, ns: str | None, image: str, gpus: int) -> dict[str, Any]:
    node = {"name": "node", "template": {"spec": {"template": {"spec": _pod_spec(image, gpus)}}}}
    metadata = _meta(name, ns) if ns else {"name": name}
    return {
        "apiVersion": "trainer.kubeflow.org/v1alpha1",
        "kind": kind,
        "metadata": metadata,
        "spec": {"template": {"spec": {"replicatedJobs": [node]}}},
    }


CLUSTER_OBJECTS: list[dict[str, Any]] = [
    _training_runtime(
        "ClusterTrainingRuntime", "torch-distributed", None, "pytorch/pytorch:2.7.1-cuda12.8", 1
    ),
    {
        "apiVersion": "serving.kserve.io/v1alpha1",
        "kind": "LocalModelCache",
        "metadata": {"name": "llama-cache", "annotations": {"mlgov.io/owner": "infra-team@example.com"}},
        "spec": {
            "sourceModelUri": "hf://meta-llama/Llama-3.1-8B-Instruct",
            "modelSize": "20Gi",
            "nodeGroups": ["gpu"],
        },
    },
    {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "ClusterWorkflowTemplate",
        "metadata": {"name": "shared-finetune"},
        "spec": _argo_spec(8),
    },
]
CLUSTER_ASSETS = (("LocalModelCache", "llama-cache"), ("ClusterWorkflowTemplate", "shared-finetune"))

ASSET_NAMES = (
    ("InferenceService", "fraud-isvc"),
    ("Model", "churn-model"),
    ("SeldonDeployment", "reco-sdep"),
    ("RayService", "llm-ray"),
    ("RayCluster", "ray-gpu"),
    ("PyTorchJob", "train-bert"),
    ("TFJob", "train-tf"),
    ("TrainJob", "train-llm"),
    ("Deployment", "vllm-server"),
    ("StatefulSet", "triton"),
    ("DaemonSet", "gpu-exporter"),
    ("Job", "batch-train"),
    ("CronJob", "nightly-retrain"),
    ("Pod", "notebook-pod"),
    ("LLMInferenceService", "llm-svc"),
    ("InferenceGraph", "fraud-graph"),
    ("TrainedModel", "fraud-tm"),
    ("LocalModelNamespaceCache", "qwen-cache"),
    ("Server", "mlserver"),
    ("Pipeline", "churn-pipeline"),
    ("Experiment", "churn-ab"),
    ("RayJob", "ray-train"),
    ("RayCronJob", "ray-nightly"),
    ("MPIJob", "mpi-train"),
    ("XGBoostJob", "xgb-train"),
    ("PaddleJob", "paddle-train"),
    ("JAXJob", "jax-train"),
    ("Notebook", "research-nb"),
    ("Experiment", "tune-lr"),
    ("TrainJob", "train-on-runtime"),
    ("TrainJob", "train-on-cluster-runtime"),
    ("Workflow", "kfp-finetune"),
    ("CronWorkflow", "nightly-finetune"),
    ("WorkflowTemplate", "finetune-template"),
)

NODES: list[dict[str, Any]] = [
    {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": "gpu-a100-1",
            "labels": {
                "nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB",
                "owner": "infra-team",
                "cost-center": "cc-1",
            },
        },
        "status": {"capacity": {"cpu": "96", "memory": "1Ti", "nvidia.com/gpu": "8"}},
    },
    {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "gpu-t4-1", "labels": {"node.kubernetes.io/instance-type": "g4dn.xlarge"}},
        "status": {"capacity": {"cpu": "4", "nvidia.com/gpu": "1"}},
    },
    {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "cpu-1", "labels": {"node.kubernetes.io/instance-type": "m5.large"}},
        "status": {"capacity": {"cpu": "2", "memory": "8Gi"}},
    },
]


def all_objects() -> list[dict[str, Any]]:
    namespaced = [o for ns in NAMESPACES for o in namespace_objects(ns) + new_kind_objects(ns)]
    return namespaced + CLUSTER_OBJECTS + NODES


def expected_ids(cluster: str) -> set[str]:
    ids = {f"k8s://{cluster}/{ns}/{kind}/{name}" for ns in NAMESPACES for kind, name in ASSET_NAMES}
    ids |= {f"k8s://{cluster}/-/{kind}/{name}" for kind, name in CLUSTER_ASSETS}
    return ids | {f"k8s://{cluster}/-/Node/gpu-a100-1", f"k8s://{cluster}/-/Node/gpu-t4-1"}
