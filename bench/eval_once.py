"""One embedded evaluation of the built-in bundle over a policy-input file; prints JSON timings.

Run as a child process by bench/run.py so that its peak memory is measured alone. Its evaluation
workers are its own children; a sampler adds their resident sizes to this process's own every
20 ms and reports the largest total. (The kernel's ru_maxrss cannot be used for the workers: a
child started with vfork inherits its parent's high-water mark.)

    python bench/eval_once.py INPUT.json [JOBS]
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

import orjson

from scanner.engine import get_engine
from scanner.engine.embedded import EmbeddedEngine, deny_queries
from scanner.engine.options import EngineOptions
from scanner.gc_pause import gc_paused
from scanner.policy.bundle import load_bundle


def _resident_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass  # it exited between the listing and the read
    return 0.0


def _children() -> list[int]:
    pids: list[int] = []
    for task in os.listdir(f"/proc/{os.getpid()}/task"):
        with open(f"/proc/{os.getpid()}/task/{task}/children") as listing:
            pids += [int(p) for p in listing.read().split()]
    return pids


class TreeSampler(threading.Thread):
    """The largest resident size of this process plus its workers, sampled every 20 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(0.02):
            total = _resident_mb(os.getpid()) + sum(_resident_mb(pid) for pid in _children())
            self.peak_mb = max(self.peak_mb, total)


def main(path: str, jobs: int | None) -> None:
    start = time.perf_counter()
    with gc_paused():  # as scanner/pipeline.py builds the policy input: 0.35 s instead of 1.3 s
        doc = orjson.loads(Path(path).read_bytes())
    bundle = load_bundle()
    loaded = time.perf_counter()
    options = EngineOptions(jobs=jobs)
    sampler = TreeSampler()
    sampler.start()
    violations = get_engine("embedded", options).evaluate(bundle, doc)
    done = time.perf_counter()
    sampler.stopping.set()
    sampler.join()
    used = EmbeddedEngine(options).jobs_for(doc, len(deny_queries(bundle)))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "load_s": loaded - start,
                "eval_s": done - loaded,
                "violations": len(violations),
                "jobs": used,
                "tree_peak_mb": max(own, sampler.peak_mb),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
