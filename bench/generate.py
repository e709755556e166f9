"""Generate benchmark inputs: manifest trees and policy-input inventories, deterministic by seed.

python bench/generate.py manifests 10000 /tmp/tree    # 10,000 manifest files
python bench/generate.py inventory 100000 /tmp/inv.json
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

OWNERS = ["fraud-team@example.com", "ml-platform@example.com", "", "Not An Owner"]
CLASSES = ["public", "internal", "confidential", "restricted", "", "secret-ish"]
SUNSETS = ["2027-06-30", "2025-01-01", "2026-12-01", "2030-01-01", "", "someday"]
ENVS = ["production", "staging", "development", ""]


def _annotations(rng: random.Random) -> dict[str, str]:
    out = {}
    for key, values in (
        ("mlgov.io/owner", OWNERS),
        ("mlgov.io/classification", CLASSES),
        ("mlgov.io/sunset-date", SUNSETS),
        ("mlgov.io/environment", ENVS),
    ):
        value = rng.choice(values)
        if value:
            out[key] = value
    if rng.random() < 0.5:
        out["mlgov.io/training-data"] = f"s3://datasets/d{rng.randrange(100)}"
    return out


def _manifest(i: int, rng: random.Random) -> str:
    ann = json.dumps(_annotations(rng))
    roll = rng.random()
    if roll < 0.4:
        return (
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n"
            f"metadata:\n  name: isvc-{i}\n  namespace: ns-{i % 20}\n  annotations: {ann}\n"
            f"spec:\n  predictor:\n    model:\n      storageUri: models:/model-{i % 300}/{i % 7 + 1}\n"
        )
    if roll < 0.8:
        return (
            "apiVersion: apps/v1\nkind: Deployment\n"
            f"metadata:\n  name: llm-{i}\n  namespace: ns-{i % 20}\n  annotations: {ann}\n"
            "spec:\n  template:\n    spec:\n      containers:\n"
            "        - name: server\n          image: vllm/vllm-openai:v0.6.3\n"
            "          env:\n            - {name: HF_TOKEN, value: hf_secret_value}\n"
            "          resources:\n            limits: {nvidia.com/gpu: '1'}\n"
        )
    return (
        "apiVersion: v1\nkind: ConfigMap\n"
        f"metadata:\n  name: cm-{i}\n  namespace: ns-{i % 20}\ndata:\n  key: value\n"
        "---\napiVersion: apps/v1\nkind: Deployment\n"
        f"metadata:\n  name: web-{i}\n  namespace: ns-{i % 20}\n"
        "spec:\n  template:\n    spec:\n      containers:\n        - {name: web, image: nginx:1.27}\n"
    )


def manifests(count: int, root: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    for i in range(count):
        folder = root / f"team-{i % 50}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"m{i}.yaml").write_text(_manifest(i, rng))


def inventory(count: int, path: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    kinds = [
        "registered_model",
        "model_version",
        "serving",
        "training_job",
        "notebook",
        "compute",
        "custom_model",
    ]
    assets = []
    for i in range(count):
        asset: dict[str, object] = {
            "id": f"k8s://-/ns-{i % 20}/Deployment/a-{i}",
            "kind": kinds[i % len(kinds)],
            "source": "file",
            "name": f"a-{i}",
            "environment": rng.choice(["production", "staging", "development", "unknown"]),
        }
        owner = rng.choice(OWNERS)
        if owner:
            asset["owner"] = owner
        sunset = rng.choice(SUNSETS)
        if sunset:
            asset["sunset_raw"] = sunset
            if sunset[0].isdigit():
                asset["sunset_date"] = sunset
        cls = rng.choice(CLASSES)
        if cls:
            asset["classification"] = cls
        if rng.random() < 0.5:
            asset["lineage"] = {
                "datasets": [{"uri": f"s3://d/{i % 50}", "classification": rng.choice(CLASSES[:4])}]
            }
        assets.append(asset)
    path.write_text(json.dumps({"assets": assets}))


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[1] not in {"manifests", "inventory"}:
        print(__doc__, file=sys.stderr)
        return 2
    kind, count, target = argv[1], int(argv[2]), Path(argv[3])
    (manifests if kind == "manifests" else inventory)(count, target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
