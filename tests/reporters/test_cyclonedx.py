"""`cyclonedx`: a CycloneDX 1.6 ML-BOM of the whole inventory, validated by cyclonedx-python-lib's
strict JSON validator."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from scanner.model import Asset, CoverageStatus, Lineage, ScanResult
from scanner.reporters.base import ReportOptions
from scanner.reporters.cyclonedx import CycloneDxReporter, dataset_ref
from tests.reporters.conftest import (
    ASSETS,
    CHAT_MODEL,
    CHATS,
    FRAUD_JOB,
    FRAUD_MODEL,
    FRAUD_SERVING,
    FRAUD_V7,
    GPU_NODE,
    MIXED,
    TXNS,
    make_result,
)
from tests.reporters.validators import EXPECTED_COMPONENT_TYPE, assert_valid_bom


def bom(
    assets: tuple[Asset, ...] | None = None, result: ScanResult | None = None
) -> tuple[str, dict[str, Any]]:
    result = result or make_result()
    if assets is not None:
        result = replace(result, assets=assets)
    text = CycloneDxReporter().render(result, ReportOptions()).decode()
    return text, json.loads(text)


def test_valid_ml_bom_with_every_asset_datasets_and_dependencies() -> None:
    text, doc = bom()
    assert_valid_bom(text)
    broken = json.dumps({**doc, "components": [{**doc["components"][0], "type": "spaceship"}]})
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(broken) is not None  # the validator bites
    by_ref = {c["bom-ref"]: c for c in doc["components"]}
    for asset in ASSETS:
        assert by_ref[asset.id]["type"] == EXPECTED_COMPONENT_TYPE[asset.kind.value]
    depends = {d["ref"]: d["dependsOn"] for d in doc["dependencies"]}
    for asset in ASSETS:
        refs = sorted({dataset_ref(d) for d in asset.lineage.datasets if d.uri or d.name})
        if refs:
            assert depends[asset.id] == refs
        if refs and asset.kind.value in {"model_version", "registered_model", "custom_model"}:
            assert [d["ref"] for d in by_ref[asset.id]["modelCard"]["modelParameters"]["datasets"]] == refs
    assert any(p["name"] == "mlgov:owner" for c in doc["components"] for p in c.get("properties", []))
    # the scan this BOM comes from could not read everything, and the BOM says so
    assert {"name": "mlgov:coverage_complete", "value": "false"} in doc["metadata"]["properties"]


def test_every_kind_of_a_mixed_inventory_is_in_the_bom_with_its_links() -> None:
    text, doc = bom(MIXED)
    assert_valid_bom(text)
    by_ref = {c["bom-ref"]: c for c in doc["components"]}
    assert set(by_ref) == {a.id for a in MIXED} | {dataset_ref(TXNS), dataset_ref(CHATS)}
    assert {a.kind.value for a in MIXED} == set(EXPECTED_COMPONENT_TYPE)  # all seven kinds
    for asset in MIXED:
        component = by_ref[asset.id]
        assert (component["type"], component["tags"]) == (
            EXPECTED_COMPONENT_TYPE[asset.kind.value],
            [asset.kind.value],
        )
        assert {"name": "mlgov:kind", "value": asset.kind.value} in component["properties"]
    assert {d["ref"]: d["dependsOn"] for d in doc["dependencies"]} == {
        FRAUD_V7.id: [dataset_ref(TXNS)],  # model -> its training data
        CHAT_MODEL.id: [dataset_ref(CHATS)],
        FRAUD_JOB.id: [dataset_ref(TXNS), FRAUD_V7.id],  # job -> its data and the version it produced
        # serving -> its data, the version it runs, the node it runs on (not the unscanned one)
        FRAUD_SERVING.id: sorted([dataset_ref(TXNS), GPU_NODE.id, FRAUD_V7.id]),
    }
    # one data component per dataset, however many assets name it
    txns = by_ref[dataset_ref(TXNS)]
    assert txns["type"] == "data"
    assert txns["data"] == [{"type": "dataset", "name": "txns", "contents": {"url": TXNS.uri},
                             "classification": "confidential"}]  # fmt: skip
    node = {p["name"]: p["value"] for p in by_ref[GPU_NODE.id]["properties"]}
    assert (
        node["mlgov:accelerator.vendor"],
        node["mlgov:accelerator.model"],
        node["mlgov:accelerator.count"],
    ) == ("nvidia", "a100", "8")
    serving = {p["name"]: p["value"] for p in by_ref[FRAUD_SERVING.id]["properties"]}
    assert serving["mlgov:registry_ref.uri"] == "models:/fraud/7"
    version = by_ref[FRAUD_V7.id]
    assert {"name": "mlgov:parent", "value": FRAUD_MODEL.id} in version["properties"]
    assert {"name": "mlgov:model_card_status", "value": "approved"} in version["modelCard"]["properties"]
    assert "modelCard" not in by_ref[FRAUD_SERVING.id]  # a model card describes models only


def test_deterministic_and_honest_about_coverage() -> None:
    assert bom(MIXED)[0] == bom(tuple(reversed(MIXED)))[0]  # deterministic, order-independent
    clean = replace(make_result(), coverage=tuple(replace(c, status=CoverageStatus.OK, errors=())
                                                  for c in make_result().coverage))  # fmt: skip
    assert {"name": "mlgov:coverage_complete", "value": "true"} in bom(MIXED, clean)[1]["metadata"][
        "properties"
    ]
    # the same uri at another digest is another snapshot: its own data component
    later = replace(TXNS, digest="sha256:" + "c" * 64)
    retrained = replace(FRAUD_V7, id=FRAUD_V7.id.replace("/7", "/8"), lineage=Lineage(datasets=(later,)))
    text, doc = bom((*MIXED, retrained))
    assert_valid_bom(text)
    assert sum(1 for c in doc["components"] if c["type"] == "data" and c["name"] == "txns") == 2
