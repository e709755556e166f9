"""Which Kubernetes kinds mlgov reads, as data: custom resources (matched on API group and kind),
plain workloads, and the cluster-scoped kinds. docs/assets.md has the same table in words; the
live collector's kind table (scanner/collectors/kubernetes/kinds.py) derives from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanner.model import AssetKind

K = AssetKind


@dataclass(frozen=True)
class CrdKind:
    """How a custom resource is read.

    ``asset_kind`` None: never an asset itself; the assets that reference it take the image and
    accelerators they do not declare from it (a TrainJob from its runtime). ``conditional``: an
    asset only with the ML signal a plain workload needs (Argo Workflows run any kind of batch
    work, ML or not). Otherwise the kind speaks for itself: always an asset.
    """

    asset_kind: AssetKind | None
    cluster_scoped: bool = False
    conditional: bool = False


CUSTOM_KINDS: dict[tuple[str, str], CrdKind] = {
    # KServe
    ("serving.kserve.io", "InferenceService"): CrdKind(K.SERVING),
    ("serving.kserve.io", "LLMInferenceService"): CrdKind(K.SERVING),
    ("serving.kserve.io", "InferenceGraph"): CrdKind(K.SERVING),  # a router: see k8s_refs
    ("serving.kserve.io", "TrainedModel"): CrdKind(K.SERVING),
    ("serving.kserve.io", "LocalModelCache"): CrdKind(K.COMPUTE, cluster_scoped=True),
    ("serving.kserve.io", "LocalModelNamespaceCache"): CrdKind(K.COMPUTE),
    ("serving.kserve.io", "LLMInferenceServiceConfig"): CrdKind(None),
    # Seldon Core 2 and 1
    ("mlops.seldon.io", "Model"): CrdKind(K.SERVING),
    ("mlops.seldon.io", "Server"): CrdKind(K.COMPUTE),
    ("mlops.seldon.io", "Pipeline"): CrdKind(K.SERVING),  # a router
    ("mlops.seldon.io", "Experiment"): CrdKind(K.SERVING),  # a router
    ("mlops.seldon.io", "ServerConfig"): CrdKind(None),
    ("machinelearning.seldon.io", "SeldonDeployment"): CrdKind(K.SERVING),
    # KubeRay
    ("ray.io", "RayService"): CrdKind(K.SERVING),
    ("ray.io", "RayCluster"): CrdKind(K.COMPUTE),
    ("ray.io", "RayJob"): CrdKind(K.TRAINING_JOB),
    ("ray.io", "RayCronJob"): CrdKind(K.TRAINING_JOB),
    # Kubeflow: training operator v1 jobs, MPI operator, Notebooks, Katib, Trainer v2
    ("kubeflow.org", "PyTorchJob"): CrdKind(K.TRAINING_JOB),
    ("kubeflow.org", "TFJob"): CrdKind(K.TRAINING_JOB),
    ("kubeflow.org", "MPIJob"): CrdKind(K.TRAINING_JOB),
    ("kubeflow.org", "XGBoostJob"): CrdKind(K.TRAINING_JOB),
    ("kubeflow.org", "PaddleJob"): CrdKind(K.TRAINING_JOB),
    ("kubeflow.org", "JAXJob"): CrdKind(K.TRAINING_JOB),
    ("kubeflow.org", "Notebook"): CrdKind(K.NOTEBOOK),
    ("kubeflow.org", "Experiment"): CrdKind(K.TRAINING_JOB),  # Katib hyperparameter tuning
    ("trainer.kubeflow.org", "TrainJob"): CrdKind(K.TRAINING_JOB),
    ("trainer.kubeflow.org", "TrainingRuntime"): CrdKind(None),
    ("trainer.kubeflow.org", "ClusterTrainingRuntime"): CrdKind(None, cluster_scoped=True),
    # Argo Workflows (Kubeflow Pipelines compile to them)
    ("argoproj.io", "Workflow"): CrdKind(K.TRAINING_JOB, conditional=True),
    ("argoproj.io", "CronWorkflow"): CrdKind(K.TRAINING_JOB, conditional=True),
    ("argoproj.io", "WorkflowTemplate"): CrdKind(K.TRAINING_JOB, conditional=True),
    ("argoproj.io", "ClusterWorkflowTemplate"): CrdKind(
        K.TRAINING_JOB, cluster_scoped=True, conditional=True
    ),
}

# (API group, kind) -> asset kind of every custom resource that can be an asset.
ML_KINDS: dict[tuple[str, str], AssetKind] = {
    key: crd.asset_kind for key, crd in CUSTOM_KINDS.items() if crd.asset_kind is not None
}
# Custom resources that are never assets but give fields to the assets that reference them.
TEMPLATE_KINDS = frozenset(key for key, crd in CUSTOM_KINDS.items() if crd.asset_kind is None)

# Plain workloads: assets only when they show an ML signal (see docs/assets.md).
WORKLOADS: dict[str, frozenset[str]] = {
    "Deployment": frozenset({"apps", "extensions"}),
    "StatefulSet": frozenset({"apps"}),
    "DaemonSet": frozenset({"apps", "extensions"}),
    "Job": frozenset({"batch"}),
    "CronJob": frozenset({"batch"}),
    "Pod": frozenset({""}),
}

# Core kinds read for what they say about other assets: a Node's accelerators, a Namespace's labels.
NODE = "Node"
NAMESPACE = "Namespace"

CLUSTER_SCOPED = frozenset(
    {NODE, NAMESPACE, "PersistentVolume", "ClusterRole", "StorageClass"}
    | {kind for (_, kind), crd in CUSTOM_KINDS.items() if crd.cluster_scoped}
)

# Kind names too common to match without their API group (other projects define them too).
_GENERIC = frozenset({"Model", "Server", "Pipeline", "Experiment", "Notebook", "Workflow"})

# A workload created by one of these controllers is represented by its owner, not by itself
# (the Deployment KServe creates for an InferenceService, a TrainJob's JobSet and Jobs, the
# RayCluster of a RayJob, the Workflows of a CronWorkflow, a Katib Trial's Jobs...). A Workflow
# is not in the list: it is an asset only when it requests accelerators, and a Deployment a
# pipeline step creates must not vanish with a CPU-only Workflow.
OWNERS_THAT_ARE_REPRESENTED = frozenset(
    {kind for (_, kind), crd in CUSTOM_KINDS.items() if crd.asset_kind is not None and not crd.conditional}
    | set(WORKLOADS)
    | {"ReplicaSet", "JobSet", "Trial", "CronWorkflow"}
)


# Every kind a manifest document can contribute anything through (an asset, a template, namespace
# labels), derived from the tables above; ``*List`` kinds carry objects. A document of any other
# kind is never parsed (scanner/collectors/kind_filter.py).
READ_KINDS = frozenset({kind for _, kind in CUSTOM_KINDS} | set(WORKLOADS) | {NODE, NAMESPACE})


def is_list_kind(kind: str) -> bool:
    """``List``, ``DeploymentList``...: a ``kubectl get -o yaml`` listing whose items are objects."""
    return kind.endswith("List")


def is_read_kind(kind: str) -> bool:
    return kind in READ_KINDS or is_list_kind(kind)


def api_group(api_version: Any) -> str | None:
    """``apps/v1`` -> ``apps``; ``v1`` -> ``""``; absent -> None (unknown group)."""
    if not isinstance(api_version, str) or not api_version.strip():
        return None
    group, _, _ = api_version.strip().rpartition("/")
    return group


def classify_kind(api_version: Any, kind: str) -> tuple[CrdKind | None, bool]:
    """(how a custom resource is read, or None; whether it is a plain workload we inspect).

    A manifest without apiVersion is matched on kind alone, except the generic kind names.
    """
    group = api_group(api_version)
    if group is not None:
        found = CUSTOM_KINDS.get((group, kind))
    elif kind in _GENERIC:
        found = None
    else:
        found = next((crd for (_, crd_kind), crd in CUSTOM_KINDS.items() if crd_kind == kind), None)
    if found is not None:
        return found, False
    groups = WORKLOADS.get(kind)
    return None, groups is not None and (group is None or group in groups)
