"""Issue 8 end to end: one scan over the moto server, the MLflow server, the kube-apiserver and
manifest files, correlated into one inventory, and the cross-source rules MLG012-MLG016 and MLG002 (owner
directory) on it; then `mlgov inventory` + `mlgov evaluate` replay the same findings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from mlflow import MlflowClient

from scanner.normalize.mlflow import host_of
from tests.collectors.aws.seed import moto_environment, seed_served_package
from tests.collectors.kubernetes.cluster import Kube
from tests.collectors.mlflow.seed import Spec, seed
from tests.conftest import MlgovRunner
from tests.services.fixtures import MLFLOW_OFFLINE
from tests.services.processes import Service

pytestmark = pytest.mark.services

# the notebook below is created today (moto stamps the wall clock); the scan looks 40 days ahead
NOW = (dt.date.today() + dt.timedelta(days=40)).isoformat()
OWNER = "fraud-team@example.com"

KSERVE = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: {name}
  namespace: ml-prod
  annotations:
    mlgov.io/owner: {owner}
    mlgov.io/sunset-date: "2027-12-31"
    mlgov.io/classification: confidential
    mlgov.io/training-data: s3://datasets/fraud
spec:
  predictor:
    model:
      storageUri: {uri}
"""


def seed_mlflow(url: str) -> None:
    """xs-fraud: version 1 deprecated, version 2 approved and the champion."""
    client = MlflowClient(url, url)
    governed = {"owner": OWNER, "sunset-date": "2027-06-30", "data-classification": "confidential"}
    seed(client, [Spec("xs-fraud", governed, versions=2, aliases={"champion": 2})], "xs")
    client.set_model_version_tag("xs-fraud", "1", "mlgov.io/lifecycle", "deprecated")
    client.set_model_version_tag("xs-fraud", "2", "mlgov.io/approval-status", "approved")


def seed_cluster(kube: Service) -> None:
    """Namespace xs-live: one InferenceService on a registered MLflow version, one on nothing."""
    objects: list[dict[str, Any]] = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "xs-live", "labels": {"env": "prod"}}}
    ]
    for name, uri in (("live-linked", "models:/xs-fraud/2"), ("live-ghost", "models:/xs-ghost/1")):
        objects.append(
            {
                "apiVersion": "serving.kserve.io/v1beta1",
                "kind": "InferenceService",
                "metadata": {"name": name, "namespace": "xs-live", "annotations": {"mlgov.io/owner": OWNER}},
                "spec": {"predictor": {"model": {"modelFormat": {"name": "sklearn"}, "storageUri": uri}}},
            }
        )
    Kube(kube).create_all(objects)


@pytest.fixture
def estate(
    moto_server: Service,
    mlflow_server: Service,
    kube_apiserver: Service,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    for key, value in {**MLFLOW_OFFLINE, **moto_environment(moto_server.url)}.items():
        monkeypatch.setenv(key, value)
    seed_mlflow(mlflow_server.url)
    arns = seed_served_package(moto_server.url, "xs")
    seed_cluster(kube_apiserver)
    k8s = tmp_path / "k8s"
    k8s.mkdir()
    services = {
        "linked": ("models:/xs-fraud/2", OWNER),
        "unknown": ("models:/xs-nobody/3", OWNER),
        "deprecated": ("models:/xs-fraud/1", OWNER),
        "orphan": ("models:/xs-fraud/2", "left-company@example.com"),
    }
    for name, (uri, owner) in services.items():
        (k8s / f"{name}.yaml").write_text(KSERVE.format(name=f"xs-{name}", uri=uri, owner=owner))
    (tmp_path / "owners.csv").write_text(f"email\n{OWNER}\n")
    (tmp_path / "mlgov.yaml").write_text(
        "sources:\n"
        "  aws: {regions: [us-east-1], services: [sagemaker, ec2]}\n"
        f"  mlflow: {{uris: ['{mlflow_server.url}']}}\n"
        f"  kubernetes: {{kubeconfig: '{kube_apiserver.kubeconfig}', namespaces: [xs-live]}}\n"
        "policy:\n  params:\n    owner_directory: owners.csv\n"
    )
    return {"arns": arns, "mlflow": mlflow_server.url}


def fired(report: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for finding in report["findings"]:
        out.setdefault(finding["asset_id"], set()).add(finding["rule_id"])
    return out


def test_one_scan_across_sources_links_and_judges(estate: dict[str, Any], mlgov: MlgovRunner) -> None:
    live = ("--source", "aws", "--source", "mlflow", "--source", "k8s")
    argv = ("k8s", *live, "--now", NOW, "-f", "json", "-q")
    run = mlgov("scan", *argv)
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    assert {c["source"] for c in report["coverage"]} == {"file", "aws", "mlflow", "kubernetes"}
    assert all(c["status"] == "ok" for c in report["coverage"]), report["coverage"]
    found = fired(report)
    assets = {a["id"]: a for a in report["assets"]}
    base = f"mlflow://{host_of(estate['mlflow'])}/models/xs-fraud/versions"
    kserve = "k8s://-/ml-prod/InferenceService/xs-{}".format

    linked = assets[kserve("linked")]["registry_ref"]
    assert (linked["target"], linked["matched_by"]) == (f"{base}/2", "mlflow:models:/xs-fraud/2")
    assert "MLG012" not in found.get(kserve("linked"), set())
    assert "MLG012" in found[kserve("unknown")]
    assert "MLG014" in found[kserve("deprecated")]
    assert "MLG014" not in found.get(kserve("linked"), set())
    assert "MLG002" in found[kserve("orphan")]
    assert "MLG002" not in found.get(kserve("linked"), set())

    # the same judgement on objects read from the live cluster (cluster segment: the context name)
    live_ids = {a["id"].rsplit("/", 1)[-1]: a["id"] for a in report["assets"] if a["source"] == "kubernetes"}
    assert live_ids.keys() >= {"live-linked", "live-ghost"}
    assert assets[live_ids["live-linked"]]["registry_ref"]["target"] == f"{base}/2"
    assert "MLG012" not in found.get(live_ids["live-linked"], set())
    assert "MLG012" in found[live_ids["live-ghost"]]

    arns = estate["arns"]
    endpoint = assets[arns["endpoint"]]["registry_ref"]
    assert endpoint["target"] == arns["package"]
    assert endpoint["matched_by"] == "sagemaker:endpoint -> model -> model-package"
    assert "MLG013" in found[arns["endpoint"]]
    instance = next(a for a in report["assets"] if a["id"].endswith(f"instance/{arns['instance']}"))
    assert "MLG015" in found[instance["id"]]
    assert "MLG016" in found[arns["notebook"]]

    # the replay: collect, then evaluate the saved inventory
    assert mlgov("inventory", "k8s", *live, "-o", "inv.json", "-q").code == 0
    replay = mlgov("evaluate", "inv.json", "--now", NOW, "-f", "json", "-q")
    assert replay.code == 1, replay.stderr
    replayed = json.loads(replay.stdout)["findings"]
    pairs = {(f["rule_id"], f["asset_id"]) for f in replayed} ^ {
        (f["rule_id"], f["asset_id"]) for f in report["findings"]
    }
    assert not pairs, sorted(pairs)
    assert replayed == report["findings"]
