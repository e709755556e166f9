"""Import-on-first-use for the extension registries (engines, reporters, collectors).

A registry maps a name to "module:attribute", so that `mlgov --help` imports no engine, no
reporter and no cloud SDK, and adding an extension is one module plus one registry line.
"""

from __future__ import annotations

import importlib
from typing import Any

from scanner.model import UsageError


def install_hint(extra: str) -> str:
    """The command that adds an optional extra. pip resolves `mlgov[extra]` against the mlgov
    already installed in the environment, so it works for an install from git or a wheel too."""
    return f"pip install 'mlgov[{extra}]' (in the environment mlgov runs from)"


def load(target: str, *, extra: str | None = None, needed_by: str | None = None) -> Any:
    """The attribute named by "module:attribute". When ``extra`` is given, a third-party module
    missing from the environment is a usage error naming the extra to install, not a traceback."""
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").partition(".")[0]
        if extra is None or missing in {"", "scanner"}:
            raise
        raise UsageError(
            f"{needed_by or extra} needs the Python package {missing!r}, which is not installed",
            hint=install_hint(extra),
        ) from exc
    return getattr(module, attr)
