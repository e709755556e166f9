"""The local Azure ML server for these tests: a test CA once per session, a fresh server (empty
state, no faults, every violation failing the test) for each test that asks for one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.collectors.azure.server import AzureMlServer, serve
from tests.collectors.azure.tls import TestTls, make_tls


@pytest.fixture(scope="session")
def azure_tls(tmp_path_factory: pytest.TempPathFactory) -> TestTls:
    return make_tls(Path(tmp_path_factory.mktemp("azure-tls")))


@pytest.fixture
def azure_server(azure_tls: TestTls, monkeypatch: pytest.MonkeyPatch) -> Iterator[AzureMlServer]:
    """A running server, and this process's environment pointed at it (DefaultAzureCredential
    reads the variables; requests trusts the test CA through REQUESTS_CA_BUNDLE)."""
    with serve(AzureMlServer(azure_tls)) as server:
        for name, value in server.environment().items():
            monkeypatch.setenv(name, value)
        yield server
    assert not server.violations, "\n".join(server.violations)
