"""`mlgov diff OLD.json NEW.json`: findings and assets that changed between two scans."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner.cli.options import FAIL_ON_CHOICES, parse_fail_on
from scanner.findings.diff import diff_reports
from scanner.inventory_file import read_document
from scanner.reporters.diff_formats import RENDERERS
from scanner.reporters.write import write_report

EXAMPLES = """
\b
Examples:
  mlgov diff 2026Q3/report.json 2026Q4/report.json
  mlgov diff main.json pr.json -f markdown >> "$GITHUB_STEP_SUMMARY"
  mlgov diff main.json pr.json --fail-on-new high     exit 1 if the PR adds a high finding

\b
Exit codes: 0 (or 1 with --fail-on-new and a new failing finding at or above it); 2 when a file
is not a `mlgov scan -f json` report.
"""


@click.command(epilog=EXAMPLES, context_settings={"max_content_width": 100})
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False), metavar="OLD.json")
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False), metavar="NEW.json")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="table", help="Output format."
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE, not stdout."
)
@click.option("--fail-on-new", type=click.Choice(FAIL_ON_CHOICES), default=None,
              help="Exit 1 when NEW adds a failing finding at or above this severity.")  # fmt: skip
def diff_command(old: Path, new: Path, fmt: str, output: Path | None, fail_on_new: str | None) -> None:
    """Compare two scan reports by finding fingerprint: new, resolved, changed and persisting
    findings, and the assets added or removed (inventory drift)."""
    _, before = read_document(old, expected="report")
    _, after = read_document(new, expected="report")
    diff = diff_reports(before, after)
    text = RENDERERS[fmt](diff)
    if output:
        write_report(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    threshold = parse_fail_on(fail_on_new) if fail_on_new else None
    sys.exit(1 if diff.new_failing(threshold) else 0)
