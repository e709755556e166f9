"""Start a server on a free loopback port, wait until it answers, stop it by PID."""

from __future__ import annotations

import contextlib
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
    """A server we started: its logs are shown when a test that used it fails.

    `extra` holds what a particular service adds: `token` (OPA with token auth, kube-apiserver),
    `kubeconfig` (kube-apiserver); the properties below read them.
    """

    name: str
    url: str
    log: Path
    process: subprocess.Popen[bytes] | None = None
    extra: dict[str, str] = field(default_factory=dict)
    started_in: float = 0.0  # seconds from launch until it answered
    more_logs: list[Path] = field(default_factory=list)

    @property
    def token(self) -> str | None:
        """The bearer token this server wants, if any."""
        return self.extra.get("token")

    @property
    def kubeconfig(self) -> Path:
        return Path(self.extra["kubeconfig"])

    def log_tail(self, lines: int = 40) -> str:
        tails = []
        for log in [self.log, *self.more_logs]:
            try:
                text = "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) or "(empty log)"
            except OSError:
                text = "(no log)"
            tails.append(text if not self.more_logs else f"--- {log}\n{text}")
        return "\n".join(tails)

    def stop(self) -> None:
        if self.process is None:
            return
        # the process leads its own group (start_new_session), so the group is exactly what we
        # started: the server and any workers it forked
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # whatever outlived its leader
        if self.process.poll() is None:
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
            service.stop()
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
