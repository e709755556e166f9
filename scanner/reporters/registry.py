"""Report formats by name, imported on first use.

Adding a format is one module with a Reporter class and one line in ``_REPORTERS``; nothing is
imported until a format is asked for, so `mlgov --help` loads no reporter. The file each format
is written to under --output-dir is the reporter's ``default_filename``: report.json,
report.sarif, report.txt, report.ocsf.jsonl, report.junit.xml, report.md, report.html, report.csv,
report.github.txt, inventory.cdx.json.
"""

from __future__ import annotations

from scanner.lazy import load
from scanner.model import UsageError
from scanner.reporters.base import Reporter

_REPORTERS: dict[str, str] = {
    "table": "scanner.reporters.table:TableReporter",
    "json": "scanner.reporters.json_report:JsonReporter",
    "sarif": "scanner.reporters.sarif:SarifReporter",
    "ocsf": "scanner.reporters.ocsf:OcsfReporter",
    "csv": "scanner.reporters.csv_report:CsvReporter",
    "markdown": "scanner.reporters.markdown:MarkdownReporter",
    "github": "scanner.reporters.github:GithubReporter",
    "junit": "scanner.reporters.junit:JunitReporter",
    "html": "scanner.reporters.html:HtmlReporter",
    "cyclonedx": "scanner.reporters.cyclonedx:CycloneDxReporter",
}


def available_formats() -> tuple[str, ...]:
    """Every format name, in registration order (the default, `table`, first)."""
    return tuple(_REPORTERS)


def get_reporter(name: str) -> Reporter:
    """The reporter for a --format name (case and surrounding blanks ignored)."""
    key = name.strip().lower()
    target = _REPORTERS.get(key)
    if target is None:
        raise UsageError(
            f"unknown report format {name!r}; valid formats: {', '.join(available_formats())}",
            where="--format",
            hint="pass one or more of the valid formats, comma-separated, e.g. -f table,sarif",
        )
    reporter: Reporter = load(target)()
    return reporter


def default_filename(name: str) -> str:
    """The file a format is written to under --output-dir, e.g. "sarif" -> "report.sarif"."""
    return get_reporter(name).default_filename
