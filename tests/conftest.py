"""Shared fixtures: the real services (tests/services) and the `mlgov` command runner."""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

# Real services (OPA, kube-apiserver, moto, MLflow, Chromium) as session fixtures, started lazily;
# the local Vertex AI, Azure ML and Hub servers likewise, for their collectors' tests and for the
# scenarios that scan several clouds at once (tests/test_cross_cloud.py).
pytest_plugins = [
    "tests.services.fixtures",
    "tests.collectors.gcp.fixtures",
    "tests.collectors.azure.fixtures",
    "tests.collectors.huggingface.fixtures",
]


def pytest_configure(config: pytest.Config) -> None:
    """Byte-compile the package once, so that the hundreds of `mlgov` processes the tests start
    do not each compile it again: with PYTHONDONTWRITEBYTECODE set (as on this project's
    machines) Python never writes the cache itself, and compiling cost ~0.1 s of every start.
    Idempotent and atomic per file, so xdist workers may all run it."""
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "scanner", quiet=1)


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
