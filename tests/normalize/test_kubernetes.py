from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from scanner.model import Accelerator, AssetKind, Location, RegistryRef, SourceType
from scanner.normalize.kubernetes import apply_namespace_labels, normalize_k8s_object
from scanner.normalize.resolve import ResolverConfig

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "manifests"
CONFIG = ResolverConfig()


def norm(text: str, **kw: Any):  # type: ignore[no-untyped-def]
    kw.setdefault("cluster", "-")
    kw.setdefault("location", Location("m.yaml", 1))
    return normalize_k8s_object(yaml.safe_load(text), resolver=CONFIG, **kw)


def deployment(image: str = "nginx:1.27", meta: str = "", pod_meta: str = "", resources: str = "") -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: ns
{meta}
spec:
  template:
    metadata:
      name: t
{pod_meta}
    spec:
      containers:
        - name: c
          image: {image}
{resources}
"""


GPU = """\
          resources:
            limits:
              nvidia.com/gpu: 1"""


def crds() -> dict[str, Any]:
    docs = [d for d in yaml.safe_load_all((FIXTURES / "crds.yaml").read_text()) if d]
    return {d["metadata"]["name"]: d for d in docs}


@pytest.mark.parametrize(
    ("name", "kind", "asset_kind"),
    [
        ("iris", "Model", AssetKind.SERVING),
        ("income", "SeldonDeployment", AssetKind.SERVING),
        ("llm-router", "RayService", AssetKind.SERVING),
        ("research", "RayCluster", AssetKind.COMPUTE),
        ("bert-finetune", "PyTorchJob", AssetKind.TRAINING_JOB),
        ("mnist", "TFJob", AssetKind.TRAINING_JOB),
        ("llama-sft", "TrainJob", AssetKind.TRAINING_JOB),
        ("nightly-retrain", "CronJob", AssetKind.TRAINING_JOB),
        ("gpu-burner", "DaemonSet", AssetKind.COMPUTE),
        ("notebook-pod", "Pod", AssetKind.NOTEBOOK),  # mlgov.io/asset-kind override
    ],
)
def test_each_kind(name: str, kind: str, asset_kind: AssetKind) -> None:
    obj = crds()[name]
    asset = normalize_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)
    assert asset is not None
    assert asset.id == f"k8s://-/{obj['metadata']['namespace']}/{kind}/{name}"
    assert asset.kind is asset_kind
    assert asset.name == name


def test_ml_crds_details() -> None:
    objs = crds()

    def get(name: str):  # type: ignore[no-untyped-def]
        return normalize_k8s_object(objs[name], cluster="prod-eu", location=None, resolver=CONFIG)

    seldon = get("income")
    assert seldon.id == "k8s://prod-eu/seldon/SeldonDeployment/income"
    assert seldon.source is SourceType.KUBERNETES
    assert seldon.registry_ref == RegistryRef("income", "4", "models:/income/4", "modelUri")
    assert seldon.image == "seldonio/sklearnserver:1.18.0"
    assert get("iris").artifact_uri.startswith("gs://seldon-models/")
    ray = get("llm-router")
    assert ray.owner == "ray-team@example.com"
    assert ray.accelerator == Accelerator("nvidia", None, 1)
    assert get("research").accelerator == Accelerator("google", "tpu-v5-lite-podslice", 4)
    torch = get("bert-finetune")
    assert torch.accelerator == Accelerator("nvidia", None, 16)  # Master + Worker templates
    assert [d.uri for d in torch.lineage.datasets] == ["s3://datasets/wiki/2026"]
    train = get("llama-sft")
    assert [d.uri for d in train.lineage.datasets] == ["hf://tatsu-lab/alpaca"]
    assert train.lineage.base_model == "hf://meta-llama/Llama-3.2-1B"
    assert train.resolved_from["lineage"] == "spec.initializer.dataset.storageUri"
    assert train.accelerator == Accelerator("nvidia", None, 4)
    assert get("gpu-burner").accelerator == Accelerator("nvidia", "mig-1g.5gb", 1)
    assert get("notebook-pod").accelerator == Accelerator("habana", "gaudi", 1)
    assert get("notebook-pod").environment == "development"  # namespace dev-sandbox
    assert get("web") is None


def test_governed_inference_service() -> None:
    asset = norm((FIXTURES / "isvc-governed.yaml").read_text(), location=Location("isvc.yaml", 2))
    assert asset.id == "k8s://-/ml-prod/InferenceService/fraud-scorer"
    assert asset.kind is AssetKind.SERVING
    assert asset.source is SourceType.FILE
    assert asset.location == Location("isvc.yaml", 2)
    assert asset.owner == "fraud-team@example.com"  # the annotation beats the `owner` label
    assert asset.owner_key == "mlgov.io/owner"
    assert asset.sunset_date == "2027-06-30"
    assert asset.classification == "confidential"
    assert asset.risk_tier == "high"
    assert asset.cost_center == "cc-42"
    assert asset.environment == "production"
    assert asset.resolved_from["environment"] == "namespace:ml-prod"
    assert asset.registry_ref == RegistryRef("fraud-scorer", "7", "models:/fraud-scorer/7", "storageUri")
    assert asset.artifact_uri == "models:/fraud-scorer/7"
    assert asset.accelerator == Accelerator("nvidia", "nvidia-l4", 1)
    assert len(asset.lineage.datasets) == 2
    assert asset.created_at == "2026-03-01T08:00:00Z"
    assert "kubectl.kubernetes.io/last-applied-configuration" not in asset.tags
    assert asset.tags["owner"] == "label-owner"
    assert "SENTINEL" not in repr(asset)


def test_kserve_framework_storage_uri_and_declared_link_first() -> None:
    text = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: s
  annotations:
    mlgov.io/registered-model: declared
spec:
  predictor:
    xgboost:
      storageUri: models:/from-uri/2
"""
    asset = norm(text)
    assert asset.namespace == "default"  # a manifest without namespace
    assert asset.id == "k8s://-/default/InferenceService/s"
    assert asset.artifact_uri == "models:/from-uri/2"
    assert asset.registry_ref == RegistryRef("declared", None, None, "annotation:mlgov.io/registered-model")


def test_plain_workloads_need_an_ml_signal() -> None:
    assert norm(deployment()) is None
    assert (
        norm(deployment(meta="  annotations:\n    mlgov.io/owner: a@example.com")).kind is AssetKind.SERVING
    )
    assert norm(deployment(pod_meta="      labels:\n        mlgov.io/owner: a")).kind is AssetKind.SERVING
    assert norm(deployment(meta="  labels:\n    MLGOV.IO/Classification: x")) is not None
    assert norm(deployment(image="vllm/vllm-openai:v0.6.3")).kind is AssetKind.SERVING
    gpu = norm(deployment(resources=GPU))
    assert gpu.kind is AssetKind.COMPUTE
    assert gpu.accelerator == Accelerator("nvidia", None, 1)
    assert norm(deployment(image="vllm/vllm-openai:v0.6.3", resources=GPU)).kind is AssetKind.SERVING
    linked = norm(deployment(meta="  labels:\n    modelregistry.kubeflow.org/registered-model-id: '3'"))
    assert linked.kind is AssetKind.SERVING
    assert linked.registry_ref.name == "3"


@pytest.mark.parametrize(
    ("kind", "api", "expected"),
    [
        ("StatefulSet", "apps/v1", AssetKind.COMPUTE),
        ("DaemonSet", "apps/v1", AssetKind.COMPUTE),
        ("Job", "batch/v1", AssetKind.TRAINING_JOB),
        ("Pod", "v1", AssetKind.COMPUTE),
    ],
)
def test_workload_kind_mapping_with_gpu(kind: str, api: str, expected: AssetKind) -> None:
    pod_spec = {"containers": [{"image": "x", "resources": {"limits": {"nvidia.com/gpu": "2"}}}]}
    spec = pod_spec if kind == "Pod" else {"template": {"spec": pod_spec}}
    obj = {"apiVersion": api, "kind": kind, "metadata": {"name": "w", "namespace": "n"}, "spec": spec}
    asset = normalize_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)
    assert asset is not None and asset.kind is expected
    assert asset.accelerator == Accelerator("nvidia", None, 2)


def test_asset_kind_override() -> None:
    meta = "  annotations:\n    mlgov.io/asset-kind: Training_Job"
    assert norm(deployment(meta=meta)).kind is AssetKind.TRAINING_JOB
    bogus = "  annotations:\n    mlgov.io/asset-kind: spaceship"
    assert norm(deployment(meta=bogus)).kind is AssetKind.SERVING  # unknown override ignored


@pytest.mark.parametrize(
    ("api", "kind", "is_asset"),
    [
        ("apps/v1", "Deployment", True),
        ("extensions/v1beta1", "Deployment", True),
        ("example.com/v1", "Deployment", False),  # someone else's Deployment CRD
        (None, "Deployment", True),  # no apiVersion: matched on kind
        ("serving.kserve.io/v1beta1", "InferenceService", True),
        ("other.io/v1", "InferenceService", False),
        (None, "InferenceService", True),
        ("mlops.seldon.io/v1alpha1", "Model", True),
        (None, "Model", False),  # too generic without its group
        ("v1", "ConfigMap", False),
        ("v1", "Secret", False),
    ],
)
def test_kinds_match_on_api_group(api: str | None, kind: str, is_asset: bool) -> None:
    obj: dict[str, Any] = {"kind": kind, "metadata": {"name": "x", "annotations": {"mlgov.io/owner": "o"}}}
    if api:
        obj["apiVersion"] = api
    assert (normalize_k8s_object(obj, cluster="-", location=None, resolver=CONFIG) is not None) is is_asset


def test_objects_without_identity_or_owned_by_a_controller_are_skipped() -> None:
    meta = {"annotations": {"mlgov.io/owner": "o"}}
    base = {"apiVersion": "v1", "kind": "Pod", "spec": {}}
    assert (
        normalize_k8s_object({**base, "metadata": meta}, cluster="-", location=None, resolver=CONFIG) is None
    )
    generated = {**base, "metadata": {**meta, "generateName": "train-"}}
    asset = normalize_k8s_object(generated, cluster="-", location=None, resolver=CONFIG)
    assert asset is not None and asset.name == "train-"
    owned = {
        **base,
        "metadata": {**meta, "name": "p", "ownerReferences": [{"kind": "ReplicaSet", "controller": True}]},
    }
    assert normalize_k8s_object(owned, cluster="c", location=None, resolver=CONFIG) is None
    by_operator = {
        **base,
        "metadata": {**meta, "name": "p", "ownerReferences": [{"kind": "Workflow", "controller": True}]},
    }
    assert normalize_k8s_object(by_operator, cluster="c", location=None, resolver=CONFIG) is None
    deployment_by_operator = {
        **by_operator,
        "apiVersion": "apps/v1",
        "kind": "Deployment",
    }
    assert (
        normalize_k8s_object(deployment_by_operator, cluster="c", location=None, resolver=CONFIG) is not None
    )
    by_kserve = {
        **deployment_by_operator,
        "metadata": {
            **meta,
            "name": "d",
            "ownerReferences": [{"kind": "InferenceService", "controller": True}],
        },
    }
    assert normalize_k8s_object(by_kserve, cluster="c", location=None, resolver=CONFIG) is None
    not_controller = {
        **base,
        "metadata": {**meta, "name": "p", "ownerReferences": [{"kind": "ReplicaSet"}]},
    }
    assert normalize_k8s_object(not_controller, cluster="c", location=None, resolver=CONFIG) is not None


def test_accelerator_model_from_selectors_and_instance_types() -> None:
    def with_spec(extra: dict[str, Any]) -> Accelerator:
        pod = {"containers": [{"image": "x", "resources": {"requests": {"nvidia.com/gpu": 1}}}], **extra}
        obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": pod}
        asset = normalize_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)
        assert asset is not None and asset.accelerator is not None
        return asset.accelerator

    assert with_spec({}) == Accelerator("nvidia", None, 1)  # requests alone count
    assert with_spec({"nodeSelector": {"node.kubernetes.io/instance-type": "p4d.24xlarge"}}).model == "A100"
    assert with_spec({"nodeSelector": {"karpenter.k8s.aws/instance-gpu-name": "l4"}}).model == "l4"
    affinity = {
        "nodeAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "preference": {
                        "matchExpressions": [
                            {"key": "nvidia.com/gpu.product", "operator": "In", "values": ["A10"]}
                        ]
                    }
                }
            ]
        }
    }
    assert with_spec({"affinity": affinity}).model == "A10"


def test_accelerator_counts_sum_over_containers_limits_win() -> None:
    resources = [
        {"limits": {"nvidia.com/gpu": "2"}, "requests": {"nvidia.com/gpu": "1"}},
        {"limits": {"nvidia.com/gpu": 1}},
        {"limits": {"aws.amazon.com/neuroncore": 2}},
        {"limits": {"nvidia.com/gpu": "lots"}},  # unparseable: counted as 0, vendor still known
    ]
    containers = [{"image": "x", "resources": r} for r in resources]
    obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": containers}}
    asset = normalize_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)
    assert asset is not None
    assert asset.accelerator == Accelerator("nvidia", None, 3)


def test_namespace_labels_and_later_application() -> None:
    asset = norm(deployment(meta="  annotations:\n    mlgov.io/owner: o"), namespace_labels={"env": "qa"})
    assert (asset.environment, asset.resolved_from["environment"]) == ("staging", "namespace-label:env")
    own = norm(
        deployment(meta="  labels:\n    env: dev\n    mlgov.io/owner: o"), namespace_labels={"env": "prod"}
    )
    assert own.environment == "development"  # the object's own label wins
    plain = norm(deployment(meta="  annotations:\n    mlgov.io/owner: o"))
    assert plain.environment == "unknown"
    later = apply_namespace_labels(plain, {"environment": "production"}, CONFIG)
    assert (later.environment, later.resolved_from["environment"]) == (
        "production",
        "namespace-label:environment",
    )
    assert apply_namespace_labels(own, {"env": "prod"}, CONFIG) is own


def test_unquoted_yaml_dates_and_timestamps() -> None:
    text = deployment(
        meta="  creationTimestamp: 2026-10-01T12:00:00Z\n  annotations:\n    mlgov.io/sunset-date: 2027-06-30"
    )
    asset = norm(text)
    assert asset.created_at == "2026-10-01T12:00:00Z"
    assert asset.sunset_date == "2027-06-30"


def test_only_allow_listed_fields_are_read() -> None:
    obj = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": "leaky",
            "annotations": {
                "mlgov.io/owner": "o@example.com",
                "kubectl.kubernetes.io/last-applied-configuration": '{"env": "S3CR3T-LAST-APPLIED"}',
                "api-token": "S3CR3T-ANNOTATION",
            },
        },
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "c",
                            "image": "vllm/vllm-openai:v1",
                            "command": ["S3CR3T-COMMAND"],
                            "args": ["--key", "S3CR3T-ARG"],
                            "env": [{"name": "TOKEN", "value": "S3CR3T-ENV"}],
                            "envFrom": [{"secretRef": {"name": "S3CR3T-SECRETREF"}}],
                            "resources": {"limits": {"nvidia.com/gpu": 1, "memory": "S3CR3T-MEM"}},
                        }
                    ],
                    "volumes": [{"name": "v", "secret": {"secretName": "S3CR3T-VOLUME"}}],
                }
            }
        },
    }
    asset = normalize_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)
    assert asset is not None
    assert "S3CR3T" not in repr(asset)
    assert "S3CR3T" not in json.dumps(asset.to_policy_dict())


@pytest.mark.parametrize(
    "obj",
    [
        {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": ["not", "a", "map"]},
        {"kind": ["Deployment"], "metadata": {"name": "x"}},
        {"kind": "Deployment", "apiVersion": 7, "metadata": {"name": "x", "annotations": ["a"]}},
        {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "x"}, "spec": "nope"},
        {
            "kind": "Deployment",
            "apiVersion": "apps/v1",
            "metadata": {"name": {"nested": 1}, "labels": {"mlgov.io/owner": ["x"]}},
            "spec": {"template": {"spec": {"containers": "x"}}},
        },
        {
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": 12, "annotations": {"mlgov.io/owner": None}},
            "spec": {"containers": [None, 3, {"image": ["x"], "resources": {"limits": "gpu"}}]},
        },
        {
            "kind": "PyTorchJob",
            "apiVersion": "kubeflow.org/v1",
            "metadata": {"name": "x"},
            "spec": {"pytorchReplicaSpecs": []},
        },
        {
            "kind": "RayService",
            "apiVersion": "ray.io/v1",
            "metadata": {"name": "x"},
            "spec": {"rayClusterConfig": 1},
        },
    ],
)
def test_malformed_shapes_never_raise(obj: dict[str, Any]) -> None:
    normalize_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)
