"""table: the terminal report a person reads."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from scanner.model import CoverageStatus, FindingStatus, ScanResult
from scanner.reporters.table import clean
from tests.reporters.conftest import (
    AWS_ASSET,
    FINDINGS,
    K8S_ASSET,
    LINEAGE_MISSING,
    TF_ASSET,
    make_finding,
    make_result,
    render,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def table(result: ScanResult, **options: object) -> str:
    return render("table", result, **options).decode("utf-8")


def test_findings_locations_and_summary(result: ScanResult) -> None:
    text = table(result)
    for f in FINDINGS:
        if f.status is FindingStatus.FAIL:
            assert f.rule_id in text
    assert "k8s/serving/llm chat.yaml:12" in text  # file asset: path:line
    assert "plans/plan.json:40" in text
    assert "<stdin>:7" in text
    assert AWS_ASSET.id in table(result, width=160)  # live asset: its id is where it is
    assert "llm-chat" in text and "fraud-tf" in text  # asset names
    last = text.rstrip("\n").splitlines()[-1]
    assert last == (
        "6 assets scanned; 8 violations (1 critical, 2 high, 2 medium, 2 low, 1 info); 1 waived; "
        "coverage incomplete (2 of 6 sources). FAIL: 3 violations at or above high"
    )


def test_plain_without_color_and_styled_with_it(result: ScanResult) -> None:
    plain = table(result, color=False)
    assert not ANSI.search(plain)
    assert all(line == line.rstrip() for line in plain.splitlines())  # no padding
    colored = table(result, color=True)
    assert ANSI.search(colored)
    assert ANSI.sub("", colored).split() == plain.split()  # same words, only styled


def test_most_severe_first_then_rule_then_asset(result: ScanResult) -> None:
    text = table(result)
    rows = [
        line.split()[:2] for line in text.splitlines() if re.match(r"^(critical|high|medium|low|info) ", line)
    ]
    assert rows[:3] == [["critical", "MLG013"], ["high", "MLG001"], ["high", "MLG007"]]
    assert [r[0] for r in rows] == ["critical", "high", "high", "medium", "medium", "low", "low", "info"]


def test_waived_findings_summarized_or_dimmed_rows_when_verbose(result: ScanResult) -> None:
    text = table(result)
    assert "1 finding waived:" in text
    assert "MLG009 on fraud (waiver W1, expires 2026-12-31)" in text
    assert "[waived: W1]" not in text
    verbose = table(result, verbose=True)
    assert "8 violations, 1 waived" in verbose
    assert "[waived: W1]" in verbose
    assert "1 finding waived:" not in verbose
    assert "\x1b[2m" in table(result, verbose=True, color=True)  # dim


def test_expired_and_unused_waivers(result: ScanResult) -> None:
    text = table(result)
    assert "waiver W0 expired on 2026-01-01 and no longer waives (1 finding reported as failing)" in text
    assert "W2" not in text
    assert "waiver W2 matched no finding" in table(result, verbose=True)


def test_coverage_problems(result: ScanResult) -> None:
    text = table(result)
    assert "Incomplete coverage:" in text
    assert "file k8s/: [parse_error] k8s/broken.yaml:3: mapping values are not allowed here" in text
    assert "aws 123456789012/eu-west-1/sagemaker: [AccessDenied] sagemaker:ListModels:" in text
    assert "mlflow https://mlflow.internal" not in text  # complete units only when verbose
    verbose = table(result, verbose=True)
    assert "ok      mlflow https://mlflow.internal: 2 assets" in verbose
    assert "failed  aws 123456789012/eu-west-1/sagemaker: 0 assets" in verbose


def test_no_findings(result: ScanResult) -> None:
    complete = tuple(replace(c, status=CoverageStatus.OK, errors=()) for c in result.coverage)
    clean_result = replace(result, findings=(), waivers=(), coverage=complete)
    text = table(clean_result)
    assert text.splitlines()[0] == "No violations."
    assert text.splitlines()[-1] == "6 assets scanned; 0 violations; 0 waived. PASS: none at or above high"
    only_waived = replace(clean_result, findings=(FINDINGS[4],))
    assert table(only_waived).splitlines()[0] == "No violations (1 finding waived)."


def test_verdict_follows_fail_on(result: ScanResult) -> None:
    def verdict(fail_on: str) -> str:
        res = replace(result, metadata=replace(result.metadata, fail_on=fail_on))
        return table(res).rstrip("\n").splitlines()[-1].split(". ")[-1]

    assert verdict("critical") == "FAIL: 1 violation at or above critical"
    assert verdict("info") == "FAIL: 8 violations at or above info"
    assert verdict("none") == "PASS: fail-on none"
    only_low = replace(result, findings=tuple(f for f in result.findings if f.severity.rank <= 1))
    assert table(only_low).rstrip("\n").splitlines()[-1].endswith("PASS: none at or above high")


def test_timing_only_when_asked(result: ScanResult) -> None:
    assert " s. " not in table(result)
    assert "; 1.50 s. FAIL" in table(result, timing=True)
    # without timing, the same input renders the same bytes whatever the clock said
    assert render("table", make_result()) == render("table", make_result("2030-01-01T00:00:00Z", 9.0))


def test_unevaluated_findings_are_listed(result: ScanResult) -> None:
    broken = make_finding(LINEAGE_MISSING, K8S_ASSET, FindingStatus.ERROR, message="evaluation failed")
    text = table(replace(result, findings=(*result.findings, broken)))
    assert "1 check could not be evaluated:" in text
    assert "MLG007 on llm-chat (k8s/serving/llm chat.yaml:12): evaluation failed" in text
    assert "1 not evaluated" in text.splitlines()[-1]


def test_scanned_text_cannot_restyle_or_rewrite_the_terminal(result: ScanResult) -> None:
    hostile_asset = replace(TF_ASSET, name="[bold red]evil[/] \x1b[2J\x1b]0;pwned\x07")
    hostile = make_finding(LINEAGE_MISSING, hostile_asset, message="[/nonsense] \u202eesrever\r")
    res = replace(result, assets=(hostile_asset,), findings=(hostile,))
    for color in (False, True):
        text = table(res, color=color)
        assert "\x1b[2J" not in text and "\x07" not in text and "\u202e" not in text and "\r" not in text
        assert "[bold red]evil[/]" in text and "[/nonsense]" in text  # markup shown, not applied
        assert "\\x1b[2J" in text and "\\u202e" in text


def test_clean_keeps_printable_text() -> None:
    assert clean("plain text: ünïcode 模型") == "plain text: ünïcode 模型"
    assert clean("tab\there\nnext") == "tab here next"
    assert (
        clean("bell\x07 nul\x00 del\x7f c1\x9b zwj\u200d") == "bell\\x07 nul\\x00 del\\x7f c1\\x9b zwj\\u200d"
    )


def test_environment_does_not_change_the_bytes(result: ScanResult, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, colored = render("table", result), render("table", result, color=True)
    for name, value in (("FORCE_COLOR", "1"), ("NO_COLOR", "1"), ("COLUMNS", "33"), ("TERM", "dumb")):
        monkeypatch.setenv(name, value)
    assert render("table", result) == plain
    assert render("table", result, color=True) == colored


def test_narrow_and_wide_widths(result: ScanResult) -> None:
    narrow = table(result, width=60).splitlines()
    rows = narrow[: narrow.index("1 finding waived:")]  # the table; the lines after it are not wrapped
    assert rows[0] == "8 violations"
    assert all(len(line) <= 60 for line in rows)
    wide = table(result, width=200)
    assert "k8s/serving/llm chat.yaml:12" in wide


def test_long_lists_are_cut_and_say_so(result: ScanResult, monkeypatch: pytest.MonkeyPatch) -> None:
    import scanner.reporters.table as table_module

    monkeypatch.setattr(table_module, "ROW_LIMIT", 3)
    monkeypatch.setattr(table_module, "LINE_LIMIT", 1)
    text = table(result)
    rows = [line for line in text.splitlines() if re.match(r"^(critical|high|medium|low|info) ", line)]
    assert [r.split()[1] for r in rows] == ["MLG013", "MLG001", "MLG007"]  # the most severe
    assert "... and 5 more, less severe than the rows above" in text
    assert "  ... and 1 more (--verbose lists them; -f json has them all)" in text  # coverage errors
    assert "8 violations (1 critical" in text.splitlines()[-1]  # the summary still counts all
    verbose = table(result, verbose=True)
    assert "more, less severe" not in verbose and "... and" not in verbose
