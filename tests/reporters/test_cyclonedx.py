"""`cyclonedx`: a CycloneDX 1.6 ML-BOM, validated by cyclonedx-python-lib's strict JSON validator."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from scanner.model import Asset, AssetKind, ModelCard, RegistryRef, SourceType
from scanner.reporters.base import ReportOptions
from scanner.reporters.cyclonedx import CycloneDxReporter, dataset_ref
from tests.reporters.conftest import ASSETS, make_result


def bom(assets: tuple[Asset, ...] | None = None) -> tuple[str, dict[str, Any]]:
    result = make_result()
    if assets is not None:
        result = replace(result, assets=assets)
    text = CycloneDxReporter().render(result, ReportOptions()).decode()
    return text, json.loads(text)


def test_valid_ml_bom_with_models_datasets_and_dependencies() -> None:
    text, doc = bom()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    broken = json.dumps({**doc, "components": [{**doc["components"][0], "type": "spaceship"}]})
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(broken) is not None  # the validator bites
    models = {c["bom-ref"]: c for c in doc["components"] if c["type"] == "machine-learning-model"}
    model_kinds = {AssetKind.MODEL_VERSION, AssetKind.REGISTERED_MODEL, AssetKind.CUSTOM_MODEL}
    assert set(models) == {a.id for a in ASSETS if a.kind in model_kinds}
    depends = {d["ref"]: d["dependsOn"] for d in doc["dependencies"]}
    for asset in ASSETS:
        refs = sorted({dataset_ref(d) for d in asset.lineage.datasets if d.uri or d.name})
        if asset.id in models and refs:
            assert depends[asset.id] == refs
            assert [d["ref"] for d in models[asset.id]["modelCard"]["modelParameters"]["datasets"]] == refs
    owned = [c for c in models.values() if any(p["name"] == "mlgov:owner" for p in c["properties"])]
    assert owned


def test_serving_depends_on_the_linked_version_and_model_cards_are_carried() -> None:
    card = ModelCard(status="approved", risk_rating="high")
    version = Asset(id="mlflow://h/models/fraud/versions/7", kind=AssetKind.MODEL_VERSION,
                    source=SourceType.MLFLOW, name="fraud", version="7", model_card=card)  # fmt: skip
    ref = RegistryRef(name="fraud", version="7", target=version.id)
    serving = Asset(id="k8s://-/prod/InferenceService/fraud", kind=AssetKind.SERVING, source=SourceType.FILE,
                    registry_ref=ref)  # fmt: skip
    text, doc = bom((version, serving))
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    assert {d["ref"]: d["dependsOn"] for d in doc["dependencies"]} == {serving.id: [version.id]}
    [model] = [c for c in doc["components"] if c["bom-ref"] == version.id]
    assert {"name": "mlgov:model_card_status", "value": "approved"} in model["modelCard"]["properties"]
    assert bom((version, serving))[0] == bom((serving, version))[0]  # deterministic, order-independent
