"""The embedded engine's worker processes: the same violations as one process, in the same order,
and every failure (a raising built-in, a malformed violation, a dead worker) fails closed with no
worker left running."""

from __future__ import annotations

import datetime as dt
import gc
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scanner.engine import build_input, get_engine, worker_pool
from scanner.engine.embedded import PARALLEL_MIN_ASSETS, EmbeddedEngine, deny_queries, usable_cpus
from scanner.engine.input import encode_input
from scanner.engine.options import EngineOptions
from scanner.engine.regorus_worker import HEADER, read_frame, write_frame
from scanner.model import EngineError, PolicyError
from scanner.policy.bundle import PolicyBundle, PolicyModule, load_bundle
from scanner.policy.params import merge_params
from tests.engine.generated import generated_inventory

NOW = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)

RAISING = (
    "package mlgov.rules.boom\n\ndeny contains v if {\n\tsome a in input.assets\n"
    "\tt := time.parse_rfc3339_ns(a.id)\n"
    '\tv := {"rule": "X", "asset": a.id, "message": sprintf("%d", [t])}\n}\n'
)
QUIET = (
    "package mlgov.rules.quiet\n\n"
    'deny contains {"rule": "Q", "asset": a.id, "message": "q"} if {\n'
    '\tsome a in input.assets\n\ta.id == "none"\n}\n'
)
MALFORMED = 'package mlgov.rules.bad\n\ndeny contains "just a string" if { true }\n'


def bundle(*sources: str) -> PolicyBundle:
    modules = tuple(PolicyModule(path=f"m{i}.rego", source=s) for i, s in enumerate(sources))
    return PolicyBundle(modules=modules, tests=(), rules=(), digest="sha256:test", roots=())


def small_input() -> dict[str, Any]:
    return build_input(generated_inventory(50), merge_params({}), NOW)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Every worker process the pool starts, to check that none outlives the evaluation."""
    processes: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def recording_popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process: subprocess.Popen[bytes] = real_popen(*args, **kwargs)
        processes.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    yield processes
    for process in processes:
        assert process.returncode is not None, f"worker {process.pid} was left running"


@pytest.mark.slow
def test_workers_give_the_in_process_violations_in_the_same_order(
    started: list[subprocess.Popen[bytes]],
) -> None:
    built_in = load_bundle()
    doc = build_input(generated_inventory(3000), merge_params({}), NOW)
    alone = get_engine("embedded", EngineOptions(jobs=1)).evaluate(built_in, doc)
    assert started == []  # one job: evaluated in this process
    parallel = get_engine("embedded", EngineOptions(jobs=2)).evaluate(built_in, doc)
    assert len(started) == 2
    assert len(alone) > 3000  # the generated mix fires every rule, many times
    assert parallel == alone
    assert {v.rule for v in alone} >= {f"MLG0{n:02d}" for n in range(1, 19)}


def test_jobs_default_to_one_per_cpu_for_large_inventories() -> None:
    engine = EmbeddedEngine()
    small: dict[str, Any] = {"assets": [{}] * (PARALLEL_MIN_ASSETS - 1)}
    large: dict[str, Any] = {"assets": [{}] * PARALLEL_MIN_ASSETS}
    assert engine.jobs_for(small, packages=18) == 1
    assert engine.jobs_for(large, packages=18) == min(usable_cpus(), 18)
    assert engine.jobs_for(large, packages=1) == 1  # never more workers than packages
    assert EmbeddedEngine(EngineOptions(jobs=4)).jobs_for(small, packages=18) == 4
    assert EmbeddedEngine(EngineOptions(jobs=4)).jobs_for(large, packages=3) == 3


def test_one_query_per_rule_package_including_nested_ones() -> None:
    nested = 'package mlgov.rules.team.nested\n\ndeny contains "x" if { false }\n'
    helper = "package mlgov.lib.helper\n\nx := 1\n"
    assert deny_queries(bundle(QUIET, nested, helper, RAISING)) == [
        "data.mlgov.rules.boom.deny",
        "data.mlgov.rules.quiet.deny",
        "data.mlgov.rules.team.nested.deny",
    ]


def test_a_builtin_error_in_a_worker_names_the_query(started: list[subprocess.Popen[bytes]]) -> None:
    engine = get_engine("embedded", EngineOptions(jobs=2))
    with pytest.raises(EngineError) as info:
        engine.evaluate(bundle(QUIET, RAISING), small_input())
    assert "data.mlgov.rules.boom.deny" in str(info.value)
    assert "Stack backtrace" not in str(info.value)
    assert len(started) == 2


def test_a_malformed_violation_from_a_worker_fails_closed(started: list[subprocess.Popen[bytes]]) -> None:
    with pytest.raises(EngineError, match="malformed violation"):
        get_engine("embedded", EngineOptions(jobs=2)).evaluate(bundle(QUIET, MALFORMED), small_input())
    assert gc.isenabled()  # paused for parsing, restored on the error path too


def test_a_compile_error_names_the_module_before_any_worker_starts(
    started: list[subprocess.Popen[bytes]],
) -> None:
    with pytest.raises(PolicyError) as info:
        get_engine("embedded", EngineOptions(jobs=2)).evaluate(
            bundle(QUIET, "package mlgov.rules.x\n\ndeny contains v if {\n"), small_input()
        )
    assert "m1.rego" in str(info.value)
    assert started == []


def test_a_worker_that_dies_is_an_engine_error(
    started: list[subprocess.Popen[bytes]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A real process that dies the way an out-of-memory kill looks to the parent: it reads its
    # input, says why on stderr and exits without answering. No real worker can be made to die
    # on cue here without exhausting the machine's memory.
    dying = tmp_path / "dying_worker.py"
    dying.write_text(
        "import sys\nsys.stdin.buffer.read(8)\nprint('MemoryError: cannot allocate', file=sys.stderr)\n"
        "sys.exit(9)\n"
    )
    monkeypatch.setattr(worker_pool, "WORKER_SCRIPT", dying)
    with pytest.raises(EngineError) as info:
        get_engine("embedded", EngineOptions(jobs=2)).evaluate(bundle(QUIET, MALFORMED), small_input())
    message = str(info.value)
    assert "exited with code 9" in message
    assert "MemoryError: cannot allocate" in message
    assert "--jobs 1" in message


def test_an_unstartable_worker_is_an_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    with pytest.raises(EngineError, match="could not start an evaluation worker"):
        get_engine("embedded", EngineOptions(jobs=2)).evaluate(bundle(QUIET, MALFORMED), small_input())


def test_workers_already_started_are_stopped_when_a_later_one_cannot_start(
    started: list[subprocess.Popen[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_popen = subprocess.Popen

    def second_fails(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        if started:
            raise OSError("Resource temporarily unavailable")
        process: subprocess.Popen[bytes] = recording_popen(*args, **kwargs)
        return process

    monkeypatch.setattr(subprocess, "Popen", second_fails)
    with pytest.raises(EngineError, match="could not start an evaluation worker"):
        get_engine("embedded", EngineOptions(jobs=2)).evaluate(bundle(QUIET, MALFORMED), small_input())
    assert len(started) == 1  # the fixture asserts it was reaped


def test_frames_round_trip_and_a_truncated_frame_is_the_end() -> None:
    stream = io.BytesIO()
    write_frame(stream, b"O", b'{"result": []}')
    write_frame(stream, b"")
    stream.seek(0)
    assert read_frame(stream) == b'O{"result": []}'
    assert read_frame(stream) == b""
    assert read_frame(stream) is None
    assert read_frame(io.BytesIO(HEADER.pack(10) + b"short")) is None


def test_input_encoding_matches_json_and_takes_what_orjson_refuses() -> None:
    assert (
        encode_input({"a": [1, "é", None, True], "b": {"c": 1.5}})
        == b'{"a":[1,"\xc3\xa9",null,true],"b":{"c":1.5}}'
    )
    assert encode_input({"big": 2**70}) == b'{"big":1180591620717411303424}'


def test_the_worker_runs_from_a_clean_interpreter() -> None:
    # -I: the worker must not depend on the caller's PYTHONPATH or current directory
    run = subprocess.run(
        [sys.executable, "-I", str(worker_pool.WORKER_SCRIPT)], input=b"", capture_output=True, check=False
    )
    assert run.returncode == 2  # no modules frame: it ends at once, without a traceback
    assert run.stderr == b""
