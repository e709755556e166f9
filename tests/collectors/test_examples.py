"""The shipped examples (README: `mlgov scan examples/`) stay readable and keep their story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.collectors.files import FileCollector

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_examples_inventory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)  # as the README runs it: `mlgov scan examples/`
    inventory = FileCollector(["examples/"]).collect()
    assert inventory.complete
    assets = {a.id: a for a in inventory.assets}
    assert sorted(assets) == [
        "k8s://-/assistant-prod/Deployment/llm-chat",
        "k8s://-/nlp-training/PyTorchJob/bert-finetune",
        "k8s://-/payments-prod/InferenceService/fraud-scorer",
        "k8s://-/retail-prod/RayService/recommender",
        "k8s://-/search-dev/Deployment/ranker",
        "terraform://examples/terraform/plan.json/aws_instance.research_gpu",
        "terraform://examples/terraform/plan.json/module.fraud_ml.aws_sagemaker_endpoint.fraud",
        "terraform://examples/terraform/plan.json/module.fraud_ml.aws_sagemaker_model.fraud",
        "terraform://examples/terraform/plan.json/module.fraud_ml.aws_sagemaker_model_package_group.fraud",
        "terraform://examples/terraform/plan.json/module.fraud_ml.module.notebooks.aws_sagemaker_notebook_instance.exploration",
    ]
    governed = assets["k8s://-/payments-prod/InferenceService/fraud-scorer"]
    assert governed.owner and governed.sunset_date == "2027-06-30" and governed.lineage.datasets
    assert governed.registry_ref is not None and governed.environment == "production"
    chat = assets["k8s://-/assistant-prod/Deployment/llm-chat"]
    assert chat.owner is None and chat.accelerator is not None and chat.registry_ref is None
    assert assets["k8s://-/retail-prod/RayService/recommender"].sunset_date == "2025-12-31"
    ranker = assets["k8s://-/search-dev/Deployment/ranker"]
    assert (ranker.classification, ranker.environment) == ("restricted", "development")
    endpoint = assets["terraform://examples/terraform/plan.json/module.fraud_ml.aws_sagemaker_endpoint.fraud"]
    assert endpoint.registry_ref is not None and endpoint.registry_ref.version == "7"
    assert not endpoint.lineage.datasets
    blob = repr(inventory) + json.dumps([a.to_policy_dict() for a in inventory.assets])
    secrets = ("not-a-real-password", "example-not-a-real-key", "example-token-not-real", "IyEvYmluL2Jhc2g")
    assert not [s for s in secrets if s in blob]
