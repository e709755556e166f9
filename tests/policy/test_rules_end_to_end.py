"""Each built-in rule through the real embedded engine over the whole bundle: a failing and a
passing asset per rule, asserted by (rule id, asset id). Assets are built as Asset records so the
Python -> Rego contract (Asset.to_policy_dict) is exercised too."""

from __future__ import annotations

import datetime as dt

import pytest

from scanner.engine import build_input, get_engine
from scanner.model import (
    Accelerator,
    Asset,
    AssetKind,
    Dataset,
    Inventory,
    Lineage,
    ModelCard,
    RegistryRef,
    SourceType,
)
from scanner.policy.bundle import load_bundle
from scanner.policy.params import merge_params

NOW = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)


def governed(asset_id: str, kind: AssetKind = AssetKind.SERVING, **changes: object) -> Asset:
    """An asset no rule fires on; each case changes one thing."""
    base = Asset(
        id=asset_id,
        kind=kind,
        source=SourceType.FILE,
        name=asset_id,
        owner="ml-platform@example.com",
        sunset_date="2027-06-30",
        sunset_raw="2027-06-30",
        classification="confidential",
        environment="production",
        lineage=Lineage(datasets=(Dataset(uri="s3://d/tx", classification="confidential"),), run_id="r1"),
        artifact_uri="s3://models/m.tar.gz",
        registry_ref=RegistryRef(name="fraud", version="7", target="mlflow://h/models/fraud/versions/7"),
    )
    return base.evolve(**changes)


CASES: dict[str, tuple[Asset, Asset]] = {
    "MLG001": (governed("fail", owner=None), governed("pass")),
    "MLG002": (governed("fail", owner="John Smith"), governed("pass", owner="team-fraud")),
    "MLG003": (
        governed("fail", sunset_date=None, sunset_raw=None),
        governed(
            "pass",
            environment="staging",
            kind=AssetKind.MODEL_VERSION,
            sunset_date=None,
            sunset_raw=None,
        ),
    ),
    "MLG004": (
        governed("fail", sunset_date="2026-11-01", sunset_raw="2026-11-01"),
        governed(
            "pass",
            kind=AssetKind.MODEL_VERSION,
            sunset_date="2026-11-01",
            sunset_raw="2026-11-01",
            lifecycle="retired",
        ),
    ),
    "MLG005": (governed("fail", sunset_date=None, sunset_raw="Q3 next year"), governed("pass")),
    "MLG006": (governed("fail", sunset_date="2026-12-10", sunset_raw="2026-12-10"), governed("pass")),
    "MLG007": (
        governed("fail", lineage=Lineage(), registry_ref=None),
        governed("pass", lineage=Lineage(), registry_ref=RegistryRef(name="fraud", version="7")),
    ),
    "MLG008": (
        governed(
            "fail",
            kind=AssetKind.MODEL_VERSION,
            lineage=Lineage(datasets=(Dataset(uri="s3://d"),)),
            artifact_uri=None,
            registry_ref=None,
        ),
        governed("pass", kind=AssetKind.MODEL_VERSION),
    ),
    "MLG009": (
        governed("fail", classification=None),
        governed("pass", kind=AssetKind.COMPUTE, classification=None),
    ),
    "MLG010": (
        governed("fail", classification="secret"),
        governed("pass", classification="restricted", lineage=Lineage(datasets=(Dataset(uri="s3://d"),))),
    ),
    "MLG011": (governed("fail", classification="internal"), governed("pass", classification="restricted")),
    "MLG012": (governed("fail", registry_ref=None), governed("pass")),
    "MLG013": (
        governed("fail", kind=AssetKind.MODEL_VERSION, approval_status="PendingManualApproval"),
        governed("pass", kind=AssetKind.MODEL_VERSION, approval_status="Approved"),
    ),
    "MLG014": (  # the serving asset runs the deprecated version next to it
        governed("fail", registry_ref=RegistryRef(name="pass", version="1", target="pass")),
        governed("pass", kind=AssetKind.MODEL_VERSION, lifecycle="deprecated"),
    ),
    "MLG015": (
        governed("fail", kind=AssetKind.COMPUTE, accelerator=Accelerator("nvidia", "a100", 8)),
        governed(
            "pass", kind=AssetKind.COMPUTE, accelerator=Accelerator("nvidia", "a100", 8), cost_center="cc-1"
        ),
    ),
    "MLG016": (
        governed("fail", kind=AssetKind.NOTEBOOK, lifecycle="inservice", updated_at="2026-09-01T10:00:00Z"),
        governed("pass", kind=AssetKind.NOTEBOOK, lifecycle="inservice", updated_at="2026-11-20T10:00:00Z"),
    ),
    "MLG017": (
        governed("fail", kind=AssetKind.MODEL_VERSION, risk_tier="high"),
        governed(
            "pass", kind=AssetKind.MODEL_VERSION, risk_tier="high", model_card=ModelCard(status="approved")
        ),
    ),
    "MLG018": (
        governed("fail", image="vllm/vllm-openai:latest"),
        governed("pass", image="vllm/vllm-openai:v0.6.3"),
    ),
}

# An extra rule may legitimately co-fire on a failing fixture (e.g. MLG010 and MLG011 share the
# classification ladder); we assert the rule under test fires on `fail` and on nothing else.


@pytest.fixture(scope="module")
def evaluate() -> object:
    bundle = load_bundle()
    engine = get_engine("embedded")
    params = merge_params({})

    def run(*assets: Asset) -> set[tuple[str, str]]:
        doc = build_input(Inventory(assets=assets, sources=("file",)), params, NOW)
        return {(v.rule, v.asset) for v in engine.evaluate(bundle, doc)}

    return run


def test_the_governed_baseline_has_no_violation(evaluate: object) -> None:
    assert evaluate(governed("clean")) == set()  # type: ignore[operator]


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fails_and_passes(rule_id: str, evaluate: object) -> None:
    failing, passing = CASES[rule_id]
    found = evaluate(failing, passing)  # type: ignore[operator]
    assert (rule_id, "fail") in found
    assert {asset for rule, asset in found if rule == rule_id} == {"fail"}
    assert not any(asset == "pass" for _, asset in found), found


def test_every_implemented_rule_has_a_case() -> None:
    implemented = {r.id for r in load_bundle().rules if not r.planned}
    assert implemented == set(CASES)
