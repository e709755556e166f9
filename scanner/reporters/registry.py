"""Report formats by name, imported on first use. Adding a format: one module, one line here."""

from __future__ import annotations

from scanner.lazy import load
from scanner.model import UsageError
from scanner.reporters.base import Reporter

_REPORTERS: dict[str, str] = {
    "table": "scanner.reporters.table:TableReporter",
    "json": "scanner.reporters.json_report:JsonReporter",
    "sarif": "scanner.reporters.sarif:SarifReporter",
}


def available_formats() -> tuple[str, ...]:
    return tuple(_REPORTERS)


def get_reporter(name: str) -> Reporter:
    target = _REPORTERS.get(name)
    if target is None:
        raise UsageError(
            f"unknown report format {name!r}",
            where="--format",
            hint=f"choose from: {', '.join(available_formats())}",
        )
    reporter: Reporter = load(target)()
    return reporter
