"""A missing tool fails the test that needs it, naming the installer; it never skips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.tools import tool


def test_missing_tool_fails_naming_the_installer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLGOV_TOOLS", str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match=r"'opa' is missing .*scripts/install-test-tools"):
        tool("opa")
