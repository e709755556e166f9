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
from scanner.normalize.k8s_kinds import CUSTOM_KINDS
from scanner.normalize.k8s_refs import TEMPLATES_OF


@dataclass(frozen=True)
class KindSpec:
    kind: str
    group: str  # "" for the core API
    resource: str  # the plural in the URL and in RBAC rules
    namespaced: bool = True
    qualified: bool = False  # another group has a kind of the same name (Seldon's and Katib's Experiment)

    @property
    def label(self) -> str:
        """The kind's name in coverage scopes and messages: ``Experiment.kubeflow.org`` when the
        name alone is ambiguous."""
        return f"{self.kind}.{self.group}" if self.qualified else self.kind


# Plural of each custom resource the normalizer reads (scanner/normalize/k8s_kinds.py): the ML
# kinds, and the templates they take fields from (TrainingRuntimes, ServerConfigs, ...).
_PLURALS: dict[tuple[str, str], str] = {
    ("serving.kserve.io", "InferenceService"): "inferenceservices",
    ("serving.kserve.io", "LLMInferenceService"): "llminferenceservices",
    ("serving.kserve.io", "InferenceGraph"): "inferencegraphs",
    ("serving.kserve.io", "TrainedModel"): "trainedmodels",
    ("serving.kserve.io", "LocalModelCache"): "localmodelcaches",
    ("serving.kserve.io", "LocalModelNamespaceCache"): "localmodelnamespacecaches",
    ("serving.kserve.io", "LLMInferenceServiceConfig"): "llminferenceserviceconfigs",
    ("mlops.seldon.io", "Model"): "models",
    ("mlops.seldon.io", "Server"): "servers",
    ("mlops.seldon.io", "Pipeline"): "pipelines",
    ("mlops.seldon.io", "Experiment"): "experiments",
    ("mlops.seldon.io", "ServerConfig"): "serverconfigs",
    ("machinelearning.seldon.io", "SeldonDeployment"): "seldondeployments",
    ("ray.io", "RayService"): "rayservices",
    ("ray.io", "RayCluster"): "rayclusters",
    ("ray.io", "RayJob"): "rayjobs",
    ("ray.io", "RayCronJob"): "raycronjobs",
    ("kubeflow.org", "PyTorchJob"): "pytorchjobs",
    ("kubeflow.org", "TFJob"): "tfjobs",
    ("kubeflow.org", "MPIJob"): "mpijobs",
    ("kubeflow.org", "XGBoostJob"): "xgboostjobs",
    ("kubeflow.org", "PaddleJob"): "paddlejobs",
    ("kubeflow.org", "JAXJob"): "jaxjobs",
    ("kubeflow.org", "Notebook"): "notebooks",
    ("kubeflow.org", "Experiment"): "experiments",
    ("trainer.kubeflow.org", "TrainJob"): "trainjobs",
    ("trainer.kubeflow.org", "TrainingRuntime"): "trainingruntimes",
    ("trainer.kubeflow.org", "ClusterTrainingRuntime"): "clustertrainingruntimes",
    ("argoproj.io", "Workflow"): "workflows",
    ("argoproj.io", "CronWorkflow"): "cronworkflows",
    ("argoproj.io", "WorkflowTemplate"): "workflowtemplates",
    ("argoproj.io", "ClusterWorkflowTemplate"): "clusterworkflowtemplates",
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
    *(
        KindSpec(
            kind,
            group,
            _PLURALS[(group, kind)],
            namespaced=not crd.cluster_scoped,
            qualified=sum(k == kind for _, k in CUSTOM_KINDS) > 1,
        )
        for (group, kind), crd in CUSTOM_KINDS.items()
    ),
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
    names_of = {k: {k.kind.lower(), k.label.lower(), k.resource, f"{k.resource}.{k.group}"} for k in KINDS}
    for name in names:
        text = name.strip().lower()
        found = [k for k in KINDS if text in names_of[k]]
        if not found:
            raise UsageError(
                f"unknown Kubernetes kind {name!r}",
                hint=f"choose from {', '.join(k.label for k in KINDS)}",
            )
        wanted.update(found)
    # the templates a selected kind takes fields from (a TrainJob's runtimes) come with it
    supporting = {t for k in wanted for t in TEMPLATES_OF.get(k.kind, ())}
    wanted.update(k for k in KINDS if k.kind in supporting)
    return tuple(k for k in KINDS if k in wanted)
