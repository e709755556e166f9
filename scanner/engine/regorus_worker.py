"""One regorus interpreter in a process of its own: the embedded engine's evaluation worker.

regorus holds the GIL while it evaluates, so threads cannot share the CPU; processes can. The
parent (scanner.engine.worker_pool) runs this file by path and speaks length-prefixed frames:

    parent -> worker: modules (JSON list of [path, source]), input (JSON), then one query per frame;
                      an empty frame (or end of input) ends the session
    worker -> parent: per query, b"O" + the query result as JSON, or b"E" + the error's first line

It imports only the standard library and regorus, so it starts in tens of milliseconds, and it
never imports the scanner package (no collector state crosses into it).
"""

from __future__ import annotations

import json
import struct
import sys
from typing import IO

HEADER = struct.Struct(">Q")
OK = b"O"
FAILED = b"E"


def read_frame(stream: IO[bytes]) -> bytes | None:
    """The next frame, or None at end of stream (a truncated frame counts as the end)."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream: IO[bytes], *parts: bytes) -> None:
    stream.write(HEADER.pack(sum(len(p) for p in parts)))
    for part in parts:
        stream.write(part)
    stream.flush()


def first_line(exc: BaseException) -> str:
    # regorus appends a Rust stack backtrace to its messages; the parent needs the first part only
    return str(exc).split("\nStack backtrace:")[0].strip()


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> int:
    import regorus  # noqa: PLC0415 - imported here so `--help`-style imports of this file stay cheap

    modules, payload = read_frame(stdin), read_frame(stdin)
    if modules is None or payload is None:
        return 2
    engine = regorus.Engine()
    # Only one copy of the input text at a time, and none once the interpreter holds its own:
    # peak memory is what limits how many workers a machine can run.
    text = payload.decode()
    del payload
    try:
        for path, source in json.loads(modules):
            engine.add_policy(path, source)
        engine.set_input_json(text)
    except RuntimeError as exc:
        write_frame(stdout, FAILED, first_line(exc).encode())
        return 1
    del text
    while query := read_frame(stdin):
        try:
            result = engine.eval_query_as_json(query.decode())
        except RuntimeError as exc:
            write_frame(stdout, FAILED, first_line(exc).encode())
            continue
        write_frame(stdout, OK, result.encode())
    return 0


if __name__ == "__main__":
    sys.exit(serve(sys.stdin.buffer, sys.stdout.buffer))
