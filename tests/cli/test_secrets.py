"""Secrets never leave the input: not in the inventory, not in any report, not on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.reporters.registry import available_formats
from tests.cli.conftest import MlgovRunner

SECRET_VALUE = "c3VwZXItc2VjcmV0LXBhc3N3b3Jk"  # base64 Secret data
STRING_DATA = "plain-secret-string-data-7781"
CONFIG_DATA = "configmap-connection-string-5521"
ENV_VALUE = "hf_env_token_value_9931"
ARG_VALUE = "--api-key=arg-secret-4410"

MULTI_DOC = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: model-credentials
  namespace: ml
data:
  token: {SECRET_VALUE}
stringData:
  password: {STRING_DATA}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: model-config
  namespace: ml
data:
  DATABASE_URL: {CONFIG_DATA}
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: one
  namespace: ml
spec:
  predictor:
    model:
      storageUri: s3://models/one
      env:
        - {{name: TOKEN, value: {ENV_VALUE}}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: two
  namespace: ml
spec:
  template:
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          args: ["{ARG_VALUE}"]
          env:
            - {{name: HF_TOKEN, value: {ENV_VALUE}}}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: three
  namespace: ml
spec:
  template:
    spec:
      containers:
        - name: train
          image: pytorch/pytorch:2.4.0
          command: ["python", "train.py", "{ARG_VALUE}"]
          env:
            - {{name: WANDB_API_KEY, value: {ENV_VALUE}}}
          resources:
            limits: {{nvidia.com/gpu: "2"}}
"""

SECRETS = (SECRET_VALUE, STRING_DATA, CONFIG_DATA, ENV_VALUE, "arg-secret-4410")


@pytest.mark.slow
def test_no_secret_reaches_any_output(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "bundle.yaml").write_text(MULTI_DOC)
    formats = ",".join(available_formats())
    run = mlgov("scan", "bundle.yaml", "--now", "2026-11-22", "-f", formats, "--output-dir", "out")
    assert run.code == 1, run.stderr
    outputs = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert set(outputs) >= {"report.json", "report.sarif", "report.txt"}
    json_run = mlgov("scan", "bundle.yaml", "--now", "2026-11-22", "-f", "json")
    streams = [run.stdout, run.stderr, json_run.stdout, json_run.stderr]
    for secret in SECRETS:
        for name, data in outputs.items():
            assert secret.encode() not in data, f"{secret} leaked into {name}"
        for text in streams:
            assert secret not in text
    assert '"k8s://-/ml/InferenceService/one"' in json_run.stdout
    assets = sorted(a["id"] for a in json.loads(json_run.stdout)["assets"])
    assert assets == ["k8s://-/ml/Deployment/two", "k8s://-/ml/InferenceService/one", "k8s://-/ml/Job/three"]
