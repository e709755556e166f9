"""Argo Workflows (Workflow, CronWorkflow, WorkflowTemplate, ClusterWorkflowTemplate): the pod
templates of their steps, including the steps Kubeflow Pipelines v2 compiles into parameters.

An Argo template runs a pod when it has a ``container``, a ``script`` or a ``containerSet``;
``steps``, ``dag``, ``resource`` and ``suspend`` templates run none. Node selectors and affinity
come from the template, else from the workflow. A workflow has no leader step: its image is the
first step that requests accelerators, else its first step.

Kubeflow Pipelines v2 compiles each component into a workflow parameter named
``implementations-<hash>`` whose value is the component's container spec as JSON; the pods that
run it are created later by the KFP driver from that JSON, so the accelerator a step asks for
(``resources.accelerator``: ``type``/``resourceType`` and ``count``/``resourceCount``) is only
there. From that JSON we read the image and the accelerator, nothing else (not the command, args
or env it also holds).
"""

from __future__ import annotations

import json
from typing import Any

from scanner.normalize.accelerators import resource_vendor
from scanner.normalize.access import Obj, get_list, get_map, get_str, maps
from scanner.normalize.k8s_pods import PodTemplate, accelerator
from scanner.normalize.tags import string_map

KFP_IMPLEMENTATION_PREFIX = "implementations-"
# A component spec is a few kilobytes; anything far larger is not one and is not parsed.
_MAX_COMPONENT_JSON = 1 << 20


def argo_templates(spec: Obj | None) -> list[PodTemplate]:
    """KFP v2 component steps first (their images are the real step images; the workflow's own
    containers are KFP's driver and launcher), then the Argo templates that run a pod, those
    requesting accelerators first: the image a workflow reports is its ML step's."""
    if spec is None:
        return []
    steps = [t for t in (_template(t, spec) for t in maps(get_list(spec, "templates"))) if t is not None]
    steps.sort(key=lambda t: accelerator([t]) is None)  # stable: document order otherwise
    return kfp_component_templates(spec) + steps


def _template(template: Obj, workflow: Obj) -> PodTemplate | None:
    containers = maps([template.get("container"), template.get("script")])
    containers += maps(get_list(template, "containerSet", "containers"))
    if not containers:
        return None
    return PodTemplate(
        annotations=string_map(get_map(template, "metadata", "annotations")),
        labels=string_map(get_map(template, "metadata", "labels")),
        spec={
            "containers": containers,
            "nodeSelector": get_map(template, "nodeSelector") or get_map(workflow, "nodeSelector") or {},
            "affinity": get_map(template, "affinity") or get_map(workflow, "affinity") or {},
        },
    )


def kfp_component_templates(spec: Obj) -> list[PodTemplate]:
    out = []
    for parameter in maps(get_list(spec, "arguments", "parameters")):
        name, value = get_str(parameter, "name") or "", parameter.get("value")
        if not name.startswith(KFP_IMPLEMENTATION_PREFIX) or not isinstance(value, str):
            continue
        component = _component(value)
        if component is not None:
            out.append(_kfp_template(component))
    return out


def _component(text: str) -> Obj | None:
    if len(text) > _MAX_COMPONENT_JSON or not text.lstrip().startswith("{"):
        return None
    try:
        parsed: Any = json.loads(text)
    except (ValueError, RecursionError):
        return None  # not a component spec: nothing to read, and nothing wrong with the workflow
    return parsed if isinstance(parsed, dict) else None


def _kfp_template(component: Obj) -> PodTemplate:
    container: dict[str, Any] = {"image": get_str(component, "image")}
    node_selector: dict[str, str] = {}
    wanted = get_map(component, "resources", "accelerator")
    kind = get_str(wanted, "resourceType") or get_str(wanted, "type")
    if kind is not None:
        count = get_str(wanted, "resourceCount") or get_str(wanted, "count") or "0"
        resource, model = _accelerator_resource(kind)
        if resource is not None:
            container["resources"] = {"limits": {resource: count}}
        if model is not None:
            node_selector["cloud.google.com/gke-accelerator"] = model
    return PodTemplate({}, {}, {"containers": [container], "nodeSelector": node_selector})


def _accelerator_resource(kind: str) -> tuple[str | None, str | None]:
    """(extended resource, GKE accelerator label) for a KFP accelerator type.

    KFP takes either a Kubernetes resource name (``nvidia.com/gpu``) or a Vertex-style type
    (``NVIDIA_TESLA_T4``, ``TPU_V3``), which KFP on GKE turns into that node label. A type given
    only at run time (``{{$.inputs.parameters[...]}}``) names no accelerator we can judge.
    """
    if resource_vendor(kind) is not None:
        return kind, None
    upper = kind.upper()
    if upper.startswith("NVIDIA_"):
        return "nvidia.com/gpu", kind.lower().replace("_", "-")
    if upper.startswith("TPU_"):
        return "google.com/tpu", kind.lower().replace("_", "-")
    return None, None
