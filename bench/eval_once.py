"""One embedded evaluation of the built-in bundle over an inventory file; prints JSON timings.

Run as a child process by bench/run.py so that its peak memory is measured alone.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from scanner.engine import get_engine
from scanner.policy.bundle import load_bundle


def main(path: str) -> None:
    start = time.perf_counter()
    doc = json.loads(Path(path).read_text())
    loaded = time.perf_counter()
    violations = get_engine("embedded").evaluate(load_bundle(), doc)
    done = time.perf_counter()
    print(json.dumps({"load_s": loaded - start, "eval_s": done - loaded, "violations": len(violations)}))


if __name__ == "__main__":
    main(sys.argv[1])
