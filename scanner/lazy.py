"""Import-on-first-use for the extension registries (engines, reporters, collectors).

A registry maps a name to "module:attribute", so that `mlgov --help` imports no engine, no
reporter and no cloud SDK, and adding an extension is one module plus one registry line.
"""

from __future__ import annotations

import importlib
from typing import Any


def load(target: str) -> Any:
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)
