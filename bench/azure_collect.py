"""Time `AzureCollector` over N Azure ML models (default 1,000) on the local Azure ML server.

    python bench/azure_collect.py [--models 1000] [--workspaces 4] [--versions 2] [--page-size 100]

The server (tests/collectors/azure/server.py: TLS, a client-credentials token endpoint, answers
validated against the API description) runs in a child process, so that it does not share the
GIL with the collector; it is stopped by its PID at the end. The models are spread over
workspaces of one subscription, each with `--versions` versions. Collects three times and
prints the median, the calls made and models per second. Not a timed test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.collectors.azure.collector import AzureCollector
from scanner.collectors.azure.settings import AzureSettings
from tests.collectors.azure.seed import GOVERNED, SUB_A, Estate
from tests.collectors.azure.server import AzureMlServer, serve
from tests.collectors.azure.tls import TestTls, make_tls


def _serve(tls: TestTls, args: argparse.Namespace, queue: Any) -> None:
    server = AzureMlServer(tls, page_size=args.page_size)
    estate = Estate(server)
    per_workspace = args.models // args.workspaces
    for w in range(args.workspaces):
        home = estate.workspace(SUB_A, f"rg-ml-{w}", f"mlw-bench-{w}-prod", {"cost-center": "cc-1"})
        for m in range(per_workspace):
            estate.model(home, f"model-{m:04d}", tags=dict(GOVERNED))
            for v in range(1, args.versions + 1):
                estate.version(home, f"model-{m:04d}", str(v), properties={"approval-status": "Approved"})
    with serve(server):
        queue.put(server.environment())
        while True:  # until the parent stops this process
            time.sleep(3600)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--workspaces", type=int, default=4)
    parser.add_argument("--versions", type=int, default=2)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    tls = make_tls(Path(tempfile.mkdtemp(prefix="mlgov-azure-bench-")))
    queue: Any = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=_serve, args=(tls, args, queue), daemon=True)
    began = time.monotonic()
    child.start()
    try:
        env = queue.get(timeout=600)
        print(f"server seeded with {args.models} models in {time.monotonic() - began:.1f}s", file=sys.stderr)
        os.environ.update(env)
        settings = AzureSettings(
            arm_endpoint=env["AZURE_AUTHORITY_HOST"],
            reads=("models",),
            workers=args.workers,
            registries=("none",),
        )
        times = []
        for _ in range(3):
            start = time.monotonic()
            inventory = AzureCollector(settings).collect()
            times.append(time.monotonic() - start)
        assert all(c.complete for c in inventory.coverage), inventory.coverage
        models = sum(1 for a in inventory.assets if a.kind.value == "registered_model")
        versions = len(inventory.assets) - models
        per_workspace = args.models // args.workspaces
        calls = (
            1
            + 1
            + 1
            + args.workspaces * (-(-per_workspace // args.page_size))
            + models * (-(-args.versions // args.page_size))
        )
        median = statistics.median(times)
        print(
            f"azure collect: {models} models, {versions} versions in {args.workspaces} workspaces, "
            f"~{calls} HTTPS calls (token, subscriptions, workspaces, pages), median {median:.2f}s "
            f"(runs {', '.join(f'{t:.2f}' for t in times)}), {models / median:.0f} models/s"
        )
    finally:
        child.terminate()  # by PID: the server process this script started
        child.join(timeout=10)


if __name__ == "__main__":
    main()
