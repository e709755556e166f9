"""`ocsf`: every event validated by the ocsf-json-schema package (OCSF 1.5.0, Compliance Finding)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

from scanner.model import ScanResult
from scanner.reporters.base import ReportOptions
from scanner.reporters.ocsf import OCSF_VERSION, OcsfReporter
from tests.reporters.conftest import ASSETS, WAIVED, make_result


@cache
def validator(profiles: tuple[str, ...]) -> jsonschema.Draft202012Validator:
    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(OCSF_VERSION)).get_class_schema(
        "compliance_finding", list(profiles)
    )
    return jsonschema.Draft202012Validator(schema)


def events(result: ScanResult) -> list[dict[str, Any]]:
    data = OcsfReporter().render(result, ReportOptions())
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.decode().splitlines()]


def test_every_event_is_a_valid_compliance_finding() -> None:
    result = make_result()
    found = events(result)
    assert len(found) == len(result.findings)
    for event in found:
        profiles = tuple(event["metadata"].get("profiles", []))
        errors = sorted(validator(profiles).iter_errors(event), key=str)
        assert not errors, (event["finding_info"]["uid"], [e.message for e in errors[:3]])
        assert (event["class_uid"], event["type_uid"]) == (2003, 200301)


def test_finding_ids_waivers_and_assets_map_as_a_siem_needs_them() -> None:
    result = make_result()
    by_uid = {e["finding_info"]["uid"]: e for e in events(result)}
    assert set(by_uid) == {f.id for f in result.findings}  # fingerprints: stable de-duplication keys
    waived = by_uid[WAIVED.id]
    assert (waived["status_id"], waived["status"]) == (3, "Suppressed")
    assert WAIVED.waiver is not None and WAIVED.waiver.id in waived["status_detail"]
    failing = [e for e in by_uid.values() if e["status"] == "New"]
    assert failing and all(e["compliance"]["status"] == "Fail" for e in failing)
    assert {e["resources"][0]["uid"] for e in by_uid.values()} <= {a.id for a in ASSETS}
    critical = [e for e in by_uid.values() if e["compliance"]["control"] == "MLG013"]
    assert critical and all(e["severity_id"] == 5 for e in critical)


def test_same_result_same_bytes_whatever_the_wall_clock() -> None:
    one = OcsfReporter().render(make_result(started_at="2026-11-22T09:00:00Z", duration=1.0), ReportOptions())
    two = OcsfReporter().render(make_result(started_at="2026-11-23T10:00:00Z", duration=9.0), ReportOptions())
    assert one == two
