"""`markdown`: a GitHub job-summary page ($GITHUB_STEP_SUMMARY), also readable as a pull-request
comment: a verdict line, counts by severity and status, the top failing findings, coverage
(incomplete units first) and waivers.

GitHub refuses a job summary over 1 MiB, so the page is kept under ``MAX_BYTES``: findings are
added most important first until the budget is spent, and a notice says how many were left out
(the JSON report has them all). Cell text is escaped: a `|` or a newline in a message cannot break
the table, and HTML or Markdown in scanned names is shown, not rendered.
"""

from __future__ import annotations

from scanner.findings.frameworks import framework_view
from scanner.model import Finding, FindingStatus, ScanResult, Severity
from scanner.reporters.base import ReportOptions
from scanner.reporters.ordering import by_importance
from scanner.text import plural

MAX_BYTES = 1_000_000  # GitHub's limit is 1 MiB per step summary; keep a margin
TOP_FINDINGS = 200


# Markdown and HTML metacharacters a scanned name could use to restyle or inject into the page
ESCAPES = {"\\": "\\\\", "|": "\\|", "<": "&lt;", ">": "&gt;", "`": "\\`", "*": "\\*", "_": "\\_",
           "[": "\\[", "]": "\\]"}  # fmt: skip


def cell(text: object) -> str:
    value = "" if text is None else str(text)
    value = "".join(ESCAPES.get(ch, ch) for ch in value)
    return " ".join(value.split())  # newlines and tabs would end the row


def render_markdown(result: ScanResult, max_bytes: int = MAX_BYTES, framework: str | None = None) -> str:
    failing = [f for f in result.findings if f.status is FindingStatus.FAIL]
    head = [f"## mlgov scan: {'FAIL' if failing else 'PASS'}", ""]
    summary = result.summary()
    head.append(
        f"{plural(summary['assets'], 'asset')}, {plural(len(failing), 'failing finding')}, "
        f"{summary['by_status']['waived']} waived; fail-on: {result.metadata.fail_on}; "
        f"clock {result.metadata.now}; engine {result.metadata.engine}."
    )
    head += ["", "| severity | failing |", "|---|---:|"]
    head += [f"| {s.value} | {summary['failing_by_severity'][s.value]} |" for s in reversed(Severity)]
    tail = (_framework(result, framework) if framework else []) + _coverage(result) + _waivers(result)
    rows = [
        f"| {f.severity.value} | {f.rule_id} | {cell(f.asset_id)} | {cell(_where(f))} | {cell(f.message)} |"
        for f in by_importance(failing)[:TOP_FINDINGS]
    ]
    table_head = [
        "",
        "### Findings",
        "",
        "| severity | rule | asset | location | message |",
        "|---|---|---|---|---|",
    ]
    budget = max_bytes - len("\n".join(head + table_head + tail).encode()) - 400
    kept: list[str] = []
    for row in rows:
        size = len(row.encode()) + 1
        if size > budget:
            break
        kept.append(row)
        budget -= size
    left_out = len(failing) - len(kept)
    body = table_head + kept if failing else []
    if left_out:
        body += ["", f"> {left_out} more failing findings are not listed here; see the JSON or SARIF report."]
    return "\n".join(head + body + tail) + "\n"


def _where(finding: Finding) -> str:
    return str(finding.location) if finding.location else ""


def _framework(result: ScanResult, name: str) -> list[str]:
    view = framework_view(result, name)
    lines = [
        "",
        f"### {view['title']}",
        "",
        "| control | rules | failing | waived | status |",
        "|---|---|---:|---:|---|",
    ]
    for c in view["controls"]:
        lines.append(
            f"| {c['control']} | {', '.join(c['rules'])} | {c['failing']} | {c['waived']} | {c['status']} |"
        )
    if not view["coverage_complete"]:
        lines.append("\n> Coverage is incomplete: a passing control vouches only for what was read.")
    return lines


def _coverage(result: ScanResult) -> list[str]:
    units = sorted(result.coverage, key=lambda c: (c.complete, c.source, c.scope))
    if not units:
        return []
    lines = [
        "",
        "### Coverage",
        "",
        "| source | scope | status | assets | errors |",
        "|---|---|---|---:|---|",
    ]
    for c in units[:100]:
        errors = "; ".join(f"{e.code}: {e.message}" for e in c.errors[:3])
        lines.append(f"| {c.source} | {cell(c.scope)} | {c.status.value} | {c.assets} | {cell(errors)} |")
    if len(units) > 100:
        lines.append(
            f"\n> {len(units) - 100} more coverage units (all complete ones listed last) are not shown."
        )
    return lines


def _waivers(result: ScanResult) -> list[str]:
    if not result.waivers:
        return []
    lines = [
        "",
        "### Waivers",
        "",
        "| waiver | rule | asset | expires | status | approved by |",
        "|---|---|---|---|---|---|",
    ]
    for status in sorted(result.waivers, key=lambda w: w.waiver.id):
        w = status.waiver
        state = "expired" if status.expired else f"matched {status.matched}" if status.matched else "unused"
        who = cell(w.approved_by)
        lines.append(f"| {cell(w.id)} | {cell(w.rule)} | {cell(w.asset)} | {w.expires} | {state} | {who} |")
    return lines


class MarkdownReporter:
    name = "markdown"
    default_filename = "report.md"
    media_type = "text/markdown"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        return render_markdown(result, framework=options.framework).encode("utf-8")
