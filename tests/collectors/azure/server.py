"""A local Azure: an Entra token endpoint and the Microsoft.MachineLearningServices Resource
Manager API (version 2023-04-01), over TLS, on 127.0.0.1 and a free port.

No official emulator exists for Azure Machine Learning. This server answers the list
operations mlgov calls, with bodies validated against the API description (tests/collectors/
azure/spec.py) before they are sent, pages of `page_size` items linked by `nextLink`, and the
faults a test asks for (401/403 per subscription or workspace, 429 with Retry-After, 5xx,
answers slower than the client's timeout). The client side is the real one: azure-identity's
DefaultAzureCredential -> EnvironmentCredential -> ClientSecretCredential -> MSAL, which
discovers the tenant's OpenID configuration and asks for a client-credentials token here, and
azure-core's bearer token policy, which refuses plain http (hence TLS with a test CA).

Everything a test should not see ends up in `violations`: a route the API does not have, a
wrong api-version, a body the API description rejects, any method but GET (mlgov only reads).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.collectors.azure import spec
from tests.collectors.azure.tls import TestTls

SUBSCRIPTIONS_API = "2022-12-01"
PROVIDER = "Microsoft.MachineLearningServices"


@dataclass
class Fault:
    """Answer requests whose path contains `match` (lower case) with `status`: always, or only
    the first `times` of them. `delay` sleeps before answering (status 0: then answer normally)."""

    match: str
    status: int
    times: int | None = None
    retry_after: str | None = None
    delay: float = 0.0
    code: str = ""
    hits: int = 0

    def applies(self, path: str) -> bool:
        return self.match.lower() in path.lower() + "/" and (self.times is None or self.hits < self.times)


@dataclass
class AzureMlServer:
    tls: TestTls
    tenant: str = "11111111-2222-3333-4444-555555555555"
    client_id: str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    client_secret: str = field(default_factory=lambda: "test-secret-" + secrets.token_hex(8))
    page_size: int = 2
    validate: bool = True
    url: str = ""
    subscriptions: dict[str, str] = field(default_factory=dict)  # id -> display name
    collections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # list path -> items
    existing: set[str] = field(default_factory=set)  # lower-case ids of workspaces, endpoints...
    singles: dict[str, dict[str, Any]] = field(default_factory=dict)  # lower-case id -> resource
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path)
    violations: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)  # token scopes asked for
    tokens: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- seeding ---------------------------------------------------------------------------
    def add_subscription(self, subscription: str, name: str = "") -> None:
        self.subscriptions[subscription] = name or subscription

    def add_single(self, item: dict[str, Any]) -> dict[str, Any]:
        """Put a resource that mlgov reads with a GET of its own id (a data asset version)."""
        found = spec.route_for(str(item["id"]), spec.get_routes())
        if found is None:
            raise AssertionError(f"no GET operation of the API has the path {item['id']}")
        errors = spec.validate(item, found[0].item_model)
        if errors:
            raise AssertionError(f"{found[0].item_model} does not match the API description: {errors}")
        self.singles[str(item["id"]).lower()] = item
        return item

    def add(self, collection: str, item: dict[str, Any]) -> dict[str, Any]:
        """Put a resource in a collection (a list operation's path); it must satisfy the API
        description of what that operation returns."""
        found = spec.route_for(collection)
        if found is None:
            raise AssertionError(f"no list operation of the API has the path {collection}")
        errors = spec.validate(item, found[0].item_model)
        if errors:
            raise AssertionError(f"{found[0].item_model} does not match the API description: {errors}")
        self.collections.setdefault(collection.lower().rstrip("/"), []).append(item)
        self.existing.add(str(item["id"]).lower())
        return item

    # --- running ---------------------------------------------------------------------------
    @property
    def authority(self) -> str:
        return self.url

    def environment(self) -> dict[str, str]:
        """The variables a process needs to reach this server with DefaultAzureCredential."""
        return {
            "AZURE_TENANT_ID": self.tenant,
            "AZURE_CLIENT_ID": self.client_id,
            "AZURE_CLIENT_SECRET": self.client_secret,
            "AZURE_AUTHORITY_HOST": self.url,
            "AZURE_TOKEN_CREDENTIALS": "EnvironmentCredential",  # nothing else in the chain probes
            "REQUESTS_CA_BUNDLE": str(self.tls.ca_file),
        }

    def action_of(self, path: str) -> str:
        """The Azure RBAC action a GET of `path` needs: the resource types along the path."""
        parts = [p for p in path.split("/") if p]
        if len(parts) == 1 and parts[0].lower() == "subscriptions":
            return "Microsoft.Resources/subscriptions/read"
        lowered = [p.lower() for p in parts]
        if "providers" not in lowered:
            return f"unknown:{path}"
        after = parts[lowered.index("providers") + 1 :]
        provider, rest = after[0], after[1:]
        # a collection path ends with a type; an item path with a name: types sit at even offsets
        types = [rest[i] for i in range(0, len(rest), 2)]
        return "/".join([provider, *types, "read"])

    # --- answering -------------------------------------------------------------------------
    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, str], Any]:
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        with self._lock:
            self.requests.append((method, path))
        segments = [p for p in path.split("/") if p]
        if len(segments) >= 2 and segments[0] == self.tenant:
            return self._identity(method, segments[1:], body)
        if method != "GET":
            self.violations.append(f"{method} {path}: mlgov must never write")
            return 405, {}, _error("MethodNotAllowed", "read-only test server")
        for fault in self.faults:
            if fault.applies(path):
                with self._lock:
                    fault.hits += 1
                if fault.delay:
                    time.sleep(fault.delay)
                if fault.status:
                    extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    return (
                        fault.status,
                        extra,
                        _error(fault.code or f"Http{fault.status}", "injected by the test"),
                    )
        token = headers.get("Authorization", "")
        if not token.startswith("Bearer ") or token.removeprefix("Bearer ") not in self.tokens:
            return 401, {}, _error("InvalidAuthenticationToken", "the access token is invalid")
        if path.rstrip("/").lower() == "/subscriptions":
            return self._subscriptions(query)
        return self._list(path, query)

    def _identity(self, method: str, rest: list[str], body: bytes) -> tuple[int, dict[str, str], Any]:
        base = f"{self.url}/{self.tenant}"
        if method == "GET" and rest == ["v2.0", ".well-known", "openid-configuration"]:
            return (
                200,
                {},
                {
                    "token_endpoint": f"{base}/oauth2/v2.0/token",
                    "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                    "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
                    "issuer": f"{base}/v2.0",
                },
            )
        if method == "POST" and rest == ["oauth2", "v2.0", "token"]:
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if (
                form.get("grant_type") != "client_credentials"
                or form.get("client_id") != self.client_id
                or form.get("client_secret") != self.client_secret
            ):
                return (
                    401,
                    {},
                    {"error": "invalid_client", "error_description": "AADSTS7000215: invalid client"},
                )
            token = secrets.token_urlsafe(24)
            with self._lock:
                self.tokens.add(token)
                self.scopes.append(form.get("scope", ""))
            return (
                200,
                {},
                {"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600, "access_token": token},
            )
        self.violations.append(f"{method} /{self.tenant}/{'/'.join(rest)}: not an identity endpoint")
        return 404, {}, {"error": "not_found"}

    def _api_version(self, query: Mapping[str, list[str]], wanted: str, path: str) -> bool:
        got = (query.get("api-version") or [""])[0]
        if got != wanted:
            self.violations.append(f"GET {path}: api-version {got!r}, the API description is {wanted}")
            return False
        return True

    def _subscriptions(self, query: Mapping[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        if not self._api_version(query, SUBSCRIPTIONS_API, "/subscriptions"):
            return 400, {}, _error("InvalidApiVersionParameter", "unsupported api-version")
        # Microsoft.Resources is not part of the ML API description: the fields follow its
        # published Subscription model (id, subscriptionId, displayName, state, tenantId)
        items = [
            {
                "id": f"/subscriptions/{sid}",
                "subscriptionId": sid,
                "displayName": name,
                "state": "Enabled",
                "tenantId": self.tenant,
            }
            for sid, name in sorted(self.subscriptions.items())
        ]
        return self._page("/subscriptions", SUBSCRIPTIONS_API, items, query, None)

    def _single(
        self, path: str, query: Mapping[str, list[str]], route: spec.Route
    ) -> tuple[int, dict[str, str], Any]:
        if not self._api_version(query, spec.API_VERSION, path):
            return 400, {}, _error("InvalidApiVersionParameter", "unsupported api-version")
        item = self.singles.get(path.lower().rstrip("/"))
        if item is None:
            return 404, {}, _error("ResourceNotFound", "no such resource")
        return 200, {}, item

    def _list(self, path: str, query: Mapping[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        single = spec.route_for(path, spec.get_routes())
        if single is not None:
            return self._single(path, query, single[0])
        found = spec.route_for(path)
        if found is None:
            self.violations.append(f"GET {path}: no operation of the API description has this path")
            return 400, {}, _error("NoRegisteredProviderFound", "unknown path")
        route, _ = found
        if not self._api_version(query, spec.API_VERSION, path):
            return 400, {}, _error("InvalidApiVersionParameter", "unsupported api-version")
        key = path.lower().rstrip("/")
        subscription = key.split("/")[2]
        if subscription not in {s.lower() for s in self.subscriptions}:
            return 404, {}, _error("SubscriptionNotFound", "no such subscription")
        parent = key.rsplit("/", 1)[0]
        nested = "/providers/" in parent and parent.rsplit("/providers/", 1)[1].count("/") >= 2
        if nested and parent not in self.existing:  # a workspace, endpoint or model that is not there
            return 404, {}, _error("ResourceNotFound", "no such resource")
        return self._page(path, spec.API_VERSION, self.collections.get(key, []), query, route)

    def _page(
        self,
        path: str,
        api_version: str,
        items: list[dict[str, Any]],
        query: Mapping[str, list[str]],
        route: spec.Route | None,
    ) -> tuple[int, dict[str, str], Any]:
        start = int((query.get("$skipToken") or ["0"])[0])
        page: dict[str, Any] = {"value": items[start : start + self.page_size]}
        if start + self.page_size < len(items):
            page["nextLink"] = (
                f"{self.url}{path}?api-version={api_version}&$skipToken={start + self.page_size}"
            )
        if route is not None and self.validate:
            errors = spec.validate(page, route.page_model)
            if errors:
                self.violations.append(f"GET {path}: the answer does not match the API description: {errors}")
                return 500, {}, _error("InternalServerError", "invalid test answer")
        return 200, {}, page


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


@contextmanager
def serve(server: AzureMlServer) -> Iterator[AzureMlServer]:
    """Run the server on 127.0.0.1 and a free port until the block ends."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: one TLS handshake per connection
        # one write per answer, sent at once: headers and body in separate small writes would
        # wait on Nagle's algorithm and the client's delayed ACK (40 ms a request)
        wbufsize = 1 << 16
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:
            return None

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, extra, payload = server.handle(self.command, self.path, dict(self.headers.items()), body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.socket = server.tls.server_context().wrap_socket(httpd.socket, server_side=True)
    server.url = f"https://127.0.0.1:{httpd.server_address[1]}"
    # a short poll: shutdown() waits up to one poll interval (0.5 s by default, every test)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
