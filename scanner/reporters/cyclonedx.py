"""`cyclonedx`: the whole inventory as a CycloneDX 1.6 ML-BOM (JSON).

Every asset is a component, its id the bom-ref, its kind a component type (``COMPONENT_TYPE``)
and a tag: models (registered model, model version, custom model) are `machine-learning-model`,
workloads (serving, training job, notebook) `application`, compute `platform`. Every distinct
dataset of any asset's lineage is a `data` component. The governance fields are properties in
the `mlgov:` namespace; a model's training datasets and model card are its `modelCard`.

Dependencies follow the inventory's links, wherever both ends are components: an asset -> the
datasets of its lineage; serving (or compute) -> the version correlation resolved its registry
reference to; a training job -> the versions it produced; a workload -> the compute it runs on.
``metadata.properties`` says whether the scan's coverage was complete, so a BOM of a partial
scan does not pass for the whole estate.

Deterministic: assets read in id order, components and dependencies sorted by bom-ref, the serial
number a UUID derived from the scan's clock, bundle digest and bom-refs, the timestamp the scan's
--now.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from scanner import __version__
from scanner.model import Asset, AssetKind, Dataset, ScanResult
from scanner.reporters.base import ReportOptions

MODEL_KINDS = {AssetKind.REGISTERED_MODEL, AssetKind.MODEL_VERSION, AssetKind.CUSTOM_MODEL}
# A consumer of the BOM sees models as models, the workloads that train, serve and explore them
# as applications, and the capacity they run on (GPU nodes and instances, Ray clusters, device
# DaemonSets: not all of it hardware) as the platform that executes them.
COMPONENT_TYPE = {
    AssetKind.REGISTERED_MODEL: "machine-learning-model",
    AssetKind.MODEL_VERSION: "machine-learning-model",
    AssetKind.CUSTOM_MODEL: "machine-learning-model",
    AssetKind.SERVING: "application",
    AssetKind.TRAINING_JOB: "application",
    AssetKind.NOTEBOOK: "application",
    AssetKind.COMPUTE: "platform",
}
PROPERTY_FIELDS = ("kind", "source", "owner", "environment", "classification", "risk_tier", "sunset_date",
                   "lifecycle", "approval_status", "cost_center", "artifact_uri", "image", "namespace",
                   "parent", "created_at", "updated_at", "launched_at")  # fmt: skip


def dataset_ref(dataset: Dataset) -> str:
    """One bom-ref per dataset snapshot: its URI (else name), and its digest where known."""
    ref = f"dataset:{dataset.uri or dataset.name}"
    return f"{ref}@{dataset.digest}" if dataset.digest else ref


def _datasets(asset: Asset) -> list[Dataset]:
    return [d for d in asset.lineage.datasets if d.uri or d.name]


def _properties(asset: Asset) -> list[dict[str, str]]:
    return [{"name": f"mlgov:{name}", "value": value} for name, value in _property_values(asset)]


def _property_values(asset: Asset) -> Iterator[tuple[str, str]]:
    for name in PROPERTY_FIELDS:
        value = getattr(asset, name)
        if value is not None and value != "":
            yield name, value.value if hasattr(value, "value") else str(value)
    if asset.location is not None:
        yield "location", str(asset.location)
    lineage = asset.lineage
    for name, value in (("run_id", lineage.run_id), ("job", lineage.job), ("code_ref", lineage.code_ref),
                        ("base_model", lineage.base_model)):  # fmt: skip
        if value:
            yield f"lineage.{name}", value
    if asset.registry_ref is not None:
        ref = asset.registry_ref
        for name, value in (("name", ref.name), ("version", ref.version), ("uri", ref.uri)):
            if value:
                yield f"registry_ref.{name}", value
    if asset.accelerator is not None:
        acc = asset.accelerator
        yield "accelerator.vendor", acc.vendor
        if acc.model:
            yield "accelerator.model", acc.model
        yield "accelerator.count", str(acc.count)


def _component(asset: Asset) -> dict[str, Any]:
    component: dict[str, Any] = {
        "type": COMPONENT_TYPE[asset.kind],
        "bom-ref": asset.id,
        "name": asset.name or asset.id,
        "tags": [asset.kind.value],
        "properties": _properties(asset),
    }
    if asset.version:
        component["version"] = asset.version
    if asset.kind in MODEL_KINDS and (card := _model_card(asset)):
        component["modelCard"] = card
    return component


def _model_card(asset: Asset) -> dict[str, Any]:
    card: dict[str, Any] = {}
    datasets = _datasets(asset)
    if datasets:
        card["modelParameters"] = {"datasets": [{"ref": dataset_ref(d)} for d in datasets]}
    if asset.model_card is not None:
        mc = asset.model_card
        card["properties"] = [
            {"name": f"mlgov:model_card_{k}", "value": v}
            for k, v in (
                ("status", mc.status),
                ("risk_rating", mc.risk_rating),
                ("owner", mc.owner),
                ("uri", mc.uri),
            )
            if v
        ]
    return card


def _data(dataset: Dataset) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": "dataset", "name": dataset.name or dataset.uri}
    if dataset.uri:
        entry["contents"] = {"url": dataset.uri}
    if dataset.classification:
        entry["classification"] = dataset.classification
    component: dict[str, Any] = {
        "type": "data",
        "bom-ref": dataset_ref(dataset),
        "name": dataset.name or dataset.uri,
        "data": [entry],
    }
    if dataset.digest:
        component["properties"] = [{"name": "mlgov:digest", "value": dataset.digest}]
    return component


def _depends_on(asset: Asset) -> Iterator[str]:
    """What the asset needs, as bom-refs: datasets, the version it runs, produced versions, compute."""
    yield from (dataset_ref(d) for d in _datasets(asset))
    if asset.registry_ref is not None and asset.registry_ref.target:
        yield asset.registry_ref.target
    yield from (link.target for link in asset.links)


def bom_document(result: ScanResult) -> dict[str, Any]:
    assets = sorted(result.assets, key=lambda a: a.id)
    components = {a.id: _component(a) for a in assets}
    for asset in assets:
        for dataset in _datasets(asset):
            components.setdefault(dataset_ref(dataset), _data(dataset))
    dependencies = {a.id: sorted({ref for ref in _depends_on(a) if ref in components}) for a in assets}
    identity = "\n".join([result.metadata.now, result.metadata.bundle_digest, *sorted(components)])
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'mlgov:' + identity)}",
        "version": 1,
        "metadata": {
            "timestamp": result.metadata.now,
            "tools": {"components": [{"type": "application", "name": "mlgov", "version": __version__}]},
            "properties": [
                {"name": "mlgov:coverage_complete", "value": str(result.coverage_complete).lower()},
            ],
        },
        "components": [components[ref] for ref in sorted(components)],
        "dependencies": [
            {"ref": ref, "dependsOn": deps} for ref, deps in sorted(dependencies.items()) if deps
        ],
    }


class CycloneDxReporter:
    name = "cyclonedx"
    default_filename = "inventory.cdx.json"
    media_type = "application/vnd.cyclonedx+json"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        return (json.dumps(bom_document(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(
            "utf-8"
        )
