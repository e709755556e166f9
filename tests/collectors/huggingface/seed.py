"""The Hub estate the collector tests read: an organisation with a governed, an ungoverned, a
deprecated and a card-less model, and a user with one experiment."""

from __future__ import annotations

from dataclasses import dataclass

from tests.collectors.huggingface.server import HubServer

FRAUD_V1 = "1" * 40
GOVERNED_CARD = {
    "license": "apache-2.0",
    "datasets": ["acme/transactions-2026"],
    "base_model": "meta-llama/Llama-3.1-8B",
    "tags": ["text-generation", "fraud"],
    "mlgov": {
        "owner": "fraud-team@example.com",
        "sunset-date": "2027-06-30",
        "classification": "confidential",
        "environment": "production",
        "approval-status": "approved",
        "risk-tier": "high",
        "model-card-status": "approved",
    },
}


@dataclass(frozen=True)
class Estate:
    fraud: str  # head sha of acme/fraud-llm
    support: str
    legacy: str
    bare: str
    experiment: str


def seed(hub: HubServer) -> Estate:
    hub.add_author("acme")
    hub.add_author("jdoe", "users")
    fraud = hub.add_model("acme/fraud-llm", card=GOVERNED_CARD, private=True, tags={"v1.0": FRAUD_V1})
    hub.repos["acme/fraud-llm"].tags["v1.1"] = fraud  # a tag on the head: one version, two aliases
    support = hub.add_model(
        "acme/support-bot",
        card={
            "license": "mit",
            "environment": "production",
            "risk-tier": "high",
            "pipeline_tag": "text-generation",
        },
    )
    legacy = hub.add_model(
        "acme/legacy-classifier",
        card={
            "owner": "ml-platform@example.com",
            "lifecycle": "deprecated",
            "classification": "internal",
            "sunset-date": "2026-01-31",
            "datasets": "acme/tickets",
        },
        gated="manual",
    )
    bare = hub.add_model("acme/no-card", card=None, files=("config.json", "model.safetensors"))
    experiment = hub.add_model("jdoe/experiment-1", card={"license": "mit"})
    return Estate(fraud, support, legacy, bare, experiment)
