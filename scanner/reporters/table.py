"""`table`: the default terminal output, for a person reading a shell or a CI log.

Layout, top to bottom: the failing findings (most severe first, then rule id, then asset id),
findings that could not be evaluated, waived findings (one dimmed line each; rows of the table
with ``verbose``), expired waivers, coverage problems (every coverage unit with ``verbose``), and
one summary line: assets scanned, violations by severity, waived count, coverage, and PASS or FAIL
against --fail-on. Nothing varies between renders of the same result unless ``timing`` adds the
scan duration. Text from scanned files (names, messages, paths) is shown literally: no rich markup
is interpreted and control characters are escaped, so a manifest cannot restyle or rewrite the
terminal.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from scanner.findings.verdict import counts, gate
from scanner.model import Finding, FindingStatus, ScanResult, Severity, WaiverStatus
from scanner.reporters.base import ReportOptions
from scanner.reporters.layout import utf8
from scanner.reporters.ordering import by_severity
from scanner.text import plural

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "blue",
}
# Without `verbose`, long lists are cut (never silently: a line says how many were left out).
# A person reads a few hundred rows at most, and rich lays a table out at about 0.5 ms a row:
# 20,000 rows would take 10 s. The summary line always counts everything.
ROW_LIMIT = 250  # rows of the findings table
LINE_LIMIT = 50  # lines of coverage errors, and of findings that could not be evaluated
WAIVED_LISTED = 10  # waived findings listed by name


def clean(text: str) -> str:
    """Printable text: tabs and newlines become spaces; other control and format characters
    (ESC, BEL, CR, bidi overrides...) are shown as escapes instead of acting on the terminal."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\t\n":
            out.append(" ")
        elif ch == " " or unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp"}:
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out)


class TableReporter:
    name = "table"
    default_filename = "report.txt"
    media_type = "text/plain; charset=utf-8"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=max(options.width, 40),
            height=25,  # with width, makes rich ignore the environment (TERM=dumb means 80 columns)
            force_terminal=options.color,
            no_color=not options.color,
            color_system="standard" if options.color else None,
            highlight=False,
            emoji=False,
            markup=False,
            legacy_windows=False,
            soft_wrap=False,
        )
        _Page(result, options, console).render()
        text = buffer.getvalue()
        if not options.color:  # rich pads lines to the table width; plain text needs no padding
            text = "\n".join(line.rstrip() for line in text.split("\n"))
        return utf8(text)


class _Page:
    def __init__(self, result: ScanResult, options: ReportOptions, console: Console) -> None:
        self.result = result
        self.options = options
        self.console = console
        self.names = {a.id: a.name or a.id for a in result.assets}
        ordered = by_severity(result.findings)
        self.failing = [f for f in ordered if f.status is FindingStatus.FAIL]
        self.waived = [f for f in ordered if f.status is FindingStatus.WAIVED]
        self.errors = [f for f in ordered if f.status is FindingStatus.ERROR]

    def line(self, text: str, style: str = "") -> None:
        self.console.print(Text(text, style=style), soft_wrap=True)

    def limit(self, count: int, limit: int) -> int:
        return count if self.options.verbose else min(count, limit)

    def render(self) -> None:
        rows = self.failing + (self.waived if self.options.verbose else [])
        if rows:
            shown = self.limit(len(rows), ROW_LIMIT)
            self.findings_table(rows[:shown])
            if shown < len(rows):
                self.line(
                    f"... and {len(rows) - shown} more, less severe than the rows above "
                    "(--verbose lists them all; -f json or -f sarif has every finding)",
                    "bold",
                )
        elif self.waived:
            self.line(f"No violations ({plural(len(self.waived), 'finding')} waived).", "bold green")
        else:
            self.line("No violations.", "bold green")
        self.error_lines()
        if not self.options.verbose:
            self.waived_lines()
        self.waiver_lines(self.result.waivers)
        self.coverage_lines()
        self.summary()

    def asset(self, f: Finding) -> str:
        return clean(self.names.get(f.asset_id, f.asset_id))

    def where(self, f: Finding) -> str:
        if f.location is not None:
            return clean(str(f.location))
        return clean(f.asset_id)

    def findings_table(self, rows: Sequence[Finding]) -> None:
        title = plural(len(self.failing), "violation")
        if self.options.verbose and self.waived:
            title += f", {len(self.waived)} waived"
        table = Table(
            title=title,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            expand=False,
            pad_edge=False,
        )
        table.add_column("SEVERITY", no_wrap=True)
        table.add_column("RULE", no_wrap=True)
        table.add_column("ASSET", overflow="fold")
        # paths and ids are what people copy: kept whole when the message still gets ~40 columns
        whole = max(len(self.where(f)) for f in rows) + 60 <= self.console.width
        table.add_column("LOCATION", overflow="fold", no_wrap=whole)
        table.add_column("MESSAGE", overflow="fold")
        for f in rows:
            waived = f.status is FindingStatus.WAIVED
            message = clean(f.message)
            if waived:
                waiver = f.waiver.id if f.waiver else "?"
                message = f"[waived: {clean(waiver)}] {message}"
            table.add_row(
                Text(f.severity.value, style="dim" if waived else SEVERITY_STYLE[f.severity]),
                Text(clean(f.rule_id)),
                Text(self.asset(f)),
                Text(self.where(f)),
                Text(message),
                style="dim" if waived else None,
            )
        self.console.print(table)

    def error_lines(self) -> None:
        if not self.errors:
            return
        self.line(f"{plural(len(self.errors), 'check')} could not be evaluated:", "bold red")
        shown = self.limit(len(self.errors), LINE_LIMIT)
        for f in self.errors[:shown]:
            self.line(f"  {clean(f.rule_id)} on {self.asset(f)} ({self.where(f)}): {clean(f.message)}")
        if shown < len(self.errors):
            self.line(f"  ... and {len(self.errors) - shown} more (--verbose lists them)")

    def waived_lines(self) -> None:
        if not self.waived:
            return
        self.line(f"{plural(len(self.waived), 'finding')} waived:", "dim")
        for f in self.waived[:WAIVED_LISTED]:
            waiver = f" (waiver {clean(f.waiver.id)}, expires {clean(f.waiver.expires)})" if f.waiver else ""
            self.line(f"  {f.severity.value} {clean(f.rule_id)} on {self.asset(f)}{waiver}", "dim")
        if len(self.waived) > WAIVED_LISTED:
            self.line(f"  ... and {len(self.waived) - WAIVED_LISTED} more (--verbose lists them)", "dim")

    def waiver_lines(self, waivers: Sequence[WaiverStatus]) -> None:
        for w in sorted(waivers, key=lambda w: w.waiver.id):
            if w.expired:
                self.line(
                    f"waiver {clean(w.waiver.id)} expired on {clean(w.waiver.expires)} and no longer "
                    f"waives ({plural(w.matched, 'finding')} reported as failing)",
                    "yellow",
                )
            elif self.options.verbose and w.matched == 0:
                self.line(f"waiver {clean(w.waiver.id)} matched no finding", "dim")

    def coverage_lines(self) -> None:
        units = sorted(self.result.coverage, key=lambda c: (c.source, c.scope))
        problems = [c for c in units if not c.complete or c.errors]
        if self.options.verbose and units:
            self.line("Coverage:", "bold")
            for c in units:
                style = "" if c.complete else "yellow"
                self.line(
                    f"  {c.status.value:<7} {clean(c.source)} {clean(c.scope)}: {plural(c.assets, 'asset')}",
                    style,
                )
        if not problems:
            return
        self.line("Incomplete coverage:", "bold yellow")
        lines = []
        for c in problems:
            if not c.errors:
                lines.append(f"  {clean(c.source)} {clean(c.scope)}: {c.status.value}")
            for e in c.errors:
                where = f"{clean(e.where)}: " if e.where else ""
                lines.append(
                    f"  {clean(c.source)} {clean(c.scope)}: [{clean(e.code)}] {where}{clean(e.message)}"
                )
        shown = self.limit(len(lines), LINE_LIMIT)
        for text in lines[:shown]:
            self.line(text)
        if shown < len(lines):
            self.line(f"  ... and {len(lines) - shown} more (--verbose lists them; -f json has them all)")

    def summary(self) -> None:
        parts = counts(self.result)
        if self.options.timing:
            parts.append(f"{self.result.metadata.duration_seconds:.2f} s")
        passed, outcome = gate(self.result)
        text = Text("; ".join(parts) + ". ")
        text.append_text(Text(outcome, style="bold green" if passed else "bold red"))
        self.console.print(text, soft_wrap=True)
