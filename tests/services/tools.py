"""Where the installed test tools live, and the failure a missing one produces (never a skip)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

INSTALL_HINT = "run scripts/install-test-tools (make test does it for you)"


def tools_dir() -> Path:
    return Path(os.environ.get("MLGOV_TOOLS", Path.home() / ".cache" / "mlgov-test-tools"))


def tool(name: str) -> Path:
    path = tools_dir() / "bin" / name
    if not (path.exists() and os.access(path, os.X_OK)):
        pytest.fail(f"test tool {name!r} is missing ({path}); {INSTALL_HINT}", pytrace=False)
    return path


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]
