"""One embedded evaluation of the built-in bundle over a policy-input file; prints JSON timings.

Run as a child process by bench/run.py so that its peak memory is measured alone. Its evaluation
workers are its own children: their largest peak is reported too, so the harness can add them.

    python bench/eval_once.py INPUT.json [JOBS]
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import orjson

from scanner.engine import get_engine
from scanner.engine.embedded import EmbeddedEngine, deny_queries
from scanner.engine.options import EngineOptions
from scanner.policy.bundle import load_bundle


def main(path: str, jobs: int | None) -> None:
    start = time.perf_counter()
    doc = orjson.loads(Path(path).read_bytes())
    bundle = load_bundle()
    loaded = time.perf_counter()
    options = EngineOptions(jobs=jobs)
    violations = get_engine("embedded", options).evaluate(bundle, doc)
    done = time.perf_counter()
    used = EmbeddedEngine(options).jobs_for(doc, len(deny_queries(bundle)))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "load_s": loaded - start,
                "eval_s": done - loaded,
                "violations": len(violations),
                "jobs": used,
                "worker_peak_mb": children if used > 1 else 0.0,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
