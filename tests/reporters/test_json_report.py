"""JSON: the canonical record, complete against reports/report.schema.json, byte-deterministic."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from scanner.inventory_file import inventory_document
from scanner.model import (
    Accelerator,
    Asset,
    AssetKind,
    Dataset,
    Inventory,
    Lineage,
    Location,
    RegistryRef,
    ReportError,
    ScanResult,
    SourceType,
    asset_from_dict,
)
from scanner.reporters.json_report import dumps, report_document
from tests.reporters.conftest import (
    ASSETS,
    FINDINGS,
    INVENTORY_SCHEMA,
    REPORT_SCHEMA,
    RULES,
    make_result,
    render,
    render_json,
)

REGISTRY: Registry[Any] = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in (REPORT_SCHEMA, INVENTORY_SCHEMA)
)
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def validate(document: Any, schema: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(schema, registry=REGISTRY, format_checker=FORMATS)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_schemas_are_valid_draft_2020_12() -> None:
    for schema in (REPORT_SCHEMA, INVENTORY_SCHEMA):
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_report_validates_against_the_published_schema(result: ScanResult) -> None:
    validate(render_json("json", result), REPORT_SCHEMA)


def test_report_content(result: ScanResult) -> None:
    doc = render_json("json", result)
    assert doc["schema_version"] == "1"
    assert set(doc) == {
        "schema_version",
        "metadata",
        "summary",
        "coverage",
        "rules",
        "assets",
        "findings",
        "waivers",
    }
    assert doc["metadata"]["now"] == "2026-11-22T00:00:00Z"
    assert doc["metadata"]["tool"] == {"name": "mlgov", "version": "0.1.0"}
    assert doc["summary"] == {
        "assets": len(ASSETS),
        "findings": len(FINDINGS),
        "by_status": {"fail": len(FINDINGS) - 1, "waived": 1, "error": 0},
        "failing_by_severity": {"critical": 1, "high": 2, "medium": 2, "low": 2, "info": 1},
        "coverage_complete": False,
    }
    assert len(doc["rules"]) == len(RULES)  # every rule, disabled and planned ones included
    waived = [f for f in doc["findings"] if f["status"] == "waived"]
    assert [(f["rule_id"], f["waiver"]["id"]) for f in waived] == [("MLG009", "W1")]
    assert {w["id"]: (w["expired"], w["matched"]) for w in doc["waivers"]} == {
        "W0": (True, 1),
        "W1": (False, 1),
        "W2": (False, 0),
    }
    k8s = next(a for a in doc["assets"] if a["id"] == "k8s://-/ml-prod/Deployment/llm-chat")
    assert k8s["location"] == {"path": "k8s/serving/llm chat.yaml", "line": 12}
    aws = next(a for a in doc["assets"] if a["source"] == "aws")
    assert "location" not in aws  # absent values are omitted, never null


def test_stable_ordering(result: ScanResult) -> None:
    doc = render_json("json", result)
    assert [a["id"] for a in doc["assets"]] == sorted(a.id for a in ASSETS)
    keys = [(f["rule_id"], f["asset_id"]) for f in doc["findings"]]
    assert keys == sorted(keys)
    assert [r["id"] for r in doc["rules"]] == sorted(r.id for r in RULES)
    assert [(c["source"], c["scope"]) for c in doc["coverage"]] == sorted(
        (c["source"], c["scope"]) for c in doc["coverage"]
    )
    assert [w["id"] for w in doc["waivers"]] == ["W0", "W1", "W2"]


def test_same_result_same_bytes() -> None:
    first = render("json", make_result())
    assert first == render("json", make_result())
    shuffled = make_result()
    shuffled = replace(
        shuffled,
        assets=tuple(reversed(shuffled.assets)),
        findings=tuple(sorted(shuffled.findings, key=lambda f: f.message)),
        coverage=tuple(reversed(shuffled.coverage)),
        rules=tuple(reversed(shuffled.rules)),
        waivers=tuple(reversed(shuffled.waivers)),
    )
    assert render("json", shuffled) == first  # input order does not matter


def test_only_the_timing_fields_vary() -> None:
    a = render("json", make_result())
    b = render("json", make_result(started_at="2026-11-22T10:17:03Z", duration=42.25))
    assert a != b
    changed = [
        (x, y) for x, y in zip(a.decode().splitlines(), b.decode().splitlines(), strict=True) if x != y
    ]
    assert [x.split(":")[0].strip() for x, _ in changed] == ['"duration_seconds"', '"started_at"']
    da, db = json.loads(a), json.loads(b)
    for doc in (da, db):
        del doc["metadata"]["started_at"], doc["metadata"]["duration_seconds"]
    assert da == db


def test_layout_sorted_indented_one_record_per_line(result: ScanResult) -> None:
    text = render("json", result).decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    lines = text.splitlines()
    assert lines[0] == "{"
    top_keys = [line.split('"')[1] for line in lines if line.startswith('  "')]
    assert top_keys == sorted(top_keys) == sorted(report_document(result))
    start = lines.index('  "assets": [')
    asset_lines = lines[start + 1 : start + 1 + len(ASSETS)]
    assert lines[start + 1 + len(ASSETS)] == "  ],"  # one line per asset
    assert all(line.startswith('    {"') for line in asset_lines)
    assert '    "now": "2026-11-22T00:00:00Z",' in lines  # metadata fully indented
    for line in asset_lines:
        record = json.loads(line.strip().rstrip(","))
        assert list(record) == sorted(record)
    assert json.loads(text) == report_document(result)  # the layout changes nothing in the data


def test_empty_record_lists(result: ScanResult) -> None:
    empty = replace(result, assets=(), findings=(), coverage=(), waivers=())
    text = render("json", empty).decode()
    assert '  "assets": [],' in text and '  "findings": [],' in text
    validate(json.loads(text), REPORT_SCHEMA)


def test_schema_describes_every_asset_field() -> None:
    """A fully populated asset validates: the schema names every field to_policy_dict emits
    (assets are additionalProperties: false)."""
    full = Asset(
        id="k8s://prod/ml/InferenceService/all",
        kind=AssetKind.SERVING,
        source=SourceType.KUBERNETES,
        name="all",
        version="1",
        aliases=("champion",),
        owner="o@example.com",
        owner_key="mlgov.io/owner",
        sunset_date="2027-01-01",
        sunset_raw="2027-01-01",
        classification="internal",
        risk_tier="high",
        environment="production",
        lifecycle="active",
        approval_status="Approved",
        lineage=Lineage((Dataset("d", "s3://d", "sha256:x", "internal", "training"),), "r", "j", "c", "b"),
        registry_ref=RegistryRef("m", "1", "models:/m/1", "storageUri"),
        accelerator=Accelerator("nvidia", "h100", 8),
        artifact_uri="s3://a",
        image="img:1",
        location=Location("a.yaml", 1),
        namespace="ml",
        tags={"k": "v"},
        created_at="2026-01-01T00:00:00Z",
        updated_at="2026-01-02T00:00:00Z",
        launched_at="2026-01-03T00:00:00Z",
        cost_center="cc",
        parent="k8s://prod/ml/Model/m",
        resolved_from={"owner": "annotation:mlgov.io/owner"},
    )
    emitted = full.to_policy_dict()
    declared = set(REPORT_SCHEMA["$defs"]["asset"]["properties"])
    assert set(emitted) <= declared
    validate({"schema_version": "1", "assets": [emitted]}, INVENTORY_SCHEMA)


def test_schema_rejects_what_the_report_never_holds(result: ScanResult) -> None:
    doc = render_json("json", result)
    validator = jsonschema.Draft202012Validator(REPORT_SCHEMA, registry=REGISTRY)
    bad: list[bool] = []
    mutations: tuple[Callable[[Any], object], ...] = (
        lambda d: d.update(extra=1),
        lambda d: d["findings"][0].pop("rule_id"),
        lambda d: d["findings"][0].update(status="ignored"),
        lambda d: d["findings"][0].update(raw={"kind": "Secret"}),
        lambda d: d["assets"][0].update(secret_env="x"),
        lambda d: d["metadata"].update(fail_on="sometimes"),
        lambda d: d["coverage"][0].update(status="maybe"),
    )
    for mutate in mutations:
        copy = json.loads(json.dumps(doc))
        mutate(copy)
        bad.append(validator.is_valid(copy))
    assert bad == [False] * len(bad)


def test_inventory_document_validates_and_reads_back(result: ScanResult) -> None:
    inventory = Inventory(assets=result.assets, coverage=result.coverage, sources=("file", "aws", "mlflow"))
    collected = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
    scope = result.metadata.scope
    document = inventory_document(inventory, collected_at=collected, scope=scope, config_digest=None)
    validate(json.loads(dumps(document)), INVENTORY_SCHEMA)
    back = {a.id: a for a in map(asset_from_dict, document["assets"])}
    assert back == {a.id: a for a in ASSETS}  # the report's assets are a faithful, replayable record


def test_report_assets_validate_as_an_inventory(result: ScanResult) -> None:
    doc = render_json("json", result)
    validate({"schema_version": "1", "assets": doc["assets"], "coverage": doc["coverage"]}, INVENTORY_SCHEMA)


def test_evidence_that_is_not_json_is_a_report_error(result: ScanResult) -> None:
    odd = replace(FINDINGS[0], evidence={"value": float("nan")})
    with pytest.raises(ReportError, match="cannot render the report"):
        render("json", replace(result, findings=(odd,)))


def test_unicode_and_lone_surrogates(result: ScanResult) -> None:
    named = replace(ASSETS[0], name="modèle-été")
    data = render("json", replace(result, assets=(named,)))
    assert "modèle-été".encode() in data  # UTF-8, not \\u escapes
    broken = replace(ASSETS[0], name="bad-\udcff-bytes")
    doc = json.loads(render("json", replace(result, assets=(broken,))))
    assert doc["assets"][0]["name"] == "bad-\udcff-bytes"
