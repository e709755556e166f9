"""Time `HuggingFaceCollector` over an organisation of N models (default 1,000) on the local test Hub.

    python bench/hf_collect.py [--models 1000] [--runs 3] [--no-tags]

The test Hub (tests/collectors/huggingface/server.py, answer validation off) runs in a child
process so that it does not share the collector's interpreter. Each model has a card with the
mlgov keys, and one in four has two git tags. Prints the median of the runs, the requests by
endpoint, and models per second. Not a timed test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.collectors.huggingface.collector import HuggingFaceCollector
from scanner.collectors.huggingface.settings import HuggingFaceSettings
from tests.collectors.huggingface.server import HubServer, serve

CARD = {
    "license": "apache-2.0",
    "datasets": ["acme/transactions"],
    "base_model": "meta-llama/Llama-3.1-8B",
    "mlgov": {"owner": "team@example.com", "sunset-date": "2027-06-30", "classification": "internal"},
}


def run_hub(models: int, pipe: Any) -> None:
    hub = HubServer(page_size=1000, validate=False)
    for i in range(models):
        tags = {"v1": f"{i:040x}", "v2": f"{i + 1:040x}"} if i % 4 == 0 else {}
        hub.add_model(f"acme/model-{i:05d}", card=CARD, tags=tags)
    with serve(hub) as running:
        pipe.send((running.url, running.token))
        pipe.recv()  # until the parent is done
        pipe.send(dict(running.calls))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-tags", action="store_true")
    args = parser.parse_args()
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=run_hub, args=(args.models, child), daemon=True)
    server.start()
    url, token = parent.recv()
    os.environ["HF_TOKEN"] = token  # huggingface_hub reads it on each request's headers

    settings = HuggingFaceSettings(orgs=("acme",), endpoint=url, tags=not args.no_tags)
    times = []
    for _ in range(args.runs):
        began = time.monotonic()
        inventory = HuggingFaceCollector(settings).collect()
        times.append(time.monotonic() - began)
        assert inventory.complete, inventory.coverage
    parent.send("done")
    calls = parent.recv()
    server.join(timeout=10)
    repos = sum(1 for a in inventory.assets if a.kind.value == "registered_model")
    median = statistics.median(times)
    print(
        f"huggingface collect: {repos} models, {len(inventory.assets)} assets, median {median:.2f}s "
        f"(runs {', '.join(f'{t:.2f}' for t in times)}), {repos / median:.0f} models/s; "
        f"requests over all runs: {dict(sorted(calls.items()))}"
    )


if __name__ == "__main__":
    main()
