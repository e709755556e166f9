"""A test-owned HTTP proxy in front of the real kube-apiserver: records every request and can
answer some of them itself.

Why a proxy: the real server serves every request; it cannot be made to expire one continue
token on cue (a 410 needs etcd to compact past the token's revision in the few milliseconds
between two pages), throttle (429) or stall. The proxy answers exactly the injected faults as
the apiserver would (a `Status` body) and forwards everything else, TLS-verified, unchanged.
It listens on plain http on 127.0.0.1; the collector reaches it through a kubeconfig.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Faults:
    gone_on_continue: int = 0  # answer 410 to this many requests that carry a continue token
    status_for: dict[str, list[int]] = field(default_factory=dict)  # path -> statuses to answer first
    delay_for: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    answered: list[tuple[str, int]] = field(default_factory=list)  # (path, injected status)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        return [p for _, p, _ in self.requests]


_REASONS = {410: "Expired", 429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable"}


@contextmanager
def fault_proxy(target: str, ca_file: str, faults: Faults) -> Iterator[str]:
    upstream = urlsplit(target)
    context = ssl.create_default_context(cafile=ca_file)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            return None

        def _status(self, code: int, message: str) -> None:
            body = json.dumps(
                {
                    "kind": "Status",
                    "apiVersion": "v1",
                    "status": "Failure",
                    "message": message,
                    "reason": _REASONS.get(code, "InternalError"),
                    "code": code,
                }
            ).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if code == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            injected: int | None = None
            with faults.lock:
                faults.requests.append((self.command, parts.path, query))
                if "continue" in query and faults.gone_on_continue > 0:
                    faults.gone_on_continue -= 1
                    injected = 410
                elif faults.status_for.get(parts.path):
                    injected = faults.status_for[parts.path].pop(0)
                if injected is not None:
                    faults.answered.append((parts.path, injected))
                delay = faults.delay_for.get(parts.path, 0.0)
            if injected == 410:
                return self._status(
                    410, "The provided continue parameter is too old (injected by the test proxy)"
                )
            if injected is not None:
                return self._status(injected, f"HTTP {injected} injected by the test proxy")
            if delay:
                time.sleep(delay)
            conn = http.client.HTTPSConnection(
                upstream.hostname or "127.0.0.1", upstream.port, context=context, timeout=60
            )
            headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "connection"}}
            conn.request("GET", self.path, headers=headers)
            response = conn.getresponse()
            data = response.read()
            conn.close()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in {"transfer-encoding", "connection", "content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            # the client may have given up already (a timeout test)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # a short poll: shutdown() waits up to one poll interval (0.5 s by default, every test)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
