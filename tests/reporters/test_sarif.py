"""SARIF: valid against the OASIS 2.1.0 schema, and meeting GitHub code scanning's own rules."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import scanner.reporters.sarif as sarif_module
from scanner.model import (
    Coverage,
    CoverageStatus,
    Finding,
    FindingStatus,
    Location,
    ScanResult,
    Severity,
)
from scanner.policy.bundle import load_bundle
from scanner.reporters.base import DEFAULT_ANCHOR
from scanner.reporters.sarif import LEVEL, SECURITY_SEVERITY, line_hash, rule_name
from tests.reporters.conftest import (
    AWS_ASSET,
    CUSTOM,
    DISABLED,
    FINDINGS,
    K8S_ASSET,
    LIVE_ASSETS,
    MLFLOW_ASSET,
    PLANNED,
    REPORTED_RULE_IDS,
    SARIF_SCHEMA,
    STDIN_ASSET,
    TF_ASSET,
    WAIVED,
    make_finding,
    make_result,
    render,
    render_json,
)

VALIDATOR = jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def run_of(result: ScanResult, **options: Any) -> dict[str, Any]:
    doc = render_json("sarif", result, **options)
    VALIDATOR.validate(doc)  # every rendering in this file is also schema-checked
    assert len(doc["runs"]) == 1
    run: dict[str, Any] = doc["runs"][0]
    return run


def results_by(run: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["ruleId"], r["properties"]["assetId"]): r for r in run["results"]}


def test_valid_against_the_oasis_schema(result: ScanResult, tmp_path: Path) -> None:
    for options in ({}, {"anchor": "mlgov.yaml"}, {"base_dir": str(tmp_path)}):
        doc = render_json("sarif", result, **options)
        errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.absolute_path))
        assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
        assert doc["$schema"].endswith("sarif-2.1.0.json")
        assert doc["version"] == "2.1.0"


def test_schema_check_is_not_vacuous(result: ScanResult) -> None:
    doc = render_json("sarif", result)
    doc["runs"][0]["results"][0]["level"] = "critical"  # not a SARIF level
    doc["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(list(VALIDATOR.iter_errors(doc))) == 2


def test_driver_describes_each_enabled_implemented_rule(result: ScanResult) -> None:
    driver = run_of(result)["tool"]["driver"]
    assert driver["name"] == "mlgov"
    assert driver["version"] == driver["semanticVersion"] == "0.1.0"
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(REPORTED_RULE_IDS)
    assert DISABLED.id not in ids and PLANNED.id not in ids
    for rule in driver["rules"]:
        assert isinstance(rule["properties"]["security-severity"], str)
        assert 0.0 < float(rule["properties"]["security-severity"]) <= 10.0
        assert rule["name"][0].isupper() and rule["name"].isalnum()
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and "**Remediation**" in rule["help"]["markdown"]
        assert rule["helpUri"].startswith("https://")
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        tags = rule["properties"]["tags"]
        assert tags[0] == "security"  # GitHub reads security-severity only on security rules
        assert len(tags) <= 10


def test_rule_descriptor_details(result: ScanResult) -> None:
    rules = {r["id"]: r for r in run_of(result)["tool"]["driver"]["rules"]}
    owner = rules["MLG001"]
    assert owner["name"] == "OwnerMissing"
    assert owner["properties"]["security-severity"] == "8.0"
    assert owner["defaultConfiguration"]["level"] == "error"
    assert "ISO-42001:A.3.2" in owner["properties"]["tags"]
    assert owner["helpUri"] == "https://github.com/mlgov/mlgov/blob/main/docs/rules.md#mlg001"
    assert "```yaml" in owner["help"]["markdown"]
    assert rules["MLG013"]["properties"]["security-severity"] == "9.5"
    assert rules["MLG006"]["defaultConfiguration"]["level"] == "note"
    assert rules[CUSTOM.id]["helpUri"] == CUSTOM.help_uri
    assert rules[CUSTOM.id]["name"] == "GPUAcceleratorQuotaTagMissing"


def test_severity_mappings_are_documented_values() -> None:
    assert SECURITY_SEVERITY == {
        Severity.CRITICAL: "9.5",
        Severity.HIGH: "8.0",
        Severity.MEDIUM: "5.5",
        Severity.LOW: "3.0",
        Severity.INFO: "1.0",
    }
    assert [LEVEL[s] for s in reversed(Severity)] == ["error", "error", "warning", "note", "note"]
    assert rule_name("Training-data lineage missing") == "TrainingDataLineageMissing"
    assert rule_name("***", "MLG999") == "MLG999"


def test_every_result_has_what_github_requires(result: ScanResult) -> None:
    run = run_of(result)
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(FINDINGS)
    for res in run["results"]:
        location = res["locations"][0]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"]
        assert isinstance(physical["region"]["startLine"], int) and physical["region"]["startLine"] >= 1
        assert set(res["partialFingerprints"]) == {"mlgovFindingId/v1", "primaryLocationLineHash"}
        assert res["partialFingerprints"]["mlgovFindingId/v1"].startswith("sha256:")
        rule = rules[res["ruleIndex"]]
        assert rule["id"] == res["ruleId"]
        assert isinstance(rule["properties"]["security-severity"], str)
        assert res["level"] == LEVEL[Severity(res["properties"]["severity"])]
        assert res["message"]["text"]
        assert location["logicalLocations"] == [
            {"fullyQualifiedName": res["properties"]["assetId"], "kind": "resource"}
        ]


def test_results_most_severe_first(result: ScanResult) -> None:
    run = run_of(result)
    ranks = [Severity(r["properties"]["severity"]).rank for r in run["results"]]
    assert ranks == sorted(ranks, reverse=True)
    assert run["results"][0]["ruleId"] == "MLG013"


def test_file_assets_point_at_their_file_and_line(result: ScanResult) -> None:
    found = results_by(run_of(result))
    k8s = found[("MLG001", K8S_ASSET.id)]["locations"][0]["physicalLocation"]
    assert k8s == {"artifactLocation": {"uri": "k8s/serving/llm%20chat.yaml"}, "region": {"startLine": 12}}
    tf = found[("MLG007", TF_ASSET.id)]["locations"][0]["physicalLocation"]
    assert tf == {"artifactLocation": {"uri": "plans/plan.json"}, "region": {"startLine": 40}}


@pytest.mark.parametrize("asset", LIVE_ASSETS, ids=lambda a: a.source.value)
def test_live_assets_point_at_the_anchor_and_name_the_asset(result: ScanResult, asset: Any) -> None:
    for options, uri in (
        ({}, DEFAULT_ANCHOR),  # no anchor anywhere: the synthetic inventory file
        ({"anchor": "config/mlgov.yaml"}, "config/mlgov.yaml"),
    ):
        found = [r for r in run_of(result, **options)["results"] if r["properties"]["assetId"] == asset.id]
        assert found
        for res in found:
            location = res["locations"][0]
            assert location["physicalLocation"] == {
                "artifactLocation": {"uri": uri},
                "region": {"startLine": 1},
            }
            assert location["logicalLocations"] == [{"fullyQualifiedName": asset.id, "kind": "resource"}]


def test_anchor_precedence(result: ScanResult) -> None:
    from_metadata = replace(result, metadata=replace(result.metadata, anchor="ops/mlgov.yaml"))

    def anchor_uri(res: ScanResult, **options: Any) -> str:
        live = results_by(run_of(res, **options))[("MLG013", AWS_ASSET.id)]
        uri: str = live["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        return uri

    assert anchor_uri(result) == DEFAULT_ANCHOR
    assert anchor_uri(from_metadata) == "ops/mlgov.yaml"
    assert anchor_uri(from_metadata, anchor="other.yaml") == "other.yaml"


def test_stdin_assets_point_at_the_anchor_and_keep_their_line(result: ScanResult) -> None:
    res = results_by(run_of(result, anchor="mlgov.yaml"))[("MLG009", STDIN_ASSET.id)]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "mlgov.yaml"
    assert res["properties"]["recordedLocation"] == "<stdin>:7"


def test_waived_result_is_suppressed_and_others_are_not(result: ScanResult) -> None:
    run = run_of(result)
    for res in run["results"]:
        if (res["ruleId"], res["properties"]["assetId"]) == (WAIVED.rule_id, WAIVED.asset_id):
            assert res["suppressions"] == [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": "legacy model, retiring in Q1 (waiver W1, approved by "
                    "ciso@example.com, expires 2026-12-31, ticket GRC-1)",
                    "properties": {"waiverId": "W1", "expires": "2026-12-31"},
                }
            ]
            assert res["properties"]["status"] == "waived"
        else:
            assert "suppressions" not in res
            assert res["properties"]["status"] == "fail"


def test_fingerprints_come_from_the_finding_id_not_the_line(result: ScanResult) -> None:
    first = results_by(run_of(result))[("MLG001", K8S_ASSET.id)]
    finding = next(f for f in FINDINGS if (f.rule_id, f.asset_id) == ("MLG001", K8S_ASSET.id))
    assert first["partialFingerprints"]["mlgovFindingId/v1"] == finding.id
    assert first["partialFingerprints"]["primaryLocationLineHash"] == line_hash(finding.id)
    moved = replace(finding, location=Location("k8s/moved.yaml", 99), message="reworded")
    again = results_by(run_of(replace(result, findings=(moved,))))[("MLG001", K8S_ASSET.id)]
    assert again["partialFingerprints"] == first["partialFingerprints"]
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in run_of(result)["results"]]
    assert len(set(hashes)) == len(hashes)
    assert all(len(h.split(":")[0]) == 16 for h in hashes)


def test_invocation_reports_coverage_gaps_and_expired_waivers(result: ScanResult) -> None:
    invocation = run_of(result)["invocations"][0]
    assert invocation["executionSuccessful"] is False  # coverage incomplete
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert any("k8s/broken.yaml:3" in t and "parse_error" in t for t in texts)
    assert any("AccessDenied" in t and "sagemaker:ListModels" in t for t in texts)
    assert any("waiver W0 expired on 2026-01-01" in t for t in texts)
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert len(errors) == 2


def test_complete_coverage_is_a_successful_execution(result: ScanResult) -> None:
    complete = tuple(replace(c, status=CoverageStatus.OK, errors=()) for c in result.coverage)
    invocation = run_of(replace(result, coverage=complete, waivers=()))["invocations"][0]
    assert invocation == {"executionSuccessful": True, "toolExecutionNotifications": []}


def test_incomplete_coverage_without_errors_is_still_reported(result: ScanResult) -> None:
    silent = (Coverage("kubernetes", "prod/Deployment", CoverageStatus.PARTIAL, 3),)
    notes = run_of(replace(result, coverage=silent))["invocations"][0]["toolExecutionNotifications"]
    assert any(n["message"]["text"] == "kubernetes prod/Deployment: coverage partial" for n in notes)


def test_unevaluated_findings_are_notifications_not_results(result: ScanResult) -> None:
    broken = make_finding(CUSTOM, MLFLOW_ASSET, FindingStatus.ERROR, message="evaluation failed")
    run = run_of(replace(result, findings=(*result.findings, broken)))
    assert (CUSTOM.id, MLFLOW_ASSET.id) not in results_by(run)
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert any(MLFLOW_ASSET.id in n["message"]["text"] for n in invocation["toolExecutionNotifications"])


def test_a_finding_of_an_unlisted_rule_still_gets_a_descriptor(result: ScanResult) -> None:
    orphan = Finding(
        id="sha256:" + "d" * 64,
        rule_id="ZZZ001",
        asset_id=K8S_ASSET.id,
        status=FindingStatus.FAIL,
        severity=Severity.HIGH,
        message="from a policy without catalog metadata",
        title="Unlisted rule",
        location=K8S_ASSET.location,
    )
    run = run_of(replace(result, findings=(orphan,)))
    (res,) = run["results"]
    descriptor = run["tool"]["driver"]["rules"][res["ruleIndex"]]
    assert descriptor["id"] == "ZZZ001" and descriptor["properties"]["security-severity"] == "8.0"


def test_base_dir_makes_uris_repository_relative(
    result: ScanResult, tmp_path: Path, monkeypatch: Any
) -> None:
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    monkeypatch.chdir(repo / "sub")  # relative locations are relative to the current directory
    inside = replace(FINDINGS[1], location=Location(str(repo / "k8s" / "a.yaml"), 3))
    relative = replace(FINDINGS[2], location=Location(os.path.join("..", "plans", "p.json"), 5))
    outside = replace(FINDINGS[3], location=Location(str(tmp_path / "elsewhere.yaml"), 9))
    run = run_of(replace(result, findings=(inside, relative, outside, FINDINGS[0])), base_dir=str(repo))
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.as_uri() + "/"}}
    found = results_by(run)
    artifact = {k: v["locations"][0]["physicalLocation"]["artifactLocation"] for k, v in found.items()}
    assert artifact[(inside.rule_id, inside.asset_id)] == {"uri": "k8s/a.yaml", "uriBaseId": "%SRCROOT%"}
    assert artifact[(relative.rule_id, relative.asset_id)] == {
        "uri": "plans/p.json",
        "uriBaseId": "%SRCROOT%",
    }
    assert artifact[(outside.rule_id, outside.asset_id)] == {"uri": (tmp_path / "elsewhere.yaml").as_uri()}
    # the default anchor sits at the repository root; a given one resolves like any path
    assert artifact[("MLG013", AWS_ASSET.id)] == {"uri": DEFAULT_ANCHOR, "uriBaseId": "%SRCROOT%"}
    run = run_of(replace(result, findings=(FINDINGS[0],)), base_dir=str(repo), anchor="mlgov.yaml")
    anchor = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert anchor == {"uri": "sub/mlgov.yaml", "uriBaseId": "%SRCROOT%"}


def test_without_base_dir_paths_are_used_as_recorded(result: ScanResult) -> None:
    odd = replace(FINDINGS[1], location=Location("./k8s\\win\\a b.yaml", 2))
    run = run_of(replace(result, findings=(odd,)))
    assert "originalUriBaseIds" not in run
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "k8s/win/a%20b.yaml"


def test_line_zero_becomes_line_one(result: ScanResult) -> None:
    zero = replace(FINDINGS[1], location=Location("k8s/a.yaml", 0))
    run = run_of(replace(result, findings=(zero,)))
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_over_the_result_limit_keeps_the_most_severe_and_says_so(
    result: ScanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sarif_module, "MAX_RESULTS", 3)
    run = run_of(result)
    kept = [(r["ruleId"], r["properties"]["severity"]) for r in run["results"]]
    assert kept == [("MLG013", "critical"), ("MLG001", "high"), ("MLG007", "high")]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    dropped = [n for n in notes if "left out" in n["message"]["text"]]
    assert len(dropped) == 1
    assert dropped[0]["message"]["text"].startswith(f"{len(FINDINGS) - 3} of {len(FINDINGS)} results")
    assert dropped[0]["properties"] == {"droppedResults": len(FINDINGS) - 3}
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert rule_ids == REPORTED_RULE_IDS  # descriptors stay complete


def test_failing_findings_outrank_waived_ones_of_equal_severity(
    result: ScanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    medium = tuple(f for f in result.findings if f.severity is Severity.MEDIUM)
    monkeypatch.setattr(sarif_module, "MAX_RESULTS", len(medium) - 1)
    run = run_of(replace(result, findings=medium))
    assert all(r["properties"]["status"] == "fail" for r in run["results"])


def test_same_result_same_bytes(tmp_path: Path) -> None:
    assert render("sarif", make_result()) == render("sarif", make_result())
    assert render("sarif", make_result(), base_dir=str(tmp_path)) == render(
        "sarif", make_result(), base_dir=str(tmp_path)
    )
    # no clock in the SARIF output at all
    assert render("sarif", make_result()) == render("sarif", make_result("2030-01-01T00:00:00Z", 99.0))


def test_no_findings_still_declares_every_rule(result: ScanResult) -> None:
    run = run_of(replace(result, findings=(), waivers=()))
    assert run["results"] == []
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == REPORTED_RULE_IDS


def test_text_is_utf8_and_json_safe(result: ScanResult) -> None:
    odd = replace(FINDINGS[1], message='naïve "quoted" \\ <b>tag</b> \udcff')
    data = render("sarif", replace(result, findings=(odd,)))
    text = json.loads(data)["runs"][0]["results"][0]["message"]["text"]
    assert text == odd.message
    assert "naïve".encode() in data


def test_the_builtin_catalog_renders_valid_sarif(result: ScanResult) -> None:
    """Every rule of the real catalog (policies/ + rules/) makes a valid, GitHub-ready descriptor."""
    catalog = load_bundle().rules
    run = run_of(replace(result, rules=catalog, findings=()))
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {r.id for r in catalog if r.enabled and not r.planned}
    for rule in rules:
        assert rule["helpUri"].startswith("https://")
        assert rule["help"]["markdown"]
        assert len(rule["properties"]["tags"]) <= 10
