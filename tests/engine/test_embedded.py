"""The embedded engine: one evaluation, flattened deny sets, and fail-closed errors."""

from __future__ import annotations

import datetime as dt

import pytest

from scanner.engine import build_input, get_engine, violations_from_rules_tree
from scanner.model import (
    Asset,
    AssetKind,
    EngineError,
    Inventory,
    PolicyError,
    SourceType,
    UsageError,
)
from scanner.policy.bundle import PolicyBundle, PolicyModule

NOW = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.timezone.utc)

NO_OWNER = """package mlgov.rules.sample

deny contains v if {
	some a in input.assets
	not a.owner
	v := {"rule": "T001", "asset": a.id, "message": concat("", [a.id, " has no owner"]), "evidence": {}}
}
"""

NESTED = """package mlgov.rules.team.nested

deny contains {"rule": "T002", "asset": a.id, "message": input.today} if {
	some a in input.assets
}
"""


def bundle(*sources: str) -> PolicyBundle:
    modules = tuple(PolicyModule(path=f"m{i}.rego", source=s) for i, s in enumerate(sources))
    return PolicyBundle(modules=modules, tests=(), rules=(), digest="sha256:test", roots=())


def inventory() -> Inventory:
    return Inventory(
        assets=(
            Asset(id="a", kind=AssetKind.SERVING, source=SourceType.FILE),
            Asset(id="b", kind=AssetKind.SERVING, source=SourceType.FILE, owner="x@example.com"),
        ),
        sources=("file",),
    )


def test_input_document_contract() -> None:
    doc = build_input(inventory(), {"k": 1}, NOW)
    assert doc["now"] == "2026-11-22T09:30:00Z"
    assert doc["today"] == "2026-11-22"
    assert doc["params"] == {"k": 1}
    assert doc["scope"] == {"sources": ["file"], "registries": []}
    assert doc["assets"][0] == {"id": "a", "kind": "serving", "source": "file", "environment": "unknown"}


def test_evaluates_every_package_once_and_flattens_nested_ones() -> None:
    engine = get_engine("embedded")
    found = engine.evaluate(bundle(NO_OWNER, NESTED), build_input(inventory(), {}, NOW))
    pairs = sorted((v.rule, v.asset, v.message) for v in found)
    assert pairs == [
        ("T001", "a", "a has no owner"),
        ("T002", "a", "2026-11-22"),
        ("T002", "b", "2026-11-22"),
    ]
    assert engine.version().startswith("regorus ")


def test_compile_error_is_a_policy_error_naming_the_module() -> None:
    with pytest.raises(PolicyError) as info:
        get_engine("embedded").evaluate(
            bundle("package mlgov.rules.x\n\ndeny contains v if {\n"), {"assets": []}
        )
    assert "m0.rego" in str(info.value)
    assert "Stack backtrace" not in str(info.value)


def test_malformed_violation_fails_closed() -> None:
    bad = 'package mlgov.rules.bad\n\ndeny contains "just a string" if { true }\n'
    with pytest.raises(EngineError, match="malformed violation"):
        get_engine("embedded").evaluate(bundle(bad), build_input(inventory(), {}, NOW))


def test_no_rules_package_is_undefined_not_a_pass() -> None:
    with pytest.raises(EngineError, match="undefined"):
        get_engine("embedded").evaluate(
            bundle("package other\n\nx := 1\n"), build_input(inventory(), {}, NOW)
        )


def test_builtin_error_is_an_engine_error() -> None:
    raising = (
        "package mlgov.rules.boom\n\ndeny contains v if {\n\tsome a in input.assets\n"
        "\tt := time.parse_rfc3339_ns(a.id)\n"
        '\tv := {"rule": "X", "asset": a.id, "message": sprintf("%d", [t])}\n}\n'
    )
    with pytest.raises(EngineError):
        get_engine("embedded").evaluate(bundle(raising), build_input(inventory(), {}, NOW))


def test_tree_must_be_an_object() -> None:
    with pytest.raises(EngineError):
        violations_from_rules_tree([1, 2], "test")


def test_unknown_engine_names_the_valid_ones() -> None:
    with pytest.raises(UsageError, match="embedded"):
        get_engine("quantum")
