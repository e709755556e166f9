"""Flag parsing helpers shared by commands."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from scanner.findings.frameworks import FRAMEWORKS
from scanner.model import Severity, UsageError
from scanner.model.severity import FAIL_ON_NONE

FAIL_ON_CHOICES = [*(s.value for s in Severity), FAIL_ON_NONE]


def split_formats(values: Iterable[str]) -> tuple[str, ...]:
    """`-f json,sarif -f html` -> ("json", "sarif", "html"), order kept, duplicates dropped."""
    out: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if name:
                out[name] = None
    return tuple(out)


def parse_fail_on(value: str) -> Severity | None:
    if value == FAIL_ON_NONE:
        return None
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise UsageError(str(exc), where="--fail-on") from None


framework_option = click.option(
    "--framework",
    type=click.Choice(sorted(FRAMEWORKS)),
    default=None,
    help="Also group results by this framework's controls (json, markdown, html).",
)

policy_dirs_option = click.option(
    "-p",
    "--policy",
    "policy_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Extra directory of custom .rego policies and their tests (repeatable).",
)
