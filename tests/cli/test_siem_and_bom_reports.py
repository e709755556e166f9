"""`-f ocsf` and `-f cyclonedx` through the real entry point: the OCSF events tell a complete scan
from an incomplete one, and the ML-BOM holds every asset of the scan, both checked by the
independent validators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.model import Dataset
from scanner.reporters.cyclonedx import dataset_ref
from scanner.reporters.json_report import SCHEMA_VERSION
from tests.cli.conftest import MlgovRunner
from tests.reporters.conftest import MIXED
from tests.reporters.validators import EXPECTED_COMPONENT_TYPE, assert_valid_bom, assert_valid_ocsf

FIXTURES = Path(__file__).parents[1] / "fixtures"
MANIFESTS = FIXTURES / "manifests"
PLAN = FIXTURES / "terraform" / "plan.json"
NOW = "2026-11-22"


def ocsf_events(out: Path) -> list[dict[str, Any]]:
    events = [json.loads(line) for line in (out / "report.ocsf.jsonl").read_text().splitlines()]
    for event in events:
        assert_valid_ocsf(event)
    return events


def bom(out: Path) -> dict[str, Any]:
    text = (out / "inventory.cdx.json").read_text()
    assert_valid_bom(text)
    doc: dict[str, Any] = json.loads(text)
    return doc


@pytest.mark.slow
def test_scan_with_a_broken_file_reports_the_gap_in_ocsf_and_every_asset_in_the_bom(
    mlgov: MlgovRunner, tmp_path: Path
) -> None:
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "broken.yaml").write_text("kind: Deployment\nmetadata: {name: x\n")
    options = ("--now", NOW, "-f", "json,ocsf,cyclonedx", "-q")
    run = mlgov("scan", str(MANIFESTS), str(PLAN), "more", *options, "--output-dir", "out")
    assert run.code == 3, run.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    events = ocsf_events(tmp_path / "out")

    [scan] = [e for e in events if e["metadata"]["event_code"] == "scan"]
    assert (scan["class_uid"], scan["status"], scan["status_code"]) == (6007, "Failure", "incomplete")
    assert scan["total"] == len(report["assets"])
    units = [e for e in events if e["metadata"]["event_code"] == "coverage"]
    assert sorted((u["unmapped"]["coverage_scope"], u["status_code"]) for u in units) == sorted(
        (c["scope"], c["status"]) for c in report["coverage"]
    )
    [gap] = [e for e in events if e["metadata"]["event_code"] == "coverage_error"]
    assert gap["unmapped"]["error_where"].startswith("more/broken.yaml:")
    assert gap["status_code"] == "parse_error" and gap["message"].startswith("more/broken.yaml:")
    findings = [e for e in events if e["class_uid"] == 2003]
    assert {e["finding_info"]["uid"] for e in findings} == {f["id"] for f in report["findings"]}
    assert len({e["metadata"]["correlation_uid"] for e in events}) == 1  # one scan

    doc = bom(tmp_path / "out")
    components = {c["bom-ref"]: c for c in doc["components"]}
    for asset in report["assets"]:  # every asset, whatever its kind
        assert components[asset["id"]]["type"] == EXPECTED_COMPONENT_TYPE[asset["kind"]], asset["id"]
    assert {a["kind"] for a in report["assets"]} >= set(EXPECTED_COMPONENT_TYPE) - {"custom_model"}
    lineage = [d for a in report["assets"] for d in a.get("lineage", {}).get("datasets", [])]
    assert lineage and {ref for ref, c in components.items() if c["type"] == "data"} == {
        dataset_ref(Dataset(**d)) for d in lineage
    }
    depends = {d["ref"]: set(d["dependsOn"]) for d in doc["dependencies"]}
    linked = [a for a in report["assets"] if a.get("registry_ref", {}).get("target")]
    assert linked and all(a["registry_ref"]["target"] in depends[a["id"]] for a in linked)
    assert {"name": "mlgov:coverage_complete", "value": "false"} in doc["metadata"]["properties"]
    # the fixture's last-applied-configuration annotation never reaches either report
    for name in ("report.ocsf.jsonl", "inventory.cdx.json"):
        assert "SENTINEL-LAST-APPLIED" not in (tmp_path / "out" / name).read_text()

    # without the broken file the scan is complete, and the first event says so
    run = mlgov("scan", str(MANIFESTS), str(PLAN), *options, "--fail-on", "none", "--output-dir", "clean")
    assert run.code == 0, run.stderr
    events = ocsf_events(tmp_path / "clean")
    assert (events[0]["metadata"]["event_code"], events[0]["status"]) == ("scan", "Success")
    assert [e for e in events if e["metadata"]["event_code"] == "coverage_error"] == []
    clean = bom(tmp_path / "clean")["metadata"]["properties"]
    assert {"name": "mlgov:coverage_complete", "value": "true"} in clean


def test_evaluate_writes_every_kind_and_link_of_a_saved_inventory(mlgov: MlgovRunner, tmp_path: Path) -> None:
    failed = {
        "source": "aws",
        "scope": "123456789012/eu-west-1/bedrock",
        "status": "failed",
        "assets": 0,
        "errors": [
            {"code": "AccessDenied", "message": "AccessDeniedException", "where": "bedrock:ListCustomModels"}
        ],
    }
    inventory = {
        "schema_version": SCHEMA_VERSION,
        "coverage": [failed],
        "assets": [a.to_policy_dict() for a in MIXED],
    }
    (tmp_path / "inventory.json").write_text(json.dumps(inventory))
    run = mlgov(
        "evaluate", "inventory.json", "--now", NOW, "-f", "ocsf,cyclonedx", "--output-dir", "out", "-q"
    )
    assert run.code == 3, run.stderr

    doc = bom(tmp_path / "out")
    components = {c["bom-ref"]: c for c in doc["components"]}
    assert {c["type"] for c in components.values()} == set(EXPECTED_COMPONENT_TYPE.values()) | {"data"}
    for asset in MIXED:
        assert components[asset.id]["type"] == EXPECTED_COMPONENT_TYPE[asset.kind.value]
    depends = {d["ref"]: set(d["dependsOn"]) for d in doc["dependencies"]}
    ids = {a.id for a in MIXED}
    linked = {a.id: {link.target for link in a.links} for a in MIXED}
    for asset in MIXED:
        if asset.registry_ref is not None and asset.registry_ref.target:
            linked[asset.id].add(asset.registry_ref.target)
    # produced (job -> version), runs_on (serving -> node), registry target (serving -> version)
    assert sum(len(targets & ids) for targets in linked.values()) == 3
    for asset_id, targets in linked.items():
        assert targets & ids <= depends.get(asset_id, set()), asset_id

    events = ocsf_events(tmp_path / "out")
    assert events[0]["status_code"] == "incomplete"
    [gap] = [e for e in events if e["metadata"]["event_code"] == "coverage_error"]
    assert (gap["status_code"], gap["unmapped"]["coverage_scope"]) == ("AccessDenied", failed["scope"])
