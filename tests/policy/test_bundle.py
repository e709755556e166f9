from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from scanner.model import ConfigError, PolicyError, Severity
from scanner.policy.bundle import load_bundle
from scanner.policy.catalog import check_consistency, parse_rule_file
from scanner.policy.params import DEFAULT_PARAMS, merge_params
from scanner.policy.testing import run_policy_tests
from scanner.resources import data_dir

CUSTOM_RULE = """\
# METADATA
# title: GPU workloads need a cost center
# description: Accelerator workloads must be billed to someone.
# custom:
#   id: ORG001
#   severity: high
package mlgov.rules.org_gpu_cost_center

deny contains v if {
	some a in input.assets
	a.accelerator
	not a.cost_center
	v := {"rule": "ORG001", "asset": a.id, "message": "no cost center"}
}
"""

CUSTOM_TEST = """\
package mlgov.rules.org_gpu_cost_center_test

import data.mlgov.rules.org_gpu_cost_center

test_gpu_without_cost_center_fails if {
	assets := [{"id": "a", "accelerator": {"vendor": "nvidia"}}]
	count(org_gpu_cost_center.deny) == 1 with input as {"assets": assets}
}

test_deliberately_wrong if {
	count(org_gpu_cost_center.deny) == 5 with input as {"assets": []}
}
"""


def test_builtin_bundle_loads_and_is_consistent() -> None:
    bundle = load_bundle()
    check_consistency(bundle)
    ids = [r.id for r in bundle.rules]
    assert ids == [f"MLG{n:03d}" for n in range(1, 19)]
    assert [r.id for r in bundle.rules if r.planned] == []
    assert sorted(r.id for r in bundle.rules) == [f"MLG{n:03d}" for n in range(1, 19)]
    assert all(not m.path.endswith("_test.rego") for m in bundle.modules)
    assert bundle.digest.startswith("sha256:")


def test_every_builtin_rego_test_passes() -> None:
    results = run_policy_tests(load_bundle())
    assert len(results) >= 30
    assert [r for r in results if not r.passed] == []


def test_custom_policy_with_metadata_and_a_failing_test(tmp_path: Path) -> None:
    (tmp_path / "gpu.rego").write_text(CUSTOM_RULE)
    (tmp_path / "gpu_test.rego").write_text(CUSTOM_TEST)
    bundle = load_bundle([tmp_path])
    rule = next(r for r in bundle.rules if r.id == "ORG001")
    assert rule.severity is Severity.HIGH and rule.custom and rule.title.startswith("GPU workloads")
    results = {r.name: r for r in run_policy_tests(bundle)}
    assert results["test_gpu_without_cost_center_fails"].passed
    assert not results["test_deliberately_wrong"].passed
    assert results["test_deliberately_wrong"].error


def test_custom_package_without_metadata_fails_the_build(tmp_path: Path) -> None:
    body = CUSTOM_RULE.split("package", 1)[1]
    (tmp_path / "gpu.rego").write_text("package" + body)
    with pytest.raises(PolicyError, match="has no rule catalog entry"):
        load_bundle([tmp_path])


def test_custom_package_outside_mlgov_rules_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "x.rego").write_text("package team.rules\n\nx := 1\n")
    with pytest.raises(PolicyError, match=r"not under mlgov\.rules"):
        load_bundle([tmp_path])


def test_catalog_entry_without_package_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(data_dir("rules"), rules)
    text = (rules / "MLG012.yaml").read_text().replace("MLG012", "MLG099").replace("shadow_ai", "ghost_rule")
    (rules / "MLG099.yaml").write_text(text)
    real = data_dir

    def fake(name: str) -> Path:
        return rules if name == "rules" else real(name)

    monkeypatch.setattr("scanner.policy.bundle.data_dir", fake)
    with pytest.raises(PolicyError, match="MLG099 names package 'ghost_rule', which no policy defines"):
        load_bundle()


def test_bad_catalog_entry_names_file_pointer_and_line(tmp_path: Path) -> None:
    path = tmp_path / "MLG099.yaml"
    original = (data_dir("rules") / "MLG001.yaml").read_text()
    path.write_text(original.replace("severity: high", "severity: urgent"))
    with pytest.raises(PolicyError) as info:
        parse_rule_file(path)
    line = original.splitlines().index("severity: high") + 1
    assert f"{path}:{line}" in str(info.value)
    assert "/severity" in str(info.value)


def test_digest_changes_with_a_policy(tmp_path: Path) -> None:
    (tmp_path / "gpu.rego").write_text(CUSTOM_RULE)
    first = load_bundle([tmp_path]).digest
    (tmp_path / "gpu.rego").write_text(CUSTOM_RULE.replace("no cost center", "missing cost center"))
    assert load_bundle([tmp_path]).digest != first
    assert load_bundle().digest == load_bundle().digest


def test_rego_fixture_params_mirror_python_defaults() -> None:
    source = (data_dir("policies") / "lib" / "fixtures_test.rego").read_text()
    block = source.split("params := ", 1)[1].split("\n}\n", 1)[0] + "\n}"
    pattern = re.search(r"`([^`]*)`", block)
    assert pattern is not None
    as_json = block.replace(pattern.group(0), json.dumps(pattern.group(1)))
    as_json = re.sub(r",(\n\s*[}\]])", r"\1", as_json)  # trailing commas only
    assert json.loads(as_json) == DEFAULT_PARAMS


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("max_ttl_days", "365"),
        ("warning_days", -1),
        ("allowed_classifications", "public"),
        ("owner_pattern", "("),
    ],
)
def test_bad_params_are_config_errors(key: str, value: object) -> None:
    with pytest.raises(ConfigError, match=f"policy.params.{key}"):
        merge_params({key: value})


def test_params_merge_keeps_defaults_and_passes_unknown_keys() -> None:
    merged = merge_params({"max_ttl_days": 90, "team_quota": 3})
    assert merged["max_ttl_days"] == 90 and merged["team_quota"] == 3
    assert merged["warning_days"] == DEFAULT_PARAMS["warning_days"]
    assert DEFAULT_PARAMS["max_ttl_days"] == 365


def test_rule_docs_are_generated_from_the_current_catalog() -> None:
    import runpy

    repo = Path(__file__).resolve().parents[2]
    module = runpy.run_path(str(repo / "scripts" / "gen-rule-docs"))
    assert (repo / "docs" / "rules.md").read_text() == module["render"](), "run scripts/gen-rule-docs"


def test_params_no_policy_reads_are_rejected_with_the_known_keys() -> None:
    custom = "package mlgov.rules.quota\n\ndeny contains v if { input.params.team_quota > 0; v := {} }\n"
    with pytest.raises(ConfigError, match="unknown policy parameter warning_day") as raised:
        merge_params({"warning_day": 10}, [custom])
    assert "did you mean warning_days?" in str(raised.value.hint) and "max_ttl_days" in str(raised.value.hint)
    assert merge_params({"team_quota": 3}, [custom])["team_quota"] == 3  # read as input.params.team_quota
    assert merge_params({"team_quota": 3}, ['x := p["team_quota"]'])["team_quota"] == 3
    with pytest.raises(ConfigError, match="team_quota"):
        merge_params({"team_quota": 3}, ["# team_quota is only mentioned here, never read as a field"])
