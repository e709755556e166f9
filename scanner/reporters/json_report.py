"""`json`: the canonical record of a scan, described by reports/report.schema.json.

Deterministic: keys sorted, coverage by (source, scope), rules and assets by id, findings by
(rule id, asset id), waivers by id. The same ScanResult gives the same bytes; two scans of the
same input with the same --now differ only in metadata.started_at and metadata.duration_seconds.

Layout (layout.py): indented two spaces, except that each record of the five record lists
(coverage, rules, assets, findings, waivers) is one line: a quarter-to-quarter diff shows one
changed line per changed asset or finding, and records go through CPython's C encoder, where
`indent=2` would fall back to the pure-Python one (about 3x slower). `jq .` re-indents fully.

The reporter serializes only what the model holds; it adds no raw object, so no secret that the
normalizers kept out of an Asset can appear here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.findings.frameworks import framework_view
from scanner.model import ScanResult
from scanner.reporters import layout
from scanner.reporters.base import ReportOptions
from scanner.reporters.layout import utf8

SCHEMA_VERSION = "1"

RECORD_LISTS = frozenset({"coverage", "rules", "assets", "findings", "waivers"})


def report_document(result: ScanResult) -> dict[str, Any]:
    """The report as plain JSON data (what `json` writes, before layout)."""
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


def dumps(document: Mapping[str, Any]) -> bytes:
    """Sorted keys, two-space indent, one line per record of the record lists, final newline."""
    return utf8(layout.dumps(document, flat_lists=RECORD_LISTS, sort_keys=True))


class JsonReporter:
    name = "json"
    default_filename = "report.json"
    media_type = "application/json"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        document = report_document(result)
        if options.framework:
            document["framework"] = framework_view(result, options.framework)
        return dumps(document)
