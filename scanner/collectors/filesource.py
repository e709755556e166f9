"""Finding input files and turning their bytes into text, refusing what is not text.

- directories are walked recursively in sorted order (deterministic reports); hidden
  directories and files (``.git``, ``.github``...) are skipped, as are symlinked directories
  (no loops) and anything that is not a regular file (a FIFO would block the scan);
- only ``.yaml``, ``.yml`` and ``.json`` files are read from directories; a file named on the
  command line is read whatever its name (``mlgov scan <(helm template .)`` passes a pipe);
- at most ``limit`` bytes are read; bigger inputs are ``too_large``; NUL bytes mean
  ``binary``; text must be UTF-8 (a UTF-8 or UTF-16 byte-order mark is honoured).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from scanner.collectors.documents import ParseFailure

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024
STDIN_DISPLAY = "<stdin>"


def walk(directory: str) -> Iterator[str]:
    """Manifest files under ``directory``, as paths that keep the caller's prefix."""
    for root, dirs, files in os.walk(directory, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(MANIFEST_SUFFIXES):
                continue
            path = os.path.normpath(os.path.join(root, name))  # `scan .` -> k8s/a.yaml, not ./k8s/a.yaml
            try:
                if stat.S_ISREG(os.stat(path).st_mode):
                    yield path
            except OSError:
                yield path  # a dangling link: reading it reports the reason


def read_file(path: str, limit: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_large(info.st_size, limit)
            return _bounded(handle, limit)
    except OSError as exc:
        raise ParseFailure("unreadable", f"cannot read file: {exc.strerror or exc}") from None


def read_stream(stream: IO[bytes], limit: int) -> bytes:
    try:
        return _bounded(stream, limit)
    except OSError as exc:
        raise ParseFailure("unreadable", f"cannot read standard input: {exc.strerror or exc}") from None


def _bounded(handle: IO[bytes], limit: int) -> bytes:
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise _too_large(None, limit)
    return data


def _too_large(size: int | None, limit: int) -> ParseFailure:
    actual = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return ParseFailure("too_large", f"file is {actual}, over the {limit:,}-byte limit (max_file_size)")


def decode(data: bytes) -> str:
    """Bytes -> text, or a ParseFailure naming the line of the first offending byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (Windows redirection)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseFailure("invalid_utf8", f"invalid UTF-16 text: {exc.reason}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ParseFailure("binary", "file contains NUL bytes: binary, not a manifest", line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParseFailure("invalid_utf8", f"invalid UTF-8 at byte {exc.start}: {exc.reason}", line) from None


def is_directory(path: str) -> bool:
    return Path(path).is_dir()
