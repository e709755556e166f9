"""Templates fill what the assets naming them do not declare (across files, as the file collector
reads them); routers link to their targets; a Seldon Model links to its Server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from scanner.collectors.files import FileCollector
from scanner.model import Accelerator, Asset, Link
from scanner.normalize.k8s_refs import References, TemplateKey
from scanner.normalize.kubernetes import normalize_k8s_object, read_k8s_object
from scanner.normalize.resolve import ResolverConfig

CONFIG = ResolverConfig()

RUNTIME = """\
apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata: {name: torchtune-llama3.2-1b}
spec:
  mlPolicy: {numNodes: 1, torch: {}}
  template:
    spec:
      replicatedJobs:
        - name: dataset-initializer
          template:
            spec:
              template:
                spec:
                  containers:
                    - {name: dataset-initializer, image: ghcr.io/kubeflow/trainer/dataset-initializer}
        - name: node
          template:
            metadata:
              labels: {trainer.kubeflow.org/trainjob-ancestor-step: trainer}
            spec:
              template:
                spec:
                  containers:
                    - name: node
                      image: ghcr.io/kubeflow/trainer/torchtune-trainer
                      command: [tune, run, SENTINEL-COMMAND]
                      resources: {limits: {nvidia.com/gpu: 2}}
"""

TRAINJOB = """\
apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: tune-llama
  namespace: team-a
  annotations: {mlgov.io/owner: a@example.com}
spec:
  runtimeRef: {name: torchtune-llama3.2-1b}
  initializer:
    dataset: {storageUri: "hf://tatsu-lab/alpaca"}
"""


def collect(tmp_path: Path, files: dict[str, str]) -> dict[str, Asset]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return {a.id: a for a in FileCollector([str(tmp_path)]).collect().assets}


def test_a_trainjob_takes_image_and_gpus_from_its_runtime_in_another_file(tmp_path: Path) -> None:
    assets = collect(tmp_path, {"a-trainjob.yaml": TRAINJOB, "z-runtime.yaml": RUNTIME})
    assert set(assets) == {"k8s://-/team-a/TrainJob/tune-llama"}  # the runtime is no asset
    job = assets["k8s://-/team-a/TrainJob/tune-llama"]
    assert job.image == "ghcr.io/kubeflow/trainer/torchtune-trainer"  # the trainer step, not an initializer
    assert job.accelerator == Accelerator("nvidia", None, 2)
    template = "template:ClusterTrainingRuntime/-/torchtune-llama3.2-1b"
    assert (job.resolved_from["image"], job.resolved_from["accelerator"]) == (template, template)
    assert "SENTINEL" not in repr(job)


def test_the_trainjob_own_values_win_and_a_missing_runtime_changes_nothing(tmp_path: Path) -> None:
    own = (
        TRAINJOB
        + "  trainer:\n    image: acme/trainer:2\n    resourcesPerNode: {limits: {nvidia.com/gpu: 8}}\n"
    )
    job = collect(tmp_path, {"job.yaml": own, "runtime.yaml": RUNTIME})["k8s://-/team-a/TrainJob/tune-llama"]
    assert (job.image, job.accelerator) == ("acme/trainer:2", Accelerator("nvidia", None, 8))
    assert "image" not in job.resolved_from
    alone = normalize_k8s_object(yaml.safe_load(TRAINJOB), cluster="-", location=None, resolver=CONFIG)
    assert alone is not None and (alone.image, alone.accelerator) == (None, None)


def test_a_namespaced_runtime_is_looked_up_in_the_trainjob_namespace_first(tmp_path: Path) -> None:
    def runtime(namespace: str, image: str) -> str:
        return (
            RUNTIME.replace("kind: ClusterTrainingRuntime", "kind: TrainingRuntime")
            .replace(
                "metadata: {name: torchtune-llama3.2-1b}", f"metadata: {{name: rt, namespace: {namespace}}}"
            )
            .replace("ghcr.io/kubeflow/trainer/torchtune-trainer", image)
        )

    job = TRAINJOB.replace(
        "runtimeRef: {name: torchtune-llama3.2-1b}", "runtimeRef: {name: rt, kind: TrainingRuntime}"
    )
    both = collect(
        tmp_path,
        {
            "j.yaml": job,
            "r1.yaml": runtime("other", "acme/other:1"),
            "r2.yaml": runtime("team-a", "acme/mine:1"),
        },
    )
    assert both["k8s://-/team-a/TrainJob/tune-llama"].image == "acme/mine:1"


def test_references_fall_back_to_the_only_template_of_that_name() -> None:
    """A ServerConfig usually lives in Seldon's system namespace, not the Server's."""
    config = {
        "apiVersion": "mlops.seldon.io/v1alpha1",
        "kind": "ServerConfig",
        "metadata": {"name": "mlserver", "namespace": "seldon-system"},
        "spec": {
            "podSpec": {
                "containers": [
                    {"name": "rclone", "image": "seldonio/seldon-rclone:2.8.0"},
                    {"name": "agent", "image": "seldonio/seldon-agent:2.8.0"},
                    {"name": "mlserver", "image": "seldonio/mlserver:1.6.1"},
                ]
            }
        },
    }
    server = {
        "apiVersion": "mlops.seldon.io/v1alpha1",
        "kind": "Server",
        "metadata": {"name": "mlserver", "namespace": "seldon-mesh"},
        "spec": {"serverConfig": "mlserver", "replicas": 1},
    }
    refs = References()
    assets = []
    for obj in (server, config):
        found = read_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)
        assets += [found.asset] if found.asset else []
        if found.references:
            refs.update(found.references)
    [enriched] = refs.apply(assets)
    assert enriched.image == "seldonio/mlserver:1.6.1"
    assert enriched.resolved_from["image"] == "template:ServerConfig/seldon-system/mlserver"
    # two candidates elsewhere and none in the namespace: ambiguous, nothing is taken
    other = TemplateKey("-", "ServerConfig", "x", "mlserver")
    refs.offered[other] = refs.offered[TemplateKey("-", "ServerConfig", "seldon-system", "mlserver")]
    assert refs.apply(assets)[0].image is None


def test_llm_baserefs_later_configs_override_earlier_ones() -> None:
    def config(name: str, image: str | None, gpus: int) -> dict[str, Any]:
        container: dict[str, Any] = {"name": "main", "resources": {"limits": {"nvidia.com/gpu": gpus}}}
        if image:
            container["image"] = image
        return {
            "apiVersion": "serving.kserve.io/v1alpha1",
            "kind": "LLMInferenceServiceConfig",
            "metadata": {"name": name, "namespace": "llm"},
            "spec": {"template": {"containers": [container]}},
        }

    llm = {
        "apiVersion": "serving.kserve.io/v1alpha1",
        "kind": "LLMInferenceService",
        "metadata": {"name": "qwen", "namespace": "llm"},
        "spec": {
            "model": {"uri": "hf://Qwen/Qwen2.5-7B-Instruct"},
            "baseRefs": [{"name": "base"}, {"name": "gpu"}],
        },
    }
    refs = References()
    assets: list[Asset] = []
    for obj in (llm, config("base", "vllm/vllm-openai:v0.8.5", 1), config("gpu", None, 4)):
        found = read_k8s_object(obj, cluster="-", location=None, resolver=CONFIG)
        assets += [found.asset] if found.asset else []
        if found.references:
            refs.update(found.references)
    [asset] = refs.apply(assets)
    assert asset.image == "vllm/vllm-openai:v0.8.5"  # only "base" names an image
    assert asset.accelerator == Accelerator("nvidia", None, 4)  # "gpu" comes later and wins
    assert asset.resolved_from["accelerator"] == "template:LLMInferenceServiceConfig/llm/gpu"


def links(text: str, cluster: str = "-") -> tuple[Link, ...]:
    asset = normalize_k8s_object(yaml.safe_load(text), cluster=cluster, location=None, resolver=CONFIG)
    assert asset is not None
    return asset.links


def test_inference_graph_routes_to_the_inference_services_of_its_steps() -> None:
    found = links(
        """\
apiVersion: serving.kserve.io/v1alpha1
kind: InferenceGraph
metadata: {name: dog-breed-pipeline, namespace: ml}
spec:
  nodes:
    root:
      routerType: Sequence
      steps:
        - {serviceName: cat-dog-classifier, name: cat_dog_classifier}
        - {nodeName: breed, name: breed_step}
    breed:
      routerType: Switch
      steps:
        - {serviceName: dog-breed-classifier, condition: "[@this].#(predictions.0==\\"dog\\")"}
        - {serviceName: cat-dog-classifier}
""",
        cluster="prod",
    )
    assert found == (
        Link(
            "routes_to",
            "k8s://prod/ml/InferenceService/cat-dog-classifier",
            "spec.nodes.root.steps[].serviceName",
        ),
        Link(
            "routes_to",
            "k8s://prod/ml/InferenceService/dog-breed-classifier",
            "spec.nodes.breed.steps[].serviceName",
        ),
    )


def test_seldon_pipeline_experiment_and_model_links() -> None:
    assert [
        link.target
        for link in links("""\
apiVersion: mlops.seldon.io/v1alpha1
kind: Pipeline
metadata: {name: tfsimples}
spec:
  steps: [{name: tfsimple1}, {name: tfsimple2, inputs: [tfsimple1]}]
  output: {steps: [tfsimple2]}
""")
    ] == ["k8s://-/default/Model/tfsimple1", "k8s://-/default/Model/tfsimple2"]
    assert [
        link.target
        for link in links("""\
apiVersion: mlops.seldon.io/v1alpha1
kind: Experiment
metadata: {name: addmul10-mirror}
spec:
  default: pipeline-add10
  resourceType: pipeline
  candidates: [{name: pipeline-add10, weight: 100}]
  mirror: {name: pipeline-mul10, percent: 100}
""")
    ] == ["k8s://-/default/Pipeline/pipeline-add10", "k8s://-/default/Pipeline/pipeline-mul10"]
    assert links("""\
apiVersion: mlops.seldon.io/v1alpha1
kind: Model
metadata: {name: iris}
spec: {storageUri: "gs://seldon-models/iris", server: mlserver}
""") == (Link("runs_on", "k8s://-/default/Server/mlserver", "spec.server"),)
    katib = """\
apiVersion: kubeflow.org/v1beta1
kind: Experiment
metadata: {name: tune}
spec: {candidates: [{name: not-a-route}]}
"""
    assert links(katib) == ()  # a Katib Experiment routes nothing


def test_an_inference_graph_step_by_url_routes_to_the_url_without_credentials() -> None:
    found = links("""\
apiVersion: serving.kserve.io/v1alpha1
kind: InferenceGraph
metadata: {name: model-switch}
spec:
  nodes:
    root:
      routerType: Switch
      steps:
        - serviceUrl: "http://single-1.default.{$your-domain}/switch"
        - serviceUrl: "http://user:S3CR3T@single-2.default.svc.cluster.local:8080/v1/models?token=S3CR3T#x"
        - serviceUrl: "http://[::1"
        - serviceUrl: "not a url"
""")
    assert [(link.target, link.via) for link in found] == [
        ("http://single-1.default.{$your-domain}/switch", "spec.nodes.root.steps[].serviceUrl"),
        ("http://single-2.default.svc.cluster.local:8080/v1/models", "spec.nodes.root.steps[].serviceUrl"),
    ]
    assert "S3CR3T" not in repr(found)


def test_the_first_definition_of_a_template_is_kept(tmp_path: Path) -> None:
    """A kustomize base and its overlay both define the runtime: files are read in sorted order
    and the first definition wins, as for assets."""
    first = RUNTIME.replace("ghcr.io/kubeflow/trainer/torchtune-trainer", "acme/base-trainer:1")
    second = RUNTIME.replace("ghcr.io/kubeflow/trainer/torchtune-trainer", "acme/overlay-trainer:1")
    assets = collect(tmp_path, {"a-job.yaml": TRAINJOB, "b-runtime.yaml": first, "c-runtime.yaml": second})
    assert assets["k8s://-/team-a/TrainJob/tune-llama"].image == "acme/base-trainer:1"
