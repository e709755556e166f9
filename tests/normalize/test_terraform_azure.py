"""azurerm_machine_learning_* resources in a Terraform plan -> Assets, with the workspace's tags
and name as their fallback, as in live collection."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.model import Accelerator, AssetKind
from scanner.normalize.resolve import ResolverConfig
from scanner.normalize.terraform import normalize_terraform_plan

PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "terraform" / "azure-ml-plan.json"


def test_compute_from_a_plan() -> None:
    text = PLAN.read_text()
    assets = {
        a.id: a
        for a in normalize_terraform_plan(
            json.loads(text), path="p.json", stack="p.json", text=text, resolver=ResolverConfig()
        )
    }
    assert set(assets) == {
        "terraform://p.json/azurerm_machine_learning_compute_cluster.gpu",
        "terraform://p.json/azurerm_machine_learning_compute_instance.bob",
        "terraform://p.json/azurerm_machine_learning_inference_cluster.aks",
    }  # the workspace and the AKS cluster are not ML assets of their own
    cluster = assets["terraform://p.json/azurerm_machine_learning_compute_cluster.gpu"]
    assert (cluster.kind, cluster.name, cluster.accelerator) == (
        AssetKind.COMPUTE,
        "gpu-cluster",
        Accelerator("nvidia", "A100-80GB", 1),
    )
    # its own owner wins; the cost center comes from the workspace it references (unknown id)
    assert (cluster.owner, cluster.cost_center) == ("trainers@example.com", "cc-4711")
    assert cluster.resolved_from["cost_center"] == "workspace-tag:cost-center"
    assert (cluster.environment, cluster.resolved_from["environment"]) == (
        "production",
        "workspace:mlw-fraud-prod",
    )

    notebook = assets["terraform://p.json/azurerm_machine_learning_compute_instance.bob"]
    assert notebook.kind is AssetKind.NOTEBOOK
    assert notebook.accelerator == Accelerator("nvidia", "T4", 1)
    assert notebook.owner == "fraud-team@example.com"  # workspace found by the name in its known id
    assert notebook.resolved_from["owner"] == "workspace-tag:owner"

    inference = assets["terraform://p.json/azurerm_machine_learning_inference_cluster.aks"]
    assert inference.accelerator == Accelerator("nvidia", "V100", 1)  # the AKS default node pool's size
    assert inference.classification == "confidential"
    assert inference.location is not None and inference.location.line > 1
