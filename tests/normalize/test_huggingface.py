"""Hub models -> assets, Hub references in manifests, and correlation into the Hub."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.model import AssetKind, Location, RegistryRef
from scanner.normalize import huggingface as hf
from scanner.normalize.correlate import correlate, registry_of
from scanner.normalize.hub_refs import HubRef, parse_hub_ref
from scanner.normalize.kubernetes import normalize_k8s_object
from scanner.normalize.resolve import ResolverConfig, registry_ref_from_uri

HUB = "https://huggingface.co"
HEAD = "a" * 40
OLD = "b" * 40


def model(card: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    return {
        "id": "acme/fraud-llm",
        "sha": HEAD,
        "created_at": "2026-01-10T09:00:00Z",
        "last_modified": "2026-10-01T12:30:00Z",
        "private": True,
        "gated": False,
        "files": ["README.md", "model.safetensors"],
        "card": card,
        **extra,
    }


def test_the_mlgov_mapping_outranks_the_front_matters_own_keys() -> None:
    card = {"owner": "top@example.com", "classification": "internal", "mlgov": {"owner": "lead@example.com"}}
    repo = hf.registered_model(HUB, model(card), ResolverConfig())
    assert repo.id == "https://huggingface.co/acme/fraud-llm" and repo.kind is AssetKind.REGISTERED_MODEL
    assert (repo.owner, repo.classification) == ("lead@example.com", "internal")
    assert repo.resolved_from["owner"] == "card:mlgov:owner"
    assert repo.resolved_from["classification"] == "card:classification"
    assert repo.tags["mlgov.owner"] == "lead@example.com" and repo.tags["owner"] == "top@example.com"


def test_sunset_ttl_counts_from_the_repos_creation() -> None:
    repo = hf.registered_model(HUB, model({"mlgov": {"ttl": "90d"}}), ResolverConfig())
    assert (repo.sunset_date, repo.sunset_raw) == ("2026-04-10", "ttl=90d")


def test_lineage_from_datasets_and_base_models_in_any_shape() -> None:
    card = {
        "datasets": "acme/tickets",
        "base_model": ["meta-llama/Llama-3.1-8B", "mistralai/Mistral-7B-v0.3"],
        "mlgov": {"training-data": "s3://ignored/when/native"},
    }
    repo = hf.registered_model(HUB, model(card), ResolverConfig())
    assert [(d.name, d.uri, d.context) for d in repo.lineage.datasets] == [
        ("acme/tickets", "hf://datasets/acme/tickets", "training")
    ]
    assert repo.lineage.base_model == "hf://meta-llama/Llama-3.1-8B, hf://mistralai/Mistral-7B-v0.3"
    assert repo.resolved_from["lineage"] == "card:datasets"
    declared = hf.registered_model(HUB, model({"training-data": "s3://data/x"}), ResolverConfig())
    assert [d.uri for d in declared.lineage.datasets] == ["s3://data/x"]
    assert declared.resolved_from["lineage"] == "card:training-data"


@pytest.mark.parametrize(
    ("card", "files", "status"),
    [
        ({"mlgov": {"model-card-status": "Approved"}}, ["README.md"], "approved"),
        ({"model-card-status": "pending review"}, ["README.md"], "pending_review"),
        ({"license": "mit"}, ["README.md"], "draft"),
        (None, ["model.safetensors"], None),  # no README: no card
        ({"license": "mit"}, None, "draft"),  # files unknown: front matter proves a README
    ],
)
def test_the_readme_is_the_model_card(
    card: dict[str, Any] | None, files: list[str] | None, status: str | None
) -> None:
    repo = hf.registered_model(HUB, model(card, files=files), ResolverConfig())
    assert (repo.model_card.status if repo.model_card else None) == status
    if repo.model_card:
        assert repo.model_card.uri == f"{HUB}/acme/fraud-llm/blob/{HEAD}/README.md"


def test_one_version_per_commit_with_the_repos_governance() -> None:
    card = {"mlgov": {"environment": "production", "approval-status": "approved", "lifecycle": "deprecated"}}
    repo = hf.registered_model(HUB, model(card), ResolverConfig())
    versions = hf.versions(HUB, model(card), {"v2": HEAD, "v1": OLD, "v1-final": OLD}, repo)
    assert [(v.version, v.aliases) for v in versions] == [(HEAD, ("main", "v2")), (OLD, ("v1", "v1-final"))]
    head, old = versions
    assert head.id == f"{HUB}/acme/fraud-llm/commit/{HEAD}" and head.parent == repo.id
    assert head.artifact_uri == f"hf://acme/fraud-llm@{HEAD}" and head.updated_at == "2026-10-01T12:30:00Z"
    assert old.updated_at is None  # the refs carry no dates
    assert (old.environment, old.approval_status, old.lifecycle) == ("production", "approved", "deprecated")
    assert old.resolved_from["environment"] == f"inherited:{repo.id}"
    assert "owner" not in old.resolved_from  # owner is inherited later, as for every registry


def test_a_private_hubs_ids_carry_its_endpoint() -> None:
    repo = hf.registered_model("https://hub.acme.internal/", model(None), ResolverConfig())
    assert repo.id == "https://hub.acme.internal/acme/fraud-llm"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hf://acme/fraud-llm", HubRef("acme/fraud-llm", None)),
        ("hf://acme/fraud-llm:1a2b3c4", HubRef("acme/fraud-llm", "1a2b3c4")),  # KServe
        ("hf://acme/fraud-llm@v1.0", HubRef("acme/fraud-llm", "v1.0")),
        ("huggingface://meta-llama/Llama-3.1-8B", HubRef("meta-llama/Llama-3.1-8B", None)),
        ("https://huggingface.co/acme/fraud-llm", HubRef("acme/fraud-llm", None)),
        ("huggingface.co/acme/fraud-llm/tree/v1.0", HubRef("acme/fraud-llm", "v1.0")),
        (f"https://hf.co/acme/fraud-llm/commit/{HEAD}", HubRef("acme/fraud-llm", HEAD)),
        ("https://huggingface.co/acme/fraud-llm/resolve/main/config.json", HubRef("acme/fraud-llm", "main")),
        ("hf://datasets/acme/tickets", None),
        ("https://huggingface.co/spaces/acme/demo", None),
        ("hf://single-name", None),
        ("https://example.com/acme/fraud-llm", None),
        ("s3://models/acme/fraud-llm", None),
    ],
)
def test_hub_references(text: str, expected: HubRef | None) -> None:
    assert parse_hub_ref(text) == expected


def test_a_hub_uri_is_a_registry_reference_into_the_hub() -> None:
    ref = registry_ref_from_uri("hf://acme/fraud-llm:v1.0", "spec.model.uri")
    assert ref == RegistryRef(
        name="acme/fraud-llm", version="v1.0", uri="hf://acme/fraud-llm:v1.0", via="spec.model.uri"
    )
    assert registry_of(ref) == "huggingface"
    annotated = RegistryRef(
        name="hf://acme/fraud-llm", version=OLD, via="annotation:mlgov.io/registered-model"
    )
    assert registry_of(annotated) == "huggingface"
    assert registry_of(RegistryRef(name="fraud-llm", version="3")) is None


def _service(kind: str, spec: dict[str, Any], name: str, annotations: dict[str, str] | None = None) -> Any:
    api = {
        "InferenceService": "serving.kserve.io/v1beta1",
        "SeldonDeployment": "machinelearning.seldon.io/v1",
    }
    obj = {
        "apiVersion": api.get(kind, "apps/v1"),
        "kind": kind,
        "metadata": {"name": name, "namespace": "ml-prod", "annotations": annotations or {}},
        "spec": spec,
    }
    asset = normalize_k8s_object(obj, cluster="-", location=Location("m.yaml", 1), resolver=ResolverConfig())
    assert asset is not None
    return asset


def _isvc(name: str, uri: str) -> Any:
    spec = {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "storageUri": uri}}}
    return _service("InferenceService", spec, name)


def test_manifests_referencing_the_hub_link_to_its_repos_and_revisions() -> None:
    card = {"mlgov": {"owner": "a@example.com"}}
    repo = hf.registered_model(HUB, model(card), ResolverConfig())
    versions = hf.versions(HUB, model(card), {"v1.0": OLD}, repo)
    vllm = _service(
        "Deployment",
        {"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]}}},
        "vllm",
        {"mlgov.io/registered-model": "hf://acme/fraud-llm", "mlgov.io/model-version": "v1.0"},
    )
    seldon = _service(
        "SeldonDeployment",
        {
            "predictors": [
                {"name": "p", "graph": {"name": "m", "modelUri": "https://huggingface.co/acme/fraud-llm"}}
            ]
        },
        "seldon",
    )
    services = [
        _isvc("pinned", f"hf://acme/fraud-llm:{HEAD}"),
        _isvc("tagged", "hf://acme/fraud-llm@v1.0"),
        _isvc("prefix", f"hf://ACME/Fraud-LLM:{OLD[:8]}"),
        _isvc("unpinned", "hf://acme/fraud-llm"),
        _isvc("old-commit", "hf://acme/fraud-llm:" + "c" * 40),
        _isvc("elsewhere", "hf://meta-llama/Llama-3.1-8B"),
        vllm,
        seldon,
    ]
    linked = {
        a.name: a.registry_ref for a in correlate([repo, *versions, *services]) if a.kind is AssetKind.SERVING
    }
    head, old = (v.id for v in versions)
    got = {name: (ref.target, ref.matched_by, ref.registry) for name, ref in linked.items() if ref}
    assert got == {
        "pinned": (head, "huggingface:revision", "huggingface"),
        "tagged": (old, "huggingface:revision", "huggingface"),
        "prefix": (old, "huggingface:commit prefix", "huggingface"),
        "unpinned": (repo.id, "huggingface:repo", "huggingface"),
        "old-commit": (
            repo.id,
            f"huggingface:repo (revision {'c' * 40} is not among the scanned ones)",
            "huggingface",
        ),
        "elsewhere": (None, None, "huggingface"),
        "vllm": (old, "huggingface:revision", "huggingface"),
        "seldon": (repo.id, "id", "huggingface"),
    }
