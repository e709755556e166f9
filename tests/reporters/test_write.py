"""Atomic writes: a report appears whole or not at all, and a failure leaves nothing behind."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from scanner.model import ReportError, ScanResult
from scanner.reporters.write import atomic_writer, write_report
from tests.cli.conftest import GOVERNED, MlgovRunner
from tests.reporters.conftest import render


class RenderFailed(Exception):
    pass


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_creates_parent_directories(tmp_path: Path, result: ScanResult) -> None:
    target = tmp_path / "reports" / "2026Q4" / "report.sarif"
    data = render("sarif", result)
    write_report(target, data)
    assert target.read_bytes() == data
    assert names(target.parent) == ["report.sarif"]


def test_accepts_str_paths(tmp_path: Path) -> None:
    write_report(str(tmp_path / "r.json"), b"{}\n")
    assert (tmp_path / "r.json").read_bytes() == b"{}\n"


def test_replaces_an_existing_report(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_report(target, b"first")
    inode = target.stat().st_ino
    write_report(target, b"second")
    assert target.read_bytes() == b"second"
    assert target.stat().st_ino != inode  # a new file renamed over the old one, not rewritten
    assert names(tmp_path) == ["report.json"]


def test_a_render_failing_midway_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    with pytest.raises(RenderFailed), atomic_writer(target) as handle:
        handle.write(b'{"assets": [')
        raise RenderFailed
    assert not target.exists()
    assert names(target.parent) == []  # no temporary file either


def test_a_failure_keeps_the_previous_report_intact(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_report(target, b"previous")
    with pytest.raises(RenderFailed), atomic_writer(target) as handle:
        handle.write(b"half")
        raise RenderFailed
    with pytest.raises(TypeError):  # the write itself fails: not bytes
        write_report(target, "text")  # type: ignore[arg-type]
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as handle:
        handle.write(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"previous"
    assert names(tmp_path) == ["report.json"]


def test_unwritable_directory_is_a_report_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="cannot write report") as info:
        write_report(blocker / "report.json", b"x")
    assert info.value.where == str(blocker / "report.json")
    assert info.value.hint


def test_a_directory_in_the_way_is_a_report_error(tmp_path: Path) -> None:
    (tmp_path / "report.json").mkdir()
    with pytest.raises(ReportError, match="cannot write report"):
        write_report(tmp_path / "report.json", b"x")
    assert names(tmp_path) == ["report.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_follow_the_umask_or_the_replaced_file(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_report(tmp_path / "new.json", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640
    existing = tmp_path / "kept.json"
    existing.write_bytes(b"old")
    existing.chmod(0o604)
    write_report(existing, b"new")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o604


def test_a_fifo_is_written_in_place_never_replaced(tmp_path: Path) -> None:
    """`-o /dev/null` or `-o /dev/stdout` must not rename a file over the device: as root that
    turns /dev/null into an ordinary file for the whole machine. A FIFO stands in for a device
    here (a test must not risk the real /dev/null): it is still a FIFO afterwards, and its reader
    got the bytes."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_report(fifo, b"report bytes\n")
    reader.join(timeout=10)
    assert received == [b"report bytes\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left


@pytest.mark.slow
def test_scan_output_to_a_fifo_keeps_the_fifo(mlgov: MlgovRunner, tmp_path: Path) -> None:
    """The same through the real entry point (`mlgov scan -o PIPE`)."""
    (tmp_path / "isvc.yaml").write_text(GOVERNED)
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = mlgov("scan", "isvc.yaml", "--now", "2026-11-22", "-f", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert run.code == 0, run.stderr
    assert json.loads(received[0])["summary"]["assets"] == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
