"""`mlgov scan --source azure` end to end: the CLI in a subprocess, DefaultAzureCredential from
the environment, the local Azure ML server. The mission's rules hold on Azure ML assets, a
denied workspace makes the scan exit 3, and the findings replay through `mlgov inventory` +
`mlgov evaluate`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scanner.links import docs_url
from tests.collectors.azure.seed import seed_estate
from tests.collectors.azure.server import AzureMlServer, Fault
from tests.conftest import MlgovRunner

NOW = "2026-11-22"


def _config(tmp_path: Path, server: AzureMlServer) -> Path:
    config = tmp_path / "mlgov.yaml"
    config.write_text(f"version: 1\nsources:\n  azure:\n    arm_endpoint: {server.url}\n")
    return config


def _failing(report: dict[str, Any], names: dict[str, str]) -> set[tuple[str, str]]:
    return {
        (f["rule_id"], names.get(f["asset_id"], f["asset_id"]))
        for f in report["findings"]
        if f["status"] == "fail"
    }


@pytest.mark.slow
def test_the_mission_rules_hold_on_azure_ml_assets(
    azure_server: AzureMlServer, mlgov: MlgovRunner, tmp_path: Path
) -> None:
    ids = seed_estate(azure_server)
    names = {v: k for k, v in ids.items()}
    _config(tmp_path, azure_server)
    run = mlgov("scan", "--now", NOW, "-f", "json", env=azure_server.environment())
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    found = _failing(report, names)
    assert {
        ("MLG001", "batch"),  # owner missing
        ("MLG003", "batch"),  # production serving without a sunset date
        ("MLG007", "v2"),  # a production version no job produced: no lineage
        ("MLG009", "research-v1"),  # classification missing
        ("MLG012", "shadow"),  # serves a registry model the scanned registry does not hold
        ("MLG013", "v2"),  # a production version without an approval tag or property
        ("MLG014", "retired-serving"),  # serves the archived version 1
        ("MLG015", "notebook"),  # a T4 compute instance without owner or cost center
        ("MLG016", "notebook"),  # running since August
        ("MLG017", "research-v1"),  # high risk, no model card
    } <= found
    # the governed version and what serves it: approved, carded, with lineage, linked
    assert not {f for f in found if f[1] in {"v3", "online", "job", "cluster", "registry-v1"}}
    assert report["summary"]["coverage_complete"] is True
    linked = {a["id"]: a for a in report["assets"]}
    assert linked[ids["online"]]["registry_ref"]["target"] == ids["v3"]
    assert linked[ids["online"]]["registry_ref"]["registry"] == "azure"
    assert linked[ids["job"]]["links"] == [{"rel": "produced", "target": ids["v3"], "via": "lineage.job"}]
    assert "env-secret-value" not in run.stdout and azure_server.client_secret not in run.stdout + run.stderr

    # the replay: collect once, evaluate the saved inventory, same findings
    inventory = mlgov("inventory", "-o", "inv.json", "-q", env=azure_server.environment())
    assert inventory.code == 0, inventory.stderr
    replay = mlgov("evaluate", "inv.json", "--now", NOW, "-f", "json", "-q")
    assert replay.code == 1, replay.stderr
    assert _failing(json.loads(replay.stdout), names) == found


@pytest.mark.slow
def test_a_denied_workspace_exits_3_with_its_coverage_in_the_report(
    azure_server: AzureMlServer, mlgov: MlgovRunner, tmp_path: Path
) -> None:
    seed_estate(azure_server)
    azure_server.faults.append(Fault("/workspaces/mlw-research/", 403, code="AuthorizationFailed"))
    _config(tmp_path, azure_server)
    run = mlgov("scan", "--now", NOW, "-f", "json", "--fail-on", "none", env=azure_server.environment())
    assert run.code == 3, run.stderr
    report = json.loads(run.stdout)
    failed = [c for c in report["coverage"] if c["status"] != "ok"]
    assert [(c["scope"].rsplit("/", 1)[-1], c["errors"][0]["code"]) for c in failed] == [
        ("mlw-research", "forbidden")
    ]
    assert docs_url("docs/azure-custom-role.json") in failed[0]["errors"][0]["message"]
    assert "Traceback" not in run.stderr
    allowed = mlgov(
        "scan",
        "--now",
        NOW,
        "-f",
        "json",
        "--fail-on",
        "none",
        "--allow-partial",
        "-q",
        env=azure_server.environment(),
    )
    assert allowed.code == 0, allowed.stderr


@pytest.mark.slow
def test_flags_select_subscription_workspace_and_cloud(
    azure_server: AzureMlServer, mlgov: MlgovRunner
) -> None:
    ids = seed_estate(azure_server)
    run = mlgov(
        "scan",
        "--source",
        "azure",
        "--azure-arm-endpoint",
        azure_server.url,
        "--azure-subscription",
        ids["research-v1"].split("/")[2],
        "--azure-workspace",
        "mlw-research",
        "--azure-registry",
        "none",
        "--now",
        NOW,
        "-f",
        "json",
        "--fail-on",
        "none",
        "-q",
        env=azure_server.environment(),
    )
    assert run.code == 0, run.stderr
    assert {a["id"] for a in json.loads(run.stdout)["assets"]} == {ids["research-model"], ids["research-v1"]}
    unknown = mlgov("scan", "--source", "azure", "--azure-cloud", "mars", "-q")
    assert unknown.code == 2 and "mars" in unknown.stderr


@pytest.mark.slow
def test_a_credential_chain_azure_identity_does_not_know_is_a_usage_error(mlgov: MlgovRunner) -> None:
    run = mlgov("scan", "--source", "azure", "-q", env={"AZURE_TOKEN_CREDENTIALS": "CarrierPigeonCredential"})
    assert run.code == 2 and "AZURE_TOKEN_CREDENTIALS" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
def test_an_authority_outside_the_known_clouds_needs_a_resource_manager_endpoint(
    mlgov: MlgovRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = mlgov(
        "scan", "--source", "azure", "-q", env={"AZURE_AUTHORITY_HOST": "https://login.example.internal"}
    )
    assert run.code == 2
    assert "arm_endpoint" in run.stderr and "Traceback" not in run.stderr


def test_without_the_sdk_the_error_names_the_extra(tmp_path: Path) -> None:
    # a fresh interpreter in which no `azure` package can be imported, as without the extra
    blocked = "import sys; sys.modules['azure'] = None; from scanner.cli.main import main; main()"
    run = subprocess.run(
        [sys.executable, "-c", blocked, "scan", "--source", "azure", "-q"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert "pip install 'mlgov[azure]'" in run.stderr and "Traceback" not in run.stderr


MANIFESTS = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud-base
  namespace: ml-prod
  annotations: {mlgov.io/owner: fraud-team@example.com}
spec:
  predictor:
    model:
      modelFormat: {name: mlflow}
      storageUri: azureml://registries/mlreg-shared/models/fraud-base/versions/1
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ghost
  namespace: ml-prod
spec:
  predictor:
    model:
      modelFormat: {name: mlflow}
      storageUri: azureml://registries/mlreg-shared/models/ghost/versions/2
"""


@pytest.mark.slow
def test_a_kubernetes_workload_serving_an_azure_ml_model_resolves_to_it(
    azure_server: AzureMlServer, mlgov: MlgovRunner, tmp_path: Path
) -> None:
    ids = seed_estate(azure_server)
    _config(tmp_path, azure_server)
    (tmp_path / "isvc.yaml").write_text(MANIFESTS)
    run = mlgov(
        "scan",
        "isvc.yaml",
        "--source",
        "azure",
        "--now",
        NOW,
        "-f",
        "json",
        "-q",
        env=azure_server.environment(),
    )
    report = json.loads(run.stdout)
    assets = {a["id"]: a for a in report["assets"]}
    served = assets["k8s://-/ml-prod/InferenceService/fraud-base"]["registry_ref"]
    assert (served["target"], served["registry"]) == (ids["registry-v1"], "azure")
    assert served["matched_by"] == "azure:registry model version"
    shadow = {(f["rule_id"], f["asset_id"]) for f in report["findings"] if f["status"] == "fail"}
    assert ("MLG012", "k8s://-/ml-prod/InferenceService/ghost") in shadow
    assert ("MLG012", "k8s://-/ml-prod/InferenceService/fraud-base") not in shadow
    # without the Azure source the same reference points into a registry that was not read: not judged
    (tmp_path / "files-only.yaml").write_text("version: 1\n")
    alone = json.loads(
        mlgov("scan", "isvc.yaml", "--now", NOW, "-f", "json", "-q", "-c", "files-only.yaml").stdout
    )
    assert not [f for f in alone["findings"] if f["rule_id"] == "MLG012" and f["asset_id"].endswith("/ghost")]
