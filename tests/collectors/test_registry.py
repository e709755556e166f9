from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scanner.collectors import Collector, available_collectors, get_collector
from scanner.collectors.files import FileCollector
from scanner.model import UsageError

MANIFESTS = Path(__file__).resolve().parents[1] / "fixtures" / "manifests"


def test_files_collector_by_name_satisfies_the_protocol() -> None:
    assert "files" in available_collectors()
    collector = get_collector("files", paths=[str(MANIFESTS / "vllm-gpu.yaml")])
    assert isinstance(collector, FileCollector)
    typed: Collector = collector
    assert typed.name == "files"
    assert [a.name for a in typed.collect().assets] == ["llm-chat"]


def test_unknown_collector() -> None:
    with pytest.raises(UsageError, match="unknown collector 'nope'") as info:
        get_collector("nope")
    assert info.value.hint and "files" in info.value.hint


def test_importing_the_package_imports_no_collector_module() -> None:
    code = "import sys, scanner.collectors; print('scanner.collectors.files' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
