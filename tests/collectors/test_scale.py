"""Scale and leakage on a generated tree (timed numbers live in bench/, not here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.collectors.files import FileCollector
from tests.collectors.manifest_tree import SECRET_VALUE, write_manifest_tree


@pytest.mark.slow
def test_generated_tree(tmp_path: Path) -> None:
    expected = write_manifest_tree(tmp_path, 500)
    messages: list[str] = []
    inventory = FileCollector([str(tmp_path)], progress=messages.append, progress_every=100).collect()
    assert len(inventory.assets) == expected == 350
    assert inventory.complete
    assert len({a.id for a in inventory.assets}) == expected
    assert sum("/500 files" in m for m in messages) == 5
    blob = repr(inventory) + json.dumps([a.to_policy_dict() for a in inventory.assets])
    assert SECRET_VALUE not in blob
    assert "hf_not_a_real_token" not in blob
    assert "meta-llama/Llama-3.1-8B-Instruct" not in blob  # container args
