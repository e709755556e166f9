"""Headless Chromium driven over the DevTools protocol on a pipe (stdlib only, no websocket).

`--remote-debugging-pipe` makes Chromium read protocol commands from fd 3 and write replies and
events to fd 4, each message a JSON object followed by a NUL byte. Every page is loaded in a fresh
browser context; while it loads, console messages, uncaught exceptions, browser log entries (failed
loads, CSP violations) and every network request are recorded, then the page is screenshotted.
Host names other than localhost resolve to nothing, so a page cannot reach the network, but its
attempts are still recorded.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Schemes that stay on this machine; anything else a page requests is an external request.
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:", "chrome:", "devtools:")


class BrowserError(RuntimeError):
    pass


@dataclass(frozen=True)
class ConsoleMessage:
    level: str  # "error", "warning", "info", "log", "debug", ...
    text: str
    source: str  # "console-api", "exception", or a Log.entryAdded source ("network", "security", ...)
    url: str = ""


@dataclass(frozen=True)
class Rendered:
    """One page as Chromium rendered it."""

    png: Path
    console: list[ConsoleMessage] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for, in order
    failed_requests: list[str] = field(default_factory=list)  # "URL: net::ERR_..."
    log: str = ""  # the browser's own stderr (tail), for diagnosis

    @property
    def errors(self) -> list[ConsoleMessage]:
        return [m for m in self.console if m.level == "error"]

    @property
    def external_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]


def _high_fd(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


def _remote_object_text(obj: dict[str, Any]) -> str:
    if "value" in obj:
        value = obj["value"]
        return value if isinstance(value, str) else json.dumps(value)
    return str(obj.get("description", obj.get("type", "")))


class Browser:
    """One headless Chromium process; `render` may be called many times."""

    def __init__(self, binary: Path, workdir: Path, log: Path) -> None:
        self.workdir = workdir
        self.log = log
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # the child's ends above fd 9, so that moving them to 3 and 4 cannot clobber one another
        to_chrome_r, from_chrome_w = _high_fd(to_chrome_r), _high_fd(from_chrome_w)
        argv = [
            "/bin/bash",  # dash cannot redirect fds above 9
            "-c",
            # put our pipe ends where Chromium looks for them: fd 3 (commands in), fd 4 (replies out)
            f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w} {to_chrome_r}<&- {from_chrome_w}>&-',
            str(binary),
            "--headless",
            "--remote-debugging-pipe",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-sync",
            "--disable-quic",
            "--mute-audio",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={workdir / 'profile'}",
            "about:blank",
        ]
        with log.open("wb") as handle:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                pass_fds=(to_chrome_r, from_chrome_w),
                start_new_session=True,
            )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.version = str(self.call("Browser.getVersion", timeout=60)["product"])

    # --- protocol -------------------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError(f"no answer from Chromium in time; log tail:\n{self.log_tail()}")
            ready, _, _ = select.select([self._from_chrome], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise BrowserError(
                    f"Chromium closed its pipe (exit {self.process.poll()}):\n{self.log_tail()}"
                )
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = 30,
    ) -> dict[str, Any]:
        self._next_id += 1
        request: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            request["sessionId"] = session
        os.write(self._to_chrome, json.dumps(request).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def _wait_event(self, method: str, session: str, timeout: float, **match: str) -> bool:
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for event in self._events[seen:]:
                params = event.get("params", {})
                if (
                    event.get("method") == method
                    and event.get("sessionId") == session
                    and all(params.get(k) == v for k, v in match.items())
                ):
                    return True
            seen = len(self._events)
            try:
                message = self._read_message(deadline)
            except BrowserError:
                if time.monotonic() >= deadline and self.process.poll() is None:
                    return False
                raise
            if "method" in message:
                self._events.append(message)

    # --- pages ----------------------------------------------------------------------------------
    def render(
        self, url: str, png: Path, width: int = 1280, height: int = 900, timeout: float = 30
    ) -> Rendered:
        """Load URL in a fresh context, wait for load and network idle, screenshot it to PNG."""
        self._events.clear()
        context = self.call("Target.createBrowserContext")["browserContextId"]
        try:
            target = self.call("Target.createTarget", {"url": "about:blank", "browserContextId": context})
            session = str(
                self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})[
                    "sessionId"
                ]
            )
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.call(f"{domain}.enable", session=session)
            self.call("Page.setLifecycleEventsEnabled", {"enabled": True}, session=session)
            self.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                session=session,
            )
            self._events.clear()  # only what the page itself does
            navigation = self.call("Page.navigate", {"url": url}, session=session)
            if navigation.get("errorText"):
                raise BrowserError(f"navigation to {url} failed: {navigation['errorText']}")
            if not self._wait_event("Page.loadEventFired", session, timeout):
                raise BrowserError(f"{url} did not finish loading within {timeout}s")
            self._wait_event("Page.lifecycleEvent", session, 5, name="networkIdle")
            shot = self.call("Page.captureScreenshot", {"format": "png"}, session=session)
            png.write_bytes(base64.b64decode(shot["data"]))
            events = [e for e in self._events if e.get("sessionId") == session]
            self.call("Target.closeTarget", {"targetId": target["targetId"]})
        finally:
            self.call("Target.disposeBrowserContext", {"browserContextId": context})
        return self._rendered(png, events)

    def _rendered(self, png: Path, events: list[dict[str, Any]]) -> Rendered:
        console: list[ConsoleMessage] = []
        requests: list[str] = []
        failed: list[str] = []
        urls: dict[str, str] = {}
        for event in events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                level = {"warning": "warning", "error": "error", "assert": "error"}.get(
                    params["type"], params["type"]
                )
                text = " ".join(_remote_object_text(a) for a in params.get("args", []))
                console.append(ConsoleMessage(level, text, "console-api"))
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                text = details.get("exception", {}).get("description") or details.get("text", "")
                console.append(ConsoleMessage("error", str(text), "exception", details.get("url", "")))
            elif method == "Log.entryAdded":
                entry = params["entry"]
                console.append(
                    ConsoleMessage(entry["level"], entry["text"], entry["source"], entry.get("url", ""))
                )
            elif method == "Network.requestWillBeSent":
                urls[params["requestId"]] = params["request"]["url"]
                requests.append(params["request"]["url"])
            elif method == "Network.loadingFailed":
                reason = params.get("blockedReason") or params.get("errorText", "")
                failed.append(f"{urls.get(params['requestId'], '?')}: {reason}")
        return Rendered(
            png=png, console=console, requests=requests, failed_requests=failed, log=self.log_tail()
        )

    # --- lifecycle ------------------------------------------------------------------------------
    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(BrowserError, OSError):
                self.call("Browser.close", timeout=10)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                # the browser and its helpers (zygote, renderers) share the group we gave it
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        for fd in (self._to_chrome, self._from_chrome):
            with contextlib.suppress(OSError):
                os.close(fd)
