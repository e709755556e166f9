"""`json`: the canonical record (reports/report.schema.json). Same input, same bytes, except the
timing fields metadata.started_at and metadata.duration_seconds."""

from __future__ import annotations

import json
from typing import Any

from scanner.model import ScanResult
from scanner.reporters.base import ReportOptions

SCHEMA_VERSION = "1"


def report_document(result: ScanResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "metadata": result.metadata.to_dict(),
        "summary": result.summary(),
        "coverage": [c.to_dict() for c in sorted(result.coverage, key=lambda c: (c.source, c.scope))],
        "rules": [r.to_dict() for r in sorted(result.rules, key=lambda r: r.id)],
        "assets": [a.to_policy_dict() for a in sorted(result.assets, key=lambda a: a.id)],
        "findings": [f.to_dict() for f in sorted(result.findings, key=lambda f: (f.rule_id, f.asset_id))],
        "waivers": [w.to_dict() for w in sorted(result.waivers, key=lambda w: w.waiver.id)],
    }


class JsonReporter:
    name = "json"
    default_filename = "report.json"
    media_type = "application/json"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        # Compact on purpose: with `indent`, CPython falls back to its pure-Python encoder, several
        # times slower on a 10,000-asset report. `jq .` pretty-prints for people.
        text = json.dumps(report_document(result), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return (text + "\n").encode("utf-8")
