"""The kinds the live collector lists, declared as data: the plan, the ClusterRole and the docs
all derive from this table.

The same kinds the manifest reader turns into assets (scanner.normalize.kubernetes), plus Nodes
(GPU capacity -> compute assets) and Namespaces (their labels feed environment and
classification). Secrets and ConfigMaps are never listed: NEVER_READ is checked against the
table when it is built, so adding one by mistake fails at import, not in production.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.model import UsageError
from scanner.normalize.kubernetes import ML_KINDS


@dataclass(frozen=True)
class KindSpec:
    kind: str
    group: str  # "" for the core API
    resource: str  # the plural in the URL and in RBAC rules
    namespaced: bool = True


# ML custom resources: plural of each (group, kind) in ML_KINDS.
_ML_PLURALS: dict[tuple[str, str], str] = {
    ("serving.kserve.io", "InferenceService"): "inferenceservices",
    ("mlops.seldon.io", "Model"): "models",
    ("machinelearning.seldon.io", "SeldonDeployment"): "seldondeployments",
    ("ray.io", "RayService"): "rayservices",
    ("ray.io", "RayCluster"): "rayclusters",
    ("kubeflow.org", "PyTorchJob"): "pytorchjobs",
    ("kubeflow.org", "TFJob"): "tfjobs",
    ("trainer.kubeflow.org", "TrainJob"): "trainjobs",
}

NAMESPACE = KindSpec("Namespace", "", "namespaces", namespaced=False)
NODE = KindSpec("Node", "", "nodes", namespaced=False)

KINDS: tuple[KindSpec, ...] = (
    NAMESPACE,
    NODE,
    KindSpec("Pod", "", "pods"),
    KindSpec("Deployment", "apps", "deployments"),
    KindSpec("StatefulSet", "apps", "statefulsets"),
    KindSpec("DaemonSet", "apps", "daemonsets"),
    KindSpec("Job", "batch", "jobs"),
    KindSpec("CronJob", "batch", "cronjobs"),
    *(KindSpec(kind, group, _ML_PLURALS[(group, kind)]) for group, kind in ML_KINDS),
)

NEVER_READ = frozenset({("", "secrets"), ("", "configmaps")})
if any((k.group, k.resource) in NEVER_READ for k in KINDS):  # pragma: no cover - a guard on the table
    raise AssertionError("the Kubernetes kind table must never list Secrets or ConfigMaps")


def select_kinds(names: tuple[str, ...]) -> tuple[KindSpec, ...]:
    """``--kind`` values (kind names or plurals, any case) -> specs, in table order.

    Namespaces are always read: their labels decide the environment of everything in them.
    """
    if not names:
        return KINDS
    wanted: set[KindSpec] = {NAMESPACE}
    for name in names:
        text = name.strip().lower()
        found = [k for k in KINDS if text in {k.kind.lower(), k.resource, f"{k.resource}.{k.group}"}]
        if not found:
            raise UsageError(
                f"unknown Kubernetes kind {name!r}",
                hint=f"choose from {', '.join(k.kind for k in KINDS)}",
            )
        wanted.update(found)
    return tuple(k for k in KINDS if k in wanted)
