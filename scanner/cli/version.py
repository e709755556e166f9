"""`mlgov version`: what a bug report needs."""

from __future__ import annotations

import platform

import click

from scanner import __version__
from scanner.engine import get_engine
from scanner.policy.bundle import load_bundle
from scanner.text import plural


@click.command(epilog="\b\nExample:\n  mlgov version     paste its output into bug reports")
def version_command() -> None:
    """Print mlgov, engine, policy bundle and Python versions."""
    bundle = load_bundle()
    click.echo(f"mlgov {__version__}")
    click.echo(f"engine: embedded ({get_engine('embedded').version()})")
    counts = f"{plural(len(bundle.modules), 'module')}, {plural(len(bundle.rules), 'rule')}"
    click.echo(f"policy bundle: {bundle.digest} ({counts})")
    click.echo(f"python: {platform.python_version()} ({platform.system().lower()}-{platform.machine()})")
