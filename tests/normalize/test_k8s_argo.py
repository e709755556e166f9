"""Argo Workflows are assets when a template requests accelerators, including the accelerators
Kubeflow Pipelines v2 compiles into ``implementations-*`` parameters (kubeflow/pipelines
test_data/compiled-workflows shape)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scanner.model import Accelerator, AssetKind
from scanner.normalize.kubernetes import normalize_k8s_object
from scanner.normalize.resolve import ResolverConfig

CONFIG = ResolverConfig()
KFP_SYSTEM = [
    {
        "name": "system-dag-driver",
        "container": {"image": "ghcr.io/kubeflow/kfp-driver:2.5.0", "args": ["--x"]},
    },
    {
        "name": "system-container-impl",
        "container": {"image": "gcr.io/ml-pipeline/should-be-overridden-during-runtime"},
    },
    {"name": "entrypoint", "dag": {"tasks": [{"name": "root", "template": "system-dag-driver"}]}},
]


def workflow(spec: dict[str, Any], kind: str = "Workflow", **meta: Any) -> Any:
    obj = {"apiVersion": "argoproj.io/v1alpha1", "kind": kind, "metadata": {"generateName": "train-", **meta}}
    obj["spec"] = spec
    return normalize_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)


def kfp_spec(accelerator: dict[str, Any] | None, image: str = "python:3.11") -> dict[str, Any]:
    component: dict[str, Any] = {
        "image": image,
        "command": ["sh", "-c"],
        "args": ["echo SENTINEL-ARG"],
        "env": [{"name": "TOKEN", "value": "SENTINEL-ENV"}],
    }
    if accelerator is not None:
        component["resources"] = {"accelerator": accelerator, "cpuLimit": 1}
    parameters = [
        {"name": "components-abc", "value": json.dumps({"executorLabel": "exec-train"})},
        {"name": "implementations-abc", "value": json.dumps(component)},
    ]
    return {"arguments": {"parameters": parameters}, "entrypoint": "entrypoint", "templates": KFP_SYSTEM}


def test_kfp_v2_component_accelerator_makes_the_workflow_a_training_job() -> None:
    spec = kfp_spec(
        {"count": "1", "resourceCount": "1", "resourceType": "nvidia.com/gpu", "type": "nvidia.com/gpu"}
    )
    asset = workflow(spec)
    assert asset.id == "k8s://-/default/Workflow/train-"
    assert asset.kind is AssetKind.TRAINING_JOB
    assert asset.accelerator == Accelerator("nvidia", None, 1)
    assert asset.image == "python:3.11"  # the step's image, not KFP's driver or placeholder
    assert "SENTINEL" not in repr(asset)


@pytest.mark.parametrize(
    ("accelerator", "expected"),
    [
        ({"type": "NVIDIA_TESLA_T4", "count": "2"}, Accelerator("nvidia", "nvidia-tesla-t4", 2)),
        ({"type": "TPU_V3", "count": 8}, Accelerator("google", "tpu-v3", 8)),
        # a count given at run time: the vendor is known, the count is not
        (
            {"resourceType": "nvidia.com/gpu", "resourceCount": "{{$.inputs.parameters['n']}}"},
            Accelerator("nvidia", None, 0),
        ),
    ],
)
def test_kfp_accelerator_types(accelerator: dict[str, Any], expected: Accelerator) -> None:
    asset = workflow(kfp_spec(accelerator))
    assert asset is not None and asset.accelerator == expected


def test_workflows_without_accelerators_are_not_assets() -> None:
    assert workflow(kfp_spec(None)) is None
    runtime_type = {"resourceType": "{{$.inputs.parameters['pipelinechannel--accelerator_type']}}"}
    assert workflow(kfp_spec(runtime_type)) is None  # the type is only known at run time
    not_json = kfp_spec(None)
    not_json["arguments"]["parameters"][1]["value"] = "{not json" + "[" * 5000
    assert workflow(not_json) is None
    cpu = {
        "entrypoint": "main",
        "templates": [{"name": "main", "container": {"image": "alpine:3", "command": ["ls"]}}],
    }
    assert workflow(cpu) is None


def test_argo_templates_container_script_and_container_set() -> None:
    spec = {
        "entrypoint": "main",
        "nodeSelector": {"cloud.google.com/gke-accelerator": "nvidia-l4"},
        "templates": [
            {"name": "main", "steps": [[{"name": "a", "template": "prep"}]]},
            {"name": "prep", "script": {"image": "python:3.12", "source": "print(1)"}},
            {
                "name": "train",
                "metadata": {"annotations": {"mlgov.io/owner": "ml-team@example.com"}},
                "containerSet": {
                    "containers": [
                        {
                            "name": "a",
                            "image": "acme/train:1",
                            "resources": {"limits": {"nvidia.com/gpu": "2"}},
                        },
                        {
                            "name": "b",
                            "image": "acme/train:1",
                            "resources": {"limits": {"nvidia.com/gpu": "2"}},
                        },
                    ]
                },
            },
        ],
    }
    asset = workflow(spec, kind="WorkflowTemplate", name="finetune", namespace="ml")
    assert asset.id == "k8s://-/ml/WorkflowTemplate/finetune"
    assert asset.accelerator == Accelerator("nvidia", "nvidia-l4", 4)  # the workflow's node selector
    assert asset.image == "acme/train:1"  # the step that requests accelerators, not the first step
    assert asset.owner == "ml-team@example.com"  # template metadata is pod metadata
    cron = workflow({"schedule": "0 2 * * *", "workflowSpec": spec}, kind="CronWorkflow", name="nightly")
    assert cron.kind is AssetKind.TRAINING_JOB and cron.accelerator.count == 4
    cluster = workflow(spec, kind="ClusterWorkflowTemplate", name="shared", namespace="ignored")
    assert cluster.id == "k8s://-/-/ClusterWorkflowTemplate/shared"


def test_an_opted_in_workflow_is_an_asset_without_accelerators() -> None:
    spec = {"entrypoint": "main", "templates": [{"name": "main", "container": {"image": "acme/eval:1"}}]}
    asset = workflow(spec, annotations={"mlgov.io/owner": "eval@example.com"})
    assert asset is not None and asset.kind is AssetKind.TRAINING_JOB and asset.accelerator is None
