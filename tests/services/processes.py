"""Start a server on a free loopback port, wait until it answers, stop it by PID."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Service:
    """A process we started: its log is shown when a test that used it fails."""

    name: str
    url: str
    log: Path
    process: subprocess.Popen[bytes] | None = None
    extra: dict[str, str] = field(default_factory=dict)
    started_in: float = 0.0

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # the process leads its own group (start_new_session): signal only what we started
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def start(
    name: str,
    argv: Sequence[str],
    url: str,
    log_dir: Path,
    ready: Callable[[], bool],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> Service:
    log = log_dir / f"{name}.log"
    began = time.monotonic()
    handle = log.open("wb")
    process = subprocess.Popen(
        list(argv),
        stdout=handle,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    handle.close()
    service = Service(name=name, url=url, log=log, process=process)
    deadline = began + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"{name} exited with {process.returncode} while starting:\n{service.log_tail()}",
                pytrace=False,
            )
        try:
            if ready():
                service.started_in = time.monotonic() - began
                return service
        except OSError:
            pass
        time.sleep(0.1)
    service.stop()
    pytest.fail(f"{name} did not become ready within {timeout:.0f}s:\n{service.log_tail()}", pytrace=False)
