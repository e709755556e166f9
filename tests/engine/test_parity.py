"""Three engines, one answer: embedded regorus, local `opa eval` and an OPA server give identical
violations (rule, asset, message and evidence) on the rule fixtures and on generated inventories.
A difference fails and prints the differing violations."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from scanner.engine import build_input, get_engine
from scanner.engine.options import EngineOptions
from scanner.model import Inventory, Violation
from scanner.policy.bundle import PolicyBundle, load_bundle
from scanner.policy.params import merge_params
from tests.engine.generated import generated_inventory
from tests.policy.test_rules_end_to_end import CASES
from tests.services.processes import Service
from tests.services.tools import tool

pytestmark = pytest.mark.services

NOW = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
Key = tuple[str, str, str, str]
Evaluate = Callable[[Inventory], set[Key]]


def _keys(violations: list[Violation]) -> set[Key]:
    return {(v.rule, v.asset, v.message, json.dumps(dict(v.evidence), sort_keys=True)) for v in violations}


def _runner(name: str, options: EngineOptions, bundle: PolicyBundle) -> Evaluate:
    engine = get_engine(name, options)
    params = merge_params({"owner_directory_entries": ["ml-platform@example.com", "team-fraud"]})

    def run(inventory: Inventory) -> set[Key]:
        return _keys(engine.evaluate(bundle, build_input(inventory, params, NOW)))

    return run


@pytest.fixture(scope="module")
def engines(opa_server: Service) -> dict[str, Evaluate]:
    bundle = load_bundle()
    return {
        "embedded": _runner("embedded", EngineOptions(), bundle),
        "opa": _runner("opa", EngineOptions(opa_path=str(tool("opa"))), bundle),
        "opa-server": _runner("opa-server", EngineOptions(opa_url=opa_server.url), bundle),
    }


def _assert_same(results: dict[str, set[Key]]) -> None:
    reference = results["embedded"]
    for name, found in results.items():
        if found != reference:
            only_ref = sorted(reference - found)[:20]
            only_this = sorted(found - reference)[:20]
            pytest.fail(
                f"{name} differs from embedded:\n  only embedded: {only_ref}\n  only {name}: {only_this}",
                pytrace=False,
            )


def test_rule_fixtures_agree(engines: dict[str, Evaluate]) -> None:
    inventory = Inventory(
        assets=tuple(a.evolve(id=f"{rule}/{a.id}") for rule, pair in CASES.items() for a in pair)
    )
    results = {name: run(inventory) for name, run in engines.items()}
    assert len(results["embedded"]) >= len(CASES)
    _assert_same(results)


@pytest.mark.parametrize("count", [1_000, 20_000])
def test_generated_inventories_agree(engines: dict[str, Evaluate], count: int) -> None:
    inventory = generated_inventory(count)
    results = {name: run(inventory) for name, run in engines.items()}
    fired = {key[0] for key in results["embedded"]}
    assert fired == {f"MLG{n:03d}" for n in range(1, 19)}, "the generator must exercise every rule"
    _assert_same(results)
