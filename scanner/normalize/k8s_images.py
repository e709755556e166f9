"""Container images: which ones are model servers, which are sidecars, and which container of a
pod an asset reports as its image.

Model servers are matched on the image repository (registry host, tag and digest removed,
lower-cased), by the server's own repository name or path, never by organisation alone:
``kserve/``, ``seldonio/`` and ``rayproject/`` also publish controllers, agents, web apps, CLIs,
load testers and storage initializers, and ``rayproject/ray`` is a general-purpose runtime.
The list comes from the servers' own images as KServe's ClusterServingRuntimes, Seldon Core's
ServerConfigs and the servers' docs name them; docs/assets.md lists it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from scanner.normalize.access import Obj, get_str

# The last path segment of a model server's repository, matched whole.
_SERVER_NAMES = re.compile(
    r"(sklearn|xgb|xgboost|lgb|pmml|paddle|pytorch|huggingface|predictive|autogluon|mlflow)server"
    r"(-gpu|-cpu)?"  # KServe (and KFServing) predictors; Seldon Core 1 prepackaged servers
    r"|mlserver"  # Seldon MLServer
    r"|([a-z0-9]+-)*tritonserver"  # NVIDIA Triton, SageMaker's Triton
    r"|torchserve(-kfs|-nightly)?"
    r"|tensorflow-serving"
    r"|text-generation-inference|text-embeddings-inference|tgi-gaudi|tei-gaudi"
    r"|vllm(-[a-z0-9]+)*"  # vllm/vllm-openai, vllm-openai-cpu, vllm-rocm, vllm-tpu
    r"|llm-d(-(cuda|rocm|xpu|cpu|hpu|gaudi|aws|tpu))?(-dev)?"  # llm-d's vLLM builds
    r"|sglang|lmdeploy|xinference|ollama|local-?ai|llama\.cpp|ray-llm"
    r"|(pytorch|tensorflow|mxnet|djl|autogluon|huggingface(-[a-z0-9]+)+)-inference(-[a-z0-9]+)*"  # AWS DLCs
)
# Whole repository paths (or path prefixes ending in "/") of model servers with generic names.
_SERVER_PATHS = re.compile(
    r"tensorflow/serving"
    r"|openvino/model_server"
    r"|bentoml/model-server"
    r"|nim/.+"  # NVIDIA NIM: nvcr.io/nim/<publisher>/<model>
)

# Containers that are never the asset's own: service-mesh proxies, model pullers and agents,
# auth proxies, log and trace shippers, pipeline launchers. Matched on the container name or
# on the image repository's last segment.
SIDECARS = frozenset(
    {
        "istio-proxy",
        "istio-init",
        "proxyv2",
        "envoy",
        "linkerd-proxy",
        "queue-proxy",
        "queue",
        "agent",
        "kserve-agent",
        "seldon-agent",
        "rclone",
        "seldon-rclone",
        "storage-initializer",
        "kserve-storage-initializer",
        "seldon-container-engine",
        "seldon-core-executor",
        "llm-d-routing-sidecar",
        "llm-d-router-disagg-sidecar",
        "oauth-proxy",
        "oauth2-proxy",
        "kube-rbac-proxy",
        "cloud-sql-proxy",
        "gce-proxy",
        "vault-agent",
        "daprd",
        "fluent-bit",
        "fluentd",
        "filebeat",
        "vector",
        "otel-collector",
        "opentelemetry-collector",
        "opentelemetry-collector-contrib",
        "jaeger-agent",
        "datadog-agent",
        "kfp-driver",
        "kfp-launcher",
        "should-be-overridden-during-runtime",  # KFP v2's placeholder for the step image
    }
)


def image_repository(image: str) -> str:
    """``ghcr.io/org/vllm:v1@sha256:...`` -> ``org/vllm`` (lower-cased)."""
    name = image.strip().lower().split("@", 1)[0]
    head, _, last = name.rpartition("/")
    last = last.split(":", 1)[0]
    name = f"{head}/{last}" if head else last
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        name = rest  # drop the registry host
    return name


def is_model_server_image(image: str) -> bool:
    repository = image_repository(image)
    last = repository.rpartition("/")[2]
    return _SERVER_NAMES.fullmatch(last) is not None or _SERVER_PATHS.fullmatch(repository) is not None


def is_sidecar(container: Obj) -> bool:
    name = (get_str(container, "name") or "").lower()
    image = get_str(container, "image")
    return name in SIDECARS or (image is not None and image_repository(image).rpartition("/")[2] in SIDECARS)


def main_container(containers: Iterable[Obj], designated: Collection[str] = ()) -> Obj | None:
    """The container whose image the asset reports.

    In order: the first model-server image; else the first container the custom resource
    designates (``kserve-container``, a Katib trial's primary container...), even without an
    image of its own (an LLMInferenceService's ``main`` takes it from a config: a sidecar
    listed beside it is not the model); else the first container with an image that is not a
    sidecar; else the first container with an image. A Seldon Core 2 server pod lists rclone and
    the agent before MLServer: the asset is MLServer, not ``rclone:latest``.
    """
    listed = list(containers)
    named = [c for c in listed if get_str(c, "image")]
    for container in named:
        if is_model_server_image(get_str(container, "image") or ""):
            return container
    for container in listed:
        if get_str(container, "name") in designated:
            return container
    for container in named:
        if not is_sidecar(container):
            return container
    return named[0] if named else None
