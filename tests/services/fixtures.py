"""Session-scoped fixtures for the real services the tests talk to.

Each service starts lazily (only when a test asks for it), listens on a free loopback port, is
stopped by PID when the session ends, and has its log tail attached to any failing test that used it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.services.processes import Service, free_port, start
from tests.services.tools import INSTALL_HINT, repo_root, tool

_STARTED: dict[str, Service] = {}


def _http_ok(
    url: str, headers: dict[str, str] | None = None, method: str = "GET", timeout: float = 2
) -> bool:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return bool(200 <= response.status < 300)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _register(fixture: str, service: Service) -> Service:
    _STARTED[fixture] = service
    return service


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.failed:
        for name in getattr(item, "fixturenames", ()):
            service = _STARTED.get(name)
            if service is not None:
                report.sections.append((f"{service.name} log (last lines)", service.log_tail()))


@pytest.fixture(scope="session")
def services_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("services")


def _opa(services_dir: Path, token: str | None) -> Iterator[Service]:
    port = free_port()
    argv = [str(tool("opa")), "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-level", "error"]
    headers: dict[str, str] = {}
    name = "opa"
    if token:
        name = "opa-token"
        authz = services_dir / "authz.rego"
        # OPA's own authorization policy: only our bearer token gets in
        authz.write_text(
            f'package system.authz\n\ndefault allow := false\n\nallow if input.identity == "{token}"\n'
        )
        argv += ["--authentication", "token", "--authorization", "basic", str(authz)]
        headers = {"Authorization": f"Bearer {token}"}
    url = f"http://127.0.0.1:{port}"
    service = start(name, argv, url, services_dir, lambda: _http_ok(f"{url}/health", headers))
    if token:
        service.extra["token"] = token
    yield _register("opa_server_with_token" if token else "opa_server", service)
    service.stop()


@pytest.fixture(scope="session")
def opa_server(services_dir: Path) -> Iterator[Service]:
    yield from _opa(services_dir, None)


@pytest.fixture(scope="session")
def opa_server_with_token(services_dir: Path) -> Iterator[Service]:
    yield from _opa(services_dir, "mlgov-test-token-4f2a")


@pytest.fixture(scope="session")
def moto_server_session(services_dir: Path) -> Iterator[Service]:
    if importlib.util.find_spec("moto") is None:
        pytest.fail(f"moto[server] is not installed in this environment; {INSTALL_HINT}", pytrace=False)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    service = start("moto", argv, url, services_dir, lambda: _http_ok(f"{url}/moto-api/reset", method="POST"))
    yield _register("moto_server_session", service)
    service.stop()


@pytest.fixture
def moto_server(moto_server_session: Service) -> Service:
    """The shared moto server, with its state reset before each test."""
    # resetting takes seconds once a test has filled many regions
    if not _http_ok(f"{moto_server_session.url}/moto-api/reset", method="POST", timeout=120):
        pytest.fail(f"could not reset moto:\n{moto_server_session.log_tail()}", pytrace=False)
    _STARTED["moto_server"] = moto_server_session
    return moto_server_session


@pytest.fixture(scope="session")
def mlflow_server(services_dir: Path) -> Iterator[Service]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    store = services_dir / "mlflow"
    store.mkdir()
    argv = [
        str(tool("mlflow")),
        "server",
        "--backend-store-uri",
        f"sqlite:///{store / 'mlflow.db'}",
        "--artifacts-destination",
        str(store / "artifacts"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    env = {"MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
    service = start(
        "mlflow", argv, url, services_dir, lambda: _http_ok(f"{url}/health"), env=env, timeout=120
    )
    yield _register("mlflow_server", service)
    service.stop()


@pytest.fixture(scope="session")
def kube_apiserver(services_dir: Path) -> Iterator[Service]:
    tool("kube-apiserver")
    tool("etcd")
    state = services_dir / "cluster"
    script = repo_root() / "scripts" / "test-cluster"
    proc = subprocess.run(
        [str(script), "up", str(state)], capture_output=True, text=True, timeout=240, check=False
    )
    if proc.returncode != 0:
        subprocess.run([str(script), "down", str(state)], capture_output=True, timeout=60, check=False)
        logs = "\n".join(
            f"--- {p.name}\n" + "\n".join(p.read_text(errors="replace").splitlines()[-30:])
            for p in sorted(state.glob("*.log"))
        )
        pytest.fail(f"scripts/test-cluster up failed:\n{proc.stdout}\n{proc.stderr}\n{logs}", pytrace=False)
    kubeconfig = proc.stdout.strip().splitlines()[-1]
    port = (state / "apiserver.port").read_text().strip()
    service = Service(
        name="kube-apiserver", url=f"https://127.0.0.1:{port}", log=state / "kube-apiserver.log"
    )
    service.extra.update(kubeconfig=kubeconfig, token=(state / "admin.token").read_text().strip())
    startup = next((line for line in proc.stdout.splitlines() if " up in " in line), "")
    service.extra["startup"] = startup
    yield _register("kube_apiserver", service)
    subprocess.run([str(script), "down", str(state)], capture_output=True, timeout=60, check=False)


@dataclass(frozen=True)
class Rendered:
    png: Path
    log: str  # Chromium's stderr, with console messages (--enable-logging=stderr)


Screenshot = Callable[[Path], Rendered]


@pytest.fixture(scope="session")
def chromium(services_dir: Path) -> Screenshot:
    binary = tool("chromium")
    counter = iter(range(1_000_000))

    def screenshot(html: Path, width: int = 1280, height: int = 900) -> Rendered:
        index = next(counter)
        out = services_dir / f"screenshot-{index}.png"
        profile = services_dir / f"chromium-profile-{index}"
        argv = [
            str(binary),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={out}",
            html.resolve().as_uri(),
        ]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode != 0 or not out.exists():
            pytest.fail(f"chromium failed ({proc.returncode}):\n{proc.stderr[-3000:]}", pytrace=False)
        return Rendered(png=out, log=proc.stderr)

    return screenshot


def json_request(
    url: str, method: str = "GET", body: object = None, token: str | None = None
) -> tuple[int, object]:
    """A tiny HTTP client for smoke tests: (status, parsed JSON or text)."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read().decode()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")
