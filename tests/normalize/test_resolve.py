from __future__ import annotations

import dataclasses

import pytest

from scanner.model import Dataset, ModelCard, RegistryRef
from scanner.normalize.resolve import (
    ResolverConfig,
    TagLayer,
    declared_model_card,
    environment_from_name,
    namespace_environment,
    normalize_environment,
    parse_datasets,
    parse_sunset,
    parse_ttl,
    registry_ref_from_uri,
    resolve,
)

CONFIG = ResolverConfig()


def test_defaults_match_the_design_table() -> None:
    assert CONFIG.owner == ("mlgov.io/owner", "owner", "model-owner", "model_owner")
    assert CONFIG.sunset == ("mlgov.io/sunset-date", "sunset-date", "sunset_date", "expires")
    assert CONFIG.ttl == ("ttl",)
    assert CONFIG.classification == (
        "mlgov.io/classification",
        "data-classification",
        "data_classification",
        "classification",
    )
    assert CONFIG.risk_tier == ("mlgov.io/risk-tier", "risk-tier", "risk_tier")
    assert CONFIG.environment == ("mlgov.io/environment", "environment", "env")
    assert CONFIG.lineage == ("mlgov.io/training-data", "training-data", "dataset")
    assert CONFIG.cost_center == ("mlgov.io/cost-center", "cost-center", "cost_center", "costcenter")
    assert CONFIG.registry_links[0] == ("mlgov.io/registered-model", "mlgov.io/model-version")
    hash(CONFIG)  # frozen and hashable: safe as a cache key


def test_config_file_keys_are_fields() -> None:
    # scanner/config/schema.json's resolver properties must stay valid replace() arguments
    names = {f.name for f in dataclasses.fields(ResolverConfig)}
    assert {
        "owner",
        "sunset",
        "ttl",
        "classification",
        "risk_tier",
        "environment",
        "lineage",
        "cost_center",
    } <= names
    custom = dataclasses.replace(CONFIG, owner=("team",))
    assert resolve([TagLayer("tag", {"Team": "a@x"})], custom).owner == "a@x"


def test_annotations_before_labels_and_key_order_within_a_layer() -> None:
    layers = [
        TagLayer("annotation", {"owner": "ann@example.com"}),
        TagLayer("label", {"mlgov.io/owner": "label-owner"}),
    ]
    got = resolve(layers, CONFIG)
    assert got.owner == "ann@example.com"
    assert got.owner_key == "owner"
    assert got.resolved_from["owner"] == "annotation:owner"
    within = resolve([TagLayer("tag", {"model-owner": "b", "mlgov.io/owner": "a"})], CONFIG)
    assert within.owner == "a"


def test_keys_are_case_insensitive_and_the_written_key_is_recorded() -> None:
    got = resolve([TagLayer("tag", {"Owner": "x@example.com", "Data-Classification": "Restricted"})], CONFIG)
    assert got.owner == "x@example.com"
    assert got.resolved_from["owner"] == "tag:Owner"
    assert got.classification == "restricted"


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_blank_values_are_absent(blank: str) -> None:
    layers = [TagLayer("annotation", {"mlgov.io/owner": blank}), TagLayer("label", {"owner": "fallback"})]
    got = resolve(layers, CONFIG)
    assert got.owner == "fallback"
    assert got.resolved_from["owner"] == "label:owner"
    assert resolve([TagLayer("tag", {"owner": blank})], CONFIG).owner is None


def test_every_field_and_its_origin() -> None:
    tags = {
        "mlgov.io/owner": " team@example.com ",
        "sunset_date": "2027-06-30",
        "classification": "CONFIDENTIAL",
        "risk_tier": "High",
        "env": "prd",
        "training-data": "s3://a/x, s3://b/y,,",
        "costcenter": "cc-1",
        "lifecycle": "Deprecated",
        "mlgov.io/registered-model": "fraud",
        "mlgov.io/model-version": "7",
    }
    got = resolve([TagLayer("tag", tags)], CONFIG)
    assert got.owner == "team@example.com"
    assert (got.sunset_date, got.sunset_raw) == ("2027-06-30", "2027-06-30")
    assert got.classification == "confidential"
    assert got.risk_tier == "high"
    assert got.environment == "production"
    assert got.datasets == (
        Dataset(uri="s3://a/x", context="training"),
        Dataset(uri="s3://b/y", context="training"),
    )
    assert got.cost_center == "cc-1"
    assert got.lifecycle == "deprecated"
    assert got.registry_ref == RegistryRef(name="fraud", version="7", via="tag:mlgov.io/registered-model")
    assert got.resolved_from == {
        "owner": "tag:mlgov.io/owner",
        "sunset_date": "tag:sunset_date",
        "classification": "tag:classification",
        "risk_tier": "tag:risk_tier",
        "environment": "tag:env",
        "lineage": "tag:training-data",
        "cost_center": "tag:costcenter",
        "lifecycle": "tag:lifecycle",
        "registry_ref": "tag:mlgov.io/registered-model",
    }


def test_kubeflow_registry_link_pair() -> None:
    tags = {
        "modelregistry.kubeflow.org/registered-model-id": "17",
        "modelregistry.kubeflow.org/model-version-id": "4",
    }
    ref = resolve([TagLayer("annotation", tags)], CONFIG).registry_ref
    assert ref is not None and (ref.name, ref.version) == ("17", "4")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2027-06-30", "2027-06-30"),
        (" 2027-06-30 ", "2027-06-30"),
        ("2027-06-30T23:59:59Z", "2027-06-30"),
        ("2027-06-30T23:59:59.123+02:00", "2027-06-30"),
        ("2027-06-30 10:00", "2027-06-30"),
        ("2027/06/30", "2027-06-30"),
        ("2027/6/3", "2027-06-03"),
        ("2027.06.30", "2027-06-30"),
        ("20270630", "2027-06-30"),
        ("30-06-2027", None),  # day-first: refused, never guessed
        ("06/30/2027", None),
        ("03/04/2027", None),
        ("2027-02-30", None),
        ("2027-13-01", None),
        ("next quarter", None),
        ("", None),
    ],
)
def test_parse_sunset(raw: str, expected: str | None) -> None:
    assert parse_sunset(raw) == expected


def test_unparseable_sunset_keeps_the_raw_value() -> None:
    got = resolve([TagLayer("tag", {"expires": "end of Q3"})], CONFIG)
    assert got.sunset_date is None
    assert got.sunset_raw == "end of Q3"
    assert got.resolved_from["sunset_date"] == "tag:expires"


@pytest.mark.parametrize(
    ("raw", "created", "expected"),
    [
        ("90d", "2026-10-01T12:00:00Z", "2026-12-30"),
        ("12w", "2026-10-01T12:00:00Z", "2026-12-24"),
        ("6m", "2026-08-31T00:00:00Z", "2027-02-28"),  # calendar months, clamped
        ("1y", "2024-02-29T00:00:00Z", "2025-02-28"),
        ("2160h", "2026-10-01T00:00:00Z", "2026-12-30"),
        ("30 days", "2026-10-01", "2026-10-31"),
        ("90D", "2026-10-01T12:00:00+05:00", "2026-12-30"),
        ("90d", None, None),  # nothing to count from
        ("soon", "2026-10-01T00:00:00Z", None),
        ("90d", "not a time", None),
        ("999999y", "2026-10-01T00:00:00Z", None),  # beyond year 9999: no crash
    ],
)
def test_parse_ttl(raw: str, created: str | None, expected: str | None) -> None:
    assert parse_ttl(raw, created) == expected


def test_explicit_sunset_beats_ttl_and_ttl_is_marked_in_raw() -> None:
    both = resolve([TagLayer("label", {"ttl": "90d", "sunset-date": "2027-01-01"})], CONFIG, "2026-10-01")
    assert both.sunset_date == "2027-01-01"
    ttl = resolve([TagLayer("label", {"ttl": "90d"})], CONFIG, "2026-10-01T12:00:00Z")
    assert (ttl.sunset_date, ttl.sunset_raw) == ("2026-12-30", "ttl=90d")
    assert ttl.resolved_from["sunset_date"] == "label:ttl"


@pytest.mark.parametrize(
    ("value", "env"),
    [
        ("production", "production"),
        ("PROD", "production"),
        ("prd", "production"),
        ("live", "production"),
        ("stage", "staging"),
        ("stg", "staging"),
        ("qa", "staging"),
        ("uat", "staging"),
        ("preprod", "staging"),
        ("dev", "development"),
        ("test", "development"),
        ("sandbox", "development"),
        ("perf", None),
    ],
)
def test_normalize_environment(value: str, env: str | None) -> None:
    assert normalize_environment(value, CONFIG) == env


@pytest.mark.parametrize(
    ("namespace", "env"),
    [
        ("prod", "production"),
        ("ml-prod", "production"),
        ("prod-eu-1", "production"),
        ("fraud_staging", "staging"),
        ("pre-prod", "staging"),
        ("team-a-pre-prod", "staging"),
        ("non-prod", None),
        ("nonprod", None),
        ("dev-sandbox", "development"),
        ("default", None),
        ("kube-system", None),
        ("production-like", "production"),
    ],
)
def test_environment_from_namespace_name(namespace: str, env: str | None) -> None:
    assert environment_from_name(namespace, CONFIG) == env


def test_unrecognized_environment_value_falls_through() -> None:
    layers = [TagLayer("annotation", {"env": "perf"}), TagLayer("label", {"environment": "stage"})]
    got = resolve(layers, CONFIG)
    assert got.environment == "staging"
    assert got.resolved_from["environment"] == "label:environment"
    assert resolve([TagLayer("tag", {"env": "perf"})], CONFIG).environment is None


def test_namespace_labels_beat_the_namespace_name() -> None:
    assert namespace_environment("ml-prod", {"env": "dev"}, CONFIG) == ("development", "namespace-label:env")
    assert namespace_environment("ml-prod", {"team": "x"}, CONFIG) == ("production", "namespace:ml-prod")
    assert namespace_environment("default", None, CONFIG) is None


def test_parse_datasets() -> None:
    assert parse_datasets(" s3://a , /mnt/data,corpus-2026 ") == (
        Dataset(uri="s3://a", context="training"),
        Dataset(uri="/mnt/data", context="training"),
        Dataset(name="corpus-2026", context="training"),
    )
    assert parse_datasets(" , ") == ()


@pytest.mark.parametrize(
    ("uri", "name", "version"),
    [
        ("models:/fraud/7", "fraud", "7"),
        ("models:/fraud/7/", "fraud", "7"),
        ("models:/fraud/Production", "fraud", None),  # a stage is not a pinned version
        ("models:/fraud@champion", "fraud", None),
    ],
)
def test_registry_ref_from_models_uri(uri: str, name: str, version: str | None) -> None:
    ref = registry_ref_from_uri(uri, "storageUri")
    assert ref is not None
    assert (ref.name, ref.version, ref.uri, ref.via) == (name, version, uri, "storageUri")


@pytest.mark.parametrize("uri", ["s3://bucket/model", "models:/only-name", "gs://x/models:/a/1", ""])
def test_other_uris_are_not_registry_refs(uri: str) -> None:
    assert registry_ref_from_uri(uri, "storageUri") is None


@pytest.mark.parametrize(
    ("tags", "card", "where"),
    [
        ({}, None, None),
        (  # the link and its review status, in any case and spelling
            {"mlgov.io/model-card": "https://wiki/cards/fraud", "Model-Card-Status": "Pending Review"},
            ModelCard(status="pending_review", uri="https://wiki/cards/fraud"),
            "tag:Model-Card-Status",
        ),
        ({"model-card-status": "approved"}, ModelCard(status="approved"), "tag:model-card-status"),
        # a link nobody reviewed is a draft, not an approved card and not "no card"
        (
            {"model_card": "https://wiki/cards/x"},
            ModelCard(status="draft", uri="https://wiki/cards/x"),
            "tag:model_card",
        ),
    ],
)
def test_a_model_card_declared_in_tags(
    tags: dict[str, str], card: ModelCard | None, where: str | None
) -> None:
    declared = declared_model_card([TagLayer("tag", tags)], CONFIG)
    assert (declared[0] if declared else None, declared[1] if declared else None) == (card, where)


def test_model_card_keys_are_configurable() -> None:
    custom = dataclasses.replace(CONFIG, model_card_status=("card-review",))
    layers = [TagLayer("tag", {"card-review": "Approved", "model-card-status": "draft"})]
    declared = declared_model_card(layers, custom)
    assert declared is not None and declared[0].status == "approved"
