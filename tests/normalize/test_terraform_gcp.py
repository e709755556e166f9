"""Google Cloud resources in a Terraform plan: Vertex AI endpoints and Model Garden deployments,
deployment resource pools, Workbench and legacy notebooks, GPU Compute Engine instances."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.model import Accelerator, Asset, AssetKind
from scanner.normalize.resolve import ResolverConfig
from scanner.normalize.terraform import normalize_terraform_plan

PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "vertex-terraform" / "plan.json"


def assets() -> dict[str, Asset]:
    text = PLAN.read_text()
    found = normalize_terraform_plan(
        json.loads(text), path="plan.json", stack="plan.json", text=text, resolver=ResolverConfig()
    )
    return {a.id: a for a in found}


def test_vertex_endpoint_reads_its_description_before_its_labels() -> None:
    endpoint = assets()["terraform://plan.json/google_vertex_ai_endpoint.fraud"]
    assert (endpoint.kind, endpoint.name, endpoint.owner) == (
        AssetKind.SERVING,
        "fraud-endpoint",
        "fraud-team@example.com",
    )
    assert endpoint.resolved_from["owner"] == "description:owner"
    assert (endpoint.environment, endpoint.classification) == ("production", "confidential")
    ref = endpoint.registry_ref
    assert ref is not None and (ref.name, ref.version) == (
        "projects/ml-prod/locations/us-central1/models/fraud",
        "3",
    )
    assert endpoint.tags.get("goog-terraform-provisioned") == "true"  # effective_labels are read
    assert endpoint.location is not None and endpoint.location.line > 1


def test_model_garden_deployment_names_its_model_and_machines() -> None:
    gemma = assets()["terraform://plan.json/google_vertex_ai_endpoint_with_model_garden_deployment.gemma"]
    assert gemma.accelerator == Accelerator("nvidia", "L4", 1)
    assert gemma.registry_ref is not None
    assert gemma.registry_ref.uri == "publishers/google/models/gemma3@gemma-3-1b-it"


def test_notebooks_pools_and_gpu_instances() -> None:
    found = assets()
    notebook = found["terraform://plan.json/google_workbench_instance.research"]
    assert notebook.kind is AssetKind.NOTEBOOK and notebook.accelerator == Accelerator("nvidia", "A100", 1)
    assert (notebook.owner, notebook.resolved_from["owner"]) == (
        "data-sci@example.com",
        "terraform:instance_owners",
    )
    trainer = found["terraform://plan.json/google_compute_instance.trainer"]
    assert trainer.kind is AssetKind.COMPUTE and trainer.accelerator == Accelerator("nvidia", "T4", 2)
    pool = found["terraform://plan.json/google_vertex_ai_deployment_resource_pool.shared"]
    assert pool.accelerator == Accelerator("nvidia", "L4", 2)
    assert "terraform://plan.json/google_compute_instance.web" not in found  # no accelerator: not an ML asset


def test_startup_scripts_ssh_keys_and_container_env_never_leak() -> None:
    blob = repr(list(assets().values())) + json.dumps([a.to_policy_dict() for a in assets().values()])
    for secret in ("hf-token-secret-4410", "startup-secret-9921", "AAAAkey-secret"):
        assert secret not in blob
