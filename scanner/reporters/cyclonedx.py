"""`cyclonedx`: the inventory as a CycloneDX 1.6 ML-BOM (JSON).

Components: every model asset (registered model, model version, custom model) as a
`machine-learning-model`; every distinct training dataset of their lineage as `data`; every
serving asset as an `application` that depends on the version correlation linked it to. Owner,
environment, classification, risk tier, sunset, lifecycle, approval and source are properties in
the `mlgov:` namespace; the model card (where known) and the training datasets are the
component's `modelCard`. Dependencies: model -> its datasets, serving -> the model it runs.

Deterministic: components sorted by bom-ref, the serial number a UUID derived from the scan's
clock, bundle digest and asset ids, the timestamp the scan's --now.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from scanner import __version__
from scanner.model import Asset, AssetKind, Dataset, ScanResult
from scanner.reporters.base import ReportOptions

MODEL_KINDS = {AssetKind.REGISTERED_MODEL, AssetKind.MODEL_VERSION, AssetKind.CUSTOM_MODEL}
PROPERTY_FIELDS = ("kind", "source", "owner", "environment", "classification", "risk_tier", "sunset_date",
                   "lifecycle", "approval_status", "cost_center", "artifact_uri", "image")  # fmt: skip


def dataset_ref(dataset: Dataset) -> str:
    return f"dataset:{dataset.uri or dataset.name}"


def _properties(asset: Asset) -> list[dict[str, str]]:
    out = []
    for name in PROPERTY_FIELDS:
        value = getattr(asset, name)
        if value is None or value == "":
            continue
        out.append({"name": f"mlgov:{name}", "value": value.value if hasattr(value, "value") else str(value)})
    return out


def _model(asset: Asset) -> dict[str, Any]:
    component: dict[str, Any] = {
        "type": "machine-learning-model",
        "bom-ref": asset.id,
        "name": asset.name or asset.id,
        "properties": _properties(asset),
    }
    if asset.version:
        component["version"] = asset.version
    card: dict[str, Any] = {}
    datasets = [d for d in asset.lineage.datasets if d.uri or d.name]
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
    if card:
        component["modelCard"] = card
    return component


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


def bom_document(result: ScanResult) -> dict[str, Any]:
    components: dict[str, dict[str, Any]] = {}
    dependencies: dict[str, set[str]] = {}
    for asset in result.assets:
        if asset.kind in MODEL_KINDS:
            components[asset.id] = _model(asset)
            for dataset in asset.lineage.datasets:
                if dataset.uri or dataset.name:
                    components.setdefault(dataset_ref(dataset), _data(dataset))
                    dependencies.setdefault(asset.id, set()).add(dataset_ref(dataset))
    for asset in result.assets:
        if asset.kind is AssetKind.SERVING:
            name = asset.name or asset.id
            components[asset.id] = {"type": "application", "bom-ref": asset.id, "name": name,
                                    "properties": _properties(asset)}  # fmt: skip
            target = asset.registry_ref.target if asset.registry_ref else None
            if target in components:
                dependencies.setdefault(asset.id, set()).add(target)
    identity = "\n".join([result.metadata.now, result.metadata.bundle_digest, *sorted(components)])
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'mlgov:' + identity)}",
        "version": 1,
        "metadata": {
            "timestamp": result.metadata.now,
            "tools": {"components": [{"type": "application", "name": "mlgov", "version": __version__}]},
        },
        "components": [components[ref] for ref in sorted(components)],
        "dependencies": [
            {"ref": ref, "dependsOn": sorted(deps)} for ref, deps in sorted(dependencies.items())
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
