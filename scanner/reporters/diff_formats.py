"""Renderings of a ReportDiff (`mlgov diff -f table|json|markdown`), one function per format."""

from __future__ import annotations

import json
from collections.abc import Callable

from scanner.findings.diff import ReportDiff
from scanner.reporters.markdown import cell
from scanner.text import plural


def _table(diff: ReportDiff) -> str:
    s = diff.to_dict()["summary"]
    lines = [
        f"{s['new']} new, {s['resolved']} resolved, {s['changed']} changed, {s['persisting']} persisting "
        f"findings; {plural(s['assets_added'], 'asset')} added, {s['assets_removed']} removed",
    ]
    for title, records in (("NEW", diff.new), ("RESOLVED", diff.resolved)):
        if records:
            lines += ["", title]
            lines += [
                f"  {f['severity']:<8} {f['rule_id']:<8} {f['asset_id']}  {f['message']}" for f in records
            ]
    if diff.changed:
        lines += ["", "CHANGED"]
        for c in diff.changed:
            what = ", ".join(f"{k}: {c.old[k]} -> {c.new[k]}" for k in c.fields if k != "message")
            what = what or "message reworded"
            lines.append(f"  {c.new['rule_id']:<8} {c.new['asset_id']}  {what}")
    for title, ids in (("ASSETS ADDED", diff.assets_added), ("ASSETS REMOVED", diff.assets_removed)):
        if ids:
            lines += ["", title, *(f"  {i}" for i in ids)]
    return "\n".join(lines) + "\n"


def _json(diff: ReportDiff) -> str:
    return json.dumps(diff.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _markdown(diff: ReportDiff) -> str:
    s = diff.to_dict()["summary"]
    lines = [
        "## mlgov diff",
        "",
        "| new | resolved | changed | persisting | assets added | assets removed |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {s['new']} | {s['resolved']} | {s['changed']} | {s['persisting']} | {s['assets_added']} | "
        f"{s['assets_removed']} |",
    ]
    for title, records in (("New findings", diff.new), ("Resolved findings", diff.resolved)):
        if records:
            lines += ["", f"### {title}", "", "| severity | rule | asset | message |", "|---|---|---|---|"]
            lines += [
                f"| {f['severity']} | {f['rule_id']} | {cell(f['asset_id'])} | {cell(f['message'])} |"
                for f in records
            ]
    if diff.changed:
        lines += ["", "### Changed", "", "| rule | asset | change |", "|---|---|---|"]
        for c in diff.changed:
            change = "; ".join(f"{k}: {cell(c.old[k])} → {cell(c.new[k])}" for k in c.fields)
            lines.append(f"| {c.new['rule_id']} | {cell(c.new['asset_id'])} | {change} |")
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[ReportDiff], str]] = {"table": _table, "json": _json, "markdown": _markdown}
