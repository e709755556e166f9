"""A generated repository of kserve's shape, for bench/run.py: install bundles of several
megabytes (mostly CustomResourceDefinitions with huge openAPIV3Schema, plus RBAC, webhooks,
Deployments, ConfigMaps and LLMInferenceServiceConfigs), large single-CRD files, and hundreds of
small samples, kustomizations, chart templates and JSON request payloads.

Modelled on kserve/kserve (839 YAML/JSON files, 138 MB; `install/v0.16.0/kserve.yaml` is 3.5 MB,
3.4 MB of it 13 CRDs); nothing is copied from it. Deterministic.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

BUNDLE_BYTES = 3_500_000

_CRD_HEAD = """\
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  annotations:
    controller-gen.kubebuilder.io/version: v0.19.0
  name: {plural}.serving.kserve.io
spec:
  group: serving.kserve.io
  names:
    kind: {kind}
    listKind: {kind}List
    plural: {plural}
    singular: {singular}
  scope: Namespaced
  versions:
    - additionalPrinterColumns:
        - jsonPath: .status.conditions[?(@.type=='Ready')].status
          name: Ready
          type: string
      name: v1beta1
      schema:
        openAPIV3Schema:
          description: {kind} is the Schema for the {plural} API
          properties:
"""

_PROPERTY = """\
{pad}{name}:
{pad}  description: {name} is the {what} of the component ("Ready" when reconciled).
{pad}  properties:
{pad}    claimName:
{pad}      type: string
{pad}    items:
{pad}      items:
{pad}        properties:
{pad}          key:
{pad}            type: string
{pad}          mode:
{pad}            format: int32
{pad}            type: integer
{pad}          path:
{pad}            type: string
{pad}        required:
{pad}          - key
{pad}          - path
{pad}        type: object
{pad}      type: array
{pad}      x-kubernetes-list-type: atomic
{pad}    limits:
{pad}      additionalProperties:
{pad}        anyOf:
{pad}          - type: integer
{pad}          - type: string
{pad}        x-kubernetes-int-or-string: true
{pad}      type: object
{pad}    readOnly:
{pad}      type: boolean
{pad}    port:
{pad}      anyOf:
{pad}        - type: integer
{pad}        - type: string
{pad}      x-kubernetes-int-or-string: true
{pad}  type: object
"""

_WORDS = ("storage", "resources", "volume", "affinity", "probe", "lifecycle", "security", "tolerations")


def crd(kind: str, size: int, rng: random.Random) -> str:
    """One CRD of about ``size`` bytes: many properties, each nested a few levels deep."""
    plural, singular = kind.lower() + "s", kind.lower()
    parts = [_CRD_HEAD.format(kind=kind, plural=plural, singular=singular)]
    total, n = len(parts[0]), 0
    while total < size:
        block = _PROPERTY.format(pad=" " * 12, name=f"field{n}", what=rng.choice(_WORDS), kind=kind)
        parts.append(block)
        total += len(block)
        n += 1
    parts.append("          type: object\n      served: true\n      storage: true\n")
    return "".join(parts)


_OTHERS = """\
---
apiVersion: v1
kind: Namespace
metadata:
  labels:
    control-plane: kserve-controller-manager
  name: kserve
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: kserve-controller-manager
  namespace: kserve
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kserve-manager-role
rules:
- apiGroups:
  - serving.kserve.io
  resources:
  - inferenceservices
  - inferenceservices/status
  verbs: ["get", "list", "watch", "update"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kserve-manager-rolebinding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kserve-manager-role
subjects:
- kind: ServiceAccount
  name: kserve-controller-manager
  namespace: kserve
---
apiVersion: v1
data:
  deploy: |-
    {{
      "defaultDeploymentMode": "Serverless"
    }}
  ingress: '{{"ingressGateway": "knative-serving/knative-ingress-gateway"}}'
kind: ConfigMap
metadata:
  name: inferenceservice-config
  namespace: kserve
---
apiVersion: v1
kind: Secret
metadata:
  name: kserve-webhook-server-secret
  namespace: kserve
---
apiVersion: v1
kind: Service
metadata:
  name: kserve-webhook-server-service
  namespace: kserve
spec:
  ports:
  - port: 443
    targetPort: webhook-server
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kserve-controller-manager
  namespace: kserve
spec:
  selector:
    matchLabels:
      control-plane: kserve-controller-manager
  template:
    metadata:
      labels:
        control-plane: kserve-controller-manager
    spec:
      containers:
      - args:
        - --metrics-addr=127.0.0.1:8080
        command:
        - /manager
        image: kserve/kserve-controller:v{version}
        name: manager
        resources:
          limits:
            cpu: 100m
            memory: 300Mi
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: inferenceservice.serving.kserve.io
webhooks:
- admissionReviewVersions:
  - v1beta1
  clientConfig:
    service:
      name: kserve-webhook-server-service
      namespace: kserve
      path: /validate-serving-kserve-io-v1beta1-inferenceservice
  failurePolicy: Fail
  name: inferenceservice.kserve-webhook-server.validator
  sideEffects: None
"""

_LLM_CONFIG = """\
---
apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceServiceConfig
metadata:
  name: kserve-config-llm-{name}
  namespace: kserve
spec:
  template:
    containers:
    - image: ghcr.io/llm-d/llm-d:v0.2.0
      name: main
      args: ["--served-model-name", "{{{{ .Spec.Model.Name }}}}"]
      resources:
        limits:
          nvidia.com/gpu: "1"
"""

_ISVC = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sample-{i}
  annotations:
    serving.kserve.io/deploymentMode: RawDeployment
spec:
  predictor:
    model:
      modelFormat:
        name: {fmt}
      storageUri: gs://kfserving-examples/models/{fmt}/{i}
"""

_KUSTOMIZATION = """\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../default
images:
- name: kserve-controller
  newTag: v{i}
"""

_CHART_TEMPLATE = """\
{{{{- if .Values.kserve.controller.enabled }}}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{{{ .Release.Name }}}}-controller-{i}
spec:
  template:
    spec:
      containers:
      - image: "{{{{ .Values.kserve.controller.image }}}}:{{{{ .Values.kserve.version }}}}"
{{{{- end }}}}
"""

_RUNTIME = """\
---
apiVersion: serving.kserve.io/v1alpha1
kind: ClusterServingRuntime
metadata:
  name: kserve-runtime-{i}
spec:
  supportedModelFormats:
  - name: format-{i}
    version: "1"
  containers:
  - name: kserve-container
    image: kserve/runtime-{i}:latest
    args: ["--model_name={{{{.Name}}}}"]
"""


def bundle(version: str, size: int, rng: random.Random) -> str:
    """An install bundle of about ``size`` bytes: CRDs first, then the rest."""
    kinds = ["InferenceService", "ServingRuntime", "ClusterServingRuntime", "InferenceGraph", "TrainedModel"]
    others = _OTHERS.format(version=version) + "".join(
        _LLM_CONFIG.format(name=n) for n in ("decode", "prefill", "router", "worker")
    )
    per_crd = max(20_000, (size - len(others)) // len(kinds))
    return "".join(crd(k, per_crd, rng) for k in kinds) + others


def write_bundle(path: Path, size: int = BUNDLE_BYTES) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bundle("0.16.0", size, random.Random(16)))


def write_kserve_tree(root: Path) -> int:
    """About 700 files: 30 multi-megabyte bundles, 30 single CRDs, 40 medium files, 5 JSON
    payloads of a few megabytes, 600 small files. Returns the number of files written."""
    rng = random.Random(20261122)
    files: dict[str, str] = {}
    for n in range(30):
        version = f"0.{10 + n // 3}.{n % 3}"
        size = rng.randint(1_400_000, 3_700_000)
        files[f"install/v{version}/kserve{'' if n % 2 else '_kubeflow'}.yaml"] = bundle(version, size, rng)
    for n in range(30):
        kind = f"Resource{n}"
        files[f"config/crd/full/serving.kserve.io_resource{n}s.yaml"] = crd(
            kind, rng.randint(100_000, 900_000), rng
        )
    for n in range(40):
        files[f"config/runtimes/runtimes-{n}.yaml"] = "".join(
            _RUNTIME.format(i=n * 100 + i) for i in range(40)
        )
    formats = ("sklearn", "xgboost", "pytorch", "tensorflow", "onnx", "huggingface")
    for n in range(600):
        slot = n % 10
        if slot < 5:
            files[f"docs/samples/v1beta1/{formats[n % 6]}/sample-{n}.yaml"] = _ISVC.format(
                i=n, fmt=formats[n % 6]
            )
        elif slot < 7:
            files[f"config/overlays/overlay-{n}/kustomization.yaml"] = _KUSTOMIZATION.format(i=n)
        elif slot == 7:
            files[f"charts/kserve-resources/templates/controller-{n}.yaml"] = _CHART_TEMPLATE.format(i=n)
        elif slot == 8:
            payload = {"instances": [[rng.random() for _ in range(20)] for _ in range(20)]}
            files[f"test/data/request-{n}.json"] = json.dumps(payload)
        else:
            files[f"hack/config-{n}.yaml"] = _OTHERS.format(version=n)
    for n in range(5):  # request payloads of a few megabytes, as kserve's e2e test data
        payload = {
            "instances": [[[rng.randint(0, 255) for _ in range(3)] for _ in range(500)] for _ in range(150)]
        }
        files[f"test/e2e/data/image-{n}.json"] = json.dumps(payload)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return len(files)
