"""Evaluate rule queries in parallel regorus worker processes, handing out one query at a time.

Each worker parses the input once and then takes the next query as soon as it finishes one, so a
slow package never leaves the other core idle. Workers are started fresh (not forked: the parent
may hold collector thread pools) and run only the standard library and regorus.
"""

from __future__ import annotations

import json
import selectors
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from scanner.engine import regorus_worker as protocol
from scanner.model import EngineError

WORKER_SCRIPT = Path(protocol.__file__).resolve()


def evaluation_failed(detail: str, query: str) -> EngineError:
    """regorus raised while evaluating ``query``, in a worker or in this process."""
    return EngineError(
        f"evaluation failed: {detail}",
        where=f"embedded engine, query {query}",
        hint="a built-in raised an error; run `mlgov policy test` and check custom policies",
    )


class _Worker:
    """One worker process we started; stopped (by its PID) whatever happens to the evaluation."""

    def __init__(self, number: int) -> None:
        self.number = number
        # the worker's stderr, read only when it dies; closed in stop()
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            # -I: no user site-packages, no PYTHON* variables, no current directory on sys.path
            self.process = subprocess.Popen(
                [sys.executable, "-I", str(WORKER_SCRIPT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as exc:
            self._stderr.close()
            raise EngineError(
                f"could not start an evaluation worker: {exc}",
                where="embedded engine",
                hint="run with --jobs 1 to evaluate in this process",
            ) from exc
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.stdout: IO[bytes] = self.process.stdout
        self.query: str | None = None

    def send(self, *parts: bytes) -> None:
        try:
            protocol.write_frame(self.stdin, *parts)
        except (BrokenPipeError, OSError):
            raise self.died() from None

    def ask(self, query: str) -> None:
        self.query = query
        self.send(query.encode())

    def finish(self) -> None:
        self.query = None
        try:
            protocol.write_frame(self.stdin, b"")
            self.stdin.close()
        except OSError:
            pass  # it exited already; stop() collects its status

    def answer(self) -> tuple[str, bytes]:
        frame = protocol.read_frame(self.stdout)
        if frame is None:
            raise self.died()
        query, self.query = self.query or "", None
        if frame[:1] == protocol.FAILED:
            raise evaluation_failed(frame[1:].decode(errors="replace"), query)
        return query, frame[1:]

    def died(self) -> EngineError:
        code = self.process.wait()
        self._stderr.seek(0)
        last = self._stderr.read().decode(errors="replace").strip().splitlines()[-1:]
        detail = f": {last[0][:300]}" if last else ""
        return EngineError(
            f"evaluation worker {self.number} exited with code {code}{detail}",
            where="embedded engine" + (f", query {self.query}" if self.query else ""),
            hint="a worker that runs out of memory is killed by the system; try --jobs 1",
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.stdin, self.stdout, self._stderr):
            stream.close()


def evaluate_in_workers(
    modules: Sequence[tuple[str, str]],
    encoded_input: Callable[[], bytes],
    queries: Sequence[str],
    jobs: int,
    on_answer: Callable[[str, bytes], None],
) -> None:
    """Run every query over the input in ``jobs`` workers; ``on_answer`` receives each result
    (query, JSON) as it arrives, so the parent parses while the workers still evaluate. The input
    is encoded here and dropped once every worker has it."""
    pending = deque(queries)
    workers: list[_Worker] = []
    try:
        for number in range(1, min(jobs, len(pending)) + 1):
            workers.append(_Worker(number))  # one by one: if a later one fails, the earlier are stopped
        header = json.dumps([list(m) for m in modules]).encode()
        payload = encoded_input()
        for worker in workers:
            worker.send(header)
            worker.send(payload)
        del payload
        with selectors.DefaultSelector() as selector:
            for worker in workers:
                worker.ask(pending.popleft())
                selector.register(worker.stdout, selectors.EVENT_READ, worker)
            busy = len(workers)
            while busy:
                for key, _ in selector.select():
                    worker = key.data
                    on_answer(*worker.answer())
                    if pending:
                        worker.ask(pending.popleft())
                    else:
                        worker.finish()
                        selector.unregister(worker.stdout)
                        busy -= 1
    finally:
        for worker in workers:
            worker.stop()
