"""Model-server images are matched by the server's own repository, never by organisation; the
image an asset reports is its model-server container, not a sidecar listed first."""

from __future__ import annotations

import pytest

from scanner.normalize.k8s_images import image_repository, is_model_server_image, is_sidecar, main_container

# Model servers, as KServe's ClusterServingRuntimes, Seldon Core's ServerConfigs, KubeRay's and
# the servers' own docs name their images.
SERVERS = [
    "kserve/sklearnserver:v0.14.0",
    "kserve/xgbserver:latest",
    "kserve/lgbserver:v0.13.0",
    "kserve/pmmlserver:v0.13.0",
    "kserve/paddleserver:v0.13.0",
    "kserve/huggingfaceserver:v0.15.0-gpu",
    "kserve/predictiveserver:v0.16.0",
    "gcr.io/kfserving/pmmlserver:v0.5.1",
    "kfserving/pmmlserver:v0.5.1",
    "seldonio/mlserver:1.6.1",
    "docker.io/seldonio/mlserver:1.6.1-huggingface",
    "seldonio/sklearnserver:1.18.0",
    "seldonio/xgboostserver:1.18.0",
    "seldonio/mlflowserver:1.18.0",
    "nvcr.io/nvidia/tritonserver:24.08-py3",
    "763104351884.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.03-py3",
    "vllm/vllm-openai:v0.6.3",
    "docker.io/vllm/vllm-openai@sha256:abc",
    "docker.io/vllm/vllm-openai-cpu:v0.23.0",
    "rocm/vllm:latest",
    "localhost:5000/vllm:dev",
    "ghcr.io/llm-d/llm-d-cuda:v0.9.0",
    "ghcr.io/huggingface/text-generation-inference:2.3",
    "ghcr.io/huggingface/text-embeddings-inference:cpu-1.5",
    "ghcr.io/huggingface/tgi-gaudi:2.0.5",
    "tensorflow/serving:2.15.0",
    "bitnami/tensorflow-serving:2",
    "pytorch/torchserve:0.11.0-gpu",
    "pytorch/torchserve-kfs:0.9.0",
    "openvino/model_server:2024.4",
    "ollama/ollama:0.3.12",
    "lmsysorg/sglang:v0.3.0",
    "openmmlab/lmdeploy:v0.6.0",
    "xprobe/xinference:v0.15.0",
    "localai/localai:v2.20.1",
    "ghcr.io/ggml-org/llama.cpp:server",
    "rayproject/ray-llm:2.9.0",
    "anyscale/ray-llm:latest",
    "nvcr.io/nim/meta/llama3-8b-instruct:1.0",
    "bentoml/model-server:0.13.1",
    "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.1-tgi2.0",
    "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.3.0-gpu-py311",
    "763104351884.dkr.ecr.us-west-2.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124",
]

# Controllers, agents, web apps, CLIs, load testers, storage initializers, plain runtimes: the
# images of an operator or tool install bundle (kserve install/, seldon-core k8s/yaml, kuberay
# and kubeflow manifests) and of clients.
NOT_SERVERS = [
    "kserve/kserve-controller:v0.16.0",
    "kserve/llmisvc-controller:v0.16.0",
    "kserve/kserve-localmodel-controller:v0.16.0",
    "kserve/kserve-localmodelnode-agent:v0.16.0",
    "kserve/models-web-app:v0.7.0-rc0",
    "kfserving/models-web-app:v0.6.0",
    "gcr.io/kfserving/kfserving-controller:v0.6.0",
    "kserve/storage-initializer:v0.16.0",
    "kserve/kserve-storage-initializer:v0.17.0",
    "quay.io/opendatahub/kserve-storage-initializer:v0.14",
    "kserve/kserve-migration:latest",
    "kserve/agent:v0.16.0",
    "kserve/router:v0.16.0",
    "docker.io/seldonio/seldonv2-controller:2.8.0",
    "seldonio/seldon-cli:2.8.0",
    "seldonio/seldon-core-operator:1.18.0",
    "seldonio/seldon-core-executor:1.18.0",
    "seldonio/seldon-scheduler:2.8.0",
    "seldonio/seldon-envoy:2.8.0",
    "seldonio/seldon-modelgateway:2.8.0",
    "seldonio/seldon-pipelinegateway:2.8.0",
    "seldonio/seldon-dataflow-engine:2.8.0",
    "seldonio/seldon-agent:2.8.0",
    "seldonio/seldon-rclone:2.8.0",
    "seldonio/hodometer:2.8.0",
    "seldonio/ghz:v0.95.0",
    "rayproject/ray:2.52.0",
    "rayproject/ray:2.34.0-gpu",
    "rayproject/ray-ml:2.9.0",
    "quay.io/kuberay/operator:v1.4.0",
    "kuberay/apiserver:v1.4.0",
    "ghcr.io/kubeflow/model-registry/server:v0.2.19",
    "ghcr.io/kubeflow/kfp-api-server:2.5.0",
    "ghcr.io/kubeflow/kfp-driver:2.5.0",
    "ghcr.io/kubeflow/kubeflow/notebook-controller:v1.10.0",
    "ghcr.io/kubeflow/katib/katib-controller:v0.19.0",
    "ghcr.io/kubeflow/trainer/trainer-controller-manager:v2.0.0",
    "ghcr.io/mlflow/mlflow:v2.16.0",  # the tracking server and registry UI, not a model server
    "feast/feature-server:0.40.0",
    "peterevans/vegeta:6.9",
    "grafana/k6:0.54.0",
    "nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0-ubuntu22.04",
    "nvcr.io/nvidia/gpu-operator-validator:v1.10.1",
    "pytorch/pytorch:2.4.0",
    "nginx:1.27",
    "amazon/aws-xray-daemon:3",
    "example/array-service:1",
    "example/vllmish:1",
    "rclone:latest",
    "agent:latest",
    "bentoml/yatai:1.1.0",
]


@pytest.mark.parametrize("image", SERVERS)
def test_model_server_images(image: str) -> None:
    assert is_model_server_image(image)


@pytest.mark.parametrize("image", NOT_SERVERS)
def test_tools_controllers_and_runtimes_are_not_model_servers(image: str) -> None:
    assert not is_model_server_image(image)


def test_image_repository() -> None:
    assert image_repository("ghcr.io/org/vllm:v1@sha256:abc") == "org/vllm"
    assert image_repository("localhost:5000/a/b:1") == "a/b"
    assert image_repository("nginx") == "nginx"
    assert image_repository("Docker.io/VLLM/vllm-openai:v1") == "vllm/vllm-openai"


def test_sidecars_by_container_name_or_image() -> None:
    assert is_sidecar({"name": "istio-proxy", "image": "docker.io/istio/proxyv2:1.22"})
    assert is_sidecar({"name": "puller", "image": "rclone:latest"})
    assert is_sidecar({"name": "queue-proxy", "image": "gcr.io/knative-releases/queue:v1"})
    assert not is_sidecar({"name": "model", "image": "acme/fraud-scorer:3"})


def test_main_container_is_the_model_server_then_the_designated_then_not_a_sidecar() -> None:
    rclone = {"name": "rclone", "image": "rclone:latest"}
    agent = {"name": "agent", "image": "agent:latest"}
    mlserver = {"name": "mlserver", "image": "seldonio/mlserver:1.6.1"}
    assert main_container([rclone, agent, mlserver]) is mlserver  # a Seldon Core 2 server pod
    own = {"name": "kserve-container", "image": "acme/scorer:1"}
    proxy = {"name": "istio-proxy", "image": "istio/proxyv2:1.22"}
    logger = {"name": "logger", "image": "acme/log:1"}
    assert main_container([proxy, logger, own], {"kserve-container"}) is own
    assert main_container([proxy, logger, own]) is logger  # nothing designated: the first non-sidecar
    assert main_container([proxy, rclone]) is proxy  # only sidecars: the first one
    assert main_container([{"name": "no-image"}, agent]) is agent
    assert main_container([]) is None


def test_a_designated_container_without_an_image_is_still_the_main_one() -> None:
    """kserve docs/samples/llmisvc/managed-dra: a busybox sidecar beside ``main``, whose image
    comes from a config: the asset's image is unknown, not busybox's."""
    sidecar = {"name": "sidecar", "image": "busybox:1.36"}
    main = {"name": "main", "resources": {"limits": {"nvidia.com/gpu": 1}}}
    assert main_container([sidecar, main], {"main"}) is main
    assert main_container([sidecar, main]) is sidecar  # nothing designated: the first with an image
