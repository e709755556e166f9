"""Atomic report writes: a failed run never leaves a half-written file behind.

The bytes go to a temporary file in the target's directory (so the final rename never crosses a
file system), are flushed and fsynced, and the temporary file is renamed over the target with
``os.replace``, which is atomic on POSIX and Windows. On any failure, an interrupt included, the
temporary file is removed and an existing target is left exactly as it was. The new file gets
the permissions a plain ``open(path, "w")`` would give it (0666 minus the umask), or the mode of
the file it replaces.

A target that exists and is not a regular file (``-o /dev/null``, ``/dev/stdout``, a FIFO that
another process reads) is written in place: renaming a file over it would replace the device or
pipe itself (as root, ``/dev/null`` would become an ordinary file for the whole machine).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from scanner.model import ReportError

_ATTEMPTS = 16


def write_report(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, creating parent directories as needed."""
    with atomic_writer(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` only if the ``with`` block completes.

    For reports rendered in pieces: an exception raised in the block (say, a renderer failing
    half-way) removes what was written, and ``path`` keeps its previous content, if any.
    OS failures are raised as ``ReportError`` naming the path; other exceptions pass through.
    """
    target = Path(path)
    if _is_special(target):
        with _in_place(target) as handle:
            yield handle
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(target))
        fd, tmp = _create_temp(target)
    except OSError as exc:
        raise _error(exc, target) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _error(exc, target) from exc
        raise
    _sync_directory(target.parent)


def _is_special(target: Path) -> bool:
    """An existing device, FIFO or socket (a symlink to one counts too)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextlib.contextmanager
def _in_place(target: Path) -> Iterator[BinaryIO]:
    try:
        handle = open(target, "wb")  # noqa: SIM115 - closed below, errors mapped to ReportError
    except OSError as exc:
        raise _error(exc, target) from exc
    try:
        with handle:
            yield handle
            handle.flush()
    except OSError as exc:
        raise _error(exc, target) from exc


def _create_temp(target: Path) -> tuple[int, Path]:
    """A new file beside ``target``, created with mode 0666 so the umask applies as usual."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_ATTEMPTS):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(17, "could not create a unique temporary file", str(target.parent))


def _copy_mode(target: Path, tmp: Path) -> None:
    """Replacing a report keeps its permissions, as rewriting it in place would."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return
    os.chmod(tmp, mode)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); best effort, the report is already in place."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _error(exc: OSError, target: Path) -> ReportError:
    reason = exc.strerror or str(exc)
    return ReportError(
        f"cannot write report: {reason}",
        where=str(target),
        hint="check that the directory is writable and that the path is not a directory",
    )
