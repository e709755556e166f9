"""A local Vertex AI + Workbench REST server for the GCP collector's tests.

No official emulator exists for Vertex AI or Workbench. This server answers the read methods mlgov
calls, routed and checked by the discovery documents google-api-python-client ships
(tests/collectors/gcp/discovery.py): a request for a method or query parameter the API does not
have is a 400; every seeded resource and every response body is validated against the method's
schema (a field the real API lacks fails the test that seeded it, or answers 500). The client under
test is the real one (google-api-python-client over httplib2, google-auth), pointed here through
``sources.gcp.endpoint`` and an ``authorized_user`` credentials file whose ``token_uri`` is this
server's ``/token``: requests without the token it issued get 401.

Faults are keyed by resource-name prefix (``projects/p2``, ``projects/p1/locations/europe-west4``,
``projects/p1/locations/us-central1/customJobs``): 401, 403, 403 SERVICE_DISABLED, 429 with
Retry-After (a number of times, or always), 503, and a delay (for timeouts). Every request is
recorded by method id, so a test can compare what was called with the documented permissions.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.collectors.gcp.discovery import Discovery, discovery

ALWAYS = -1


@dataclass
class Faults:
    unauthorized: set[str] = field(default_factory=set)
    token_refused: bool = False  # the token endpoint refuses the key, as Google's does a revoked one
    forbidden: set[str] = field(default_factory=set)
    disabled: set[str] = field(default_factory=set)  # 403 SERVICE_DISABLED
    throttled: dict[str, int] = field(default_factory=dict)  # prefix -> 429s left (ALWAYS: forever)
    retry_after: str = "1"
    unavailable: dict[str, int] = field(default_factory=dict)  # prefix -> 503s left (ALWAYS: forever)
    delay: dict[str, float] = field(default_factory=dict)  # prefix -> seconds before answering

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]


@dataclass
class _Project:
    locations: list[str] = field(default_factory=list)
    # location -> collection (models, endpoints, customJobs, trainingPipelines, pipelineJobs) -> items;
    # a model is the list of its versions
    vertex: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    instances: list[dict[str, Any]] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


class VertexServer:
    def __init__(self, max_page: int = 100, *, validate_responses: bool = True) -> None:
        self.aiplatform: Discovery = discovery("aiplatform", "v1")
        self.notebooks: Discovery = discovery("notebooks", "v2")
        self.max_page = max_page
        self.validate_responses = validate_responses  # the benchmark turns it off to time the client
        self.faults = Faults()
        self.calls: Counter[str] = Counter()
        self.token = f"test-token-{secrets.token_hex(8)}"
        self.projects: dict[str, _Project] = {}
        self.pipeline_details: dict[str, dict[str, Any]] = {}  # pipeline job name -> its jobDetail
        self.schema_errors: list[str] = []  # responses the published schema refused (a failing test)
        self._lock = threading.Lock()
        self.url = ""

    # --- seeding (each resource validated against its schema) ---------------------------------
    def reset(self) -> None:
        with self._lock:
            self.projects.clear()
            self.pipeline_details.clear()
            self.calls.clear()
            self.faults.clear()
            self.schema_errors.clear()
            self.max_page = 100

    def project(self, project: str, locations: list[str]) -> None:
        self.projects.setdefault(project, _Project()).locations = list(locations)

    def add(self, collection: str, resource: dict[str, Any]) -> dict[str, Any]:
        """Add a Vertex resource under its name's project and location (a model version joins the
        versions of its model)."""
        schema = {
            "models": "GoogleCloudAiplatformV1Model",
            "endpoints": "GoogleCloudAiplatformV1Endpoint",
            "customJobs": "GoogleCloudAiplatformV1CustomJob",
            "trainingPipelines": "GoogleCloudAiplatformV1TrainingPipeline",
            "pipelineJobs": "GoogleCloudAiplatformV1PipelineJob",
        }[collection]
        self.aiplatform.validate(schema, resource)
        _, project, _, location, *_ = str(resource["name"]).split("/")
        items = self.projects.setdefault(project, _Project()).vertex.setdefault(location, {})
        stored = items.setdefault(collection, [])
        if collection == "models":
            versions = next((m for m in stored if m[0]["name"] == resource["name"]), None)
            if versions is None:
                stored.append([resource])
            else:
                versions.append(resource)
        else:
            stored.append(resource)
        return resource

    def add_pipeline_detail(self, name: str, detail: dict[str, Any]) -> None:
        """A pipeline job's jobDetail: returned by pipelineJobs.get, never by the list view."""
        self.aiplatform.validate("GoogleCloudAiplatformV1PipelineJobDetail", detail)
        self.pipeline_details[name] = detail

    def add_instance(self, instance: dict[str, Any]) -> dict[str, Any]:
        self.notebooks.validate("Instance", instance)
        project = str(instance["name"]).split("/")[1]
        self.projects.setdefault(project, _Project()).instances.append(instance)
        return instance

    # --- answering ---------------------------------------------------------------------------
    def answer(
        self, method: str, path: str, query: dict[str, list[str]]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if path == "/token" and method == "POST" and self.faults.token_refused:
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}, {}
        if path == "/token" and method == "POST":
            return 200, {"access_token": self.token, "expires_in": 3600, "token_type": "Bearer"}, {}
        api = self.notebooks if path.startswith("/v2/") else self.aiplatform
        route = api.route(method, path)
        if route is None:
            return _error(404, "NOT_FOUND", f"no {api.name} method for {method} {path}")
        unknown = sorted(set(query) - route.parameters)
        if unknown:
            return _error(400, "INVALID_ARGUMENT", f"unknown parameter(s) {unknown} for {route.id}")
        with self._lock:
            self.calls[route.id] += 1
        resource = path.split("/", 2)[2] if path.count("/") >= 2 else ""
        fault = self._fault(resource)
        if fault is not None:
            return fault
        body = self._body(route.id, resource, query)
        if body is None:
            return _error(501, "UNIMPLEMENTED", f"the test server does not implement {route.id}")
        if route.response and self.validate_responses:
            api.validate(route.response, body)
        return 200, body, {}

    def authorized(self, header: str | None) -> bool:
        return header == f"Bearer {self.token}"

    def _fault(self, resource: str) -> tuple[int, dict[str, Any], dict[str, str]] | None:
        f = self.faults
        for prefix, seconds in f.delay.items():
            if resource.startswith(prefix):
                time.sleep(seconds)
        if any(resource.startswith(p) for p in f.unauthorized):
            return _error(401, "UNAUTHENTICATED", "injected by the test server")
        if any(resource.startswith(p) for p in f.disabled):
            return _error(403, "PERMISSION_DENIED", "injected by the test server", reason="SERVICE_DISABLED")
        if any(resource.startswith(p) for p in f.forbidden):
            return _error(
                403, "PERMISSION_DENIED", "injected by the test server", reason="IAM_PERMISSION_DENIED"
            )
        for budget, status, state, headers in (
            (f.throttled, 429, "RESOURCE_EXHAUSTED", {"Retry-After": f.retry_after}),
            (f.unavailable, 503, "UNAVAILABLE", {}),
        ):
            for prefix, left in budget.items():
                if resource.startswith(prefix) and left != 0:
                    with self._lock:
                        budget[prefix] = left - 1 if left > 0 else ALWAYS
                    code, body, _ = _error(status, state, "injected by the test server")
                    return code, body, headers
        return None

    def _body(self, method_id: str, resource: str, query: dict[str, list[str]]) -> dict[str, Any] | None:
        parts = resource.split("/")
        project = self.projects.get(parts[1]) if len(parts) > 1 else None
        collection = method_id.split(".")[-2]
        if method_id == "aiplatform.projects.locations.list":
            locations = [
                {"name": f"projects/{parts[1]}/locations/{loc}", "locationId": loc}
                for loc in (project.locations if project else [])
            ]
            return self._page("locations", locations, query)
        if method_id == "notebooks.projects.locations.instances.list":
            location = parts[3]
            found = [
                i
                for i in (project.instances if project else [])
                if location == "-" or str(i["name"]).split("/")[3] == location
            ]
            page = self._page("instances", found, query)
            if project and project.unreachable and "nextPageToken" not in page:
                page["unreachable"] = list(project.unreachable)
            return page
        stored = (project.vertex.get(parts[3], {}) if project else {}) if len(parts) > 3 else {}
        if method_id == "aiplatform.projects.locations.models.list":
            defaults = [
                next((v for v in m if "default" in v.get("versionAliases", [])), m[0])
                for m in stored.get("models", [])
            ]
            return self._page("models", defaults, query)
        if method_id == "aiplatform.projects.locations.models.listVersions":
            name = resource.removesuffix(":listVersions")
            versions = next((m for m in stored.get("models", []) if m[0]["name"] == name), None)
            return None if versions is None else self._page("models", versions, query)
        if method_id == "aiplatform.projects.locations.pipelineJobs.get":
            job = next((j for j in stored.get("pipelineJobs", []) if j["name"] == resource), None)
            if job is None:
                return None
            detail = self.pipeline_details.get(resource)
            return {**job, "jobDetail": detail} if detail else dict(job)
        if method_id.endswith(".list") and collection in {
            "endpoints",
            "customJobs",
            "trainingPipelines",
            "pipelineJobs",
        }:
            return self._page(collection, stored.get(collection, []), query)
        return None

    def _page(self, key: str, items: list[Any], query: dict[str, list[str]]) -> dict[str, Any]:
        size = min(int((query.get("pageSize") or ["50"])[0]) or 50, self.max_page)
        token = (query.get("pageToken") or [""])[0]
        start = int(token.removeprefix("page-")) if token.startswith("page-") else 0
        page: dict[str, Any] = {key: items[start : start + size]}
        if start + size < len(items):
            page["nextPageToken"] = f"page-{start + size}"
        return page


def _error(
    status: int, state: str, message: str, reason: str | None = None
) -> tuple[int, dict[str, Any], dict[str, str]]:
    error: dict[str, Any] = {"code": status, "message": message, "status": state}
    if reason:
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason}]
    return status, {"error": error}, {}


@contextmanager
def serve(server: VertexServer) -> Iterator[VertexServer]:
    """Listen on a free 127.0.0.1 port until the block ends (shut down, then closed)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # headers and body go out as two writes: without TCP_NODELAY every keep-alive answer waits
        # for the client's delayed ACK (~40 ms)
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:
            return None

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            url = urlsplit(self.path)
            query = parse_qs(url.query, keep_blank_values=True)
            if url.path != "/token" and not server.authorized(self.headers.get("Authorization")):
                status, body, headers = _error(401, "UNAUTHENTICATED", "missing or unknown bearer token")
            else:
                try:
                    status, body, headers = server.answer(self.command, url.path, query)
                except ValueError as exc:  # a response the published schema does not allow
                    server.schema_errors.append(str(exc))
                    status, body, headers = _error(500, "INTERNAL", "the response failed schema validation")
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    # a short poll: shutdown() waits up to one poll interval (0.5 s by default, every test)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
