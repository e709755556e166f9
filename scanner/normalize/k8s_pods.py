"""Pod templates inside Kubernetes objects, and the few things we read from them.

From a pod spec we read exactly: container ``image``; the accelerator entries of
``resources.limits`` / ``resources.requests``; ``nodeSelector`` and node-affinity keys that name
an accelerator model. Nothing else: not ``env``, ``args``, ``command``, volumes or probes.
"""

from __future__ import annotations

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


def pod_template(template: Obj | None) -> PodTemplate | None:
    """A pod template (``metadata`` + ``spec``), or None when absent."""
    if template is None:
        return None
    return PodTemplate(
        annotations=string_map(get_map(template, "metadata", "annotations")),
        labels=string_map(get_map(template, "metadata", "labels")),
        spec=get_map(template, "spec"),
    )


def bare_pod_spec(spec: Obj | None) -> PodTemplate | None:
    """A pod spec without pod metadata (a Pod's own spec, KServe's LLM templates, Seldon servers)."""
    return None if spec is None else PodTemplate({}, {}, spec)


def synthetic(containers: Iterable[Obj], spec: Obj | None = None) -> PodTemplate:
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


def containers(templates: Iterable[PodTemplate]) -> list[Obj]:
    return [c for t in templates for c in maps(get_list(t.spec, "containers"))]


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
