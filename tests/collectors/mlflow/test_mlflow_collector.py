"""The MLflow collector against a real MLflow server (tests/services: SQLite backend, one worker),
seeded through the real client. The session's server is shared: each test names what it creates."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mlflow import MlflowClient

from scanner.collectors.mlflow.collector import MlflowCollector
from scanner.collectors.mlflow.settings import MlflowSettings
from scanner.model import Asset, AssetKind, CoverageStatus, Inventory
from scanner.normalize.mlflow import host_of
from tests.collectors.mlflow.seed import GOVERNED, Spec, dataset_digest, dataset_uri, fleet, log_dataset, seed
from tests.conftest import MlgovRunner
from tests.services.fixtures import MLFLOW_ADMIN_PASSWORD, MLFLOW_OFFLINE
from tests.services.processes import Service

pytestmark = pytest.mark.services
FLEET = "fleet"
NOW = "2026-11-22"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in MLFLOW_OFFLINE.items():
        monkeypatch.setenv(key, value)
    for key in (
        "MLFLOW_TRACKING_URI",
        "MLFLOW_TRACKING_TOKEN",
        "MLFLOW_TRACKING_USERNAME",
        "MLFLOW_TRACKING_PASSWORD",
    ):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="module")
def seeded(mlflow_server: Service) -> Iterator[str]:
    seed(MlflowClient(mlflow_server.url, mlflow_server.url), fleet(FLEET), "fleet-training")
    yield mlflow_server.url


def collect(uri: str, **settings: Any) -> Inventory:
    return MlflowCollector(MlflowSettings(uris=(uri,), **settings)).collect()


def named(inventory: Inventory, prefix: str) -> dict[str, Asset]:
    return {a.id: a for a in inventory.assets if (a.name or "").startswith(prefix)}


def test_registered_models_and_versions_carry_owner_sunset_classification_lineage_environment(
    seeded: str,
) -> None:
    inventory = collect(seeded)
    assert [(c.source, c.scope, c.status) for c in inventory.coverage] == [
        ("mlflow", seeded, CoverageStatus.OK)
    ]
    assets = named(inventory, f"{FLEET}-")
    models = [a for a in assets.values() if a.kind is AssetKind.REGISTERED_MODEL]
    versions = [a for a in assets.values() if a.kind is AssetKind.MODEL_VERSION]
    assert (len(models), len(versions)) == (25, 25 * 2 + 12)  # the 12 odd-numbered models have 3
    host = host_of(seeded)
    base = f"mlflow://{host}/models"
    for i in range(25):
        name = f"{FLEET}-{i:02d}"
        model = assets[f"{base}/{name}"]
        owner = f"team-{i % 3}@example.com" if i % 5 else None
        classification = ("internal", "confidential", "restricted")[i % 3] if i % 4 else None
        sunset = "2027-06-30" if i % 3 else None
        assert (model.owner, model.classification, model.sunset_date) == (owner, classification, sunset), name
        for number in range(1, 2 + i % 2 + 1):
            version = assets[f"{base}/{name}/versions/{number}"]
            # governance is inherited from the registered model, and says so
            assert (version.owner, version.classification, version.sunset_date) == (
                owner,
                classification,
                sunset,
            )
            if owner:
                assert version.resolved_from["owner"] == f"inherited:{model.id}"
            assert version.parent == model.id and version.version == str(number)
            assert version.artifact_uri == f"s3://models/{name}/{number}"
            assert version.lineage.run_id and version.lineage.code_ref
            if i % 3 != 1:
                assert [(d.uri, d.digest, d.context) for d in version.lineage.datasets] == [
                    (dataset_uri(name, number), dataset_digest(name, number), "training")
                ]
            else:
                assert version.lineage.datasets == ()
    # environment: an alias in the production markers, else the deprecated Production stage;
    # the version's own tag outranks both (fleet-04 v2 is champion but tagged staging)
    env = {(a.name, a.version): (a.environment, a.resolved_from.get("environment")) for a in versions}
    assert env[(f"{FLEET}-00", "2")] == ("production", "alias:champion")
    assert env[(f"{FLEET}-00", "1")] == ("unknown", None)
    assert env[(f"{FLEET}-03", "1")] == ("production", "stage:Production")
    assert env[(f"{FLEET}-09", "1")] == ("unknown", None)  # `staging` alias: not a production marker
    assert env[(f"{FLEET}-04", "2")] == ("staging", "tag:environment")
    assert assets[f"{base}/{FLEET}-00/versions/2"].aliases == ("champion",)
    assert assets[f"{base}/{FLEET}-00"].environment == "unknown"  # models: from their tags only


def test_paging_with_a_small_page_size_reads_everything(seeded: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: dict[str, int] = {"search_registered_models": 0, "search_model_versions": 0}
    for method in calls:
        real = getattr(MlflowClient, method)

        def counted(
            self: MlflowClient, *args: Any, _real: Any = real, _name: str = method, **kwargs: Any
        ) -> Any:
            calls[_name] += 1  # a spy: the real server answers every call
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(MlflowClient, method, counted)
    small = named(collect(seeded, page_size=4), f"{FLEET}-")
    paged_calls = dict(calls)
    assert small.keys() == named(collect(seeded), f"{FLEET}-").keys()
    assert len(small) == 87
    assert paged_calls["search_registered_models"] >= 25 // 4 + 1
    assert paged_calls["search_model_versions"] >= 62 // 4 + 1


def test_prompts_are_not_models(mlflow_server: Service) -> None:
    client = MlflowClient(mlflow_server.url, mlflow_server.url)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client.register_prompt("prompt-summarize", template="Summarize: {{text}}")
    client.create_registered_model("prompt-neighbour", tags=GOVERNED)
    names = {a.name for a in collect(mlflow_server.url).assets}
    assert "prompt-neighbour" in names and "prompt-summarize" not in names


def test_end_to_end_scan_reports_the_expected_rules(mlflow_server: Service, mlgov: MlgovRunner) -> None:
    client = MlflowClient(mlflow_server.url, mlflow_server.url)
    seed(
        client,
        [
            # fully governed: tags, lineage, and the approval MLG013 asks of a production version
            Spec(
                "e2e-governed",
                {**GOVERNED},
                versions=1,
                aliases={"production": 1},
                version_tags={"mlgov.io/approval-status": "approved"},
            ),
            Spec("e2e-bare", {}, versions=1, datasets=False, aliases={"champion": 1}),
            Spec(
                "e2e-expired",
                {**GOVERNED, "sunset-date": "2025-01-31"},
                versions=1,
                aliases={"production": 1},
            ),
        ],
        "e2e",
    )
    run = mlgov(
        "scan", "--source", "mlflow", "--mlflow-uri", mlflow_server.url, "-f", "json", "--now", NOW, "-q"
    )
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    base = f"mlflow://{host_of(mlflow_server.url)}/models"
    fired: dict[str, set[str]] = {}
    for finding in report["findings"]:
        fired.setdefault(finding["asset_id"], set()).add(finding["rule_id"])
    bare = fired.get(f"{base}/e2e-bare/versions/1", set())
    assert {"MLG001", "MLG003", "MLG007", "MLG009"} <= bare
    assert "MLG004" in fired.get(f"{base}/e2e-expired/versions/1", set())
    assert f"{base}/e2e-governed/versions/1" not in fired
    assert f"{base}/e2e-governed" not in fired
    assert [c["status"] for c in report["coverage"] if c["source"] == "mlflow"] == ["ok"]


def test_a_wrong_token_is_a_coverage_error_and_exit_3(
    mlflow_auth_server: Service, mlgov: MlgovRunner
) -> None:
    secret = "wrong-token-5f1e9c"
    argv = (
        "scan",
        "--source",
        "mlflow",
        "--mlflow-uri",
        mlflow_auth_server.url,
        "-f",
        "json",
        "--now",
        NOW,
        "-q",
    )
    run = mlgov(*argv, env={"MLFLOW_TRACKING_TOKEN": secret})
    assert run.code == 3, run.stderr
    assert "Traceback" not in run.stderr and secret not in run.stdout + run.stderr
    [coverage] = [c for c in json.loads(run.stdout)["coverage"] if c["source"] == "mlflow"]
    assert coverage["status"] == "failed"
    assert [e["code"] for e in coverage["errors"]] == ["unauthorized"]

    # the right credentials, through MLflow's standard variables, read the registry
    ok = mlgov(
        *argv, env={"MLFLOW_TRACKING_USERNAME": "admin", "MLFLOW_TRACKING_PASSWORD": MLFLOW_ADMIN_PASSWORD}
    )
    assert ok.code == 0, ok.stderr
    assert [c["status"] for c in json.loads(ok.stdout)["coverage"] if c["source"] == "mlflow"] == ["ok"]
    assert MLFLOW_ADMIN_PASSWORD not in ok.stdout + ok.stderr


def test_a_server_stopped_mid_scan_is_a_coverage_error_and_exit_3(
    mlflow_server_disposable: Service, mlgov: MlgovRunner
) -> None:
    server = mlflow_server_disposable
    seed(MlflowClient(server.url, server.url), [Spec(f"stop-{i}", GOVERNED) for i in range(3)], "stop")

    def stop_after_listing_models(message: str) -> None:
        if "registered model" in message:
            server.stop()  # the models were listed; the version search meets a dead server

    inventory = MlflowCollector(
        MlflowSettings(uris=(server.url,), max_attempts=2, timeout=5), progress=stop_after_listing_models
    ).collect()
    [coverage] = inventory.coverage
    assert coverage.status is CoverageStatus.FAILED
    assert [e.code for e in coverage.errors] == ["unreachable"]

    run = mlgov("scan", "--source", "mlflow", "--mlflow-uri", server.url, "--now", NOW)
    assert run.code == 3, run.stderr
    assert "Traceback" not in run.stderr and "unreachable" in run.stdout
    partial = mlgov("scan", "--source", "mlflow", "--mlflow-uri", server.url, "--now", NOW, "--allow-partial")
    assert partial.code == 0, partial.stderr


def test_without_the_extra_source_mlflow_says_how_to_install_it(mlgov: MlgovRunner, tmp_path: Path) -> None:
    # Simulate the base install: a `mlflow` package that cannot be imported shadows the real one.
    (tmp_path / "mlflow").mkdir()
    (tmp_path / "mlflow" / "__init__.py").write_text("raise ImportError('not installed')\n")
    run = mlgov(
        "scan", "--source", "mlflow", "--mlflow-uri", "http://127.0.0.1:9", env={"PYTHONPATH": str(tmp_path)}
    )
    assert run.code == 2
    assert "mlgov[mlflow]" in run.stderr and "Traceback" not in run.stderr


def test_lineage_follows_a_logged_model_to_its_run(mlflow_server: Service) -> None:
    """MLflow 3: a version made from a logged model (source models:/m-<id>, no run id of its own)
    gets its lineage from the logged model's source run."""
    client = MlflowClient(mlflow_server.url, mlflow_server.url)
    experiment = client.create_experiment("logged-model-lineage")
    run = client.create_run(experiment, tags={"mlflow.source.git.commit": "feedc0de"})
    log_dataset(client, run.info.run_id, "lm-fraud", 1)
    logged = client.create_logged_model(experiment, source_run_id=run.info.run_id, name="lm-fraud")
    client.create_registered_model("lm-fraud", tags=GOVERNED)
    client.create_model_version("lm-fraud", source=f"models:/{logged.model_id}", model_id=logged.model_id)
    [version] = [a for a in collect(mlflow_server.url).assets if a.name == "lm-fraud" and a.version == "1"]
    assert version.lineage.run_id == run.info.run_id
    assert version.lineage.code_ref == "feedc0de"
    assert [d.uri for d in version.lineage.datasets] == [dataset_uri("lm-fraud", 1)]
    assert version.artifact_uri == f"models:/{logged.model_id}"
