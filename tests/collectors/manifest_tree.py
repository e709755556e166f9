"""A generated tree of realistic manifests, for scale tests and for bench/ to reuse.

Per group of 10 files: 3 GPU Deployments (vLLM, governed or not), 2 InferenceServices, 1
plain nginx Deployment (not an ML asset), 1 ConfigMap, 1 Secret, 2 multi-document files
(a Deployment, a Service and a ConfigMap each). ML assets per 10 files: 3 + 2 + 2 = 7.
"""

from __future__ import annotations

from pathlib import Path

SECRET_VALUE = "c3VwZXItc2VjcmV0LXZhbHVl"  # must never appear in an inventory

_GPU = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm-{i}
  namespace: team-{team}-prod
  labels:
    app.kubernetes.io/name: llm-{i}
    app.kubernetes.io/part-of: chat
    env: production
  annotations:
    mlgov.io/owner: team-{team}@example.com
    mlgov.io/sunset-date: "2027-06-30"
    mlgov.io/classification: internal
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: llm-{i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: llm-{i}
    spec:
      nodeSelector:
        nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--port", "8000"]
          env:
            - name: HF_TOKEN
              value: hf_not_a_real_token_{i}
          ports:
            - containerPort: 8000
          resources:
            requests:
              cpu: "4"
              memory: 32Gi
            limits:
              nvidia.com/gpu: "1"
          readinessProbe:
            httpGet: {{path: /health, port: 8000}}
            initialDelaySeconds: 30
"""

_ISVC = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: scorer-{i}
  namespace: team-{team}-prod
  annotations:
    mlgov.io/owner: team-{team}@example.com
    mlgov.io/training-data: s3://datasets/team-{team}/2026-10
spec:
  predictor:
    minReplicas: 1
    model:
      modelFormat:
        name: sklearn
      storageUri: models:/scorer-{i}/3
      resources:
        limits:
          cpu: "1"
          memory: 2Gi
"""

_NGINX = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{i}
  namespace: web
spec:
  template:
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
"""

_CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-{i}
  namespace: team-{team}-prod
data:
  database_url: postgres://app:{secret}@db:5432/app
  feature_flags: |
    a=1
    b=2
"""

_SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: creds-{i}
  namespace: team-{team}-prod
type: Opaque
data:
  password: {secret}
"""

_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: llm-{i}
  namespace: team-{team}-prod
spec:
  selector:
    app.kubernetes.io/name: llm-{i}
  ports:
    - port: 80
      targetPort: 8000
"""


def write_manifest_tree(root: Path, files: int) -> int:
    """Write ``files`` manifest files under ``root``; returns the number of ML assets expected."""
    expected = 0
    for n in range(files):
        team = n % 17
        directory = root / f"team-{team}" / f"app-{n // 100}"
        directory.mkdir(parents=True, exist_ok=True)
        slot = n % 10
        fields = {"i": n, "team": team, "secret": SECRET_VALUE}
        if slot in {0, 1, 2}:
            text, ml = _GPU.format(**fields), 1
        elif slot in {3, 4}:
            text, ml = _ISVC.format(**fields), 1
        elif slot == 5:
            text, ml = _NGINX.format(**fields), 0
        elif slot == 6:
            text, ml = _CONFIGMAP.format(**fields), 0
        elif slot == 7:
            text, ml = _SECRET.format(**fields), 0
        else:
            text = "---\n".join(
                (_GPU.format(**fields), _SERVICE.format(**fields), _CONFIGMAP.format(**fields))
            )
            ml = 1
        suffix = ".yml" if slot == 4 else ".yaml"
        (directory / f"m{n}{suffix}").write_text(text, encoding="utf-8")
        expected += ml
    return expected
