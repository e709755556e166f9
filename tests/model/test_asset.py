from __future__ import annotations

import json

from scanner.model import (
    Accelerator,
    Asset,
    AssetKind,
    Dataset,
    Lineage,
    Link,
    Location,
    ModelCard,
    RegistryRef,
    SourceType,
    asset_from_dict,
)

FULL = Asset(
    id="k8s://-/ml/InferenceService/fraud",
    kind=AssetKind.SERVING,
    source=SourceType.FILE,
    name="fraud",
    owner="fraud@example.com",
    owner_key="mlgov.io/owner",
    sunset_date="2027-06-30",
    sunset_raw="2027-06-30",
    classification="confidential",
    environment="production",
    lineage=Lineage(datasets=(Dataset(name="tx", uri="s3://d/tx", digest="abc"),), run_id="r1"),
    registry_ref=RegistryRef(name="fraud", version="7", via="storageUri"),
    accelerator=Accelerator(vendor="nvidia", model="A100", count=2),
    location=Location("k8s/isvc.yaml", 12),
    copies=(Location("docs/isvc.yaml", 1), Location("test/isvc.yaml", 3)),
    tags={"b": "2", "a": "1"},
    model_card=ModelCard(status="approved", risk_rating="high"),
    links=(Link("runs_on", "k8s://-/-/Node/gpu-1", "pod fraud-0 spec.nodeName"),),
    resolved_from={"owner": "annotation:mlgov.io/owner"},
)


def test_absent_values_are_omitted_never_null() -> None:
    minimal = Asset(id="x", kind=AssetKind.COMPUTE, source=SourceType.AWS).to_policy_dict()
    assert minimal == {"id": "x", "kind": "compute", "source": "aws", "environment": "unknown"}
    assert None not in json.loads(json.dumps(FULL.to_policy_dict())).values()


def test_policy_dict_shape() -> None:
    d = FULL.to_policy_dict()
    assert d["lineage"] == {"run_id": "r1", "datasets": [{"name": "tx", "uri": "s3://d/tx", "digest": "abc"}]}
    assert d["registry_ref"] == {"name": "fraud", "version": "7", "via": "storageUri"}
    assert d["accelerator"] == {"vendor": "nvidia", "model": "A100", "count": 2}
    assert d["location"] == {"path": "k8s/isvc.yaml", "line": 12}
    assert d["copies"] == [{"path": "docs/isvc.yaml", "line": 1}, {"path": "test/isvc.yaml", "line": 3}]
    assert list(d["tags"]) == ["a", "b"]  # sorted: deterministic reports


def test_round_trip_through_json() -> None:
    restored = asset_from_dict(json.loads(json.dumps(FULL.to_policy_dict())))
    assert restored == FULL


def test_evolve_returns_a_copy() -> None:
    changed = FULL.evolve(owner=None)
    assert FULL.owner == "fraud@example.com"
    assert changed.owner is None and "owner" not in changed.to_policy_dict()


def test_round_trip_keeps_links() -> None:
    job = Asset(
        id="job",
        kind=AssetKind.TRAINING_JOB,
        source=SourceType.AZURE,
        links=(Link("produced", "v3", "lineage.job"),),
    )
    assert asset_from_dict(json.loads(json.dumps(job.to_policy_dict()))) == job
