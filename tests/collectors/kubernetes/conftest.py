"""The seeded test cluster, shared by the live Kubernetes tests of one session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collectors.kubernetes.cluster import Kube
from tests.collectors.kubernetes.seed import all_objects
from tests.services.processes import Service

CONTEXT = "mlgov-test"  # the context name scripts/test-cluster writes


@pytest.fixture(scope="session")
def seeded(kube_apiserver: Service) -> Service:
    """The real apiserver with the seed objects created once (through the admin token)."""
    Kube(kube_apiserver).create_all(all_objects())
    return kube_apiserver


@pytest.fixture(scope="session")
def ca_file(kube_apiserver: Service) -> str:
    return str(Path(kube_apiserver.extra["state"]) / "ca.crt")
