"""The Kubernetes collector against a real kube-apiserver: three labelled namespaces, every kind
the collector reads, GPU Nodes; paging, 410 recovery, retries, timeouts, unreachable servers."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.collectors.kubernetes.collector import KubernetesCollector
from scanner.collectors.kubernetes.kinds import KINDS
from scanner.collectors.kubernetes.settings import KubernetesSettings
from scanner.model import Accelerator, Asset, AssetKind, CoverageStatus, Inventory, Link, SourceType
from tests.collectors.kubernetes.cluster import write_kubeconfig
from tests.collectors.kubernetes.conftest import CONTEXT
from tests.collectors.kubernetes.fault_proxy import Faults, fault_proxy
from tests.collectors.kubernetes.seed import ASSET_NAMES, NAMESPACES, SECRET_VALUE, expected_ids
from tests.services.processes import Service, free_port

EXPECTED = expected_ids(CONTEXT)


def seeded_only(inventory: Inventory) -> dict[str, object]:
    """Assets of the seed (other tests of the session add their own namespaces)."""
    return {a.id: a for a in inventory.assets if a.id in EXPECTED or a.namespace in NAMESPACES}


def collect(kubeconfig: Path | str, messages: list[str] | None = None, **settings: object) -> Inventory:
    collector = KubernetesCollector(
        KubernetesSettings(kubeconfig=str(kubeconfig), **settings),  # type: ignore[arg-type]
        progress=(messages.append if messages is not None else None),
    )
    return collector.collect()


def proxied_kubeconfig(tmp_path: Path, url: str, token: str | None) -> Path:
    assert token is not None
    return write_kubeconfig(tmp_path / "kubeconfig", {CONTEXT: (url, token)}, ca=None)


def test_inventory_from_a_live_cluster(seeded: Service) -> None:
    messages: list[str] = []
    inventory = collect(seeded.kubeconfig, messages)
    by_id = {a.id: a for a in inventory.assets}
    assert set(seeded_only(inventory)) == EXPECTED
    assert len(EXPECTED) == 3 * 34 + 2 + 2  # per namespace, cluster-scoped, GPU nodes
    scopes = {c.scope: c for c in inventory.coverage}
    assert set(scopes) == {f"{CONTEXT}/{k.label}" for k in KINDS}
    assert {f"{CONTEXT}/Experiment.kubeflow.org", f"{CONTEXT}/Experiment.mlops.seldon.io"} <= set(scopes)
    assert all(c.status is CoverageStatus.OK for c in inventory.coverage), inventory.coverage
    assert not [m for m in messages if "not installed" in m]  # the test cluster serves every kind
    assert scopes[f"{CONTEXT}/InferenceService"].assets >= 3
    assert inventory.sources == ("kubernetes",)
    assert any("3/" not in m and "units listed" in m for m in messages)

    isvc = by_id[f"k8s://{CONTEXT}/prod/InferenceService/fraud-isvc"]
    assert isvc.source is SourceType.KUBERNETES and isvc.kind is AssetKind.SERVING
    assert (isvc.owner, isvc.owner_key, isvc.sunset_date) == (
        "fraud-team@example.com",
        "mlgov.io/owner",
        "2027-06-30",
    )
    # the namespace's labels classify and place what does not say it itself
    assert (isvc.environment, isvc.classification) == ("production", "confidential")
    assert isvc.resolved_from["classification"] == "namespace-label:data-classification"
    assert isvc.resolved_from["environment"] == "namespace-label:environment"
    assert isvc.registry_ref is not None and (isvc.registry_ref.name, isvc.registry_ref.version) == (
        "fraud",
        "3",
    )
    assert [d.uri for d in isvc.lineage.datasets] == ["s3://data/fraud"]
    assert isvc.created_at is not None  # the server's creationTimestamp

    reco = by_id[f"k8s://{CONTEXT}/prod/SeldonDeployment/reco-sdep"]
    assert reco.classification == "internal"  # its own label wins over the namespace's
    assert reco.registry_ref is not None and reco.registry_ref.via == "modelUri"

    vllm = by_id[f"k8s://{CONTEXT}/staging/Deployment/vllm-server"]
    assert vllm.environment == "staging" and vllm.classification is None
    assert vllm.registry_ref is not None and (vllm.registry_ref.name, vllm.registry_ref.version) == (
        "support-llm",
        "7",
    )
    assert vllm.accelerator is not None and (vllm.accelerator.vendor, vllm.accelerator.count) == ("nvidia", 1)

    dev_job = by_id[f"k8s://{CONTEXT}/dev/CronJob/nightly-retrain"]
    assert (dev_job.environment, dev_job.kind, dev_job.sunset_date) == (
        "development",
        AssetKind.TRAINING_JOB,
        "2026-01-01",
    )
    assert dev_job.resolved_from["environment"] == "namespace-label:mlgov.io/environment"
    bert = by_id[f"k8s://{CONTEXT}/dev/PyTorchJob/train-bert"]
    assert bert.accelerator is not None and bert.accelerator.count == 16
    llm = by_id[f"k8s://{CONTEXT}/staging/TrainJob/train-llm"]
    assert [d.uri for d in llm.lineage.datasets] == ["hf://datasets/acme/support"]
    assert by_id[f"k8s://{CONTEXT}/prod/RayCluster/ray-gpu"].cost_center == "cc-42"
    assert by_id[f"k8s://{CONTEXT}/prod/Pod/notebook-pod"].kind is AssetKind.COMPUTE

    a100 = by_id[f"k8s://{CONTEXT}/-/Node/gpu-a100-1"]
    assert a100.kind is AssetKind.COMPUTE and a100.namespace is None
    assert a100.accelerator is not None
    assert (a100.accelerator.vendor, a100.accelerator.model, a100.accelerator.count) == (
        "nvidia",
        "NVIDIA-A100-SXM4-80GB",
        8,
    )
    assert (a100.owner, a100.cost_center) == ("infra-team", "cc-1")
    t4 = by_id[f"k8s://{CONTEXT}/-/Node/gpu-t4-1"]
    assert t4.accelerator is not None and (t4.accelerator.model, t4.accelerator.count) == ("T4", 1)
    # not assets: a CPU node, a Pod a ReplicaSet owns, a web app, a CPU-only pipeline, templates
    for absent in (
        "-/Node/cpu-1",
        "prod/Pod/vllm-server-abc12",
        "prod/Deployment/web-frontend",
        "prod/Workflow/kfp-cpu-report",
        "prod/ServerConfig/mlserver",
        "prod/TrainingRuntime/torch-rt",
        "-/ClusterTrainingRuntime/torch-distributed",
    ):
        assert f"k8s://{CONTEXT}/{absent}" not in by_id


def test_new_kinds_from_a_live_cluster(seeded: Service) -> None:
    """Issue 14's kinds, with templates from other namespaces' lists and cluster-scoped lists."""
    by_id = {a.id: a for a in collect(seeded.kubeconfig).assets}

    def get(path: str) -> Asset:
        return by_id[f"k8s://{CONTEXT}/{path}"]

    llm = get("prod/LLMInferenceService/llm-svc")
    assert (llm.kind, llm.image, llm.accelerator) == (
        AssetKind.SERVING,
        "vllm/vllm-openai:v0.8.5",
        Accelerator("nvidia", None, 2),
    )
    assert llm.resolved_from["image"] == "template:LLMInferenceServiceConfig/prod/llm-base"
    server = get("staging/Server/mlserver")
    assert (server.kind, server.image) == (
        AssetKind.COMPUTE,
        "seldonio/mlserver:1.6.1",
    )  # not the rclone sidecar
    assert get("staging/Model/churn-model").links == (
        Link("runs_on", f"k8s://{CONTEXT}/staging/Server/mlserver", "spec.server"),
    )
    assert [link.target for link in get("prod/InferenceGraph/fraud-graph").links] == [
        f"k8s://{CONTEXT}/prod/InferenceService/fraud-isvc"
    ]
    assert {link.rel for link in get("dev/Experiment/churn-ab").links} == {"routes_to"}
    assert get("dev/Experiment/tune-lr").kind is AssetKind.TRAINING_JOB  # Katib's Experiment
    on_cluster_runtime = get("dev/TrainJob/train-on-cluster-runtime")
    assert on_cluster_runtime.image == "pytorch/pytorch:2.7.1-cuda12.8"
    assert on_cluster_runtime.resolved_from["image"] == "template:ClusterTrainingRuntime/-/torch-distributed"
    assert get("dev/TrainJob/train-on-runtime").accelerator == Accelerator("nvidia", None, 2)
    assert get("prod/MPIJob/mpi-train").accelerator == Accelerator("nvidia", None, 4)
    assert get("prod/Workflow/kfp-finetune").accelerator == Accelerator("nvidia", None, 1)
    assert get("prod/RayJob/ray-train").kind is AssetKind.TRAINING_JOB
    assert get("prod/Notebook/research-nb").kind is AssetKind.NOTEBOOK
    cache = get("-/LocalModelCache/llama-cache")
    assert (cache.kind, cache.namespace, cache.artifact_uri) == (
        AssetKind.COMPUTE,
        None,
        "hf://meta-llama/Llama-3.1-8B-Instruct",
    )
    assert get("-/ClusterWorkflowTemplate/shared-finetune").accelerator == Accelerator("nvidia", None, 8)


def test_no_env_value_secret_or_configmap_reaches_the_inventory(seeded: Service, tmp_path: Path) -> None:
    faults = Faults()
    with fault_proxy(seeded.url, str(Path(seeded.extra["state"]) / "ca.crt"), faults) as url:
        inventory = collect(proxied_kubeconfig(tmp_path, url, seeded.token))
    dumped = json.dumps([a.to_policy_dict() for a in inventory.assets])
    assert SECRET_VALUE not in dumped  # env values of the Deployments and the Pod, Secret and ConfigMap data
    assert "API_PASSWORD" not in dumped
    paths = faults.paths()
    assert paths and not [p for p in paths if "secrets" in p or "configmaps" in p]
    assert all("watch" not in q for _, _, q in faults.requests)


def test_small_pages_return_everything(seeded: Service, tmp_path: Path) -> None:
    faults = Faults()
    with fault_proxy(seeded.url, str(Path(seeded.extra["state"]) / "ca.crt"), faults) as url:
        inventory = collect(proxied_kubeconfig(tmp_path, url, seeded.token), page_size=5)
    assert set(seeded_only(inventory)) == EXPECTED
    assert all(c.complete for c in inventory.coverage)
    lists = [q for _, p, q in faults.requests if q.get("limit")]
    assert lists and all(q["limit"] == ["5"] for q in lists)
    pods = [q for _, p, q in faults.requests if p == "/api/v1/pods"]
    assert len(pods) >= 2 and sum("continue" in q for q in pods) >= 1  # 6 pods in pages of 5


def test_a_410_during_a_long_list_restarts_it(seeded: Service, tmp_path: Path) -> None:
    # The proxy answers 410 to the first request carrying a continue token: the real server
    # cannot be made to expire one token on cue (see fault_proxy.py).
    faults = Faults(gone_on_continue=1)
    messages: list[str] = []
    with fault_proxy(seeded.url, str(Path(seeded.extra["state"]) / "ca.crt"), faults) as url:
        inventory = collect(proxied_kubeconfig(tmp_path, url, seeded.token), messages, page_size=5, workers=1)
    assert len(faults.answered) == 1 and faults.answered[0][1] == 410
    assert set(seeded_only(inventory)) == EXPECTED  # nothing lost, nothing twice
    assert len(inventory.assets) == len({a.id for a in inventory.assets})
    assert all(c.complete for c in inventory.coverage)
    assert any("restarted 1 time after 410 Gone" in m for m in messages)


def test_a_list_that_keeps_expiring_is_recorded_as_gone(seeded: Service, tmp_path: Path) -> None:
    faults = Faults(gone_on_continue=1000)
    with fault_proxy(seeded.url, str(Path(seeded.extra["state"]) / "ca.crt"), faults) as url:
        inventory = collect(proxied_kubeconfig(tmp_path, url, seeded.token), page_size=5, workers=2)
    failed = {c.scope: c for c in inventory.coverage if not c.complete}
    assert f"{CONTEXT}/Pod" in failed and failed[f"{CONTEXT}/Pod"].errors[0].code == "gone"
    assert "restarted 3 times" in failed[f"{CONTEXT}/Pod"].errors[0].message
    # lists that fit one page never carry a continue token: complete
    assert inventory_scope_ok(inventory, f"{CONTEXT}/Node")  # 3 Nodes


def inventory_scope_ok(inventory: Inventory, scope: str) -> bool:
    return any(c.scope == scope and c.complete for c in inventory.coverage)


def test_429_and_503_are_retried_within_the_budget(seeded: Service, tmp_path: Path) -> None:
    faults = Faults(status_for={"/api/v1/pods": [429, 503], "/apis/apps/v1/deployments": [500]})
    with fault_proxy(seeded.url, str(Path(seeded.extra["state"]) / "ca.crt"), faults) as url:
        inventory = collect(proxied_kubeconfig(tmp_path, url, seeded.token), max_attempts=3)
    assert sorted(s for _, s in faults.answered) == [429, 500, 503]
    assert all(c.complete for c in inventory.coverage)
    assert set(seeded_only(inventory)) == EXPECTED


def test_errors_past_the_retry_budget_fail_only_their_unit(seeded: Service, tmp_path: Path) -> None:
    faults = Faults(status_for={"/apis/batch/v1/jobs": [503, 503]}, delay_for={"/api/v1/nodes": 3.0})
    with fault_proxy(seeded.url, str(Path(seeded.extra["state"]) / "ca.crt"), faults) as url:
        inventory = collect(proxied_kubeconfig(tmp_path, url, seeded.token), max_attempts=2, timeout=0.5)
    failed = {c.scope: c.errors[0].code for c in inventory.coverage if not c.complete}
    assert failed == {f"{CONTEXT}/Job": "server_error", f"{CONTEXT}/Node": "timeout"}
    assert f"k8s://{CONTEXT}/prod/Deployment/vllm-server" in {a.id for a in inventory.assets}


def test_an_unreachable_cluster_is_a_failed_context(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    kubeconfig = write_kubeconfig(tmp_path / "kc", {"gone": (f"http://127.0.0.1:{port}", "t")}, ca=None)
    inventory = collect(kubeconfig, max_attempts=2, timeout=2)
    assert [(c.scope, c.status, c.errors[0].code) for c in inventory.coverage] == [
        ("gone/-", CoverageStatus.FAILED, "unreachable")
    ]


def test_namespace_selection_and_several_contexts(seeded: Service, tmp_path: Path) -> None:
    assert seeded.token is not None
    ca = str(Path(seeded.extra["state"]) / "ca.crt")
    kubeconfig = write_kubeconfig(
        tmp_path / "kc", {"east": (seeded.url, seeded.token), "west": (seeded.url, seeded.token)}, ca=ca
    )
    inventory = collect(kubeconfig, contexts=("all",), namespaces=("prod", "dev"), exclude_namespaces=())
    ids = {a.id for a in inventory.assets}
    assert {i.split("/")[2] for i in ids} == {"east", "west"}
    assert {i.split("/")[3] for i in ids} == {"prod", "dev"}  # no staging, no Nodes unless asked
    assert len(ids) == 2 * 2 * len(ASSET_NAMES)  # no cluster-scoped kinds unless asked
    assert "east/prod/Deployment" in {c.scope for c in inventory.coverage}

    only = collect(
        kubeconfig, contexts=("west",), exclude_namespaces=("prod", "staging"), kinds=("deployments", "Node")
    )
    assert {a.id for a in only.assets if a.namespace in NAMESPACES or a.namespace is None} >= {
        "k8s://west/dev/Deployment/vllm-server",
        "k8s://west/-/Node/gpu-a100-1",
    }
    assert not [a for a in only.assets if a.namespace in {"prod", "staging"}]
    assert {c.scope for c in only.coverage} == {"west/Namespace", "west/Node", "west/Deployment"}

    # a namespace scan of TrainJobs still reads the cluster's runtimes they name
    jobs = collect(kubeconfig, contexts=("east",), namespaces=("dev",), kinds=("TrainJob",))
    assert {c.scope for c in jobs.coverage} == {
        "east/Namespace",
        "east/dev/TrainJob",
        "east/dev/TrainingRuntime",
        "east/ClusterTrainingRuntime",
    }
    by_id = {a.id: a for a in jobs.assets}
    assert by_id["k8s://east/dev/TrainJob/train-on-cluster-runtime"].image == "pytorch/pytorch:2.7.1-cuda12.8"
    assert by_id["k8s://east/dev/TrainJob/train-on-runtime"].image == "acme/torch-rt:1"
