"""A local Hugging Face Hub for the Hub collector's tests, shaped by the Hub's documented API.

No Hub runs locally, and the collector must not reach the internet. This server answers the read
endpoints mlgov calls, as the Hub documents them and as huggingface_hub expects them:

    GET /api/models?author=A&expand=P...    the author's models, paged with a Link header
                                            (rel="next", as GitHub pages); private models only
                                            for the token's bearer
    GET /api/models/{org}/{name}/refs       {"branches", "converts", "tags"}: name, ref, targetCommit
    GET /api/organizations/{name}/overview  200 or 404, as /api/users/{name}/overview

Answers are checked against the client: every listed model is parsed by huggingface_hub's own
``ModelInfo`` and any field it does not parse is a schema error (the answer becomes a 500 and the
test fails); an ``expand`` value outside huggingface_hub's ``ExpandModelProperty_T`` is a 400, as
the Hub refuses it. Errors carry the Hub's ``X-Error-Code`` / ``X-Error-Message`` headers, which
huggingface_hub turns into its error classes (a wrong token: 401 "Invalid credentials in
Authorization header"; a private repo without access: RepoNotFound; a gated one: GatedRepo).

Faults are keyed by author or repo id: 401, 403, 404, 429 with Retry-After (a number of times, or
always), 503, and a delay (for timeouts). Every request is counted by endpoint.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, get_args
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

ALWAYS = -1
# what ModelInfo keeps under its own name for backwards compatibility (not unparsed fields)
_COMPAT_ATTRIBUTES = {"lastModified", "cardData", "transformersInfo"}
_BAD_TOKEN = {"X-Error-Message": "Invalid credentials in Authorization header"}


@dataclass
class Faults:
    unauthorized: set[str] = field(default_factory=set)  # author or repo id -> 401
    forbidden: set[str] = field(default_factory=set)  # -> 403
    gated: set[str] = field(default_factory=set)  # repo id -> 403 GatedRepo on its refs
    throttled: dict[str, int] = field(default_factory=dict)  # -> 429s left (ALWAYS: forever)
    retry_after: str = "0"
    unavailable: dict[str, int] = field(default_factory=dict)  # -> 503s left (ALWAYS: forever)
    delay: dict[str, float] = field(default_factory=dict)  # -> seconds before answering
    next_link: str | None = None  # a Link rel="next" on every listing page (a hostile hub)

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]


@dataclass
class Repo:
    item: dict[str, Any]  # the model as the Hub lists it with every expand property
    tags: dict[str, str] = field(default_factory=dict)  # git tag -> commit


class HubServer:
    def __init__(self, page_size: int = 50, *, validate: bool = True) -> None:
        from huggingface_hub.hf_api import ExpandModelProperty_T

        self.expandable = frozenset(get_args(ExpandModelProperty_T))
        self.page_size = page_size
        self.validate = validate  # the benchmark turns it off to time the client alone
        self.faults = Faults()
        self.calls: Counter[str] = Counter()
        self.token = f"hf_test{secrets.token_hex(16)}"
        self.authors: dict[str, str] = {}  # name -> "organizations" or "users"
        self.repos: dict[str, Repo] = {}
        self.schema_errors: list[str] = []
        self.authorizations: list[str] = []  # the Authorization header of every request, for tests
        self._lock = threading.Lock()
        self.url = ""

    # --- seeding --------------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.authors.clear()
            self.repos.clear()
            self.calls.clear()
            self.schema_errors.clear()
            self.authorizations.clear()
            self.faults.clear()

    def add_author(self, name: str, kind: str = "organizations") -> None:
        self.authors[name] = kind

    def add_model(
        self,
        repo_id: str,
        *,
        card: dict[str, Any] | None = None,
        sha: str | None = None,
        tags: dict[str, str] | None = None,
        private: bool = False,
        gated: str | bool = False,
        files: tuple[str, ...] = ("README.md", "config.json", "model.safetensors"),
        created: str = "2026-01-10T09:00:00.000Z",
        modified: str = "2026-10-01T12:30:00.000Z",
    ) -> str:
        """A model as the Hub lists it with every property mlgov may ask for; returns its sha."""
        author = repo_id.split("/", maxsplit=1)[0]
        self.authors.setdefault(author, "organizations")
        sha = sha or secrets.token_hex(20)
        item: dict[str, Any] = {
            "id": repo_id,
            "author": author,
            "sha": sha,
            "createdAt": created,
            "lastModified": modified,
            "private": private,
            "gated": gated,
            "disabled": False,
            "tags": ["transformers", "safetensors", "region:us"],
            "siblings": [{"rfilename": name} for name in files],
        }
        if card is not None:
            item["cardData"] = card
        self._check_model(item)
        self.repos[repo_id] = Repo(item, dict(tags or {}))
        return sha

    # --- answers --------------------------------------------------------------------------------
    def _check_model(self, item: dict[str, Any]) -> None:
        """Every field the server sends is one huggingface_hub's ModelInfo parses."""
        if not self.validate:
            return
        from huggingface_hub.hf_api import ModelInfo

        try:
            info = ModelInfo(**{"siblings": None, **item})  # type: ignore[no-untyped-call]
        except Exception as exc:  # a shape the client cannot parse at all
            self.schema_errors.append(f"{item.get('id')}: ModelInfo refused it: {exc!r}")
            return
        declared = set(ModelInfo.__annotations__) | _COMPAT_ATTRIBUTES
        unparsed = sorted(set(vars(info)) - declared)
        if unparsed:
            self.schema_errors.append(f"{item.get('id')}: fields ModelInfo does not parse: {unparsed}")

    def visible(self, repo: Repo, token: str | None) -> bool:
        return not repo.item["private"] or token == self.token

    def list_models(self, query: dict[str, list[str]], token: str | None) -> tuple[int, Any, dict[str, str]]:
        unknown = sorted(set(query) - {"author", "expand", "cursor"})
        expand = query.get("expand", [])
        wrong = sorted(set(expand) - self.expandable)
        if unknown or wrong:
            return 400, {"error": f"unknown parameter(s) {unknown} or expand value(s) {wrong}"}, {}
        author = (query.get("author") or [""])[0]
        models = [
            r
            for r in sorted(self.repos.values(), key=lambda r: r.item["id"])
            if r.item["author"] == author and self.visible(r, token)
        ]
        start = int((query.get("cursor") or ["0"])[0])
        page = models[start : start + self.page_size]
        keep = {"id", *expand}
        items = [{k: v for k, v in r.item.items() if k in keep} for r in page]
        for item in items:
            self._check_model(item)
        headers = {}
        if self.faults.next_link is not None:
            headers["Link"] = f'<{self.faults.next_link}>; rel="next"'
        elif start + self.page_size < len(models):
            following = urlencode(
                [
                    ("author", author),
                    *(("expand", e) for e in expand),
                    ("cursor", str(start + self.page_size)),
                ]
            )
            headers["Link"] = f'<{self.url}/api/models?{following}>; rel="next"'
        return 200, items, headers

    def refs(self, repo_id: str, token: str | None) -> tuple[int, Any, dict[str, str]]:
        repo = self.repos.get(repo_id)
        if repo is None or not self.visible(repo, token):
            return (
                401 if token is None else 404,
                {"error": "Repository not found"},
                {"X-Error-Code": "RepoNotFound"},
            )
        if repo_id in self.faults.gated:
            return 403, {"error": "Access to this model is restricted"}, {"X-Error-Code": "GatedRepo"}

        def ref(kind: str, name: str, sha: str) -> dict[str, str]:
            return {"name": name, "ref": f"refs/{kind}/{name}", "targetCommit": sha}

        return (
            200,
            {
                "branches": [ref("heads", "main", repo.item["sha"])],
                "converts": [],
                "tags": [ref("tags", name, sha) for name, sha in sorted(repo.tags.items())],
            },
            {},
        )

    def overview(self, kind: str, name: str) -> tuple[int, Any, dict[str, str]]:
        if self.authors.get(name) != kind:
            return 404, {"error": f"{kind[:-1].capitalize()} not found"}, {}
        return 200, {"name": name, "type": "org" if kind == "organizations" else "user"}, {}

    # --- faults ---------------------------------------------------------------------------------
    def fault(self, keys: tuple[str, ...]) -> tuple[int, Any, dict[str, str]] | None:
        f = self.faults
        for key in keys:
            if key in f.delay:
                time.sleep(f.delay[key])
            if key in f.unauthorized:
                return 401, {"error": "Invalid credentials"}, _BAD_TOKEN
            if key in f.forbidden:
                return 403, {"error": "You don't have the rights"}, {}
            for counts, status in ((f.throttled, 429), (f.unavailable, 503)):
                left = counts.get(key)
                if left is not None and left != 0:
                    if left > 0:
                        counts[key] = left - 1
                    extra = {"Retry-After": f.retry_after} if status == 429 else {}
                    return status, {"error": "slow down" if status == 429 else "unavailable"}, extra
        return None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # quiet
        return None

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without this, Nagle and delayed ACK cost 40 ms
        # per request on a kept-alive connection
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        hub = self.server.hub
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        authorization = self.headers.get("Authorization") or ""
        hub.authorizations.append(authorization)
        token = authorization.removeprefix("Bearer ") or None
        path = unquote(parts.path)
        if token is not None and token != hub.token:
            return self._send(401, {"error": "Invalid credentials in Authorization header"}, _BAD_TOKEN)
        if path == "/api/models":
            author = (query.get("author") or [""])[0]
            hub.calls["list"] += 1
            answer = hub.fault((author,)) or hub.list_models(query, token)
        elif path.startswith("/api/models/") and path.endswith("/refs"):
            repo_id = path[len("/api/models/") : -len("/refs")]
            hub.calls["refs"] += 1
            answer = hub.fault((repo_id, repo_id.split("/")[0])) or hub.refs(repo_id, token)
        elif path.startswith(("/api/organizations/", "/api/users/")) and path.endswith("/overview"):
            _, _, kind, name, _ = path.split("/", 4)
            hub.calls["overview"] += 1
            answer = hub.fault((name,)) or hub.overview(kind, name)
        else:
            answer = 404, {"error": f"no such endpoint in the test Hub: {path}"}, {}
        status, body, headers = answer
        if hub.schema_errors:
            status, body, headers = 500, {"error": "schema errors: " + "; ".join(hub.schema_errors)}, {}
        self._send(status, body, headers)

    def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hub: HubServer


@contextmanager
def serve(hub: HubServer) -> Iterator[HubServer]:
    """Serve on a free 127.0.0.1 port until the block ends (then shut down)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.hub = hub
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    # a short poll: shutdown() waits up to one poll interval (0.5 s by default, every test)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
