"""Session-scoped fixtures for the real services the tests talk to.

Registered for the whole suite by `pytest_plugins = ["tests.services.fixtures"]` in tests/conftest.py.
Each service starts lazily (the first time a test asks for it), listens on a free 127.0.0.1 port,
is stopped by PID when the session ends, and has its log tail attached to any failing test that
used it. A missing tool fails the test, naming the tool and scripts/install-test-tools; it never skips.
Tests that use any of these fixtures get the `services` marker, so `-m "not services"` leaves them out.

    opa_server, opa_server_with_token   Service: .url, .token (None without auth)
    kube_apiserver                      Service: .url, .token, .kubeconfig (scripts/test-cluster)
    moto_server                         Service: .url, state reset before each test
    mlflow_server                       Service: .url (SQLite backend, one worker)
    mlflow_auth_server                  the same with MLflow's basic-auth app (admin / MLFLOW_ADMIN_PASSWORD)
    mlflow_server_disposable            a private MLflow server the test may stop
    mlflow_client                       run Python in MLflow's own venv against mlflow_server
    chromium                            render a local HTML file: PNG, console messages, requests
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.services.browser import Browser, BrowserError, ConsoleMessage, Rendered
from tests.services.processes import Service, free_port, start
from tests.services.tools import INSTALL_HINT, repo_root, tool

__all__ = ["ConsoleMessage", "MlflowScript", "Rendered", "Screenshot", "Service", "json_request"]

SERVICE_FIXTURES = (
    "opa_server",
    "opa_server_with_token",
    "kube_apiserver",
    "moto_server",
    "moto_server_session",
    "mlflow_server",
    "mlflow_auth_server",
    "mlflow_server_disposable",
    "mlflow_client",
    "chromium",
)

# MLflow 3 sends usage telemetry unless told not to; tests touch no network
MLFLOW_OFFLINE = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
MLFLOW_ADMIN_PASSWORD = "test-only-admin-pw-7d41"  # the auth server's admin, a throwaway

# fixture name -> the service it started; read by the report hook below
_STARTED: dict[str, Service] = {}

Screenshot = Callable[..., Rendered]  # (html: Path | str, width=1280, height=900) -> Rendered
MlflowScript = Callable[..., Any]  # (code: str, **variables) -> the JSON the code printed last


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if set(getattr(item, "fixturenames", ())) & set(SERVICE_FIXTURES):
            item.add_marker(pytest.mark.services)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.failed:
        shown: set[int] = set()
        for name in getattr(item, "fixturenames", ()):
            service = _STARTED.get(name)
            if service is not None and id(service) not in shown:
                shown.add(id(service))
                report.sections.append((f"{service.name} log (last lines)", service.log_tail()))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    services = {id(s): s for s in _STARTED.values()}.values()
    if services:
        started = ", ".join(f"{s.name} {s.started_in:.1f}s" for s in services)
        terminalreporter.write_line(f"services started (time to ready): {started}")


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


@pytest.fixture(scope="session")
def services_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("services")


# --- OPA ------------------------------------------------------------------------------------------
def _opa(services_dir: Path, token: str | None) -> Iterator[Service]:
    port = free_port()
    argv = [str(tool("opa")), "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-level", "info"]
    argv.append("--skip-version-check")  # no call home: tests touch no network
    headers: dict[str, str] = {}
    name = "opa"
    if token:
        name = "opa-token"
        authz = services_dir / "opa-authz.rego"
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
    """`opa run --server` without authentication."""
    yield from _opa(services_dir, None)


@pytest.fixture(scope="session")
def opa_server_with_token(services_dir: Path) -> Iterator[Service]:
    """`opa run --server` that answers only requests bearing `.token` (401 otherwise)."""
    yield from _opa(services_dir, os.urandom(16).hex())


# --- moto -----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def moto_server_session(services_dir: Path) -> Iterator[Service]:
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None:
        pytest.fail(f"moto[server] is not installed in this venv; {INSTALL_HINT}", pytrace=False)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    service = start("moto", argv, url, services_dir, lambda: _http_ok(f"{url}/moto-api/reset", method="POST"))
    yield _register("moto_server_session", service)
    service.stop()


@pytest.fixture
def moto_server(moto_server_session: Service) -> Service:
    """The session's moto server, its state reset (POST /moto-api/reset) before each test."""
    # resetting takes seconds once a test has filled many regions
    if not _http_ok(f"{moto_server_session.url}/moto-api/reset", method="POST", timeout=120):
        pytest.fail(f"could not reset moto:\n{moto_server_session.log_tail()}", pytrace=False)
    _STARTED["moto_server"] = moto_server_session
    return moto_server_session


# --- MLflow ---------------------------------------------------------------------------------------
def _start_mlflow(services_dir: Path, name: str, *, auth: bool = False) -> Service:
    """`mlflow server` from its own venv: SQLite backend, local artifacts, one worker, no job runner.
    With ``auth``: MLflow's basic-auth app, admin user `admin` with password ``MLFLOW_ADMIN_PASSWORD``."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    store = services_dir / name
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
    env = {"MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false", **MLFLOW_OFFLINE}
    if auth:
        config = store / "basic_auth.ini"
        config.write_text(
            "[mlflow]\ndefault_permission = READ\n"
            f"database_uri = sqlite:///{store / 'auth.db'}\n"
            f"admin_username = admin\nadmin_password = {MLFLOW_ADMIN_PASSWORD}\n"
            "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\n",
            encoding="utf-8",
        )
        argv += ["--app-name", "basic-auth"]
        env |= {
            "MLFLOW_AUTH_CONFIG_PATH": str(config),
            "MLFLOW_FLASK_SERVER_SECRET_KEY": "test-only-csrf-key",
        }
    # /health answers without credentials in the auth app too
    return start(name, argv, url, services_dir, lambda: _http_ok(f"{url}/health"), env=env, timeout=120)


@pytest.fixture(scope="session")
def mlflow_server(services_dir: Path) -> Iterator[Service]:
    """The session's MLflow server (no authentication). Tests share it: name what you create uniquely."""
    service = _start_mlflow(services_dir, "mlflow")
    yield _register("mlflow_server", service)
    service.stop()


@pytest.fixture(scope="session")
def mlflow_auth_server(services_dir: Path) -> Iterator[Service]:
    """An MLflow server with the basic-auth app: requests need `admin` / MLFLOW_ADMIN_PASSWORD."""
    service = _start_mlflow(services_dir, "mlflow-auth", auth=True)
    yield _register("mlflow_auth_server", service)
    service.stop()


@pytest.fixture
def mlflow_server_disposable(services_dir: Path, request: pytest.FixtureRequest) -> Iterator[Service]:
    """A private MLflow server the test may stop (Service.stop) whenever it likes."""
    service = _start_mlflow(services_dir, f"mlflow-{request.node.name[:40]}-{free_port()}")
    yield _register("mlflow_server_disposable", service)
    service.stop()


@pytest.fixture(scope="session")
def mlflow_client(mlflow_server: Service) -> MlflowScript:
    """Run Python code with MLflow's own client (the server's venv) against `mlflow_server`.

    The code sees `client` (an `mlflow.MlflowClient`), `mlflow`, and the keyword arguments as
    variables `args` (a dict); whatever it assigns to `result` comes back as JSON. This keeps
    mlflow out of the project's venv and the client's version equal to the server's.
    """
    python = Path(os.path.realpath(tool("mlflow"))).parent / "python"
    prologue = (
        "import json, sys\n"
        "import mlflow\n"
        "from mlflow import MlflowClient\n"
        "args = json.loads(sys.argv[1])\n"
        "client = MlflowClient()\n"
        "result = None\n"
    )
    epilogue = "\nprint('\\n@@result@@' + json.dumps(result, default=str))\n"

    def run(code: str, **variables: Any) -> Any:
        proc = subprocess.run(
            [str(python), "-c", prologue + code + epilogue, json.dumps(variables)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, **MLFLOW_OFFLINE, "MLFLOW_TRACKING_URI": mlflow_server.url},
        )
        if proc.returncode != 0 or "@@result@@" not in proc.stdout:
            pytest.fail(
                f"MLflow client script failed ({proc.returncode}):\n{proc.stderr[-4000:]}", pytrace=False
            )
        return json.loads(proc.stdout.rsplit("@@result@@", 1)[1])

    return run


# --- Kubernetes -----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def kube_apiserver(services_dir: Path) -> Iterator[Service]:
    """etcd + kube-apiserver with the ML CRDs, through scripts/test-cluster (admin bearer token)."""
    tool("kube-apiserver")
    tool("etcd")
    state = services_dir / "cluster"
    script = repo_root() / "scripts" / "test-cluster"
    began = time.monotonic()
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
    port = (state / "apiserver.port").read_text().strip()
    service = Service(
        name="kube-apiserver",
        url=f"https://127.0.0.1:{port}",
        log=state / "kube-apiserver.log",
        more_logs=[state / "etcd.log"],
        started_in=time.monotonic() - began,
    )
    service.extra.update(
        kubeconfig=proc.stdout.strip().splitlines()[-1],
        token=(state / "admin.token").read_text().strip(),
        state=str(state),
    )
    yield _register("kube_apiserver", service)
    subprocess.run([str(script), "down", str(state)], capture_output=True, timeout=60, check=False)


# --- Chromium -------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def chromium(services_dir: Path) -> Iterator[Screenshot]:
    """A function rendering a local HTML file (or a URL) in headless Chromium.

    `chromium(path)` returns a `Rendered`: `.png` (the screenshot's path), `.console` (console
    messages, uncaught exceptions, browser log entries such as failed loads), `.errors`,
    `.requests` (every URL the page asked for) and `.external_requests` (those not file:/data:/...).
    The page cannot reach the network: names other than localhost do not resolve.
    """
    binary = tool("chromium")
    workdir = services_dir / "chromium"
    workdir.mkdir()
    began = time.monotonic()
    try:
        browser = Browser(binary, workdir, workdir / "chromium.log")
    except BrowserError as exc:
        pytest.fail(f"chromium did not start: {exc}", pytrace=False)
    service = Service(name="chromium", url="", log=browser.log, started_in=time.monotonic() - began)
    service.extra["version"] = browser.version
    _register("chromium", service)
    counter = iter(range(1_000_000))

    def screenshot(html: Path | str, width: int = 1280, height: int = 900) -> Rendered:
        url = html if isinstance(html, str) else html.resolve().as_uri()
        png = workdir / f"screenshot-{next(counter)}.png"
        try:
            return browser.render(url, png, width=width, height=height)
        except BrowserError as exc:
            pytest.fail(f"chromium could not render {url}: {exc}", pytrace=False)

    yield screenshot
    browser.close()


# --- HTTP for smoke tests -------------------------------------------------------------------------
def json_request(
    url: str, method: str = "GET", body: object = None, token: str | None = None
) -> tuple[int, Any]:
    """A tiny HTTP client for smoke tests: (status, parsed JSON, or the text of an error)."""
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
