"""Fixtures for the GCP collector: the local Vertex AI + Workbench server and Application Default
Credentials that point at it.

google-auth probes the GCE metadata server (169.254.169.254) when it finds no other credentials,
and reads these variables when it is imported: they are set before any test imports it, so no
test ever sends a packet off this machine.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.collectors.gcp.server import VertexServer, serve

OFFLINE = {"NO_GCE_CHECK": "true", "GCE_METADATA_HOST": "127.0.0.1:9", "GCE_METADATA_IP": "127.0.0.1:9"}
os.environ.update(OFFLINE)


@pytest.fixture(scope="session")
def vertex_server_session() -> Iterator[VertexServer]:
    with serve(VertexServer()) as server:
        yield server


@pytest.fixture
def vertex_server(vertex_server_session: VertexServer) -> Iterator[VertexServer]:
    """The session's server, emptied before each test; a response the schema refused fails it."""
    vertex_server_session.reset()
    yield vertex_server_session
    assert not vertex_server_session.schema_errors, vertex_server_session.schema_errors


@dataclass(frozen=True)
class Adc:
    env: dict[str, str]  # for a subprocess: the same variables the fixture set here
    path: Path


@pytest.fixture(scope="session")
def test_key() -> str:
    """A throwaway RSA key, made for this test session (never a real account's)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture
def adc(vertex_server: VertexServer, test_key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Adc:
    """A service account key file whose token endpoint is the test server, found through
    GOOGLE_APPLICATION_CREDENTIALS: google-auth signs a JWT with the key and exchanges it there for
    a bearer token, as it would at Google. (An `authorized_user` file cannot be used: google-auth
    always sends those to Google's own token endpoint.)"""
    path = tmp_path / "adc.json"
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "adc-default-project",
                "private_key_id": "test-key-1",
                "private_key": test_key,
                "client_email": "mlgov-scanner@adc-default-project.iam.gserviceaccount.com",
                "client_id": "1",
                "token_uri": f"{vertex_server.url}/token",
            }
        )
    )
    sdk = tmp_path / "gcloud"
    sdk.mkdir()
    env = {**OFFLINE, "GOOGLE_APPLICATION_CREDENTIALS": str(path), "CLOUDSDK_CONFIG": str(sdk)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GOOGLE_CLOUD_PROJECT", raising=False)
    return Adc(env, path)
