from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


MlgovRunner = Callable[..., Run]


@pytest.fixture
def mlgov(tmp_path: Path) -> MlgovRunner:
    """Run the real entry point in a subprocess: real exit codes, real stdout/stderr separation."""

    def run(
        *args: str, stdin: str | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> Run:
        proc = subprocess.run(
            [sys.executable, "-m", "scanner", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
            timeout=120,
            check=False,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return run


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
