"""A fault-injecting HTTP proxy in front of the real moto server.

moto answers every region alike and never throttles; AWS does both. The proxy reads the region and
service from each request's SigV4 credential scope and, for the rules it is given, answers as AWS
would (AccessDeniedException, ThrottlingException); every other request goes to moto unchanged.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")


@dataclass
class Faults:
    deny: set[tuple[str, str]] = field(default_factory=set)  # (region, service) -> AccessDenied
    throttle: set[tuple[str, str]] = field(default_factory=set)  # (region, service) -> always throttled
    counts: dict[str, int] = field(default_factory=dict)  # "denied" / "throttled" / "forwarded"

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


@contextmanager
def fault_proxy(target: str, faults: Faults) -> Iterator[str]:
    upstream = urlsplit(target)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            return None

        def _answer(self, status: int, code: str) -> None:
            body = json.dumps({"__type": code, "message": f"{code} injected by the test proxy"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("x-amzn-ErrorType", code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            scope = _SCOPE.search(self.headers.get("Authorization", ""))
            key = (scope[1], scope[2]) if scope else ("", "")
            if key in faults.deny:
                faults.count("denied")
                return self._answer(400, "AccessDeniedException")
            if key in faults.throttle:
                faults.count("throttled")
                return self._answer(400, "ThrottlingException")
            faults.count("forwarded")
            conn = http.client.HTTPConnection(upstream.hostname or "127.0.0.1", upstream.port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            conn.request(self.command, self.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in {"transfer-encoding", "connection", "content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            conn.close()

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # a short poll: shutdown() waits up to one poll interval (0.5 s by default, every test)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
