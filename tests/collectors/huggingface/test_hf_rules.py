"""The mission's rules on Hub assets and on the workloads that serve them, through the real
`mlgov` entry point against the local Hub, replayed through `mlgov inventory` + `mlgov evaluate`;
the token appears in no report, log or error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.collectors.huggingface.seed import FRAUD_V1, Estate, seed
from tests.collectors.huggingface.server import HubServer
from tests.conftest import MlgovRunner

NOW = "2026-11-22"
GOVERNED = {
    "mlgov.io/owner": "serving-team@example.com",
    "mlgov.io/sunset-date": "2027-03-31",
    "mlgov.io/classification": "confidential",
    "mlgov.io/training-data": "s3://datasets/x",
    "mlgov.io/cost-center": "cc-1234",
}


def isvc(name: str, uri: str) -> dict[str, Any]:
    return {
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {"name": name, "namespace": "ml-prod", "annotations": GOVERNED},
        "spec": {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "storageUri": uri}}},
    }


def write_manifests(tmp_path: Path) -> Path:
    gpu_vllm = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": "vllm-fraud",
            "namespace": "ml-prod",
            # vLLM's --model is a command argument, which mlgov never reads: the annotation says it
            "annotations": {
                "mlgov.io/registered-model": "hf://acme/fraud-llm",
                "mlgov.io/model-version": "v1.0",
            },
        },
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "vllm",
                            "image": "vllm/vllm-openai:v0.6.3",
                            "args": ["--model", "acme/fraud-llm"],
                            "resources": {"limits": {"nvidia.com/gpu": 1}},
                        }
                    ]
                }
            }
        },
    }
    docs = [
        isvc("fraud", f"hf://acme/fraud-llm:{FRAUD_V1}"),  # pinned to v1.0's commit
        isvc("support", "hf://acme/support-bot"),  # unpinned; an unapproved production model
        isvc("legacy", "hf://acme/legacy-classifier:main"),  # the branch, not a revision; deprecated
        isvc("rogue", "hf://acme/never-registered"),  # not in the scanned organisation
        gpu_vllm,
    ]
    path = tmp_path / "manifests" / "serving.yaml"
    path.parent.mkdir()
    path.write_text("\n---\n".join(json.dumps(d) for d in docs))
    return path.parent


def failing(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["rule_id"], f["asset_id"]) for f in report["findings"] if f["status"] == "fail"}


def hub_env(hub: HubServer) -> dict[str, str]:
    return {"HF_ENDPOINT": hub.url, "HF_TOKEN": hub.token}


@pytest.mark.slow  # three runs of the CLI: scan, inventory, evaluate
def test_the_mission_rules_hold_on_hub_models_and_what_serves_them(
    hub: HubServer, mlgov: MlgovRunner, tmp_path: Path
) -> None:
    estate: Estate = seed(hub)
    manifests = write_manifests(tmp_path)
    out = tmp_path / "reports"
    args = ("--source", "huggingface", "--hf-org", "acme", str(manifests), "--now", NOW)
    run = mlgov(
        "scan",
        *args,
        "-f",
        "json,sarif,ocsf,csv,html,markdown",
        "--output-dir",
        str(out),
        env=hub_env(hub),
    )
    assert run.code == 1, run.stderr
    report = json.loads((out / "report.json").read_text())
    found = failing(report)
    assets = {a["id"]: a for a in report["assets"]}
    repo = f"{hub.url}/acme"
    fraud, support, legacy = f"{repo}/fraud-llm", f"{repo}/support-bot", f"{repo}/legacy-classifier"
    support_head = f"{support}/commit/{estate.support}"
    k8s = "k8s://-/ml-prod"

    # cross-source links: a KServe storage URI and a vLLM annotation resolve to Hub revisions
    fraud_ref = assets[f"{k8s}/InferenceService/fraud"]["registry_ref"]
    assert (fraud_ref["target"], fraud_ref["registry"]) == (f"{fraud}/commit/{FRAUD_V1}", "huggingface")
    assert assets[f"{k8s}/Deployment/vllm-fraud"]["registry_ref"]["target"] == f"{fraud}/commit/{FRAUD_V1}"
    assert assets[f"{k8s}/InferenceService/support"]["registry_ref"]["target"] == support
    # shadow AI (MLG012): only the model the scanned organisation does not hold
    assert {f for f in found if f[0] == "MLG012"} == {("MLG012", f"{k8s}/InferenceService/rogue")}
    # pinning (MLG018): bare repos and the branch, not the commit
    assert {f[1] for f in found if f[0] == "MLG018"} == {
        f"{k8s}/InferenceService/support",
        f"{k8s}/InferenceService/legacy",
        f"{k8s}/InferenceService/rogue",
    }
    # owner (MLG001), classification (MLG009), sunset (MLG003), lineage (MLG007)
    assert {
        ("MLG001", support),
        ("MLG009", support),
        ("MLG001", support_head),
        ("MLG001", f"{repo}/no-card"),
    } <= found
    assert {("MLG003", support_head), ("MLG007", support_head)} <= found
    governed = {f for f in found if f[1].startswith(fraud)}
    assert not governed, governed  # owner, sunset, classification, lineage, approval and card all set
    # approval (MLG013): the support bot's production card has no approval, and a workload serves it
    assert {("MLG013", support_head), ("MLG013", f"{k8s}/InferenceService/support")} <= found
    assert ("MLG013", f"{k8s}/InferenceService/fraud") not in found
    # retired still serving (MLG014) and sunset passed (MLG004): the deprecated classifier
    assert ("MLG014", f"{k8s}/InferenceService/legacy") in found
    assert ("MLG004", legacy) in found
    # model card (MLG017): high risk with a draft card; the fraud model's card is approved
    assert {("MLG017", support), ("MLG017", support_head)} <= found
    # accelerators (MLG015) are judged on compute, not on the Hub's models: none here
    assert not [f for f in found if f[0] == "MLG015"]

    # the token is in no report, log or error
    written = [p.read_text(errors="replace") for p in sorted(out.iterdir())]
    for text in (*written, run.stdout, run.stderr):
        assert hub.token not in text
    assert len(written) == 6 and "huggingface: " in run.stderr  # progress was logged

    # replay: the same inventory evaluated offline gives the same findings
    inventory = tmp_path / "inventory.json"
    saved = mlgov("inventory", *args[:-2], "-o", str(inventory), env=hub_env(hub))
    assert saved.code == 0, saved.stderr
    assert hub.token not in inventory.read_text()
    replay = mlgov("evaluate", str(inventory), "--now", NOW, "-f", "json", "--fail-on", "none")
    assert replay.code == 0, replay.stderr
    assert failing(json.loads(replay.stdout)) == found


@pytest.mark.slow
def test_a_missing_organisation_exits_3_and_a_bad_token_is_never_echoed(
    hub: HubServer, mlgov: MlgovRunner, tmp_path: Path
) -> None:
    seed(hub)
    base = ("scan", "--source", "hf", "--hf-org", "acme", "--now", NOW, "-f", "json", "--fail-on", "none")
    run = mlgov(*base, "--hf-org", "ghost-org", env=hub_env(hub))
    assert run.code == 3, run.stderr
    coverage = {c["scope"]: c for c in json.loads(run.stdout)["coverage"]}
    assert coverage[f"{hub.url.removeprefix('http://')}/ghost-org"]["errors"][0]["code"] == "not_found"
    assert mlgov(*base, "--hf-org", "ghost-org", "--allow-partial", env=hub_env(hub)).code == 0

    wrong = "hf_" + "Q" * 34
    bad = mlgov(*base, env={**hub_env(hub), "HF_TOKEN": wrong})
    assert bad.code == 3
    assert [e["code"] for c in json.loads(bad.stdout)["coverage"] for e in c["errors"]] == ["unauthorized"]
    assert wrong not in bad.stdout + bad.stderr


@pytest.mark.slow
def test_config_file_section_drives_the_scan(hub: HubServer, mlgov: MlgovRunner, tmp_path: Path) -> None:
    seed(hub)
    (tmp_path / "mlgov.yaml").write_text(
        f"version: 1\nsources:\n  huggingface:\n    orgs: [jdoe]\n    endpoint: {hub.url}\n    tags: false\n"
    )
    run = mlgov("scan", "--now", NOW, "-f", "json", "--fail-on", "none", env={"HF_TOKEN": hub.token})
    assert run.code == 0, run.stderr
    ids = {a["id"] for a in json.loads(run.stdout)["assets"]}
    assert f"{hub.url}/jdoe/experiment-1" in ids and hub.calls["refs"] == 0
