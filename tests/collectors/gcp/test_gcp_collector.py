"""The GCP collector through the real client (google-api-python-client over HTTP, google-auth with
a key file) against the local Vertex AI + Workbench server: two projects, two locations each, every
resource type; faults per project and location; pagination; retries; the documented permissions."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from scanner.collectors.gcp.collector import GcpCollector
from scanner.collectors.gcp.settings import GcpSettings
from scanner.links import docs_url
from scanner.model import Asset, AssetKind, CoverageStatus, Inventory, UsageError
from tests.collectors.gcp.fixtures import Adc
from tests.collectors.gcp.seed import SECRETS, seed_location, seed_workbench
from tests.collectors.gcp.server import ALWAYS, VertexServer
from tests.conftest import MlgovRunner

PROJECTS = ("p-alpha", "p-beta")
LOCATIONS = ("us-central1", "europe-west4")
ROLE = Path(__file__).parents[3] / "docs" / "gcp-custom-role.json"


def seed(server: VertexServer) -> int:
    expected = 0
    for project in PROJECTS:
        server.project(project, [*LOCATIONS, "asia-east1"])
        for location in LOCATIONS:
            expected += seed_location(server, project, location)
            expected += seed_workbench(server, project, f"{location}-b")
        seed_workbench(server, project, "asia-east1-a")  # outside the chosen locations
    return expected


def settings(server: VertexServer, **changes: object) -> GcpSettings:
    values: dict[str, object] = {
        "projects": PROJECTS,
        "locations": LOCATIONS,
        "endpoint": server.url,
        "workbench_endpoint": server.url,
        "max_attempts": 3,
        "timeout": 5.0,
    }
    values.update(changes)
    return GcpSettings(**values)  # type: ignore[arg-type]


def collect(server: VertexServer, **changes: object) -> Inventory:
    return GcpCollector(settings(server, **changes)).collect()


def by_id(inventory: Inventory) -> dict[str, Asset]:
    return {a.id: a for a in inventory.assets}


@pytest.mark.slow
def test_collects_every_resource_type_across_projects_and_locations(
    vertex_server: VertexServer, adc: Adc
) -> None:
    expected = seed(vertex_server)
    inventory = collect(vertex_server)
    assert len(inventory.assets) == expected
    assert {c.scope for c in inventory.coverage} == {
        *(f"{p}/{loc}/vertex" for p in PROJECTS for loc in LOCATIONS),
        *(f"{p}/-/workbench" for p in PROJECTS),
    }
    assert all(c.status is CoverageStatus.OK for c in inventory.coverage), inventory.coverage
    assets = by_id(inventory)
    parent = "projects/p-beta/locations/europe-west4"

    model = assets[f"{parent}/models/fraud"]
    assert (model.kind, model.name) == (AssetKind.REGISTERED_MODEL, "fraud")
    v1, v2 = assets[f"{parent}/models/fraud@1"], assets[f"{parent}/models/fraud@2"]
    assert (v1.kind, v1.version, v1.parent, v1.aliases) == (
        AssetKind.MODEL_VERSION,
        "1",
        model.id,
        ("default", "production"),
    )
    # an e-mail owner and the sunset come from the description; classification from a label
    assert (v1.owner, v1.sunset_date, v1.classification, v1.risk_tier) == (
        "fraud-team@example.com",
        "2027-06-30",
        "confidential",
        "high",
    )
    assert v1.resolved_from["owner"] == f"inherited:{model.id}"
    assert model.resolved_from["owner"] == "description:owner"
    assert v1.environment == "production" and v1.resolved_from["environment"] == "alias:production"
    assert v1.approval_status == "approved" and v1.model_card is not None
    assert v1.model_card.status == "approved" and v1.resolved_from["model_card"] == "label:model-card-status"
    assert (v1.created_at, v1.updated_at) == ("2026-01-05T10:00:00Z", "2026-01-06T00:00:00Z")
    # lineage: the training pipeline's managed dataset; the pipeline job's BigQuery input
    assert v1.lineage.job == f"{parent}/trainingPipelines/8811"
    assert [d.uri for d in v1.lineage.datasets] == [f"{parent}/datasets/5550001"]
    assert v2.lineage.job == f"{parent}/pipelineJobs/fraud-retrain-20261001"
    assert [(d.name, d.uri) for d in v2.lineage.datasets] == [
        ("transactions-2026-09", "bq://ml-data.fraud.transactions_2026_09")
    ]
    assert v2.lifecycle == "staging-candidate" and v2.resolved_from["lifecycle"] == "description:lifecycle"
    assert v2.environment == "production" and v2.resolved_from["environment"] == "label:environment"
    assert v2.approval_status is None and v2.model_card is None
    shadow = assets[f"{parent}/models/shadow-llm@1"]
    assert shadow.owner is None and shadow.lineage.base_model == "publishers/google/models/gemma2"

    canary = assets[f"{parent}/endpoints/4401/deployedModels/d2"]
    assert canary.kind is AssetKind.SERVING and canary.name == "fraud-endpoint/fraud-v2-canary"
    assert canary.registry_ref is not None and canary.registry_ref.uri == v2.id
    assert (canary.registry_ref.name, canary.registry_ref.version) == ("fraud", "2")
    assert canary.accelerator is not None and (canary.accelerator.model, canary.accelerator.count) == (
        "L4",
        2,
    )
    main = assets[f"{parent}/endpoints/4401/deployedModels/d1"]
    assert main.accelerator is not None and (main.accelerator.model, main.accelerator.count) == ("T4", 1)
    assert main.owner == "fraud-team@example.com" and main.environment == "production"
    assert not [a for a in assets if "/endpoints/4402" in a]  # nothing deployed: nothing served

    job = assets[f"{parent}/customJobs/9901"]
    assert (job.kind, job.lifecycle, job.launched_at) == (
        AssetKind.TRAINING_JOB,
        "running",
        "2026-01-05T10:00:00Z",
    )
    assert job.accelerator is not None and (job.accelerator.model, job.accelerator.count) == ("A100", 4)
    assert job.artifact_uri == "gs://ml-jobs/p-beta/llm-finetune/model"  # its AIP_MODEL_DIR
    pipeline = assets[f"{parent}/trainingPipelines/8811"]
    assert [d.uri for d in pipeline.lineage.datasets] == [f"{parent}/datasets/5550001"]

    notebook = assets["projects/p-beta/locations/europe-west4-b/instances/explore-europe-west4-b"]
    assert (notebook.kind, notebook.lifecycle, notebook.owner) == (
        AssetKind.NOTEBOOK,
        "running",
        "data-sci@example.com",
    )
    assert notebook.resolved_from["owner"] == "workbench:instanceOwners" and notebook.cost_center == "cc-7700"
    assert notebook.accelerator is not None and notebook.accelerator.model == "T4"
    assert not [a for a in assets if "asia-east1" in a]  # Workbench kept to the chosen regions


def test_all_locations_come_from_the_locations_api(vertex_server: VertexServer, adc: Adc) -> None:
    seed(vertex_server)
    vertex_server.faults.forbidden.add("projects/p-beta")
    inventory = collect(vertex_server, locations=("all",))
    scopes = {c.scope: c for c in inventory.coverage}
    assert {s for s in scopes if s.startswith("p-alpha/")} == {
        *(f"p-alpha/{loc}/vertex" for loc in ("asia-east1", "europe-west4", "us-central1")),
        "p-alpha/-/workbench",
    }
    denied = scopes["p-beta/-/locations"]
    assert denied.status is CoverageStatus.FAILED and denied.errors[0].code == "forbidden"
    # every zone of p-alpha, asia-east1-a included, with `all`
    assert any("asia-east1-a/instances" in a.id for a in inventory.assets)


def test_the_adc_project_is_the_default(vertex_server: VertexServer, adc: Adc) -> None:
    vertex_server.project("adc-default-project", ["us-central1"])
    seed_location(vertex_server, "adc-default-project", "us-central1")
    inventory = collect(vertex_server, projects=(), locations=("us-central1",), services=("vertex",))
    assert [c.scope for c in inventory.coverage] == ["adc-default-project/us-central1/vertex"]
    assert len(inventory.assets) == 11


def test_no_secret_or_free_text_field_is_collected(vertex_server: VertexServer, adc: Adc) -> None:
    seed(vertex_server)
    inventory = collect(vertex_server)
    blob = repr(inventory) + json.dumps([a.to_policy_dict() for a in inventory.assets])
    for secret in SECRETS:
        assert secret not in blob
    assert "someone@example.com" not in blob  # the creator is not the owner, and is not kept


def test_pagination_reads_every_page(vertex_server: VertexServer, adc: Adc) -> None:
    expected = seed(vertex_server)
    vertex_server.max_page = 1  # one item per page, whatever page size the client asks for
    inventory = collect(vertex_server)
    assert len(inventory.assets) == expected
    assert all(c.status is CoverageStatus.OK for c in inventory.coverage)
    assert vertex_server.calls["aiplatform.projects.locations.endpoints.list"] == 3 * 4  # 3 pages x 4 units


@pytest.mark.slow
def test_a_denied_project_fails_alone_and_the_scan_exits_3(
    vertex_server: VertexServer, adc: Adc, mlgov: MlgovRunner, tmp_path: Path
) -> None:
    seed(vertex_server)
    vertex_server.faults.forbidden.add("projects/p-beta")
    inventory = collect(vertex_server)
    status = {c.scope: c for c in inventory.coverage}
    assert status["p-beta/us-central1/vertex"].status is CoverageStatus.FAILED
    assert {e.code for e in status["p-beta/us-central1/vertex"].errors} == {"forbidden"}
    assert status["p-beta/-/workbench"].status is CoverageStatus.FAILED
    assert all(c.status is CoverageStatus.OK for s, c in status.items() if s.startswith("p-alpha/"))
    assert {a.id.split("/")[1] for a in inventory.assets} == {"p-alpha"}
    message = status["p-beta/us-central1/vertex"].errors[0].message
    # our words, not the body's; a link that works without a checkout
    assert docs_url("docs/gcp-custom-role.json") in message and "injected" not in message

    config = tmp_path / "mlgov.yaml"
    config.write_text(
        "version: 1\nsources:\n  gcp:\n    projects: [p-alpha, p-beta]\n    locations: [us-central1]\n"
        f"    endpoint: {vertex_server.url}\n    workbench_endpoint: {vertex_server.url}\n"
        "    max_attempts: 1\n"
    )
    run = mlgov("scan", "--now", "2026-11-22", "-f", "json", "--fail-on", "none", env=adc.env)
    assert run.code == 3, run.stderr
    report = json.loads(run.stdout)
    assert report["summary"]["coverage_complete"] is False
    assert "Traceback" not in run.stderr


def test_one_failing_listing_leaves_the_unit_partial(vertex_server: VertexServer, adc: Adc) -> None:
    seed(vertex_server)
    vertex_server.faults.forbidden.add("projects/p-alpha/locations/us-central1/customJobs")
    vertex_server.faults.disabled.add("projects/p-alpha/locations/-")  # Workbench's API is off in p-alpha
    status = {c.scope: c for c in collect(vertex_server).coverage}
    unit = status["p-alpha/us-central1/vertex"]
    assert unit.status is CoverageStatus.PARTIAL and unit.assets == 10
    assert [(e.code, e.where) for e in unit.errors] == [
        ("forbidden", "p-alpha/us-central1/vertex: customJobs.list")
    ]
    workbench = status["p-alpha/-/workbench"]
    assert workbench.status is CoverageStatus.FAILED and workbench.errors[0].code == "service_disabled"
    assert status["p-alpha/europe-west4/vertex"].status is CoverageStatus.OK


def test_unreachable_zones_are_reported(vertex_server: VertexServer, adc: Adc) -> None:
    seed(vertex_server)
    vertex_server.projects["p-alpha"].unreachable = ["projects/p-alpha/locations/us-central1-f"]
    status = {c.scope: c for c in collect(vertex_server).coverage}
    workbench = status["p-alpha/-/workbench"]
    assert workbench.status is CoverageStatus.PARTIAL  # the listing answered, with a gap
    assert workbench.assets == 2 and workbench.errors[0].code == "unreachable"
    assert "us-central1-f" in workbench.errors[0].message


@pytest.mark.slow
def test_429_waits_for_retry_after_then_succeeds(vertex_server: VertexServer, adc: Adc) -> None:
    seed(vertex_server)
    vertex_server.faults.throttled["projects/p-alpha/locations/us-central1/models"] = 1
    vertex_server.faults.retry_after = "1"
    started = time.monotonic()
    inventory = collect(
        vertex_server, projects=("p-alpha",), locations=("us-central1",), services=("vertex",)
    )
    assert time.monotonic() - started >= 1.0  # Retry-After honoured
    assert [c.status for c in inventory.coverage] == [CoverageStatus.OK]
    assert len(inventory.assets) == 11


def test_a_retry_after_beyond_the_limit_is_not_waited_for(vertex_server: VertexServer, adc: Adc) -> None:
    seed(vertex_server)
    vertex_server.faults.throttled["projects/p-alpha/locations/us-central1/models"] = ALWAYS
    vertex_server.faults.retry_after = "3600"  # an hour: given up at once, not slept on
    started = time.monotonic()
    inventory = collect(
        vertex_server,
        projects=("p-alpha",),
        locations=("us-central1",),
        services=("vertex",),
        max_attempts=5,
        max_retry_after=5.0,
    )
    assert time.monotonic() - started < 30
    assert vertex_server.calls["aiplatform.projects.locations.models.list"] == 1  # no retry
    (coverage,) = inventory.coverage
    assert coverage.status is CoverageStatus.PARTIAL
    assert [e.code for e in coverage.errors] == ["throttled"]


@pytest.mark.slow
def test_throttling_and_server_errors_are_bounded_then_recorded(
    vertex_server: VertexServer, adc: Adc
) -> None:
    seed(vertex_server)
    vertex_server.faults.retry_after = "0"
    vertex_server.faults.throttled["projects/p-alpha/locations/us-central1"] = ALWAYS
    vertex_server.faults.unavailable["projects/p-alpha/locations/europe-west4/endpoints"] = ALWAYS
    vertex_server.faults.unavailable["projects/p-beta/locations/us-central1/endpoints"] = 2  # recovers
    status = {c.scope: c for c in collect(vertex_server, max_attempts=3).coverage}
    throttled = status["p-alpha/us-central1/vertex"]
    assert throttled.status is CoverageStatus.FAILED and {e.code for e in throttled.errors} == {"throttled"}
    # five listings, each tried max_attempts=3 times
    assert vertex_server.calls["aiplatform.projects.locations.customJobs.list"] >= 3
    failing = status["p-alpha/europe-west4/vertex"]
    assert failing.status is CoverageStatus.PARTIAL
    assert [e.code for e in failing.errors] == ["server_error"]
    assert status["p-beta/us-central1/vertex"].status is CoverageStatus.OK


@pytest.mark.slow
def test_a_slow_api_is_a_timeout(vertex_server: VertexServer, adc: Adc) -> None:
    seed(vertex_server)
    vertex_server.faults.delay["projects/p-alpha/locations/us-central1/endpoints"] = 1.5
    status = {
        c.scope: c
        for c in collect(
            vertex_server, projects=("p-alpha",), locations=("us-central1",), timeout=0.5, max_attempts=1
        ).coverage
    }
    unit = status["p-alpha/us-central1/vertex"]
    assert unit.status is CoverageStatus.PARTIAL and [e.code for e in unit.errors] == ["timeout"]


@pytest.mark.slow
def test_refused_credentials_are_unauthorized(vertex_server: VertexServer, adc: Adc) -> None:
    seed(vertex_server)
    vertex_server.faults.unauthorized.add("projects/p-beta/locations/us-central1")
    status = {c.scope: c for c in collect(vertex_server).coverage}
    assert {e.code for e in status["p-beta/us-central1/vertex"].errors} == {"unauthorized"}


def test_a_key_the_token_endpoint_refuses_is_authentication_failed(
    vertex_server: VertexServer, adc: Adc
) -> None:
    """The code Azure gives a credential refused by its token endpoint; the answer's words
    (`invalid_grant`, its description) stay out of the report."""
    seed(vertex_server)
    vertex_server.faults.token_refused = True
    inventory = collect(vertex_server, projects=("p-alpha",), locations=("us-central1",))
    assert inventory.assets == ()
    for coverage in inventory.coverage:
        assert coverage.status is CoverageStatus.FAILED
        assert {e.code for e in coverage.errors} == {"authentication_failed"}
        assert not [e for e in coverage.errors if "invalid_grant" in e.message or "JWT" in e.message]


@pytest.mark.slow
def test_no_credentials_is_coverage_never_a_crash(
    vertex_server: VertexServer, adc: Adc, mlgov: MlgovRunner, tmp_path: Path
) -> None:
    env = {k: v for k, v in adc.env.items() if k != "GOOGLE_APPLICATION_CREDENTIALS"}
    env["GOOGLE_APPLICATION_CREDENTIALS"] = ""
    env["HOME"] = str(tmp_path)
    run = mlgov(
        "scan", "--source", "gcp", "--gcp-project", "p-alpha", "--gcp-location", "us-central1",
        "-f", "json", "--fail-on", "none", env=env,
    )  # fmt: skip
    assert run.code == 3, run.stderr
    [coverage] = [c for c in json.loads(run.stdout)["coverage"] if c["source"] == "gcp"]
    assert coverage["scope"] == "p-alpha/-/auth" and coverage["errors"][0]["code"] == "no_credentials"


def test_a_missing_project_is_a_usage_error(vertex_server: VertexServer, adc: Adc, tmp_path: Path) -> None:
    key = json.loads(adc.path.read_text())
    key.pop("project_id")
    adc.path.write_text(json.dumps(key))
    with pytest.raises(UsageError, match="needs a project") as caught:
        collect(vertex_server, projects=())
    assert caught.value.hint is not None and "--gcp-project" in caught.value.hint


def test_without_the_extra_the_hint_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "googleapiclient.discovery", None)  # import fails, as if absent
    with pytest.raises(UsageError) as caught:
        GcpCollector(GcpSettings(projects=("p",))).collect()
    assert caught.value.hint is not None and caught.value.hint.startswith("pip install 'mlgov[gcp]'")


@pytest.mark.slow
def test_every_method_called_is_granted_by_the_custom_role(vertex_server: VertexServer, adc: Adc) -> None:
    """Each discovery method id maps to the IAM permission docs/gcp.md names for it:
    `aiplatform.projects.locations.<collection>.<verb>` -> `aiplatform.<collection>.<verb>` (the
    model versions listing needs `aiplatform.models.list`), `notebooks...instances.list` ->
    `notebooks.instances.list`, the Locations call -> `aiplatform.locations.list`."""
    seed(vertex_server)
    collect(vertex_server, locations=("all",))
    role = json.loads(ROLE.read_text())
    granted = set(role["includedPermissions"])
    needed = set()
    for method in vertex_server.calls:
        service, *_, collection, verb = method.split(".")
        if collection == "locations" and method.endswith("projects.locations.list"):
            collection = "locations"
        verb = "list" if verb == "listVersions" else verb
        needed.add(f"{service}.{collection}.{verb}")
    assert {"aiplatform.models.list", "aiplatform.pipelineJobs.get", "notebooks.instances.list"} <= needed
    assert needed <= granted, f"missing from docs/gcp-custom-role.json: {sorted(needed - granted)}"
    assert all(p.split(".")[-1] in {"get", "list"} for p in granted)  # read-only


def test_a_denied_pipeline_job_fetch_costs_only_that_versions_datasets(
    vertex_server: VertexServer, adc: Adc
) -> None:
    seed(vertex_server)
    vertex_server.faults.forbidden.add("projects/p-alpha/locations/us-central1/pipelineJobs/fraud-retrain")
    inventory = collect(
        vertex_server, projects=("p-alpha",), locations=("us-central1",), services=("vertex",)
    )
    [unit] = inventory.coverage
    assert unit.status is CoverageStatus.PARTIAL and unit.assets == 11  # every model and version read
    assert [e.code for e in unit.errors] == ["forbidden"]
    assert "pipelineJobs.get" in (unit.errors[0].where or "")
    v2 = by_id(inventory)["projects/p-alpha/locations/us-central1/models/fraud@2"]
    assert v2.lineage.datasets == () and v2.lineage.job is not None


@pytest.mark.slow
def test_an_unloadable_credentials_file_is_coverage_and_its_content_never_shown(
    vertex_server: VertexServer, adc: Adc, mlgov: MlgovRunner
) -> None:
    adc.path.write_text('{"type": "service_account", "private_key": "not-a-key-6631"')  # truncated JSON
    run = mlgov(
        "scan", "--source", "gcp", "--gcp-project", "p-alpha", "--gcp-location", "us-central1",
        "-f", "json", "--fail-on", "none", env=adc.env,
    )  # fmt: skip
    assert run.code == 3, run.stderr
    [coverage] = [c for c in json.loads(run.stdout)["coverage"] if c["source"] == "gcp"]
    assert coverage["errors"][0]["code"] == "no_credentials"
    assert "could not be loaded" in coverage["errors"][0]["message"]
    assert "not-a-key-6631" not in run.stdout + run.stderr
