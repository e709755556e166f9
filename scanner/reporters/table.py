"""`table`: the default terminal output, for a person reading a CI log or a shell."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scanner.model import FindingStatus, ScanResult, Severity
from scanner.reporters.base import ReportOptions
from scanner.reporters.ordering import by_severity

_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


class TableReporter:
    name = "table"
    default_filename = "report.txt"
    media_type = "text/plain"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=options.width,
            force_terminal=options.color,
            no_color=not options.color,
            highlight=False,
            emoji=False,
        )
        names = {a.id: a.name or a.id for a in result.assets}
        failing = by_severity(f for f in result.findings if f.status is FindingStatus.FAIL)
        waived = [f for f in result.findings if f.status is FindingStatus.WAIVED]
        if failing:
            table = Table(title=f"{len(failing)} violation(s)", title_justify="left", expand=False)
            for column in ("SEVERITY", "RULE", "ASSET", "LOCATION", "MESSAGE"):
                table.add_column(column, overflow="fold")
            for f in failing:
                where = f"{f.location.path}:{f.location.line}" if f.location else f.asset_id
                table.add_row(
                    Text(f.severity.value, style=_STYLE[f.severity]),
                    f.rule_id,
                    names.get(f.asset_id, f.asset_id),
                    where,
                    f.message,
                )
            console.print(table)
        else:
            console.print("No violations.")
        if waived:
            console.print(
                f"{len(waived)} finding(s) waived: "
                + ", ".join(
                    f"{f.rule_id} on {names.get(f.asset_id, f.asset_id)} ({f.waiver.id if f.waiver else '?'})"
                    for f in waived[:10]
                )
                + (" ..." if len(waived) > 10 else ""),
                style="dim",
            )
        for status in result.waivers:
            if status.expired:
                console.print(
                    f"waiver {status.waiver.id} expired on {status.waiver.expires} and no longer waives",
                    style="yellow",
                )
        problems = [c for c in result.coverage if not c.complete]
        if problems:
            console.print(Text("Incomplete coverage:", style="bold yellow"))
            for c in problems:
                for e in c.errors or ():
                    console.print(
                        f"  {c.source} {c.scope}: [{e.code}] {e.where or ''} {e.message}", markup=False
                    )
        counts = result.summary()["failing_by_severity"]
        breakdown = ", ".join(f"{n} {s}" for s, n in reversed(list(counts.items())) if n)
        console.print(
            f"{len(result.assets)} asset(s) scanned, {len(failing)} violation(s)"
            + (f" ({breakdown})" if breakdown else "")
            + f", {len(waived)} waived; fail-on: {result.metadata.fail_on}",
            markup=False,
        )
        return buffer.getvalue().encode("utf-8")
