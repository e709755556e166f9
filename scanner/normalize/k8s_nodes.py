"""Kubernetes Nodes: a node is an ML asset (``compute``) when it offers accelerators.

Read from a Node: ``status.capacity`` (``allocatable`` when capacity is absent) for accelerator
extended resources, and the node labels that name the accelerator model (GPU feature discovery,
GKE, Karpenter, the instance type). Nothing else from status: addresses, images and conditions
are not asset metadata.
"""

from __future__ import annotations

from collections.abc import Mapping

from scanner.model import Accelerator
from scanner.normalize.accelerators import MODEL_NODE_KEYS, instance_accelerator, resource_vendor
from scanner.normalize.access import Obj, as_int, get_map


def node_model(labels: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(vendor, model) named by the node's labels, most specific key first."""
    for key in MODEL_NODE_KEYS:
        value = (labels.get(key) or "").strip()
        if not value:
            continue
        if key.endswith("instance-type"):
            found = instance_accelerator(value)
            if found is not None:
                return found.vendor, found.model
            continue
        vendor = "google" if key.startswith("cloud.google.com/") else None
        vendor = "nvidia" if key.startswith("nvidia.com/") else vendor
        return vendor, value
    return None, None


def node_accelerator(obj: Obj, labels: Mapping[str, str]) -> Accelerator | None:
    """Accelerators the node offers; None for a node without any (not an ML asset)."""
    status = get_map(obj, "status")
    capacity = get_map(status, "capacity") or get_map(status, "allocatable") or {}
    totals: dict[str, int] = {}
    hints: dict[str, str | None] = {}
    for name, value in capacity.items():
        found = resource_vendor(str(name))
        if found is None:
            continue
        vendor, hint = found
        totals[vendor] = totals.get(vendor, 0) + (as_int(value) or 0)
        hints.setdefault(vendor, hint)
    label_vendor, model = node_model(labels)
    if not totals:
        if model is None or label_vendor is None:
            return None
        # labelled as a GPU node but no device plugin reports capacity (yet): count unknown
        return Accelerator(vendor=label_vendor, model=model, count=0)
    if all(count == 0 for count in totals.values()):
        return None  # the device plugin reports zero devices: nothing to govern
    vendor = max(totals, key=lambda v: totals[v])
    return Accelerator(vendor=vendor, model=model or hints[vendor], count=totals[vendor])
