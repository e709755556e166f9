"""Each custom resource family read at its real field paths: asset kind, image, accelerators and
model artifact, from manifests in the shape the projects publish (KServe config/crd and
docs/samples, KubeRay ray-operator/config/samples, Kubeflow trainer and training-operator,
Seldon Core 2 samples, Kubeflow manifests for Notebook and Katib)."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
import yaml

from scanner.model import Accelerator, AssetKind, RegistryRef
from scanner.normalize.kubernetes import normalize_k8s_object
from scanner.normalize.resolve import ResolverConfig

CONFIG = ResolverConfig()


def read(text: str) -> Any:
    return normalize_k8s_object(yaml.safe_load(text), cluster="-", location=None, resolver=CONFIG)


def gpus(count: int, indent: int) -> str:
    pad = " " * indent
    return f"{pad}resources:\n{pad}  limits:\n{pad}    nvidia.com/gpu: '{count}'"


def test_llm_inference_service_sums_template_worker_and_prefill() -> None:
    asset = read(f"""\
apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata: {{name: deepseek-r1, namespace: llm}}
spec:
  model: {{uri: "hf://deepseek-ai/DeepSeek-R1", name: deepseek-ai/DeepSeek-R1}}
  parallelism: {{tensor: 8}}
  template:
    containers:
      - name: main
        image: ghcr.io/llm-d/llm-d-cuda:v0.9.0
{gpus(8, 8)}
  worker:
    containers:
      - name: main
{gpus(8, 8)}
  prefill:
    template:
      containers:
        - name: main
{gpus(4, 10)}
""")
    assert (asset.id, asset.kind) == ("k8s://-/llm/LLMInferenceService/deepseek-r1", AssetKind.SERVING)
    assert asset.accelerator == Accelerator("nvidia", None, 20)
    assert asset.image == "ghcr.io/llm-d/llm-d-cuda:v0.9.0"
    assert asset.artifact_uri == "hf://deepseek-ai/DeepSeek-R1"
    # a Hugging Face URI is a registry link into the Hub (judged by MLG012 once the Hub is scanned)
    assert asset.registry_ref is not None
    assert (asset.registry_ref.name, asset.registry_ref.version) == ("deepseek-ai/DeepSeek-R1", None)
    assert asset.registry_ref.via == "spec.model.uri"


def test_llm_inference_service_with_a_registry_uri_and_no_image() -> None:
    asset = read("""\
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: {name: opt}
spec:
  model: {uri: "models:/opt-125m/3"}
  template: {containers: [{name: main, resources: {limits: {cpu: "2"}}}]}
""")
    assert asset.image is None and asset.accelerator is None
    assert asset.registry_ref == RegistryRef("opt-125m", "3", "models:/opt-125m/3", "spec.model.uri")


def test_trained_model_and_local_model_cache() -> None:
    trained = read("""\
apiVersion: serving.kserve.io/v1alpha1
kind: TrainedModel
metadata: {name: model1-sklearn, namespace: models}
spec:
  inferenceService: sklearn-iris-example
  model: {framework: sklearn, storageUri: "gs://kfserving-examples/models/sklearn/1.0/model", memory: 256Mi}
""")
    assert (trained.kind, trained.artifact_uri) == (
        AssetKind.SERVING,
        "gs://kfserving-examples/models/sklearn/1.0/model",
    )
    cache = read("""\
apiVersion: serving.kserve.io/v1alpha1
kind: LocalModelCache
metadata: {name: meta-llama3-8b-instruct, namespace: ignored-cluster-scoped}
spec:
  sourceModelUri: "hf://meta-llama/meta-llama-3-8b-instruct"
  modelSize: 10Gi
  nodeGroups: [gpu1]
""")
    assert cache.id == "k8s://-/-/LocalModelCache/meta-llama3-8b-instruct"
    assert (cache.kind, cache.namespace) == (AssetKind.COMPUTE, None)
    assert cache.artifact_uri == "hf://meta-llama/meta-llama-3-8b-instruct"


@pytest.mark.parametrize(
    ("api", "kind", "field", "roles", "gpus_total", "image"),
    [
        ("kubeflow.org/v1", "MPIJob", "mpiReplicaSpecs", ("Launcher", "Worker"), 2, "acme/horovod:0"),
        (
            "kubeflow.org/v2beta1",
            "MPIJob",
            "mpiReplicaSpecs",
            ("Launcher", "Worker"),
            2,
            "acme/horovod:0",
        ),
        ("kubeflow.org/v1", "XGBoostJob", "xgbReplicaSpecs", ("Worker", "Master"), 2, "acme/xgb:1"),
        ("kubeflow.org/v1", "PaddleJob", "paddleReplicaSpecs", ("Worker", "Master"), 2, "acme/paddle:1"),
        ("kubeflow.org/v1", "JAXJob", "jaxReplicaSpecs", ("Worker",), 1, "acme/jax:0"),
    ],
)
def test_kubeflow_v1_jobs(
    api: str, kind: str, field: str, roles: tuple[str, ...], gpus_total: int, image: str
) -> None:
    """Leader role first for the image (Launcher, Master); one replica of each role counted."""
    specs: dict[str, Any] = {}
    for index, role in enumerate(roles):
        leader = role in {"Launcher", "Master"} or len(roles) == 1
        container: dict[str, Any] = {"name": kind.lower(), "image": image if leader else f"{image}-{index}"}
        container["resources"] = {"limits": {"nvidia.com/gpu": 1}}
        specs[role] = {"replicas": 4, "template": {"spec": {"containers": [container]}}}
    obj = {
        "apiVersion": api,
        "kind": kind,
        "metadata": {"name": "j", "namespace": "t"},
        "spec": {field: specs},
    }
    asset = normalize_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)
    assert asset is not None and asset.kind is AssetKind.TRAINING_JOB
    assert asset.accelerator == Accelerator("nvidia", None, gpus_total)
    assert asset.image == image


RAY_CLUSTER_SPEC = f"""\
rayClusterSpec:
  headGroupSpec:
    template:
      spec:
        containers: [{{name: ray-head, image: "rayproject/ray:2.52.0"}}]
  workerGroupSpecs:
    - groupName: gpu
      template:
        spec:
          containers:
            - name: ray-worker
              image: rayproject/ray:2.52.0-gpu
{gpus(1, 14)}
"""


def test_ray_job_and_cron_job_read_their_cluster_spec() -> None:
    job = read(f"""\
apiVersion: ray.io/v1
kind: RayJob
metadata: {{name: rayjob-sample}}
spec:
  entrypoint: python /home/ray/samples/sample_code.py
{textwrap.indent(RAY_CLUSTER_SPEC, "  ")}
""")
    assert (job.kind, job.image, job.accelerator) == (
        AssetKind.TRAINING_JOB,
        "rayproject/ray:2.52.0",
        Accelerator("nvidia", None, 1),
    )
    cron = read(f"""\
apiVersion: ray.io/v1
kind: RayCronJob
metadata: {{name: nightly}}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    entrypoint: python train.py
{textwrap.indent(RAY_CLUSTER_SPEC, "    ")}
""")
    assert (cron.kind, cron.accelerator) == (AssetKind.TRAINING_JOB, Accelerator("nvidia", None, 1))
    existing = read("""\
apiVersion: ray.io/v1
kind: RayJob
metadata: {name: on-existing-cluster}
spec: {entrypoint: python x.py, clusterSelector: {ray.io/cluster: raycluster-kuberay}}
""")
    assert existing.kind is AssetKind.TRAINING_JOB and existing.accelerator is None


def test_notebook_and_katib_experiment() -> None:
    notebook = read("""\
apiVersion: kubeflow.org/v1
kind: Notebook
metadata: {name: test, namespace: kubeflow-user-example-com}
spec:
  template:
    spec:
      containers:
        - name: test
          image: ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-pytorch-cuda-full:v1.10.0
          resources: {limits: {nvidia.com/gpu: 1}}
""")
    assert (notebook.kind, notebook.accelerator) == (AssetKind.NOTEBOOK, Accelerator("nvidia", None, 1))
    experiment = read("""\
apiVersion: kubeflow.org/v1beta1
kind: Experiment
metadata: {name: pytorchjob-mnist, namespace: kubeflow}
spec:
  objective: {type: minimize, objectiveMetricName: loss}
  algorithm: {algorithmName: random}
  trialTemplate:
    primaryContainerName: pytorch
    trialSpec:
      apiVersion: kubeflow.org/v1
      kind: PyTorchJob
      spec:
        pytorchReplicaSpecs:
          Master:
            template:
              spec:
                containers:
                  - {name: istio-proxy, image: "istio/proxyv2:1.22"}
                  - {name: pytorch, image: "docker.io/kubeflowkatib/pytorch-mnist-cpu:v0.19.0"}
          Worker:
            template:
              spec:
                containers:
                  - name: pytorch
                    image: docker.io/kubeflowkatib/pytorch-mnist-cpu:v0.19.0
                    resources: {limits: {nvidia.com/gpu: 2}}
""")
    assert experiment.id == "k8s://-/kubeflow/Experiment/pytorchjob-mnist"
    assert experiment.kind is AssetKind.TRAINING_JOB
    assert experiment.image == "docker.io/kubeflowkatib/pytorch-mnist-cpu:v0.19.0"
    assert experiment.accelerator == Accelerator("nvidia", None, 2)


def test_seldon_v2_server_model_pipeline_experiment() -> None:
    server = read("""\
apiVersion: mlops.seldon.io/v1alpha1
kind: Server
metadata: {name: triton-gpu, namespace: seldon-mesh}
spec:
  serverConfig: triton
  podSpec:
    containers:
      - name: triton
        resources: {limits: {nvidia.com/gpu: 1}}
""")
    assert (server.kind, server.accelerator, server.image) == (
        AssetKind.COMPUTE,
        Accelerator("nvidia", None, 1),
        None,  # the image is in the ServerConfig: see test_k8s_refs
    )
    model = read("""\
apiVersion: mlops.seldon.io/v1alpha1
kind: Model
metadata: {name: iris, namespace: seldon-mesh}
spec: {storageUri: "gs://seldon-models/scv2/samples/mlserver_1.6.0/iris-sklearn", requirements: [sklearn]}
""")
    assert model.kind is AssetKind.SERVING and model.links == ()
    assert (
        read("""\
apiVersion: mlops.seldon.io/v1alpha1
kind: Pipeline
metadata: {name: iris-pipeline}
spec: {steps: [{name: iris}], output: {steps: [iris]}}
""").kind
        is AssetKind.SERVING
    )


def test_seldon_v2_server_statefulset_reports_mlserver_not_its_rclone_sidecar() -> None:
    """scheduler/k8s/mlserver in seldon-core: containers rclone, agent, mlserver in that order."""
    asset = read("""\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: mlserver, namespace: seldon}
spec:
  serviceName: mlserver
  template:
    spec:
      containers:
        - {name: rclone, image: "rclone:latest"}
        - {name: agent, image: "agent:latest"}
        - {name: mlserver, image: "seldonio/mlserver:1.6.1"}
""")
    assert (asset.kind, asset.image) == (AssetKind.SERVING, "seldonio/mlserver:1.6.1")


def test_kserve_inference_service_designates_kserve_container() -> None:
    asset = read("""\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: {name: custom}
spec:
  predictor:
    containers:
      - {name: logger, image: "acme/request-logger:1"}
      - {name: kserve-container, image: "acme/fraud-model:3"}
""")
    assert asset.image == "acme/fraud-model:3"


def test_templates_and_generic_kinds_are_not_assets_on_their_own() -> None:
    runtime = """\
apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata: {name: torch-distributed}
spec:
  template:
    spec:
      replicatedJobs:
        - name: node
          template:
            spec:
              template:
                spec:
                  containers:
                    - {name: node, image: "pytorch/pytorch:2.7.1", resources: {limits: {nvidia.com/gpu: 1}}}
"""
    assert read(runtime) is None
    for kind in ("Experiment", "Pipeline", "Server", "Notebook", "Workflow"):
        no_group = {"kind": kind, "metadata": {"name": "x", "annotations": {"mlgov.io/owner": "o"}}}
        assert normalize_k8s_object(no_group, cluster="-", location=None, resolver=CONFIG) is None, kind
    other = {"apiVersion": "tekton.dev/v1", "kind": "Pipeline", "metadata": {"name": "x"}, "spec": {}}
    assert normalize_k8s_object(other, cluster="-", location=None, resolver=CONFIG) is None


@pytest.mark.parametrize(
    ("owner_kind", "skipped"),
    [
        ("RayJob", True),  # the RayCluster a RayJob creates
        ("RayService", True),
        ("Notebook", True),  # the StatefulSet of a Notebook
        ("Server", True),  # the StatefulSet of a Seldon Core 2 Server
        ("LLMInferenceService", True),
        ("Trial", True),  # the Jobs of a Katib Trial
        ("CronWorkflow", True),
        ("Workflow", False),  # a CPU-only Workflow is no asset: what its steps create must stay
    ],
)
def test_objects_created_by_the_new_kinds_are_represented_by_their_owner(
    owner_kind: str, skipped: bool
) -> None:
    obj = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {
            "name": "made",
            "annotations": {"mlgov.io/owner": "o"},
            "ownerReferences": [{"kind": owner_kind, "name": "x", "controller": True}],
        },
        "spec": {},
    }
    assert (normalize_k8s_object(obj, cluster="c", location=None, resolver=CONFIG) is None) is skipped
