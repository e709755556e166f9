"""`csv`: round-trips through Python's csv module and never lets a spreadsheet run a formula."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from scanner.reporters.base import ReportOptions
from scanner.reporters.csv_report import FINDING_COLUMNS, CsvReporter, inventory_csv, safe_cell
from tests.reporters.conftest import ASSETS, make_result


def read(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_findings_round_trip() -> None:
    result = make_result()
    rows = read(CsvReporter().render(result, ReportOptions()))
    assert len(rows) == len(result.findings)
    assert list(rows[0]) == list(FINDING_COLUMNS)
    by_id = {r["id"]: r for r in rows}
    for finding in result.findings:
        row = by_id[finding.id]
        assert (row["rule_id"], row["asset_id"], row["status"]) == (
            finding.rule_id,
            finding.asset_id,
            finding.status.value,
        )
        assert row["message"] == safe_cell(finding.message)  # commas, quotes and newlines survive
    waived = [r for r in rows if r["status"] == "waived"]
    assert waived and all(r["waiver_id"] and r["waiver_expires"] for r in waived)


def test_formula_injection_is_neutralised() -> None:
    result = make_result()
    hostile = replace(
        result.findings[0], message='=HYPERLINK("http://evil.example","x"), then "quoted"\nline'
    )
    rows = read(
        CsvReporter().render(replace(result, findings=(hostile, *result.findings[1:])), ReportOptions())
    )
    [row] = [r for r in rows if r["id"] == hostile.id]
    assert row["message"].startswith("'=HYPERLINK(")
    assert row["message"][1:] == hostile.message
    for value in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(value) == f"'{value}"
    assert safe_cell("fraud-team@example.com") == "fraud-team@example.com"


def test_inventory_csv_has_one_row_per_asset_and_is_deterministic() -> None:
    data = inventory_csv(ASSETS)
    rows = read(data)
    assert [r["id"] for r in rows] == sorted(a.id for a in ASSETS)
    assert data == inventory_csv(reversed(ASSETS))
    assert CsvReporter().render(make_result(), ReportOptions()) == CsvReporter().render(
        make_result(started_at="2027-01-01T00:00:00Z", duration=3.0), ReportOptions()
    )
