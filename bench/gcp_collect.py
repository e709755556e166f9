"""Time `GcpCollector` over N Vertex AI models (default 1,000) on the local test server.

    python bench/gcp_collect.py [--models 1000] [--versions 2] [--locations 4]

Seeds N models spread over L locations of one project, each with V versions, an endpoint per 10
models and a custom job per 10 models, then collects three times and prints the median, the
number of API calls by method, and models per second. The server (tests/collectors/gcp/server.py)
runs in this process with response validation off, so the time is the client's and the server's
together on the same two cores; seeding validates every resource. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update({"NO_GCE_CHECK": "true", "GCE_METADATA_HOST": "127.0.0.1:9"})

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from scanner.collectors.gcp.collector import GcpCollector
from scanner.collectors.gcp.settings import GcpSettings
from tests.collectors.gcp.server import VertexServer, serve


def seed(server: VertexServer, models: int, versions: int, locations: list[str]) -> None:
    server.project("bench", locations)
    for i in range(models):
        parent = f"projects/bench/locations/{locations[i % len(locations)]}"
        name = f"{parent}/models/m{i:05d}"
        for v in range(1, versions + 1):
            server.add(
                "models",
                {
                    "name": name,
                    "displayName": f"model-{i}",
                    "versionId": str(v),
                    "versionAliases": ["default"] if v == versions else [],
                    "description": "owner: team@example.com",
                    "labels": {"data-classification": "internal", "sunset-date": "2027-06-30"},
                    "artifactUri": f"gs://bench/{i}/{v}",
                    "versionCreateTime": "2026-01-01T00:00:00Z",
                },
            )
        if i % 10 == 0:
            server.add(
                "endpoints",
                {
                    "name": f"{parent}/endpoints/e{i}",
                    "displayName": f"endpoint-{i}",
                    "deployedModels": [
                        {
                            "id": "d1",
                            "model": name,
                            "modelVersionId": str(versions),
                            "dedicatedResources": {"machineSpec": {"machineType": "g2-standard-8"}},
                        }
                    ],
                },
            )
            server.add(
                "customJobs",
                {
                    "name": f"{parent}/customJobs/j{i}",
                    "displayName": f"job-{i}",
                    "state": "JOB_STATE_SUCCEEDED",
                },
            )


def credentials(server: VertexServer, directory: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = directory / "adc.json"
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "bench",
                "private_key_id": "bench",
                "private_key": key.decode(),
                "client_email": "bench@bench.iam.gserviceaccount.com",
                "client_id": "1",
                "token_uri": f"{server.url}/token",
            }
        )
    )
    os.environ.update({"GOOGLE_APPLICATION_CREDENTIALS": str(path), "CLOUDSDK_CONFIG": str(directory)})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=2)
    parser.add_argument("--locations", type=int, default=4)
    args = parser.parse_args()
    locations = ["us-central1", "europe-west4", "asia-east1", "us-east4", "europe-west1"][: args.locations]
    with serve(VertexServer(validate_responses=False)) as server, tempfile.TemporaryDirectory() as tmp:
        began = time.monotonic()
        seed(server, args.models, args.versions, locations)
        print(f"seeded {args.models} models x {args.versions} versions in {time.monotonic() - began:.1f}s")
        credentials(server, Path(tmp))
        settings = GcpSettings(
            projects=("bench",),
            locations=tuple(locations),
            services=("vertex",),
            endpoint=server.url,
            workbench_endpoint=server.url,
        )
        times, assets = [], 0
        for _ in range(3):
            server.calls.clear()
            started = time.monotonic()
            inventory = GcpCollector(settings).collect()
            times.append(time.monotonic() - started)
            assets = len(inventory.assets)
            assert all(c.complete for c in inventory.coverage), inventory.coverage
        median = statistics.median(times)
        print(
            f"{assets} assets from {args.models} models: median {median:.2f}s"
            f" of {[round(t, 2) for t in times]}"
        )
        print(f"{args.models / median:.0f} models/s, {sum(server.calls.values())} API calls:")
        for method, count in sorted(server.calls.items()):
            print(f"  {count:6d}  {method}")


if __name__ == "__main__":
    main()
