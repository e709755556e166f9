"""Write benchmark inputs in a process of their own, so the harness stays small and each measured
child's peak memory is its own (a forked child starts from its parent's resident size)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kserve_tree import write_bundle, write_kserve_tree
from scanner.engine import build_input
from scanner.inventory_file import inventory_bytes, inventory_document
from scanner.policy.params import merge_params
from tests.collectors.manifest_tree import write_manifest_tree
from tests.engine.generated import generated_inventory, governed_inventory

NOW = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)

if __name__ == "__main__":
    kind, count, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    if kind == "inventory":
        target.write_text(json.dumps(build_input(generated_inventory(count), merge_params({}), NOW)))
    elif kind == "governed":  # 90% of the assets pass every rule: a well-run estate
        target.write_text(json.dumps(build_input(governed_inventory(count), merge_params({}), NOW)))
    elif kind == "saved":  # what `mlgov inventory` writes, for `mlgov evaluate`
        document = inventory_document(
            generated_inventory(count), collected_at=NOW, scope=("bench",), config_digest=None
        )
        target.write_bytes(inventory_bytes(document))
    elif kind == "bundle":  # one install bundle of `count` bytes, mostly CRDs
        write_bundle(target, count)
    elif kind == "kserve":  # a repository of kserve's shape (count is ignored)
        write_kserve_tree(target)
    else:
        write_manifest_tree(target, count)
