"""`mlgov scan --engine opa|opa-server` end to end, including every way an engine can fail (exit 2,
naming the URL and status, never a pass)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import UNGOVERNED, MlgovRunner
from tests.services.processes import Service, free_port
from tests.services.tools import tool

pytestmark = pytest.mark.services

NOW = ("--now", "2026-11-22")


def findings(stdout: str) -> set[tuple[str, str]]:
    return {(f["rule_id"], f["asset_id"]) for f in json.loads(stdout)["findings"]}


@pytest.fixture
def manifest(tmp_path: Path) -> str:
    path = tmp_path / "llm.yaml"
    path.write_text(UNGOVERNED)
    return str(path)


def test_all_engines_give_the_same_findings_and_record_themselves(
    mlgov: MlgovRunner, manifest: str, opa_server: Service
) -> None:
    embedded = mlgov("scan", manifest, *NOW, "-f", "json", "-q")
    local = mlgov(
        "scan", manifest, *NOW, "-f", "json", "-q", "--engine", "opa", "--opa-path", str(tool("opa"))
    )
    server = mlgov(
        "scan", manifest, *NOW, "-f", "json", "-q", "--engine", "opa-server", "--opa-url", opa_server.url
    )
    assert embedded.code == local.code == server.code == 1, local.stderr + server.stderr
    assert findings(embedded.stdout) == findings(local.stdout) == findings(server.stdout)
    engines = [json.loads(r.stdout)["metadata"]["engine"] for r in (embedded, local, server)]
    assert [e["name"] for e in engines] == ["embedded", "opa", "opa-server"]
    assert engines[1]["version"].startswith("opa 1.")
    assert engines[2]["version"].startswith("opa 1.") and opa_server.url in engines[2]["version"]
    digests = {json.loads(r.stdout)["metadata"]["policy_bundle_digest"] for r in (embedded, local, server)}
    assert len(digests) == 1


def test_evaluate_takes_the_same_engine_flags(
    mlgov: MlgovRunner, manifest: str, opa_server: Service, tmp_path: Path
) -> None:
    assert mlgov("scan", manifest, *NOW, "-f", "json", "-o", "scan.json", "-q").code == 1
    replay = mlgov(
        "evaluate",
        "scan.json",
        *NOW,
        "-f",
        "json",
        "-q",
        "--engine",
        "opa-server",
        "--opa-url",
        opa_server.url,
    )
    assert replay.code == 1, replay.stderr
    assert json.loads(replay.stdout)["metadata"]["engine"]["name"] == "opa-server"
    assert findings(replay.stdout) == findings((tmp_path / "scan.json").read_text())


def test_opa_server_with_token(mlgov: MlgovRunner, manifest: str, opa_server_with_token: Service) -> None:
    url = opa_server_with_token.url
    good = mlgov(
        "scan", manifest, *NOW, "-f", "json", "-q", "--engine", "opa-server", "--opa-url", url,
        env={"MLGOV_OPA_TOKEN": opa_server_with_token.extra["token"]},
    )  # fmt: skip
    assert good.code == 1, good.stderr
    assert ("MLG001", "k8s://-/ml-prod/Deployment/llm-chat") in findings(good.stdout)
    bad = mlgov(
        "scan", manifest, *NOW, "-q", "--engine", "opa-server", "--opa-url", url, "--opa-token", "wrong"
    )
    assert bad.code == 2
    assert "HTTP 401" in bad.stderr and url in bad.stderr
    assert "wrong" not in bad.stderr  # the token is never echoed
    assert "Traceback" not in bad.stderr


def test_unreachable_server_is_an_engine_error(mlgov: MlgovRunner, manifest: str) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    run = mlgov("scan", manifest, *NOW, "-q", "--engine", "opa-server", "--opa-url", url)
    assert run.code == 2
    assert "unreachable" in run.stderr and url in run.stderr


def test_preloaded_without_policies_is_undefined_not_a_pass(
    mlgov: MlgovRunner, manifest: str, opa_server: Service
) -> None:
    run = mlgov(
        "scan", manifest, *NOW, "-q", "--engine", "opa-server", "--opa-url", opa_server.url,
        "--opa-policies-preloaded",
    )  # fmt: skip
    assert run.code == 2
    assert "undefined" in run.stderr


def test_missing_opa_binary_is_an_engine_error(mlgov: MlgovRunner, manifest: str) -> None:
    run = mlgov("scan", manifest, *NOW, "-q", "--engine", "opa", "--opa-path", "/nonexistent/opa")
    assert run.code == 2
    assert "opa binary was not found" in run.stderr


def test_opa_server_needs_a_url(mlgov: MlgovRunner, manifest: str) -> None:
    run = mlgov("scan", manifest, *NOW, "-q", "--engine", "opa-server")
    assert run.code == 2
    assert "--opa-url" in run.stderr
