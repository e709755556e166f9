"""stderr helpers: progress and errors never touch stdout, which belongs to reports."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the config loader (its schema, every source's settings) loads with a command
    from scanner.config import Config


class StderrProgress:
    """Progress lines on stderr, prefixed with the elapsed time; silent with --quiet."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._start = time.monotonic()

    def __call__(self, message: str) -> None:
        if self.enabled:
            click.echo(f"[{time.monotonic() - self._start:6.1f}s] {message}", err=True)


def load_config_for(explicit: Path | None, progress: StderrProgress) -> Config:
    """--config, else ./mlgov.yaml when present, else the defaults; says which file it used."""
    from scanner.config import Config, discover_config, load_config  # noqa: PLC0415 - see above

    found = discover_config(explicit, Path.cwd())
    if found:
        progress(f"using config {found}")
    return load_config(found) if found else Config()


def use_color(stream: object, disabled: bool) -> bool:
    if disabled or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def warning(message: str) -> None:
    """A loss in what was read (shown with --quiet too: it is not progress)."""
    click.echo(f"mlgov: warning: {message}", err=True)


def error(message: str) -> None:
    click.echo(f"mlgov: error: {message}", err=True, color=use_color(sys.stderr, False))
