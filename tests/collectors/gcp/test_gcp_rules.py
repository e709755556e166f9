"""The mission's rules on Vertex AI and Workbench assets, end to end: `mlgov scan` over the test
server and Kubernetes manifests that serve Vertex models (by resource name and alias, by `gs://`
artifact, and one by a model nobody registered), then the same findings replayed through
`mlgov inventory` + `mlgov evaluate`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.collectors.gcp.fixtures import Adc
from tests.collectors.gcp.seed import seed_location, seed_retired_serving, seed_workbench
from tests.collectors.gcp.server import VertexServer
from tests.conftest import MlgovRunner

NOW = "2026-11-22"
P = "projects/p-alpha/locations/us-central1"
GKE = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: {name}
  namespace: ml-prod
  annotations:
    mlgov.io/owner: fraud-team@example.com
    mlgov.io/sunset-date: "2027-03-31"
    mlgov.io/classification: confidential
    mlgov.io/training-data: bq://ml-data.fraud.transactions
{extra}spec:
  predictor:
    model:
      storageUri: {uri}
"""


def write_estate(server: VertexServer, tmp_path: Path) -> None:
    server.project("p-alpha", ["us-central1"])
    seed_location(server, "p-alpha", "us-central1")
    seed_workbench(server, "p-alpha", "us-central1-a")
    seed_retired_serving(server, "p-alpha", "us-central1")
    k8s = tmp_path / "k8s"
    k8s.mkdir()
    by_alias = f"    mlgov.io/registered-model: {P}/models/fraud\n    mlgov.io/model-version: production\n"
    (k8s / "by-alias.yaml").write_text(GKE.format(name="fraud-by-alias", extra=by_alias, uri="gs://other/x"))
    (k8s / "by-artifact.yaml").write_text(
        GKE.format(name="fraud-by-artifact", extra="", uri="gs://ml-models/p-alpha/fraud/2/")
    )
    ghost = f"    mlgov.io/registered-model: {P}/models/ghost\n    mlgov.io/model-version: '1'\n"
    (k8s / "ghost.yaml").write_text(GKE.format(name="ghost", extra=ghost, uri="gs://nowhere/ghost"))
    (tmp_path / "mlgov.yaml").write_text(
        "version: 1\nsources:\n  files: [k8s]\n  gcp:\n    projects: [p-alpha]\n"
        f"    locations: [us-central1]\n    endpoint: {server.url}\n    workbench_endpoint: {server.url}\n"
    )


def failing(report: dict[str, object]) -> set[tuple[str, str]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {(f["rule_id"], f["asset_id"]) for f in findings if f["status"] == "fail"}


@pytest.mark.slow  # three runs of the CLI: scan, inventory, evaluate
def test_the_mission_rules_hold_on_vertex_and_workbench(
    vertex_server: VertexServer, adc: Adc, mlgov: MlgovRunner, tmp_path: Path
) -> None:
    write_estate(vertex_server, tmp_path)
    run = mlgov("scan", "--now", NOW, "-f", "json", "--fail-on", "none", "-q", env=adc.env)
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    assets = {a["id"]: a for a in report["assets"]}
    found = failing(report)
    fraud, shadow = f"{P}/models/fraud", f"{P}/models/shadow-llm"
    canary, rogue = f"{P}/endpoints/4401/deployedModels/d2", f"{P}/endpoints/4403/deployedModels/r1"
    legacy = f"{P}/endpoints/4404/deployedModels/l1"
    job, notebook = (
        f"{P}/customJobs/9901",
        "projects/p-alpha/locations/us-central1-a/instances/explore-us-central1-a",
    )

    # cross-source links: by resource name + alias, by gs:// artifact; an unregistered model is shadow AI
    by_alias = assets["k8s://-/ml-prod/InferenceService/fraud-by-alias"]["registry_ref"]
    assert (by_alias["target"], by_alias["matched_by"], by_alias["registry"]) == (
        f"{fraud}@1",
        "vertex:version alias",
        "gcp",
    )
    by_artifact = assets["k8s://-/ml-prod/InferenceService/fraud-by-artifact"]["registry_ref"]
    assert (by_artifact["target"], by_artifact["matched_by"]) == (f"{fraud}@2", "artifact_uri")
    assert ("MLG012", "k8s://-/ml-prod/InferenceService/ghost") in found
    assert ("MLG012", rogue) in found  # a model of a project nobody scanned
    assert ("MLG012", canary) not in found and assets[canary]["registry_ref"]["target"] == f"{fraud}@2"
    produced = {link["target"] for link in assets[f"{P}/trainingPipelines/8811"].get("links", [])}
    assert produced == {f"{fraud}@1"}
    # the custom job wrote shadow-llm's artifact (its AIP_MODEL_DIR): linked by artifact
    finetune = assets[f"{P}/customJobs/9901"].get("links", [])
    assert [(link["target"], link["via"]) for link in finetune] == [(f"{shadow}@1", "artifact_uri")]

    # owner (MLG001), classification (MLG009), sunset (MLG003), lineage (MLG007)
    assert {("MLG001", shadow), ("MLG009", shadow), ("MLG001", f"{shadow}@1")} <= found
    assert not {f for f in found if f[1] in {fraud, f"{fraud}@1"} and f[0] in {"MLG001", "MLG003", "MLG009"}}
    assert ("MLG003", canary) in found  # production serving without a sunset of its own
    assert not {f for f in found if f[0] == "MLG007" and f[1].startswith(fraud)}  # Vertex lineage counts
    # sunset passed while serving (MLG004); retired version still serving (MLG014)
    assert {("MLG004", legacy), ("MLG014", legacy)} <= found
    # approval (MLG013): v2 carries no approval label, and the canary runs it in production
    assert {("MLG013", f"{fraud}@2"), ("MLG013", canary)} <= found
    assert ("MLG013", f"{fraud}@1") not in found
    # model card (MLG017): v1's card label is approved; v2 inherits high risk and has none
    assert ("MLG017", f"{fraud}@2") in found and ("MLG017", f"{fraud}@1") not in found
    # accelerators (MLG015): the custom job's A100s have no owner; the notebook's T4 has both
    assert ("MLG015", job) in found and ("MLG015", notebook) not in found
    # idle or long-running compute (MLG016): the job has run since January, the notebook is idle
    assert {("MLG016", job), ("MLG016", notebook)} <= found

    # the report is valid against its published schema with gcp assets in it
    schema = json.loads((Path(__file__).parents[3] / "reports" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)

    # the replay gives the same findings
    assert mlgov("inventory", "-o", "inv.json", "-q", env=adc.env).code == 0
    replay = mlgov("evaluate", "inv.json", "--now", NOW, "-f", "json", "--fail-on", "none", "-q")
    assert replay.code == 0, replay.stderr
    assert failing(json.loads(replay.stdout)) == found
