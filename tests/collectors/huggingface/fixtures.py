"""Fixtures for the Hub collector: the local Hub (tests/collectors/huggingface/server.py) and the
environment huggingface_hub reads.

huggingface_hub reads HF_TOKEN_PATH and its other settings when it is imported: they are set
before any test imports it, so no test reads a token file on this machine or sends telemetry.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.collectors.huggingface.server import HubServer, serve

OFFLINE = {
    "HF_TOKEN_PATH": "/nonexistent/mlgov-tests/hf-token",
    "HF_HUB_DISABLE_TELEMETRY": "1",
}
os.environ.update(OFFLINE)


@pytest.fixture(scope="session")
def hub_server_session() -> Iterator[HubServer]:
    with serve(HubServer()) as server:
        yield server


@pytest.fixture
def hub(hub_server_session: HubServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    """The session's Hub, emptied before each test, as HF_ENDPOINT with its token in HF_TOKEN;
    an answer the client's parser refused fails the test."""
    hub_server_session.reset()
    monkeypatch.setenv("HF_ENDPOINT", hub_server_session.url)
    monkeypatch.setenv("HF_TOKEN", hub_server_session.token)
    monkeypatch.delenv("HUGGING_FACE_HUB_TOKEN", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    yield hub_server_session
    assert not hub_server_session.schema_errors, hub_server_session.schema_errors
