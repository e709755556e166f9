"""Ids across a whole scan, through the real entry point: Terraform stacks, kustomize trees,
copies and collisions, and report counts that agree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.resources import data_dir
from tests.cli.conftest import MlgovRunner

NOW = "2026-11-22"
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "realworld"
STACKS = CORPUS / "terraform-two-stacks" / "envs"


def scan_json(mlgov: MlgovRunner, *args: str, stdin: str | None = None) -> tuple[dict[str, Any], str]:
    run = mlgov(
        "scan", *args, "--now", NOW, "--fail-on", "none", "-f", "json", "--config", "/dev/null", stdin=stdin
    )
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    # the summary, the asset list and the coverage entries count the same assets
    assert (
        report["summary"]["assets"] == len(report["assets"]) == sum(c["assets"] for c in report["coverage"])
    )
    return report, run.stderr


def samples(mlgov: MlgovRunner, tmp_path: Path) -> tuple[dict[str, Any], str]:
    """A scan of repo/: the same samples in two directories, as copies and as different objects."""
    shutil.copytree(
        CORPUS / "samples-in-two-directories",
        tmp_path / "repo",
        ignore=shutil.ignore_patterns("expected.yaml"),
    )
    return scan_json(mlgov, "repo")


def ids(report: dict[str, Any]) -> list[str]:
    return [a["id"] for a in report["assets"]]


@pytest.mark.slow
def test_two_plans_with_the_same_addresses_give_every_resource(mlgov: MlgovRunner, tmp_path: Path) -> None:
    shutil.copytree(STACKS, tmp_path / "envs")
    report, _ = scan_json(mlgov, "envs/staging/plan.json", "envs/prod/plan.json")
    assert len(ids(report)) == 6
    assert {i.split("/module.ml.")[0] for i in ids(report)} == {
        "terraform://envs/staging/plan.json",
        "terraform://envs/prod/plan.json",
    }
    assert [(c["scope"], c["assets"]) for c in report["coverage"]] == [
        ("envs/prod/plan.json", 3),
        ("envs/staging/plan.json", 3),
    ]


@pytest.mark.slow
def test_terraform_stack_names(mlgov: MlgovRunner, tmp_path: Path) -> None:
    shutil.copytree(STACKS, tmp_path / "envs")
    report, _ = scan_json(
        mlgov,
        "envs",
        "--terraform-stack",
        "envs/staging/plan.json=staging",
        "--terraform-stack",
        "./envs/prod/plan.json=prod",
    )
    assert "terraform://prod/module.ml.aws_sagemaker_model.fraud" in ids(report)
    endpoint = next(
        a for a in report["assets"] if a["id"] == "terraform://staging/module.ml.aws_sagemaker_endpoint.fraud"
    )
    assert endpoint["registry_ref"]["target"] == "terraform://staging/module.ml.aws_sagemaker_model.fraud"

    # one plan on stdin, named by a bare NAME
    plan = (STACKS / "prod" / "plan.json").read_text()
    report, _ = scan_json(mlgov, "-", "--terraform-stack", "prod-eu", stdin=plan)
    assert all(i.startswith("terraform://prod-eu/module.ml.") for i in ids(report))
    report, _ = scan_json(mlgov, "-", stdin=plan)
    assert all(i.startswith("terraform://-/module.ml.") for i in ids(report))


@pytest.mark.slow
def test_a_stack_name_that_fits_no_plan_is_a_usage_error(mlgov: MlgovRunner, tmp_path: Path) -> None:
    shutil.copytree(STACKS, tmp_path / "envs")
    run = mlgov("scan", "envs", "--terraform-stack", "prod", "--config", "/dev/null")
    assert run.code == 2
    assert (
        "--terraform-stack prod: names the stack of the scan's one Terraform plan, but 2 plans were read"
        in run.stderr
    )
    assert "hint: name each plan's stack with --terraform-stack PLAN=NAME" in run.stderr
    run = mlgov("scan", "envs", "--terraform-stack", "envs/qa/plan.json=qa", "--config", "/dev/null")
    assert run.code == 2
    assert (
        "--terraform-stack envs/qa/plan.json=qa: no Terraform plan was read from envs/qa/plan.json"
        in run.stderr
    )
    run = mlgov("scan", "envs", "--terraform-stack", "=qa", "--config", "/dev/null")
    assert run.code == 2 and "expected NAME or PLAN=NAME" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_stack_names_from_the_config_file(mlgov: MlgovRunner, tmp_path: Path) -> None:
    shutil.copytree(STACKS, tmp_path / "infra" / "envs")
    (tmp_path / "infra" / "mlgov.yaml").write_text(
        "version: 1\nsources:\n  files: [envs]\n  terraform_stacks:\n"
        "    envs/prod/plan.json: prod\n    envs/staging/plan.json: staging\n    envs/qa/plan.json: qa\n"
    )
    # paths relative to the config file; a stack for a plan this run does not read is no error
    run = mlgov("inventory", "--config", "infra/mlgov.yaml")
    assert run.code == 0, run.stderr
    inventory = json.loads(run.stdout)
    assert {a["id"].split("/")[2] for a in inventory["assets"]} == {"prod", "staging"}
    # the command line names a plan's stack over the config file
    run = mlgov(
        "inventory", "--config", "infra/mlgov.yaml", "--terraform-stack", "infra/envs/prod/plan.json=live"
    )
    assert run.code == 0, run.stderr
    assert {a["id"].split("/")[2] for a in json.loads(run.stdout)["assets"]} == {"live", "staging"}


@pytest.mark.slow
def test_a_kustomize_tree(mlgov: MlgovRunner, tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "kustomize-base-overlay" / "config", tmp_path / "config")
    report, stderr = scan_json(mlgov, "config")
    assert ids(report) == ["k8s://-/llm-serving/Deployment/summarizer"]
    assert report["assets"][0]["location"] == {"path": "config/server/deployment.yaml", "line": 1}
    assert "2 kustomize patch file(s) left out" in stderr
    assert "config/default/server_image_patch.yaml" in stderr


@pytest.mark.slow
def test_identical_copies_are_merged_and_reported(mlgov: MlgovRunner, tmp_path: Path) -> None:
    report, stderr = samples(mlgov, tmp_path)
    [iris] = [a for a in report["assets"] if "sklearn-iris" in a["id"]]
    assert iris["id"] == "k8s://-/default/InferenceService/sklearn-iris"
    assert iris["location"] == {"path": "repo/docs/samples/v1beta1/sklearn/sklearn.yaml", "line": 1}
    assert iris["copies"] == [{"path": "repo/test/e2e/sklearn.yaml", "line": 2}]
    assert (
        "k8s://-/default/InferenceService/sklearn-iris is defined at "
        "repo/docs/samples/v1beta1/sklearn/sklearn.yaml:1 (identical: repo/test/e2e/sklearn.yaml:2); "
        "kept as one asset that lists its copies"
    ) in stderr
    schema = json.loads((data_dir("reports") / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)  # `copies` is part of the contract
    # findings are on the one asset, not once per copy
    assert sum(f["asset_id"] == iris["id"] and f["rule_id"] == "MLG001" for f in report["findings"]) == 1


@pytest.mark.slow
def test_different_objects_sharing_an_id_are_both_kept(mlgov: MlgovRunner, tmp_path: Path) -> None:
    report, stderr = samples(mlgov, tmp_path)
    xgb = sorted(i for i in ids(report) if "xgboost-iris" in i)
    assert xgb == [
        "k8s://-/default/InferenceService/xgboost-iris#repo/docs/samples/v1beta1/xgboost/xgboost.yaml",
        "k8s://-/default/InferenceService/xgboost-iris#repo/test/e2e/xgboost.yaml",
    ]
    assert "xgboost-iris is defined 2 different ways" in stderr
    # each keeps its own findings
    assert {f["asset_id"] for f in report["findings"] if f["rule_id"] == "MLG001"} >= set(xgb)


@pytest.mark.slow
def test_help_names_the_stack_option(mlgov: MlgovRunner) -> None:
    for command in ("scan", "inventory"):
        run = mlgov(command, "--help")
        assert run.code == 0 and "--terraform-stack [PLAN=]NAME" in run.stdout
