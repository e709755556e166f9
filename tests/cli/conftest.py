"""Manifests shared by CLI-level tests; the `mlgov` runner fixture lives in tests/conftest.py."""

from __future__ import annotations

from tests.conftest import MlgovRunner

__all__ = ["GOVERNED", "UNGOVERNED", "MlgovRunner"]

GOVERNED = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud-scorer
  namespace: ml-prod
  annotations:
    mlgov.io/owner: fraud-team@example.com
    mlgov.io/sunset-date: "2027-06-30"
    mlgov.io/classification: confidential
    mlgov.io/training-data: s3://datasets/fraud/2026-10
    mlgov.io/registered-model: fraud-scorer
    mlgov.io/model-version: "7"
  labels:
    environment: production
spec:
  predictor:
    model:
      modelFormat: {name: sklearn}
      storageUri: models:/fraud-scorer/7
"""

UNGOVERNED = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm-chat
  namespace: ml-prod
  labels:
    environment: production
spec:
  template:
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          resources:
            limits:
              nvidia.com/gpu: "1"
"""
