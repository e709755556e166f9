"""What `mlgov scan` spends on a saved inventory's assets once they are collected: the evaluation
(`pipeline.evaluate`: policy input, engine, findings) and the JSON report. bench/run.py sets it
against `mlgov evaluate` of the same file, which also reads and validates the file.

    python bench/scan_eval_once.py INVENTORY.json     # prints {"evaluate_s": ..., "report_s": ...}
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from scanner.gc_pause import gc_paused
from scanner.inventory_file import load_inventory
from scanner.pipeline import ScanRequest, evaluate
from scanner.reporters.base import ReportOptions
from scanner.reporters.registry import get_reporter

NOW = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)


def main(path: str) -> None:
    inventory = load_inventory(Path(path))  # stands in for collection: not timed
    request = ScanRequest(paths=(path,), now=NOW, fail_on="none")
    start = time.perf_counter()
    result = evaluate(request, inventory)
    evaluated = time.perf_counter()
    with gc_paused():  # as the CLI renders reports (scanner/cli/output.py)
        get_reporter("json").render(result, ReportOptions())
    done = time.perf_counter()
    print(json.dumps({"evaluate_s": evaluated - start, "report_s": done - evaluated}))


if __name__ == "__main__":
    main(sys.argv[1])
