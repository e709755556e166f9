"""runs_on links: a live cluster says which node each workload's Pods run on."""

from __future__ import annotations

from typing import Any

from scanner.collectors.kubernetes.collector import KubernetesCollector
from scanner.collectors.kubernetes.settings import KubernetesSettings
from scanner.normalize.k8s_placement import Placement, placement
from tests.collectors.kubernetes.cluster import Kube
from tests.collectors.kubernetes.conftest import CONTEXT
from tests.services.processes import Service

NS = "placement"
GPU = {"limits": {"nvidia.com/gpu": "1"}}


def pod(
    name: str, node: str | None, owner: dict[str, Any] | None = None, labels: dict[str, str] | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": NS, "labels": labels or {}}
    if owner:
        meta["ownerReferences"] = [{"controller": True, **owner}]
    spec: dict[str, Any] = {
        "containers": [{"name": "c", "image": "vllm/vllm-openai:v0.6.3", "resources": GPU}]
    }
    if node:
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def test_the_controller_of_a_pod_is_its_workload() -> None:
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "serve-5d8f7", "uid": "u1"}
    assert placement(pod("serve-5d8f7-x", "n1", rs, {"pod-template-hash": "5d8f7"})) == Placement(
        NS, "Deployment", "serve", "n1", "serve-5d8f7-x"
    )
    sts = {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db", "uid": "u2"}
    assert placement(pod("db-0", "n2", sts)) == Placement(NS, "StatefulSet", "db", "n2", "db-0")
    assert placement(pod("lonely", "n3")) == Placement(NS, "Pod", "lonely", "n3", "lonely")
    assert placement(pod("pending", None, sts)) is None  # not scheduled: no node to link


def test_a_deployment_is_linked_to_the_gpu_node_its_pods_run_on(seeded: Service) -> None:
    kube = Kube(seeded)
    kube.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}})
    template = {"metadata": {"labels": {"app": "serve"}}, "spec": pod("x", None)["spec"]}
    deployment = kube.create({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "serve", "namespace": NS},
        "spec": {"selector": {"matchLabels": {"app": "serve"}}, "template": template},
    })  # fmt: skip
    # no controller-manager or kubelet runs here: the ReplicaSet's Pod is created already bound
    owner = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "name": "serve-5d8f7",
        "uid": deployment["metadata"]["uid"],
    }
    kube.create(pod("serve-5d8f7-abcde", "gpu-a100-1", owner, {"app": "serve", "pod-template-hash": "5d8f7"}))
    kube.create(pod("loose", "gpu-t4-1"))
    inventory = KubernetesCollector(KubernetesSettings(kubeconfig=str(seeded.kubeconfig))).collect()
    by_id = {a.id: a for a in inventory.assets}
    serve = by_id[f"k8s://{CONTEXT}/{NS}/Deployment/serve"]
    assert [(link.rel, link.target) for link in serve.links] == [
        ("runs_on", f"k8s://{CONTEXT}/-/Node/gpu-a100-1")
    ]
    assert serve.links[0].via == "pod serve-5d8f7-abcde spec.nodeName"
    loose = by_id[f"k8s://{CONTEXT}/{NS}/Pod/loose"]
    assert [link.target for link in loose.links] == [f"k8s://{CONTEXT}/-/Node/gpu-t4-1"]
