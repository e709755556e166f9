"""`cyclonedx`: a CycloneDX 1.6 ML-BOM of the whole inventory, validated by cyclonedx-python-lib's
strict JSON validator."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from scanner.model import (
    Accelerator,
    Asset,
    AssetKind,
    CoverageStatus,
    Dataset,
    Lineage,
    Link,
    ModelCard,
    RegistryRef,
    ScanResult,
    SourceType,
)
from scanner.reporters.base import ReportOptions
from scanner.reporters.cyclonedx import CycloneDxReporter, dataset_ref
from tests.reporters.conftest import ASSETS, make_result

# What a consumer of an ML-BOM expects each kind to be; written out here, not imported, so that
# a change of mapping in the reporter has to be a change of this test too.
EXPECTED_TYPE = {
    "registered_model": "machine-learning-model",
    "model_version": "machine-learning-model",
    "custom_model": "machine-learning-model",
    "serving": "application",
    "training_job": "application",
    "notebook": "application",
    "compute": "platform",
}

TXNS = Dataset("txns", "s3://acme-data/txns/2026-10/", "sha256:" + "b" * 64, "confidential", "training")
CHATS = Dataset(uri="s3://acme-data/chats/", context="training")
MLFLOW, AWS, K8S = SourceType.MLFLOW, SourceType.AWS, SourceType.KUBERNETES
REGISTERED = Asset(
    "mlflow://h/models/fraud", AssetKind.REGISTERED_MODEL, MLFLOW, name="fraud", owner="fraud@x.io"
)
VERSION = Asset(
    "mlflow://h/models/fraud/versions/7",
    AssetKind.MODEL_VERSION,
    MLFLOW,
    name="fraud",
    version="7",
    parent=REGISTERED.id,
    lineage=Lineage(datasets=(TXNS,), run_id="r1"),
    model_card=ModelCard(status="approved", risk_rating="high"),
)
CUSTOM = Asset(
    "arn:aws:bedrock:us-east-1:123456789012:custom-model/chat",
    AssetKind.CUSTOM_MODEL,
    AWS,
    name="chat",
    lineage=Lineage(datasets=(CHATS,)),
)
JOB = Asset(
    "arn:aws:sagemaker:us-east-1:123456789012:training-job/fraud-7",
    AssetKind.TRAINING_JOB,
    AWS,
    name="fraud-7",
    lineage=Lineage(datasets=(TXNS,)),
    accelerator=Accelerator("nvidia", "a10g", 1),
    links=(Link("produced", VERSION.id, "lineage.job"),),
)
NODE = Asset(
    "k8s://prod/-/Node/gpu-1",
    AssetKind.COMPUTE,
    K8S,
    name="gpu-1",
    accelerator=Accelerator("nvidia", "a100", 8),
)
SERVING = Asset(
    "k8s://prod/ml/InferenceService/fraud",
    AssetKind.SERVING,
    K8S,
    name="fraud",
    registry_ref=RegistryRef("fraud", "7", "models:/fraud/7", "storageUri", target=VERSION.id),
    lineage=Lineage(datasets=(TXNS,)),
    links=(
        Link("runs_on", NODE.id, "pod fraud-0 spec.nodeName"),
        Link("runs_on", "k8s://prod/-/Node/not-scanned", "pod fraud-1 spec.nodeName"),
    ),
)
NOTEBOOK = Asset(
    "terraform://aws_sagemaker_notebook_instance.lab",
    AssetKind.NOTEBOOK,
    SourceType.FILE,
    name="lab",
    accelerator=Accelerator("nvidia", "t4", 1),
)
MIXED = (REGISTERED, VERSION, CUSTOM, JOB, NODE, SERVING, NOTEBOOK)


def bom(
    assets: tuple[Asset, ...] | None = None, result: ScanResult | None = None
) -> tuple[str, dict[str, Any]]:
    result = result or make_result()
    if assets is not None:
        result = replace(result, assets=assets)
    text = CycloneDxReporter().render(result, ReportOptions()).decode()
    return text, json.loads(text)


def assert_valid(text: str) -> None:
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    doc = json.loads(text)
    refs = [c["bom-ref"] for c in doc["components"]]
    assert len(refs) == len(set(refs))
    # what JSON Schema cannot check: every dependency names a component of this BOM
    for dep in doc["dependencies"]:
        assert dep["ref"] in refs and dep["dependsOn"] and set(dep["dependsOn"]) <= set(refs), dep


def test_valid_ml_bom_with_every_asset_datasets_and_dependencies() -> None:
    text, doc = bom()
    assert_valid(text)
    broken = json.dumps({**doc, "components": [{**doc["components"][0], "type": "spaceship"}]})
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(broken) is not None  # the validator bites
    by_ref = {c["bom-ref"]: c for c in doc["components"]}
    for asset in ASSETS:
        assert by_ref[asset.id]["type"] == EXPECTED_TYPE[asset.kind.value]
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
    assert_valid(text)
    by_ref = {c["bom-ref"]: c for c in doc["components"]}
    assert set(by_ref) == {a.id for a in MIXED} | {dataset_ref(TXNS), dataset_ref(CHATS)}
    assert {a.kind.value for a in MIXED} == set(EXPECTED_TYPE)  # all seven kinds
    for asset in MIXED:
        component = by_ref[asset.id]
        assert (component["type"], component["tags"]) == (EXPECTED_TYPE[asset.kind.value], [asset.kind.value])
        assert {"name": "mlgov:kind", "value": asset.kind.value} in component["properties"]
    assert {d["ref"]: d["dependsOn"] for d in doc["dependencies"]} == {
        VERSION.id: [dataset_ref(TXNS)],  # model -> its training data
        CUSTOM.id: [dataset_ref(CHATS)],
        JOB.id: [dataset_ref(TXNS), VERSION.id],  # job -> its data and the version it produced
        # serving -> its data, the version it runs, the node it runs on (not the unscanned one)
        SERVING.id: sorted([dataset_ref(TXNS), NODE.id, VERSION.id]),
    }
    # one data component per dataset, however many assets name it
    txns = by_ref[dataset_ref(TXNS)]
    assert txns["type"] == "data"
    assert txns["data"] == [{"type": "dataset", "name": "txns", "contents": {"url": TXNS.uri},
                             "classification": "confidential"}]  # fmt: skip
    node = {p["name"]: p["value"] for p in by_ref[NODE.id]["properties"]}
    assert (
        node["mlgov:accelerator.vendor"],
        node["mlgov:accelerator.model"],
        node["mlgov:accelerator.count"],
    ) == ("nvidia", "a100", "8")
    assert {p["name"]: p["value"] for p in by_ref[SERVING.id]["properties"]}["mlgov:registry_ref.uri"] == (
        "models:/fraud/7"
    )
    version = by_ref[VERSION.id]
    assert {"name": "mlgov:parent", "value": REGISTERED.id} in version["properties"]
    assert {"name": "mlgov:model_card_status", "value": "approved"} in version["modelCard"]["properties"]
    assert "modelCard" not in by_ref[SERVING.id]  # a model card describes models only


def test_deterministic_and_honest_about_coverage() -> None:
    assert bom(MIXED)[0] == bom(tuple(reversed(MIXED)))[0]  # deterministic, order-independent
    clean = replace(make_result(), coverage=tuple(replace(c, status=CoverageStatus.OK, errors=())
                                                  for c in make_result().coverage))  # fmt: skip
    assert {"name": "mlgov:coverage_complete", "value": "true"} in bom(MIXED, clean)[1]["metadata"][
        "properties"
    ]
    # the same uri at another digest is another snapshot: its own data component
    later = replace(TXNS, digest="sha256:" + "c" * 64)
    retrained = replace(VERSION, id=VERSION.id.replace("/7", "/8"), lineage=Lineage(datasets=(later,)))
    text, doc = bom((*MIXED, retrained))
    assert_valid(text)
    assert sum(1 for c in doc["components"] if c["type"] == "data" and c["name"] == "txns") == 2
