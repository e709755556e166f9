"""`ocsf`: every event validated by the ocsf-json-schema package against its OCSF 1.5.0 class
(Scan Activity for coverage, Compliance Finding for findings)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from scanner.model import Coverage, CoverageError, CoverageStatus, ScanResult
from scanner.reporters.base import ReportOptions
from scanner.reporters.ocsf import OcsfReporter
from tests.reporters.conftest import ASSETS, COVERAGE, WAIVED, make_result
from tests.reporters.validators import assert_valid_ocsf, ocsf_schema_errors


def events(result: ScanResult) -> list[dict[str, Any]]:
    data = OcsfReporter().render(result, ReportOptions())
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.decode().splitlines()]


def of_code(found: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [e for e in found if e["metadata"]["event_code"] == code]


def complete(result: ScanResult) -> ScanResult:
    return replace(
        result, coverage=tuple(replace(c, status=CoverageStatus.OK, errors=()) for c in result.coverage)
    )


def test_every_event_is_valid_for_its_class() -> None:
    for result in (make_result(), complete(make_result())):
        found = events(result)
        assert {e["class_uid"] for e in found} == {2003, 6007}
        for event in found:
            assert_valid_ocsf(event)
    bad = {**of_code(events(make_result()), "coverage")[0], "scan": {"name": "x"}}  # scan.type_id missing
    assert ocsf_schema_errors(bad)  # the validator bites


def test_finding_ids_waivers_and_assets_map_as_a_siem_needs_them() -> None:
    result = make_result()
    by_uid = {e["finding_info"]["uid"]: e for e in events(result) if e["class_uid"] == 2003}
    assert set(by_uid) == {f.id for f in result.findings}  # fingerprints: stable de-duplication keys
    waived = by_uid[WAIVED.id]
    assert (waived["status_id"], waived["status"]) == (3, "Suppressed")
    assert WAIVED.waiver is not None and WAIVED.waiver.id in waived["status_detail"]
    failing = [e for e in by_uid.values() if e["status"] == "New"]
    assert failing and all(e["compliance"]["status"] == "Fail" for e in failing)
    assert {e["resources"][0]["uid"] for e in by_uid.values()} <= {a.id for a in ASSETS}
    critical = [e for e in by_uid.values() if e["compliance"]["control"] == "MLG013"]
    assert critical and all(e["severity_id"] == 5 for e in critical)


def test_an_incomplete_scan_says_so_with_every_gap() -> None:
    result = make_result()
    found = events(result)
    [scan] = of_code(found, "scan")
    assert found[0] == scan  # the first line: what a SIEM reads first
    assert (scan["status_id"], scan["status_code"]) == (2, "incomplete")
    assert scan["severity_id"] == 4  # a failed unit (AWS AccessDenied): High
    assert scan["total"] == len(ASSETS)
    assert scan["num_detections"] == sum(1 for f in result.findings if f.failing)
    assert "2 of 6 units not fully read (1 partial, 1 failed)" in scan["status_detail"]

    units = {
        (e["unmapped"]["coverage_source"], e["unmapped"]["coverage_scope"]): e
        for e in of_code(found, "coverage")
    }
    assert set(units) == {(c.source, c.scope) for c in COVERAGE}  # every unit, read or not
    for unit in COVERAGE:
        event = units[(unit.source, unit.scope)]
        assert event["status_code"] == unit.status.value
        assert event["status"] == ("Success" if unit.complete else "Failure")
        assert (event["total"], event["num_skipped_items"]) == (unit.assets, len(unit.errors))
    assert units[("aws", "123456789012/eu-west-1/sagemaker")]["activity_name"] == "Error"
    assert units[("file", "k8s/")]["activity_name"] == "Completed"  # partial: it ran, not all was read

    gaps = of_code(found, "coverage_error")
    expected = [(c.source, c.scope, e.code, e.where, e.message) for c in COVERAGE for e in c.errors]
    got = [(g["unmapped"]["coverage_source"], g["unmapped"]["coverage_scope"], g["status_code"],
            g["unmapped"].get("error_where"), g["message"]) for g in gaps]  # fmt: skip
    assert sorted(got) == sorted((s, sc, c, w, f"{w}: {m}") for s, sc, c, w, m in expected)
    assert all(g["status"] == "Failure" and g["activity_name"] == "Error" for g in gaps)
    # a gap event follows the event of its unit
    order = [(e["metadata"]["event_code"], e.get("unmapped", {}).get("coverage_scope")) for e in found]
    assert order.index(("coverage_error", "k8s/")) == order.index(("coverage", "k8s/")) + 1


def test_a_complete_scan_says_so_and_shows_what_it_covered() -> None:
    found = events(complete(make_result()))
    [scan] = of_code(found, "scan")
    assert (scan["status"], scan["status_code"], scan["severity_id"]) == ("Success", "complete", 1)
    assert scan["status_detail"] == "coverage complete: 6 units read"
    units = of_code(found, "coverage")
    assert len(units) == len(COVERAGE)
    assert all(u["status"] == "Success" and u["activity_name"] == "Completed" for u in units)
    assert of_code(found, "coverage_error") == []
    # a scan with nothing to cover is complete too, and still reported
    [empty] = of_code(events(replace(make_result(), coverage=())), "scan")
    assert (empty["status_code"], empty["status_detail"]) == ("complete", "coverage complete: 0 units read")


def test_events_are_grouped_by_scan_and_unique_within_it() -> None:
    found = events(make_result())
    scan_id = of_code(found, "scan")[0]["scan"]["uid"]
    assert {e["metadata"]["correlation_uid"] for e in found} == {scan_id}  # findings included
    uids = [e["metadata"]["uid"] for e in found]
    assert len(set(uids)) == len(uids)
    # another scan (one more coverage error) gets other ids; the same scan the same ones
    broken = CoverageError("forbidden", "list inferenceservices: forbidden", "prod/InferenceService")
    denied = Coverage("kubernetes", "prod/InferenceService", CoverageStatus.FAILED, 0, (broken,))
    other = replace(make_result(), coverage=(*COVERAGE, denied))
    other_events = events(other)
    assert of_code(other_events, "scan")[0]["scan"]["uid"] != scan_id
    assert not set(uids) & {e["metadata"]["uid"] for e in other_events}
    assert [e["metadata"]["uid"] for e in events(make_result())] == uids


def test_same_result_same_bytes_whatever_the_wall_clock() -> None:
    one = OcsfReporter().render(make_result(started_at="2026-11-22T09:00:00Z", duration=1.0), ReportOptions())
    two = OcsfReporter().render(make_result(started_at="2026-11-23T10:00:00Z", duration=9.0), ReportOptions())
    assert one == two
    reordered = replace(make_result(), coverage=tuple(reversed(COVERAGE)))
    assert OcsfReporter().render(reordered, ReportOptions()) == one
