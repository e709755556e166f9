"""`csv`: one row per finding, for spreadsheets and ticket imports; `inventory_csv` writes one row
per asset (`mlgov inventory -f csv`).

Safe against formula injection (CSV injection): a cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return is prefixed with a single quote, as OWASP recommends, so a spreadsheet shows
the text instead of evaluating it. Rows are in the human-facing order (severity, rule, asset);
the same result gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from scanner.model import Asset, ScanResult
from scanner.reporters.base import ReportOptions
from scanner.reporters.ordering import by_severity

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FINDING_COLUMNS = ("id", "severity", "status", "rule_id", "title", "asset_id", "asset_name", "asset_kind",
                   "location", "message", "waiver_id", "waiver_expires")  # fmt: skip
ASSET_COLUMNS = ("id", "kind", "source", "name", "version", "owner", "environment", "classification",
                 "risk_tier", "sunset_date", "lifecycle", "approval_status", "cost_center", "registry_target",
                 "registry_matched_by", "location")  # fmt: skip


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends, as spreadsheets expect
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def inventory_csv(assets: Iterable[Asset]) -> bytes:
    def row(a: Asset) -> list[object]:
        ref = a.registry_ref
        where = str(a.location) if a.location else None
        linked = (ref.target, ref.matched_by) if ref else (None, None)
        return [a.id, a.kind.value, a.source.value, a.name, a.version, a.owner, a.environment,
                a.classification, a.risk_tier, a.sunset_date or a.sunset_raw, a.lifecycle, a.approval_status,
                a.cost_center, *linked, where]  # fmt: skip

    return to_csv(ASSET_COLUMNS, (row(a) for a in sorted(assets, key=lambda a: a.id)))


class CsvReporter:
    name = "csv"
    default_filename = "report.csv"
    media_type = "text/csv"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        assets = {a.id: a for a in result.assets}
        rows = []
        for f in by_severity(result.findings):
            asset = assets.get(f.asset_id)
            where = str(f.location) if f.location else None
            named = (asset.name, asset.kind.value) if asset else (None, None)
            waiver = (f.waiver.id, f.waiver.expires) if f.waiver else (None, None)
            rows.append([f.id, f.severity.value, f.status.value, f.rule_id, f.title, f.asset_id, *named,
                         where, f.message, *waiver])  # fmt: skip
        return to_csv(FINDING_COLUMNS, rows)
