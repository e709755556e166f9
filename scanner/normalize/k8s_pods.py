"""Pod templates inside Kubernetes objects, and the few things we read from them.

From a pod spec we read exactly: container ``image``; the accelerator entries of
``resources.limits`` / ``resources.requests``; ``nodeSelector`` and node-affinity keys that name
an accelerator model. Nothing else: not ``env``, ``args``, ``command``, volumes or probes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scanner.model import Accelerator
from scanner.normalize.accelerators import MODEL_NODE_KEYS, instance_accelerator, resource_vendor
from scanner.normalize.access import Obj, as_int, get_list, get_map, get_str, maps
from scanner.normalize.tags import string_map


@dataclass(frozen=True)
class PodTemplate:
    """A pod template's metadata maps and its (raw, read-only) pod spec."""

    annotations: dict[str, str]
    labels: dict[str, str]
    spec: Obj | None


def _template(template: Obj | None) -> PodTemplate | None:
    if template is None:
        return None
    return PodTemplate(
        annotations=string_map(get_map(template, "metadata", "annotations")),
        labels=string_map(get_map(template, "metadata", "labels")),
        spec=get_map(template, "spec"),
    )


def _replica_templates(specs: Obj | None, order: tuple[str, ...]) -> list[PodTemplate]:
    """Kubeflow ``*ReplicaSpecs``: the conventional leader role first, then the rest."""
    if specs is None:
        return []
    roles = [r for r in order if r in specs] + [r for r in specs if r not in order]
    out = [_template(get_map(specs, role, "template")) for role in roles]
    return [t for t in out if t is not None]


def _ray_templates(cluster_spec: Obj | None) -> list[PodTemplate]:
    head = [_template(get_map(cluster_spec, "headGroupSpec", "template"))]
    workers = [_template(get_map(g, "template")) for g in maps(get_list(cluster_spec, "workerGroupSpecs"))]
    return [t for t in head + workers if t is not None]


def _synthetic(containers: Iterable[Obj], spec: Obj | None = None) -> PodTemplate:
    """CRDs that embed container fields without a pod template (KServe, TrainJob)."""
    return PodTemplate(
        annotations={},
        labels={},
        spec={
            "containers": list(containers),
            "nodeSelector": get_map(spec, "nodeSelector") or {},
            "affinity": get_map(spec, "affinity") or {},
        },
    )


def kserve_components(predictor: Obj | None) -> list[Obj]:
    """The predictor's framework/model components (``model``, ``sklearn``, ``triton``...)."""
    if predictor is None:
        return []
    return [v for k, v in predictor.items() if isinstance(v, dict) and k not in _KSERVE_NOT_COMPONENTS]


_KSERVE_NOT_COMPONENTS = frozenset(
    {"nodeSelector", "affinity", "tolerations", "securityContext", "resources", "logger", "batcher"}
)


def pod_templates(kind: str, obj: Obj) -> list[PodTemplate]:
    """Every pod template (or pod-like spec) the object declares, leader first."""
    spec = get_map(obj, "spec")
    if kind == "Pod":
        return [PodTemplate({}, {}, spec)]
    if kind in {"Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"}:
        found = _template(get_map(spec, "template"))
        return [found] if found else []
    if kind == "CronJob":
        found = _template(get_map(spec, "jobTemplate", "spec", "template"))
        return [found] if found else []
    if kind == "PyTorchJob":
        return _replica_templates(get_map(spec, "pytorchReplicaSpecs"), ("Master", "Worker"))
    if kind == "TFJob":
        return _replica_templates(get_map(spec, "tfReplicaSpecs"), ("Chief", "Master", "Worker", "PS"))
    if kind == "RayCluster":
        return _ray_templates(spec)
    if kind == "RayService":
        return _ray_templates(get_map(spec, "rayClusterConfig") or get_map(spec, "rayClusterSpec"))
    if kind == "InferenceService":
        predictor = get_map(spec, "predictor")
        containers = maps(get_list(predictor, "containers")) + kserve_components(predictor)
        return [_synthetic(containers, predictor)] if predictor is not None else []
    if kind == "SeldonDeployment":
        out = []
        for predictor in maps(get_list(spec, "predictors")):
            for component in maps(get_list(predictor, "componentSpecs")):
                found = _template(component)
                if found:
                    out.append(found)
        return out
    if kind == "TrainJob":
        trainer = get_map(spec, "trainer")
        if trainer is None:
            return []
        container = {"image": trainer.get("image"), "resources": get_map(trainer, "resourcesPerNode") or {}}
        return [_synthetic([container])]
    return []


def containers(templates: Iterable[PodTemplate]) -> list[Obj]:
    return [c for t in templates for c in maps(get_list(t.spec, "containers"))]


def first_image(templates: Iterable[PodTemplate]) -> str | None:
    for container in containers(templates):
        image = get_str(container, "image")
        if image:
            return image
    return None


def images(templates: Iterable[PodTemplate]) -> list[str]:
    return [i for c in containers(templates) if (i := get_str(c, "image"))]


def accelerator(templates: list[PodTemplate]) -> Accelerator | None:
    """Accelerators requested by one replica of each pod template, summed over containers.

    Replica counts are not multiplied in: autoscalers own them, and the same rule then holds
    for every kind. Limits win over requests (Kubernetes requires them equal for extended
    resources; a manifest may set either).
    """
    totals: dict[str, int] = {}
    hints: dict[str, str | None] = {}
    for container in containers(templates):
        resources = get_map(container, "resources")
        wanted = {**(get_map(resources, "requests") or {}), **(get_map(resources, "limits") or {})}
        for name, value in wanted.items():
            found = resource_vendor(str(name))
            if found is None:
                continue
            vendor, hint = found
            count = as_int(value) or 0
            totals[vendor] = totals.get(vendor, 0) + count
            hints.setdefault(vendor, hint)
    if not totals:
        return None
    vendor = max(totals, key=lambda v: totals[v])  # the first vendor wins a tie (dict order)
    return Accelerator(vendor=vendor, model=node_model(templates) or hints[vendor], count=totals[vendor])


def node_model(templates: Iterable[PodTemplate]) -> str | None:
    """The accelerator model named by a node selector or a required/preferred node affinity."""
    for template in templates:
        selectors = dict(_affinity_values(template.spec))
        selectors.update((str(k), str(v)) for k, v in (get_map(template.spec, "nodeSelector") or {}).items())
        for key in MODEL_NODE_KEYS:
            value = selectors.get(key)
            if not value:
                continue
            if key.endswith("instance-type"):
                found = instance_accelerator(value)
                if found is not None:
                    return found.model
                continue
            return value
    return None


def _affinity_values(spec: Obj | None) -> Iterable[tuple[str, str]]:
    node_affinity = get_map(spec, "affinity", "nodeAffinity")
    required = get_map(node_affinity, "requiredDuringSchedulingIgnoredDuringExecution")
    terms = maps(get_list(required, "nodeSelectorTerms"))
    terms += [
        p
        for pref in maps(get_list(node_affinity, "preferredDuringSchedulingIgnoredDuringExecution"))
        if (p := get_map(pref, "preference")) is not None
    ]
    for term in terms:
        for expr in maps(get_list(term, "matchExpressions")):
            key, values = get_str(expr, "key"), get_list(expr, "values")
            if key and get_str(expr, "operator") == "In" and values:
                yield key, str(values[0])


# Model servers, matched on the image repository (registry host, tag and digest removed) at
# path-segment boundaries, so "ray" does not match "xray" or "array".
_MODEL_SERVER = re.compile(
    r"(^|/)kserve/"
    r"|tritonserver"
    r"|(^|/)vllm([-/]|$)|/vllm-[a-z0-9-]+$"
    r"|text-generation-inference|text-embeddings-inference"
    r"|(^|/)tensorflow/serving"
    r"|torchserve"
    r"|(^|/)seldonio/|mlserver"
    r"|bentoml"
    r"|(^|/)ollama(/|$)"
    r"|sglang"
    r"|(^|/)rayproject/ray(-ml|-llm)?$"
    r"|(^|/)mlflow(/|$)|mlflow-(serve|server|models)"
    r"|openvino/model_server"
    r"|(^|/)nim/"
    r"|llama[.-]cpp|(^|/)localai(/|$)"
    r"|huggingface-pytorch-inference|huggingface-pytorch-tgi"
)


def image_repository(image: str) -> str:
    """``ghcr.io/org/vllm:v1@sha256:...`` -> ``org/vllm`` (lower-cased)."""
    name = image.strip().lower().split("@", 1)[0]
    head, _, last = name.rpartition("/")
    last = last.split(":", 1)[0]
    name = f"{head}/{last}" if head else last
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        name = rest  # drop the registry host
    return name


def is_model_server_image(image: str) -> bool:
    return _MODEL_SERVER.search(image_repository(image)) is not None
