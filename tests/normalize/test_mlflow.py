"""MLflow entities (as plain mappings) -> Assets, without a server."""

from __future__ import annotations

from scanner.collectors.mlflow.errors import coverage_error
from scanner.model import AssetKind, Lineage
from scanner.normalize import mlflow
from scanner.normalize.resolve import ResolverConfig

CONTEXT = mlflow.DATASET_CONTEXT_TAG


def test_ids_never_carry_credentials_and_quote_odd_names() -> None:
    assert mlflow.host_of("https://user:s3cret@mlflow.example.com:8443/") == "mlflow.example.com:8443"
    assert mlflow.host_of("http://mlflow.internal") == "mlflow.internal"
    assert mlflow.version_id("h", "fraud model/v2", "3") == "mlflow://h/models/fraud%20model%2Fv2/versions/3"


def test_dataset_sources_are_read_from_json_or_taken_as_written() -> None:
    run = {
        "tags": {mlflow.GIT_COMMIT_TAG: "abc123"},
        "dataset_inputs": [
            {"name": "a", "digest": "d1", "source": '{"uri": "s3://b/a"}', "tags": {CONTEXT: "training"}},
            {"name": "b", "digest": "d2", "source": "dbfs:/tables/b", "tags": {}},
            {"name": "c", "digest": "d3", "source": '{"unknown": 1}', "tags": {}},
        ],
    }  # fmt: skip
    lineage = mlflow.lineage_of(run, "r1")
    assert [(d.name, d.uri, d.digest, d.context) for d in lineage.datasets] == [
        ("a", "s3://b/a", "d1", "training"),
        ("b", "dbfs:/tables/b", "d2", None),
        ("c", None, "d3", None),
    ]
    assert (lineage.run_id, lineage.code_ref) == ("r1", "abc123")
    assert mlflow.lineage_of(None, "gone") == Lineage(run_id="gone")


def test_production_markers_are_configurable_and_tags_come_first() -> None:
    markers = mlflow.ProductionMarkers(aliases=("live",), stages=())
    version = {
        "name": "m",
        "version": "1",
        "tags": {},
        "current_stage": "Production",
        "creation_timestamp": 0,
    }
    plain = mlflow.model_version("h", version, aliases=["live"], lineage=Lineage(), markers=markers,
                                 resolver=ResolverConfig())  # fmt: skip
    assert (plain.kind, plain.environment, plain.resolved_from["environment"]) == (
        AssetKind.MODEL_VERSION,
        "production",
        "alias:live",
    )
    staged = mlflow.model_version("h", version, aliases=[], lineage=Lineage(), markers=markers,
                                  resolver=ResolverConfig())  # fmt: skip
    assert staged.environment == "unknown"  # the Production stage is not a marker here
    archived = mlflow.model_version(
        "h", {**version, "current_stage": "Archived", "tags": {"env": "dev"}}, aliases=["live"],
        lineage=Lineage(), markers=markers, resolver=ResolverConfig(),
    )  # fmt: skip
    assert (archived.environment, archived.lifecycle) == ("development", "archived")


def test_client_failures_become_actionable_codes_without_quoting_the_server() -> None:
    class Rest(Exception):
        def __init__(self, text: str, status: int) -> None:
            super().__init__(text)
            self.status = status

        def get_http_status_code(self) -> int:
            return self.status

    assert coverage_error(Rest("body: secret-ish", 401), "u").code == "unauthorized"
    assert coverage_error(Rest("x", 403), "u").code == "forbidden"
    assert coverage_error(Rest("x", 503), "u").code == "server_error"
    unreachable = coverage_error(Rest("API request to http://h failed with exception Max retries", 500), "u")
    assert unreachable.code == "unreachable"
    assert "secret-ish" not in coverage_error(Rest("body: secret-ish", 401), "u").message


def test_a_model_card_is_declared_in_tags_per_model_and_per_version() -> None:
    """MLflow has no model card: tags declare one (MLG017), and a version does not take its
    model's card (a card is reviewed per version, like approval)."""
    tags = {"mlgov.io/model-card": "https://wiki/cards/fraud", "mlgov.io/model-card-status": "Approved"}
    model = mlflow.registered_model("h", {"name": "fraud", "tags": tags}, ResolverConfig())
    assert model.model_card is not None
    assert (model.model_card.status, model.model_card.uri) == ("approved", "https://wiki/cards/fraud")
    assert model.resolved_from["model_card"] == "tag:mlgov.io/model-card-status"
    version = {"name": "fraud", "version": "2", "tags": {"risk-tier": "high"}}
    bare = mlflow.model_version("h", version, aliases=[], lineage=Lineage(),
                                markers=mlflow.ProductionMarkers(), resolver=ResolverConfig())  # fmt: skip
    assert bare.model_card is None
