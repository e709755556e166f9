"""`markdown`: a job summary that states the verdict, stays under GitHub's 1 MiB and escapes cells."""

from __future__ import annotations

from dataclasses import replace

from scanner.model import FindingStatus
from scanner.reporters.base import ReportOptions
from scanner.reporters.markdown import MAX_BYTES, MarkdownReporter, render_markdown
from tests.reporters.conftest import make_result


def test_summary_holds_verdict_counts_findings_coverage_and_waivers() -> None:
    result = make_result()
    page = MarkdownReporter().render(result, ReportOptions()).decode()
    assert page.startswith("## mlgov scan: FAIL")
    failing = [f for f in result.findings if f.status is FindingStatus.FAIL]
    for finding in failing:
        assert finding.rule_id in page
    assert "### Coverage" in page and "### Waivers" in page
    # incomplete coverage units come before complete ones
    coverage = page.split("### Coverage", 1)[1].split("###", 1)[0]
    statuses = [
        line.split("|")[3].strip()
        for line in coverage.splitlines()
        if line.startswith("| ") and "scope" not in line
    ]
    assert statuses and statuses.index("ok") > max(i for i, s in enumerate(statuses) if s != "ok")
    assert page == MarkdownReporter().render(make_result(duration=9.9), ReportOptions()).decode()


def test_cells_cannot_break_the_table_or_inject_html() -> None:
    result = make_result()
    hostile = replace(result.findings[0], message="a | b\n<img src=x onerror=alert(1)> [x](http://evil)")
    page = render_markdown(replace(result, findings=(hostile, *result.findings[1:])))
    [row] = [line for line in page.splitlines() if "onerror" in line]
    assert row.count(" | ") == 4  # five cells, the message's `|` escaped
    assert "<img" not in page and "&lt;img" in row and "\\[x\\]" in row


def test_a_huge_result_is_truncated_under_the_limit_with_a_notice() -> None:
    result = make_result()
    base = result.findings[0]
    many = tuple(
        replace(base, id=f"sha256:{i:064x}", asset_id=f"k8s://-/ns/Deployment/a{i}", message="x" * 3000)
        for i in range(2000)
    )
    page = render_markdown(replace(result, findings=many), max_bytes=200_000)
    assert len(page.encode()) <= 200_000
    assert "more failing findings are not listed here" in page
    assert len(render_markdown(replace(result, findings=many)).encode()) <= MAX_BYTES
