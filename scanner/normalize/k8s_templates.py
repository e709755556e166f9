"""Where each kind keeps its pod templates, and which container it designates as its own.

One extractor per kind, looked up in a table: ``pod_templates(kind, obj)`` returns every pod
template (or pod-like spec) the object declares, leader first (Master/Chief/Launcher, the Ray
head), so that an asset's image comes from the leader. Field paths follow the CRDs as their
projects publish them (KServe config/crd, KubeRay ray-operator/config/crd, Kubeflow trainer and
training-operator manifests, Seldon Core 2 operator/config/crd, Argo Workflows).
"""

from __future__ import annotations

from collections.abc import Callable

from scanner.normalize.access import Obj, get_list, get_map, get_str, maps
from scanner.normalize.k8s_argo import argo_templates
from scanner.normalize.k8s_pods import PodTemplate, bare_pod_spec, pod_template, synthetic

Extractor = Callable[[Obj], list[PodTemplate]]


def _present(*found: PodTemplate | None) -> list[PodTemplate]:
    return [t for t in found if t is not None]


def _spec_template(obj: Obj) -> list[PodTemplate]:
    return _present(pod_template(get_map(obj, "spec", "template")))


def _replicas(field: str, order: tuple[str, ...]) -> Extractor:
    """Kubeflow ``*ReplicaSpecs``: the conventional leader role first, then the rest."""

    def extract(obj: Obj) -> list[PodTemplate]:
        specs = get_map(obj, "spec", field)
        if specs is None:
            return []
        roles = [r for r in order if r in specs] + [r for r in specs if r not in order]
        return _present(*(pod_template(get_map(specs, role, "template")) for role in roles))

    return extract


def _ray_cluster(cluster_spec: Obj | None) -> list[PodTemplate]:
    head = pod_template(get_map(cluster_spec, "headGroupSpec", "template"))
    workers = [pod_template(get_map(g, "template")) for g in maps(get_list(cluster_spec, "workerGroupSpecs"))]
    return _present(head, *workers)


def _ray_service(obj: Obj) -> list[PodTemplate]:
    spec = get_map(obj, "spec")
    return _ray_cluster(get_map(spec, "rayClusterConfig") or get_map(spec, "rayClusterSpec"))


def kserve_components(predictor: Obj | None) -> list[Obj]:
    """The predictor's framework/model components (``model``, ``sklearn``, ``triton``...)."""
    if predictor is None:
        return []
    return [v for k, v in predictor.items() if isinstance(v, dict) and k not in _KSERVE_NOT_COMPONENTS]


_KSERVE_NOT_COMPONENTS = frozenset(
    {"nodeSelector", "affinity", "tolerations", "securityContext", "resources", "logger", "batcher"}
)


def _inference_service(obj: Obj) -> list[PodTemplate]:
    predictor = get_map(obj, "spec", "predictor")
    if predictor is None:
        return []
    return [synthetic(maps(get_list(predictor, "containers")) + kserve_components(predictor), predictor)]


def _llm_inference_service(obj: Obj) -> list[PodTemplate]:
    """``spec.template`` (the main pod), ``spec.worker`` (multi-node), and the same under
    ``spec.prefill`` for disaggregated prefill/decode: all pod specs without metadata."""
    spec = get_map(obj, "spec")
    prefill = get_map(spec, "prefill")
    return _present(
        *(bare_pod_spec(get_map(part, key)) for part in (spec, prefill) for key in ("template", "worker"))
    )


def _seldon_deployment(obj: Obj) -> list[PodTemplate]:
    return _present(
        *(
            pod_template(component)
            for predictor in maps(get_list(obj, "spec", "predictors"))
            for component in maps(get_list(predictor, "componentSpecs"))
        )
    )


def _train_job(obj: Obj) -> list[PodTemplate]:
    trainer = get_map(obj, "spec", "trainer")
    if trainer is None:
        return []
    container = {"image": trainer.get("image"), "resources": get_map(trainer, "resourcesPerNode") or {}}
    return [synthetic([container])]


_TRAINER_STEP = "trainer.kubeflow.org/trainjob-ancestor-step"


def _training_runtime(obj: Obj) -> list[PodTemplate]:
    """The trainer step of a (Cluster)TrainingRuntime's JobSet: the replicated job labelled as the
    trainer ancestor step, else the one named ``node``. Dataset and model initializers are
    download jobs, not the training."""
    jobs = maps(get_list(obj, "spec", "template", "spec", "replicatedJobs"))
    labelled = [j for j in jobs if get_str(j, "template", "metadata", "labels", _TRAINER_STEP) == "trainer"]
    trainer = labelled or [j for j in jobs if get_str(j, "name") == "node"]
    return _present(*(pod_template(get_map(j, "template", "spec", "template")) for j in trainer))


def _katib_experiment(obj: Obj) -> list[PodTemplate]:
    """A Katib Experiment's trial template embeds a whole object (a Job, a PyTorchJob...)."""
    trial = get_map(obj, "spec", "trialTemplate", "trialSpec")
    kind = get_str(trial, "kind")
    if trial is None or kind is None or kind == "Experiment":
        return []
    return pod_templates(kind, trial)


def _seldon_server(obj: Obj) -> list[PodTemplate]:
    return _present(bare_pod_spec(get_map(obj, "spec", "podSpec")))


_EXTRACTORS: dict[str, Extractor] = {
    "Pod": lambda obj: [PodTemplate({}, {}, get_map(obj, "spec"))],
    "Deployment": _spec_template,
    "StatefulSet": _spec_template,
    "DaemonSet": _spec_template,
    "Job": _spec_template,
    "ReplicaSet": _spec_template,
    "CronJob": lambda obj: _present(pod_template(get_map(obj, "spec", "jobTemplate", "spec", "template"))),
    "PyTorchJob": _replicas("pytorchReplicaSpecs", ("Master", "Worker")),
    "TFJob": _replicas("tfReplicaSpecs", ("Chief", "Master", "Worker", "PS")),
    "MPIJob": _replicas("mpiReplicaSpecs", ("Launcher", "Worker")),
    "XGBoostJob": _replicas("xgbReplicaSpecs", ("Master", "Worker")),
    "PaddleJob": _replicas("paddleReplicaSpecs", ("Master", "Worker")),
    "JAXJob": _replicas("jaxReplicaSpecs", ("Worker",)),
    "TrainJob": _train_job,
    "TrainingRuntime": _training_runtime,
    "ClusterTrainingRuntime": _training_runtime,
    "Notebook": _spec_template,
    "Experiment": _katib_experiment,  # a Seldon Experiment has no trial template: nothing
    "RayCluster": lambda obj: _ray_cluster(get_map(obj, "spec")),
    "RayService": _ray_service,
    "RayJob": lambda obj: _ray_cluster(get_map(obj, "spec", "rayClusterSpec")),
    "RayCronJob": lambda obj: _ray_cluster(get_map(obj, "spec", "jobTemplate", "rayClusterSpec")),
    "InferenceService": _inference_service,
    "LLMInferenceService": _llm_inference_service,
    "LLMInferenceServiceConfig": _llm_inference_service,
    "SeldonDeployment": _seldon_deployment,
    "Server": _seldon_server,
    "ServerConfig": _seldon_server,
    "Workflow": lambda obj: argo_templates(get_map(obj, "spec")),
    "WorkflowTemplate": lambda obj: argo_templates(get_map(obj, "spec")),
    "ClusterWorkflowTemplate": lambda obj: argo_templates(get_map(obj, "spec")),
    "CronWorkflow": lambda obj: argo_templates(get_map(obj, "spec", "workflowSpec")),
}

# The container each kind's controller treats as the main one, by name.
_DESIGNATED: dict[str, frozenset[str]] = {
    "InferenceService": frozenset({"kserve-container"}),
    "LLMInferenceService": frozenset({"main"}),
    "LLMInferenceServiceConfig": frozenset({"main"}),
    "PyTorchJob": frozenset({"pytorch"}),
    "TFJob": frozenset({"tensorflow"}),
    "XGBoostJob": frozenset({"xgboost"}),
    "PaddleJob": frozenset({"paddle"}),
    "JAXJob": frozenset({"jax"}),
    "TrainingRuntime": frozenset({"node"}),
    "ClusterTrainingRuntime": frozenset({"node"}),
    "RayCluster": frozenset({"ray-head"}),
}


def pod_templates(kind: str, obj: Obj) -> list[PodTemplate]:
    """Every pod template (or pod-like spec) the object declares, leader first."""
    extract = _EXTRACTORS.get(kind)
    return extract(obj) if extract is not None else []


def designated_containers(kind: str, obj: Obj) -> frozenset[str]:
    """Container names the kind marks as the main one (a Katib trial names its own)."""
    if kind == "Experiment":
        primary = get_str(obj, "spec", "trialTemplate", "primaryContainerName")
        trial_kind = get_str(obj, "spec", "trialTemplate", "trialSpec", "kind") or "Experiment"
        inner = _DESIGNATED.get(trial_kind, frozenset())
        return inner | ({primary} if primary else frozenset())
    return _DESIGNATED.get(kind, frozenset())
