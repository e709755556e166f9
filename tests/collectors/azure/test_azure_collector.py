"""The Azure collector, driving the real azure-identity and azure-mgmt-machinelearningservices
clients over TLS against the local Azure ML server (tests/collectors/azure/server.py): a real
client-credentials token flow, real paging, real retries."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from scanner.collectors.azure.collector import AzureCollector
from scanner.collectors.azure.settings import AzureSettings
from scanner.model import AssetKind, CoverageStatus, Inventory
from tests.collectors.azure.seed import SUB_A, SUB_B, seed_estate
from tests.collectors.azure.server import AzureMlServer, Fault

PROD = f"{SUB_A}/rg-ml-prod/workspaces/mlw-fraud-prod"
SANDBOX = f"{SUB_A}/rg-ml-sandbox/workspaces/mlw-sandbox"
RESEARCH = f"{SUB_B}/rg-research/workspaces/mlw-research"
REGISTRY = f"{SUB_B}/rg-shared/registries/mlreg-shared"


def collect(server: AzureMlServer, **settings: object) -> Inventory:
    return AzureCollector(AzureSettings(arm_endpoint=server.url, **settings)).collect()  # type: ignore[arg-type]


def test_reads_every_resource_type_across_subscriptions(azure_server: AzureMlServer) -> None:
    ids = seed_estate(azure_server)
    inventory = collect(azure_server)
    assert {c.scope: (c.status, c.assets) for c in inventory.coverage} == {
        PROD: (CoverageStatus.OK, 10),
        SANDBOX: (CoverageStatus.OK, 2),
        RESEARCH: (CoverageStatus.OK, 2),
        REGISTRY: (CoverageStatus.OK, 2),
    }
    by_id = {a.id: a for a in inventory.assets}
    assert set(by_id) == set(ids.values())
    assert all(a.source.value == "azure" for a in inventory.assets)
    # three versions on pages of two: the version listing followed nextLink
    assert (
        sum(1 for _, path in azure_server.requests if path.endswith("/models/fraud-detector/versions")) == 2
    )

    container = by_id[ids["model"]]
    assert container.kind is AssetKind.REGISTERED_MODEL and container.name == "fraud-detector"
    assert container.model_card is not None and container.model_card.status == "approved"

    v3 = by_id[ids["v3"]]
    assert (v3.kind, v3.name, v3.version, v3.parent) == (
        AssetKind.MODEL_VERSION,
        "fraud-detector",
        "3",
        ids["model"],
    )
    assert (v3.owner, v3.sunset_date, v3.classification, v3.risk_tier) == (
        "fraud-team@example.com",
        "2027-06-30",
        "confidential",
        "high",
    )
    assert v3.resolved_from["owner"] == f"inherited:{ids['model']}"
    assert (v3.environment, v3.resolved_from["environment"]) == ("production", "stage")
    assert (
        v3.approval_status == "Approved" and v3.resolved_from["approval_status"] == "property:approval-status"
    )
    assert v3.cost_center == "cc-4711"
    assert v3.model_card is not None and v3.model_card.uri == "https://wiki.example.com/models/fraud-detector"
    # lineage: the job that produced it, that job's data input, and its base model
    assert v3.lineage.run_id == "train-fraud-42" and v3.lineage.job == ids["job"]
    assert [(d.name, d.uri, d.classification) for d in v3.lineage.datasets] == [
        ("training", "azureml:fraud-transactions:7", "confidential")  # from the data asset's tags
    ]
    assert v3.lineage.base_model == "azureml://registries/mlreg-shared/models/fraud-base/versions/1"
    assert v3.created_at == "2026-09-01T10:00:00Z"

    v1 = by_id[ids["v1"]]
    assert v1.lifecycle == "archived" and v1.lineage.job is None
    # the sandbox's explicit tag beats its name; the production workspace is named for its environment
    assert by_id[ids["notebook"]].environment == "development"
    assert by_id[ids["notebook"]].resolved_from["environment"] == "workspace-tag:environment"
    assert by_id[ids["batch"]].resolved_from["environment"] == "workspace:mlw-fraud-prod"

    job = by_id[ids["job"]]
    assert (job.kind, job.lifecycle) == (AssetKind.TRAINING_JOB, "completed")
    assert job.accelerator is not None and (job.accelerator.model, job.accelerator.count) == ("A100-80GB", 2)

    blue = by_id[ids["online"]]
    assert (blue.kind, blue.name, blue.lifecycle) == (AssetKind.SERVING, "fraud-scoring/blue", "succeeded")
    assert blue.registry_ref is not None and blue.registry_ref.uri == ids["v3"]
    assert blue.accelerator is not None and (blue.accelerator.vendor, blue.accelerator.model) == (
        "nvidia",
        "V100",
    )
    assert blue.owner == "fraud-team@example.com" and blue.resolved_from["owner"] == "endpoint-tag:owner"
    green = by_id[ids["retired-serving"]]
    assert green.registry_ref is not None and green.registry_ref.uri == ids["v1"]  # azureml:NAME:1, expanded
    assert green.accelerator is None  # Standard_DS3_v2 has no GPU
    batch = by_id[ids["batch"]]
    assert batch.registry_ref is not None and batch.registry_ref.uri == ids["v3"]
    assert batch.accelerator is not None and batch.accelerator.model == "A100-80GB"  # from its cluster

    notebook = by_id[ids["notebook"]]
    assert (notebook.kind, notebook.lifecycle, notebook.launched_at) == (
        AssetKind.NOTEBOOK,
        "running",
        "2026-08-01T08:00:00Z",
    )
    assert notebook.accelerator is not None and notebook.accelerator.model == "T4"
    cluster = by_id[ids["cluster"]]
    assert cluster.kind is AssetKind.COMPUTE and cluster.owner == "fraud-team@example.com"
    assert by_id[ids["cpu"]].accelerator is None

    shared = by_id[ids["registry-v1"]]
    assert shared.classification == "internal" and shared.owner == "platform@example.com"
    assert shared.resolved_from["owner"].startswith("inherited:")


def test_no_secret_and_no_environment_value_is_collected(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    inventory = collect(azure_server)
    blob = repr(inventory) + json.dumps([a.to_policy_dict() for a in inventory.assets])
    for secret in ("env-secret-value-5521", "env-secret-value-5522", azure_server.client_secret):
        assert secret not in blob
    assert not any(token in blob for token in azure_server.tokens)


def test_one_client_credentials_token_for_the_resource_manager_scope(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    collect(azure_server)
    assert azure_server.scopes == [f"{azure_server.url}/.default"]
    assert {m for m, _ in azure_server.requests} == {"GET", "POST"}  # POST: the token request only


def test_every_call_is_granted_by_the_documented_custom_role(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    collect(azure_server)
    role = json.loads((Path(__file__).parents[3] / "docs" / "azure-custom-role.json").read_text())
    called = {azure_server.action_of(path) for method, path in azure_server.requests if method == "GET"}
    called.discard(azure_server.action_of(f"/{azure_server.tenant}/v2.0/.well-known/openid-configuration"))
    assert "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/read" in called
    assert "Microsoft.Resources/subscriptions/read" in called
    assert called <= set(role["Actions"]), (
        f"missing from docs/azure-custom-role.json: {called - set(role['Actions'])}"
    )
    assert not role["DataActions"]


def test_a_denied_workspace_is_failed_and_the_others_still_count(azure_server: AzureMlServer) -> None:
    ids = seed_estate(azure_server)
    azure_server.faults.append(Fault("/workspaces/mlw-sandbox/", 403, code="AuthorizationFailed"))
    inventory = collect(azure_server)
    status = {c.scope: c for c in inventory.coverage}
    denied = status[SANDBOX]
    assert denied.status is CoverageStatus.FAILED and denied.assets == 0
    assert {e.code for e in denied.errors} == {"forbidden"}
    assert all("AuthorizationFailed" in (e.message or "") for e in denied.errors)
    assert all(status[s].status is CoverageStatus.OK for s in (PROD, RESEARCH, REGISTRY))
    assert ids["v3"] in {a.id for a in inventory.assets}
    assert ids["notebook"] not in {a.id for a in inventory.assets}


def test_one_denied_listing_makes_the_workspace_partial(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    azure_server.faults.append(Fault("/workspaces/mlw-fraud-prod/jobs", 403, code="AuthorizationFailed"))
    inventory = collect(azure_server)
    prod = next(c for c in inventory.coverage if c.scope == PROD)
    assert prod.status is CoverageStatus.PARTIAL
    assert [(e.code, e.where) for e in prod.errors] == [("forbidden", f"{PROD}: ListJobs")]
    version = next(a for a in inventory.assets if a.id.endswith("/fraud-detector/versions/3"))
    assert version.lineage.run_id == "train-fraud-42" and not version.lineage.datasets  # job unread


def test_an_unauthorized_subscription_is_recorded(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    azure_server.faults.append(Fault(f"/subscriptions/{SUB_B}/", 401, code="InvalidAuthenticationToken"))
    inventory = collect(azure_server)
    failed = {c.scope: c for c in inventory.coverage if c.status is CoverageStatus.FAILED}
    assert set(failed) == {f"{SUB_B}/-/workspaces", f"{SUB_B}/-/registries"}
    assert {e.code for c in failed.values() for e in c.errors} == {"unauthorized"}
    assert {c.scope for c in inventory.coverage if c.status is CoverageStatus.OK} == {PROD, SANDBOX}


@pytest.mark.slow
def test_429_is_retried_after_the_time_the_server_asks(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    fault = Fault("/workspaces/mlw-research/models", 429, times=2, retry_after="1")
    azure_server.faults.append(fault)
    began = time.monotonic()
    inventory = collect(azure_server, subscriptions=(SUB_B,))
    assert time.monotonic() - began >= 2.0  # two waits of Retry-After: 1
    assert fault.hits == 2
    assert all(c.status is CoverageStatus.OK for c in inventory.coverage)
    assert any(a.name == "churn" for a in inventory.assets)


def test_a_retry_after_beyond_the_limit_is_not_waited_for(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    fault = Fault("/workspaces/mlw-research/models", 429, retry_after="3600")
    azure_server.faults.append(fault)
    began = time.monotonic()
    inventory = collect(azure_server, subscriptions=(SUB_B,), max_retry_after=5.0)
    assert time.monotonic() - began < 30 and fault.hits == 1
    research = next(c for c in inventory.coverage if c.scope == RESEARCH)
    assert [e.code for e in research.errors] == ["throttled"]


@pytest.mark.slow
def test_server_errors_are_retried_a_bounded_number_of_times(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    transient = Fault("/workspaces/mlw-fraud-prod/computes", 500, times=1)
    broken = Fault("/workspaces/mlw-fraud-prod/batchendpoints", 503)
    azure_server.faults += [transient, broken]
    inventory = collect(azure_server, subscriptions=(SUB_A,), max_attempts=3)
    prod = next(c for c in inventory.coverage if c.scope == PROD)
    assert transient.hits == 1 and broken.hits == 3
    assert prod.status is CoverageStatus.PARTIAL
    assert [(e.code, e.where) for e in prod.errors] == [("server_error", f"{PROD}: ListBatchEndpoints")]
    assert any(a.kind is AssetKind.COMPUTE for a in inventory.assets)  # read on the second attempt


@pytest.mark.slow
def test_an_answer_slower_than_the_timeout_is_a_timeout(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    azure_server.faults.append(Fault("/workspaces/mlw-research/jobs", 0, delay=2.5))
    inventory = collect(azure_server, subscriptions=(SUB_B,), timeout=1.0, max_attempts=1)
    research = next(c for c in inventory.coverage if c.scope == RESEARCH)
    assert [(e.code, e.where) for e in research.errors] == [("timeout", f"{RESEARCH}: ListJobs")]
    assert research.status is CoverageStatus.PARTIAL


@pytest.mark.slow
def test_no_credentials_and_a_wrong_secret_are_failed_coverage(
    azure_server: AzureMlServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_estate(azure_server)
    monkeypatch.setenv("AZURE_CLIENT_SECRET", "not-the-secret")
    [wrong] = collect(azure_server).coverage
    assert (wrong.scope, wrong.status, wrong.errors[0].code) == (
        "-/-/credential",
        CoverageStatus.FAILED,
        "authentication_failed",
    )
    assert "not-the-secret" not in repr(wrong) and "AADSTS" not in repr(wrong)
    monkeypatch.delenv("AZURE_CLIENT_SECRET")
    [missing] = collect(azure_server, subscriptions=(SUB_A,)).coverage
    assert (missing.scope, missing.errors[0].code) == ("-/-/credential", "no_credentials")
    assert not [p for m, p in azure_server.requests if "/providers/" in p]  # no call without a token


def test_filters_read_only_what_they_name_and_a_missing_name_fails(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    inventory = collect(
        azure_server, workspaces=("rg-ml-prod/MLW-FRAUD-PROD", "mlw-gone"), registries=("none",)
    )
    assert {(c.scope, c.status) for c in inventory.coverage} == {
        (PROD, CoverageStatus.OK),
        ("-/-/workspaces/mlw-gone", CoverageStatus.FAILED),
    }
    assert not any("/registries/" in a.id for a in inventory.assets)


def test_data_assets_are_read_once_and_a_denied_one_is_partial(azure_server: AzureMlServer) -> None:
    seed_estate(azure_server)
    azure_server.faults.append(Fault("/data/fraud-transactions/versions/7", 403, code="AuthorizationFailed"))
    inventory = collect(azure_server, subscriptions=(SUB_A,))
    prod = next(c for c in inventory.coverage if c.scope == PROD)
    assert [(e.code, e.where) for e in prod.errors] == [("forbidden", f"{PROD}: GetDataVersions")]
    version = next(a for a in inventory.assets if a.id.endswith("/fraud-detector/versions/3"))
    assert version.lineage.datasets[0].classification is None  # unknown, and the unit says why
    assert sum(1 for _, p in azure_server.requests if "/data/" in p) == 1  # one asset, one GET
