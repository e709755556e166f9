"""Which workload runs on which node: the "runs_on" links of a live cluster.

A Pod that the scheduler placed has ``spec.nodeName``. Its controller is the workload: a
ReplicaSet named ``<deployment>-<pod-template-hash>`` stands for its Deployment (the hash is the
Pod's `pod-template-hash` label, so no ReplicaSet needs to be read), a StatefulSet, DaemonSet or
Job for itself; a Pod without a controller is its own workload. When both the workload and the node
are assets (an ML workload on an accelerator node), the workload gets a ``runs_on`` link to the
node: compute linked to the workloads on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from scanner.model import Asset, Link
from scanner.normalize.access import Obj, get_list, get_map, get_str, maps


@dataclass(frozen=True)
class Placement:
    namespace: str
    kind: str  # the workload's kind
    name: str  # the workload's name
    node: str
    pod: str


def placement(pod: Obj) -> Placement | None:
    node = get_str(pod, "spec", "nodeName")
    name = get_str(pod, "metadata", "name")
    if not node or not name:
        return None
    namespace = get_str(pod, "metadata", "namespace") or "default"
    for ref in maps(get_list(pod, "metadata", "ownerReferences")):
        if ref.get("controller") is not True:
            continue
        kind, owner = get_str(ref, "kind"), get_str(ref, "name")
        if not kind or not owner:
            return None
        template_hash = (get_map(pod, "metadata", "labels") or {}).get("pod-template-hash")
        if kind == "ReplicaSet" and isinstance(template_hash, str) and owner.endswith(f"-{template_hash}"):
            return Placement(namespace, "Deployment", owner.removesuffix(f"-{template_hash}"), node, name)
        return Placement(namespace, kind, owner, node, name)
    return Placement(namespace, "Pod", name, node, name)


def link_runs_on(assets: Sequence[Asset], placements: Iterable[Placement], cluster: str) -> list[Asset]:
    """``assets`` with runs_on links added (one per workload and node, first pod as the evidence)."""
    ids = {a.id for a in assets}
    links: dict[str, dict[str, Link]] = {}
    for p in sorted(placements, key=lambda p: (p.namespace, p.kind, p.name, p.node, p.pod)):
        workload = f"k8s://{cluster}/{p.namespace}/{p.kind}/{p.name}"
        node = f"k8s://{cluster}/-/Node/{p.node}"
        if workload in ids and node in ids:
            links.setdefault(workload, {}).setdefault(
                node, Link("runs_on", node, f"pod {p.pod} spec.nodeName")
            )
    return [replace(a, links=a.links + tuple(links[a.id].values())) if a.id in links else a for a in assets]
