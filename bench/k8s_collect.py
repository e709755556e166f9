"""Live Kubernetes collection time over 10,000 objects (5,000 Deployments + 5,000 standalone Pods).

    python bench/k8s_collect.py [--objects 10000] [--state DIR] [--page-size 500] [--workers 8]

Starts a throwaway cluster with scripts/test-cluster (etcd + kube-apiserver, no nodes) in DIR
(default: a temporary directory; an already running cluster there is reused and its objects
kept), creates the objects on a thread pool through the admin token, then times
`KubernetesCollector.collect()` and prints the numbers. Not a timed test: a benchmark.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanner.collectors.kubernetes.collector import KubernetesCollector  # noqa: E402
from scanner.collectors.kubernetes.settings import KubernetesSettings  # noqa: E402

NAMESPACES = ("bench-prod", "bench-staging", "bench-dev", "bench-ml")


def deployment(i: int, ns: str) -> dict[str, object]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": f"serve-{i}",
            "namespace": ns,
            "annotations": {"mlgov.io/owner": f"team-{i % 50}@example.com"},
        },
        "spec": {
            "selector": {"matchLabels": {"app": f"serve-{i}"}},
            "template": {
                "metadata": {"labels": {"app": f"serve-{i}"}},
                "spec": {
                    "containers": [
                        {
                            "name": "m",
                            "image": "vllm/vllm-openai:v0.6.0",
                            "resources": {"limits": {"nvidia.com/gpu": "1"}},
                        }
                    ]
                },
            },
        },
    }


def pod(i: int, ns: str) -> dict[str, object]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": f"notebook-{i}", "namespace": ns, "labels": {"mlgov.io/asset-kind": "notebook"}},
        "spec": {"containers": [{"name": "m", "image": "jupyter/pytorch-notebook:latest"}]},
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--state", type=Path, default=None)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    state = args.state or Path(tempfile.mkdtemp(prefix="mlgov-bench-k8s-"))
    script = ROOT / "scripts" / "test-cluster"
    started_here = (
        subprocess.run([str(script), "status", str(state)], capture_output=True, check=False).returncode != 0
    )
    up = subprocess.run([str(script), "up", str(state)], capture_output=True, text=True, check=True)
    kubeconfig = up.stdout.strip().splitlines()[-1]
    try:
        url = f"https://127.0.0.1:{(state / 'apiserver.port').read_text().strip()}"
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {(state / 'admin.token').read_text().strip()}"
        ca = str(state / "ca.crt")

        def post(path: str, body: dict[str, object]) -> int:
            return session.post(url + path, json=body, verify=ca, timeout=60).status_code

        for ns in NAMESPACES:
            post("/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        half = args.objects // 2
        jobs = [
            (f"/apis/apps/v1/namespaces/{NAMESPACES[i % 4]}/deployments", deployment(i, NAMESPACES[i % 4]))
            for i in range(half)
        ]
        jobs += [
            (f"/api/v1/namespaces/{NAMESPACES[i % 4]}/pods", pod(i, NAMESPACES[i % 4]))
            for i in range(args.objects - half)
        ]
        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=16) as pool:
            codes = list(pool.map(lambda job: post(*job), jobs))
        created = sum(c == 201 for c in codes)
        existing = sum(c == 409 for c in codes)
        print(f"created {created} objects ({existing} already there) in {time.monotonic() - began:.1f}s")

        settings = KubernetesSettings(kubeconfig=kubeconfig, page_size=args.page_size, workers=args.workers)
        began = time.monotonic()
        inventory = KubernetesCollector(settings).collect()
        took = time.monotonic() - began
        bench = [a for a in inventory.assets if a.namespace in NAMESPACES]
        print(
            f"collected {len(bench)} bench assets ({len(inventory.assets)} in all) in {took:.2f}s "
            f"(page size {args.page_size}, {args.workers} workers; {len(bench) / took:.0f} assets/s); "
            f"coverage complete: {inventory.complete}"
        )
    finally:
        if started_here and args.state is None:
            subprocess.run([str(script), "down", str(state)], capture_output=True, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
