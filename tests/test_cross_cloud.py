"""Issue 16's scenario: one `mlgov scan` over AWS (moto), Vertex AI, Azure Machine Learning, the
Hugging Face Hub, MLflow, Kubernetes manifests and a Terraform plan gives one inventory whose
workloads link across all of them; the mission's rules hold on each source's assets; and
`mlgov inventory` + `mlgov evaluate` replay exactly the same findings.

Every source is the real one the project tests it against (tests/services/fixtures.py and the
collectors' own servers); nothing here is a new server. The manifests and the plan are written
by the test: each workload names its model the way that registry's users write it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mlflow import MlflowClient

from scanner.normalize.mlflow import host_of, version_id
from tests.collectors.aws.seed import GOVERNED as AWS_GOVERNED
from tests.collectors.aws.seed import moto_environment, seed_served_package
from tests.collectors.azure.seed import seed_estate
from tests.collectors.azure.server import AzureMlServer
from tests.collectors.gcp.fixtures import Adc
from tests.collectors.gcp.seed import seed_location, seed_retired_serving, seed_workbench
from tests.collectors.gcp.server import VertexServer
from tests.collectors.huggingface.seed import FRAUD_V1
from tests.collectors.huggingface.seed import seed as seed_hub
from tests.collectors.huggingface.server import HubServer
from tests.collectors.mlflow.seed import Spec
from tests.collectors.mlflow.seed import seed as seed_mlflow_specs
from tests.conftest import MlgovRunner
from tests.services.fixtures import MLFLOW_OFFLINE
from tests.services.processes import Service

pytestmark = [pytest.mark.services, pytest.mark.slow]  # six sources, three runs of the CLI

NOW = "2026-11-22"
VERTEX = "projects/p-alpha/locations/us-central1"
SOURCES = ("--source", "aws", "--source", "gcp", "--source", "azure", "--source", "hf", "--source", "mlflow")
GOVERNED = {
    "mlgov.io/owner": "serving-team@example.com",
    "mlgov.io/sunset-date": "2027-03-31",
    "mlgov.io/classification": "confidential",
    "mlgov.io/training-data": "s3://datasets/x",
}


def kserve(name: str, uri: str | None = None, **annotations: str) -> dict[str, Any]:
    """A governed InferenceService in ml-prod (production): only the rules a test aims at fire."""
    model: dict[str, Any] = {"modelFormat": {"name": "huggingface"}}
    if uri is not None:
        model["storageUri"] = uri
    return {
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {"name": name, "namespace": "ml-prod", "annotations": {**GOVERNED, **annotations}},
        "spec": {"predictor": {"model": model}},
    }


def named(model: str, version: str) -> dict[str, str]:
    """The annotations that name a registry model where no storage URI can (a Vertex model)."""
    return {"mlgov.io/registered-model": model, "mlgov.io/model-version": version}


MANIFESTS = [
    kserve("vertex-fraud", **named(f"{VERTEX}/models/fraud", "1")),
    kserve("azure-base", "azureml://registries/mlreg-shared/models/fraud-base/versions/1"),
    kserve("hub-fraud", f"hf://acme/fraud-llm:{FRAUD_V1}"),
    kserve("mlflow-fraud", "models:/cc-fraud/2"),
    kserve("mlflow-deprecated", "models:/cc-fraud/1"),
    kserve("hub-legacy", "hf://acme/legacy-classifier:main"),
    # references into each scanned registry that resolve to nothing: shadow AI
    kserve("ghost-vertex", **named(f"{VERTEX}/models/ghost", "1")),
    kserve("ghost-azure", "azureml://registries/mlreg-shared/models/ghost/versions/2"),
    kserve("ghost-hub", "hf://acme/never-registered"),
    kserve("ghost-mlflow", "models:/cc-ghost/1"),
]


def resource(rtype: str, name: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"address": f"{rtype}.{name}", "mode": "managed", "type": rtype, "name": name, "values": values}


def plan(package_arn: str) -> dict[str, Any]:
    """A stack that deploys the live SageMaker package, a Vertex endpoint for the live fraud
    model's `production` alias, a Model Garden deployment of a Hub model, and an Azure ML GPU
    compute instance nobody owns."""
    tags = {"owner": "credit-team@example.com", "environment": "production", "sunset-date": "2027-06-30",
            "data-classification": "confidential"}  # fmt: skip
    description = (
        "owner: fraud-team@example.com\nsunset-date: 2027-06-30\n"
        f"mlgov.io/registered-model: {VERTEX}/models/fraud\nmlgov.io/model-version: production"
    )
    resources = [
        resource("aws_sagemaker_model", "credit", {"name": "cc-credit-tf", "tags": tags,
                 "primary_container": [{"model_package_name": package_arn}]}),
        resource("aws_sagemaker_endpoint_configuration", "credit", {"name": "cc-credit-tf-config",
                 "production_variants": [{"model_name": "cc-credit-tf", "instance_type": "ml.g5.xlarge"}]}),
        resource("aws_sagemaker_endpoint", "credit", {"name": "cc-credit-tf", "tags": tags,
                 "endpoint_config_name": "cc-credit-tf-config"}),
        resource("google_vertex_ai_endpoint", "fraud", {"display_name": "fraud-tf",
                 "description": description,
                 "labels": {"environment": "production", "data-classification": "confidential"}}),
        resource("google_vertex_ai_endpoint_with_model_garden_deployment", "support",
                 {"hugging_face_model_id": "acme/support-bot"}),
        resource("azurerm_machine_learning_compute_instance", "gpu_box",
                 {"name": "gpu-box", "virtual_machine_size": "Standard_NC4as_T4_v3"}),
    ]  # fmt: skip
    return {"format_version": "1.2", "planned_values": {"root_module": {"resources": resources}}}


def seed_mlflow(url: str) -> None:
    """cc-fraud (high risk, documented): version 1 deprecated, version 2 approved, with its own
    approved card, and the champion; cc-research: a high-risk champion nobody owns, classified,
    approved or documented."""
    client = MlflowClient(url, url)
    card = {
        "mlgov.io/model-card": "https://wiki.example.com/cards/cc-fraud",
        "mlgov.io/model-card-status": "approved",
    }
    governed = {
        "owner": "fraud-team@example.com",
        "sunset-date": "2027-06-30",
        "data-classification": "confidential",
        "risk-tier": "high",
        **card,
    }
    research = Spec("cc-research", {"risk-tier": "high"}, versions=1, datasets=False, aliases={"champion": 1})
    seed_mlflow_specs(client, [Spec("cc-fraud", governed, aliases={"champion": 2}), research], "cross-cloud")
    client.set_model_version_tag("cc-fraud", "1", "mlgov.io/lifecycle", "deprecated")
    for key, value in {"mlgov.io/approval-status": "approved", **card}.items():
        client.set_model_version_tag("cc-fraud", "2", key, value)


@pytest.fixture
def estate(
    moto_server: Service,
    mlflow_server: Service,
    vertex_server: VertexServer,
    adc: Adc,
    azure_server: AzureMlServer,
    hub: HubServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    """Every source seeded, and the environment (inherited by `mlgov`) pointed at each server."""
    for key, value in {**MLFLOW_OFFLINE, **moto_environment(moto_server.url)}.items():
        monkeypatch.setenv(key, value)
    arns = seed_served_package(moto_server.url, "cc", {**AWS_GOVERNED, "risk-tier": "high"})
    vertex_server.project("p-alpha", ["us-central1"])
    seed_location(vertex_server, "p-alpha", "us-central1")
    seed_workbench(vertex_server, "p-alpha", "us-central1-a")
    retired = seed_retired_serving(vertex_server, "p-alpha", "us-central1")
    azure = seed_estate(azure_server)
    seed_hub(hub)
    seed_mlflow(mlflow_server.url)

    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "serving.yaml").write_text("\n---\n".join(json.dumps(m) for m in MANIFESTS))
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "plan.json").write_text(json.dumps(plan(arns["package"]), indent=1))
    (tmp_path / "mlgov.yaml").write_text(
        "version: 1\nsources:\n"
        "  aws: {regions: [us-east-1], services: [sagemaker, ec2]}\n"
        f"  gcp: {{projects: [p-alpha], locations: [us-central1], endpoint: '{vertex_server.url}', "
        f"workbench_endpoint: '{vertex_server.url}'}}\n"
        f"  azure: {{arm_endpoint: '{azure_server.url}'}}\n"
        "  huggingface: {orgs: [acme]}\n"
        f"  mlflow: {{uris: ['{mlflow_server.url}']}}\n"
    )
    return {
        "aws": arns,
        "azure": azure,
        "retired": retired,
        "hub": f"{hub.url}/acme",
        "mlflow": f"mlflow://{host_of(mlflow_server.url)}",
        "mlflow_host": host_of(mlflow_server.url),
    }


def failing(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["rule_id"], f["asset_id"]) for f in report["findings"] if f["status"] == "fail"}


def test_one_scan_over_every_cloud_and_registry(estate: dict[str, Any], mlgov: MlgovRunner) -> None:
    run = mlgov("scan", "k8s", "infra/plan.json", *SOURCES, "--now", NOW, "-f", "json", "-q")
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    assert {c["source"] for c in report["coverage"]} == {
        "file",
        "aws",
        "gcp",
        "azure",
        "huggingface",
        "mlflow",
    }
    assert all(c["status"] == "ok" for c in report["coverage"]), report["coverage"]
    assets = {a["id"]: a for a in report["assets"]}
    found = failing(report)
    k8s = "k8s://-/ml-prod/InferenceService/{}".format
    tf = "terraform://infra/plan.json/{}".format
    fraud, hub = f"{VERTEX}/models/fraud", estate["hub"]  # hub: the organisation's URL
    azure, arns = estate["azure"], estate["aws"]

    def mlflow_v(name: str, version: str) -> str:
        return version_id(estate["mlflow_host"], name, version)

    # --- links across sources: (registry_ref.target, matched_by, registry) -------------------
    expected_links = {
        k8s("vertex-fraud"): (f"{fraud}@1", "vertex:resource name", "gcp"),
        k8s("azure-base"): (azure["registry-v1"], "azure:registry model version", "azure"),
        k8s("hub-fraud"): (f"{hub}/fraud-llm/commit/{FRAUD_V1}", "huggingface:revision", "huggingface"),
        k8s("mlflow-fraud"): (mlflow_v("cc-fraud", "2"), "mlflow:models:/cc-fraud/2", "mlflow"),
        k8s("mlflow-deprecated"): (mlflow_v("cc-fraud", "1"), "mlflow:models:/cc-fraud/1", "mlflow"),
        # the Terraform stack's endpoint runs its own model, which deploys the live SageMaker package
        tf("aws_sagemaker_endpoint.credit"): (
            arns["package"],
            "sagemaker:endpoint -> model -> model-package",
            "aws",
        ),
        arns["endpoint"]: (arns["package"], "sagemaker:endpoint -> model -> model-package", "aws"),
        tf("google_vertex_ai_endpoint.fraud"): (f"{fraud}@1", "vertex:version alias", "gcp"),
        tf("google_vertex_ai_endpoint_with_model_garden_deployment.support"): (
            f"{hub}/support-bot",
            "huggingface:repo",
            "huggingface",
        ),
        azure["online"]: (azure["v3"], "id", "azure"),  # the deployment names the version by its id
    }
    links = {
        asset_id: (ref["target"], ref["matched_by"], ref["registry"])
        for asset_id in expected_links
        if (ref := assets[asset_id]["registry_ref"])
    }
    assert links == expected_links
    # shadow AI (MLG012): a reference into each scanned registry that resolves nowhere
    for name, registry in (
        ("vertex", "gcp"),
        ("azure", "azure"),
        ("hub", "huggingface"),
        ("mlflow", "mlflow"),
    ):
        ghost = assets[k8s(f"ghost-{name}")]["registry_ref"]
        assert (ghost.get("target"), ghost["registry"]) == (None, registry), ghost
        assert ("MLG012", k8s(f"ghost-{name}")) in found
    assert not {f for f in found if f[0] == "MLG012" and f[1] in expected_links}

    # --- the mission's rules on each source's own assets ------------------------------------
    research = (mlflow_v("cc-research", "1"), f"{estate['mlflow']}/models/cc-research")
    support_head = next(a["id"] for a in report["assets"] if a["id"].startswith(f"{hub}/support-bot/commit/"))
    instance = next(a["id"] for a in report["assets"] if a["id"].endswith(f"instance/{arns['instance']}"))
    by_rule = {
        "owner (MLG001)": {
            ("MLG001", f"{VERTEX}/models/shadow-llm"),
            ("MLG001", azure["batch"]),
            ("MLG001", f"{hub}/support-bot"),
            ("MLG001", research[0]),
            ("MLG001", tf("azurerm_machine_learning_compute_instance.gpu_box")),
            ("MLG001", instance),
        },
        "sunset (MLG003, MLG004)": {
            ("MLG003", f"{VERTEX}/endpoints/4401/deployedModels/d2"),
            ("MLG003", azure["batch"]),
            ("MLG004", estate["retired"]),
            ("MLG004", f"{hub}/legacy-classifier"),
            ("MLG003", research[0]),
        },
        "lineage (MLG007)": {
            ("MLG007", azure["v2"]),
            ("MLG007", support_head),
            ("MLG007", research[0]),
            ("MLG007", tf("aws_sagemaker_model.credit")),
        },
        "classification (MLG009)": {
            ("MLG009", f"{VERTEX}/models/shadow-llm"),
            ("MLG009", azure["research-v1"]),
            ("MLG009", f"{hub}/support-bot"),
            ("MLG009", research[1]),
        },
        "approval (MLG013)": {
            ("MLG013", arns["endpoint"]),
            ("MLG013", tf("aws_sagemaker_endpoint.credit")),
            ("MLG013", f"{fraud}@2"),
            ("MLG013", azure["v2"]),
            ("MLG013", k8s("azure-base")),  # the shared registry's fraud-base 1 records no approval
            ("MLG013", research[0]),
            ("MLG013", k8s("mlflow-deprecated")),
        },
        "retired still serving (MLG014)": {
            ("MLG014", k8s("mlflow-deprecated")),
            ("MLG014", k8s("hub-legacy")),
            ("MLG014", estate["retired"]),
            ("MLG014", azure["retired-serving"]),
        },
        "accelerator ownership (MLG015)": {
            ("MLG015", f"{VERTEX}/customJobs/9901"),
            ("MLG015", azure["notebook"]),
            ("MLG015", tf("azurerm_machine_learning_compute_instance.gpu_box")),
            ("MLG015", instance),
        },
        "shadow AI (MLG012) on the clouds' own endpoints": {
            ("MLG012", azure["shadow"]),  # an Azure ML registry model nobody registered
            ("MLG012", f"{VERTEX}/endpoints/4403/deployedModels/r1"),  # a model of an unscanned project
        },
        "model card (MLG017)": {
            ("MLG017", arns["package"]),
            ("MLG017", assets[arns["package"]]["parent"]),  # the package group, high risk and no card
            ("MLG017", f"{fraud}@2"),
            ("MLG017", azure["research-v1"]),
            ("MLG017", f"{hub}/support-bot"),
            ("MLG017", research[0]),
            ("MLG017", mlflow_v("cc-fraud", "1")),  # high risk like its model, without a card of its own
        },
    }
    for rule, pairs in by_rule.items():
        assert pairs <= found, (rule, sorted(pairs - found))
    # governed and approved versions, documented where high-risk, pass all of these rules
    governed = (
        f"{fraud}@1",
        azure["v3"],
        f"{hub}/fraud-llm/commit/{FRAUD_V1}",
        f"{estate['mlflow']}/models/cc-fraud",
        mlflow_v("cc-fraud", "2"),
    )
    mission = {"MLG001", "MLG003", "MLG004", "MLG007", "MLG009", "MLG013", "MLG014", "MLG017"}
    assert not {f for f in found if f[1] in governed and f[0] in mission}
    served = (k8s("vertex-fraud"), k8s("hub-fraud"), k8s("mlflow-fraud"))
    assert not {f for f in found if f[1] in served}

    # --- the replay: collect once, evaluate the saved inventory -----------------------------
    saved = mlgov("inventory", "k8s", "infra/plan.json", *SOURCES, "-o", "inv.json", "-q")
    assert saved.code == 0, saved.stderr
    replay = mlgov("evaluate", "inv.json", "--now", NOW, "-f", "json", "-q")
    assert replay.code == 1, replay.stderr
    replayed = json.loads(replay.stdout)["findings"]
    assert replayed == report["findings"]
