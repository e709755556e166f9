from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from scanner.model import Location, ReportError, ScanResult, UsageError
from scanner.reporters.base import ReportOptions
from scanner.reporters.registry import available_formats, get_reporter
from scanner.reporters.write import write_report
from scanner.resources import data_dir
from tests.reporters.conftest import AWS_ASSET, FILE_ASSET, make_result

SARIF_SCHEMA = json.loads((Path(__file__).parents[1] / "fixtures" / "sarif" / "sarif-2.1.0.json").read_text())


def render(name: str, result: ScanResult, **options: object) -> bytes:
    return get_reporter(name).render(result, ReportOptions(**options))  # type: ignore[arg-type]


def test_sarif_is_valid_oasis_sarif(result: ScanResult) -> None:
    doc = json.loads(render("sarif", result, anchor="mlgov.yaml"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)


def test_sarif_meets_github_requirements(result: ScanResult) -> None:
    doc = json.loads(render("sarif", result, anchor="mlgov.yaml"))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {f"MLG{n:03d}" for n in range(1, 12)}  # no planned rules
    for rule in rules:
        assert isinstance(rule["properties"]["security-severity"], str)
        float(rule["properties"]["security-severity"])
        assert rule["help"]["markdown"]
    assert len(run["results"]) == 6
    for res in run["results"]:
        physical = res["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"]
        assert physical["region"]["startLine"] >= 1
        assert res["partialFingerprints"]["primaryLocationLineHash"]
        assert res["partialFingerprints"]["mlgovFindingId/v1"].startswith("sha256:")
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]


def test_sarif_locations_and_suppressions(result: ScanResult) -> None:
    run = json.loads(render("sarif", result, anchor="mlgov.yaml"))["runs"][0]
    by_asset = {r["properties"]["assetId"]: r for r in run["results"] if r["ruleId"] in {"MLG001", "MLG009"}}
    file_loc = by_asset[FILE_ASSET.id]["locations"][0]["physicalLocation"]
    assert file_loc == {"artifactLocation": {"uri": "k8s/llm.yaml"}, "region": {"startLine": 12}}
    live = by_asset[AWS_ASSET.id]
    assert live["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "mlgov.yaml"
    assert live["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == AWS_ASSET.id
    assert live["suppressions"][0]["status"] == "accepted"
    assert "W1" in live["suppressions"][0]["justification"]
    assert "suppressions" not in by_asset[FILE_ASSET.id]
    assert run["invocations"][0]["executionSuccessful"] is False  # coverage incomplete
    assert "k8s/x.yaml:3" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_uris_are_relative_to_base_dir(tmp_path: Path) -> None:
    base = make_result()
    moved = replace(base.findings[0], location=Location(str(tmp_path / "k8s" / "a.yaml"), 3))
    run = json.loads(render("sarif", replace(base, findings=(moved,)), base_dir=str(tmp_path)))["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "k8s/a.yaml"


def test_json_report_validates_against_published_schema(result: ScanResult) -> None:
    doc = json.loads(render("json", result))
    schema = json.loads((data_dir("reports") / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
    assert doc["summary"]["by_status"] == {"fail": 5, "waived": 1, "error": 0}
    assert [w["expired"] for w in doc["waivers"]] == [True, False]


def test_json_is_deterministic_except_timing() -> None:
    a = render("json", make_result())
    assert a == render("json", make_result())
    b = render("json", make_result(started_at="2026-11-22T10:00:00Z", duration=9.0))
    assert a != b
    da, db = json.loads(a), json.loads(b)
    for doc in (da, db):
        del doc["metadata"]["started_at"], doc["metadata"]["duration_seconds"]
    assert da == db


def test_table_is_readable_and_plain_without_color(result: ScanResult) -> None:
    text = render("table", result, color=False).decode()
    assert "\x1b[" not in text
    for rule_id in ("MLG001", "MLG003", "MLG008"):
        assert rule_id in text
    assert "k8s/llm.yaml:12" in text
    assert "1 finding(s) waived" in text
    assert "waiver W0 expired" in text
    assert "Incomplete coverage" in text and "k8s/x.yaml:3" in text
    assert text.strip().splitlines()[-1].startswith("3 asset(s) scanned, 5 violation(s)")
    assert "\x1b[" in render("table", result, color=True).decode()


def test_registry_lists_and_rejects() -> None:
    assert {"table", "json", "sarif"} <= set(available_formats())
    with pytest.raises(UsageError) as info:
        get_reporter("pdf")
    assert "json" in str(info.value) and "sarif" in str(info.value)


def test_atomic_write_replaces_and_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    write_report(target, b"first")
    write_report(target, b"second")
    assert target.read_bytes() == b"second"

    with pytest.raises(TypeError):  # the write itself fails midway: not bytes
        write_report(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]


def test_unwritable_target_is_a_report_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="cannot write report"):
        write_report(blocker / "report.json", b"x")
