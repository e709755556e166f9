"""`mlgov diff`: what changed between two scans (two `mlgov scan -f json` reports), by fingerprint.

- new: a finding id only in the new report; resolved: only in the old one;
- changed: in both, with a different severity, status or message (a waiver added or expired, a
  severity override, a reworded policy); persisting: in both, unchanged;
- assets added and removed: the inventory drift between the two scans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.model import Severity

COMPARED = ("severity", "status", "message")
Record = Mapping[str, Any]


@dataclass(frozen=True)
class Change:
    old: Record
    new: Record
    fields: tuple[str, ...]  # which of COMPARED differ


@dataclass(frozen=True)
class ReportDiff:
    new: tuple[Record, ...]
    resolved: tuple[Record, ...]
    persisting: tuple[Record, ...]
    changed: tuple[Change, ...]
    assets_added: tuple[str, ...]
    assets_removed: tuple[str, ...]

    def new_failing(self, threshold: Severity | None) -> tuple[Record, ...]:
        """New findings with status fail at or above ``threshold`` (None: none count)."""
        if threshold is None:
            return ()
        return tuple(
            f for f in self.new if f["status"] == "fail" and Severity(f["severity"]).at_least(threshold)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": {
                "new": len(self.new),
                "resolved": len(self.resolved),
                "changed": len(self.changed),
                "persisting": len(self.persisting),
                "assets_added": len(self.assets_added),
                "assets_removed": len(self.assets_removed),
            },
            "new": list(self.new),
            "resolved": list(self.resolved),
            "changed": [_change(c) for c in self.changed],
            "persisting": [f["id"] for f in self.persisting],
            "assets_added": list(self.assets_added),
            "assets_removed": list(self.assets_removed),
        }


def _change(c: Change) -> dict[str, Any]:
    return {
        "id": c.new["id"],
        "rule_id": c.new["rule_id"],
        "asset_id": c.new["asset_id"],
        "fields": list(c.fields),
        "old": {k: c.old.get(k) for k in c.fields},
        "new": {k: c.new.get(k) for k in c.fields},
    }


def _order(records: Sequence[Record]) -> tuple[Record, ...]:
    return tuple(sorted(records, key=lambda f: (-Severity(f["severity"]).rank, f["rule_id"], f["asset_id"])))


def diff_reports(old: Record, new: Record) -> ReportDiff:
    before = {f["id"]: f for f in old["findings"]}
    after = {f["id"]: f for f in new["findings"]}
    changed, persisting = [], []
    for fid in before.keys() & after.keys():
        fields = tuple(k for k in COMPARED if before[fid].get(k) != after[fid].get(k))
        if fields:
            changed.append(Change(before[fid], after[fid], fields))
        else:
            persisting.append(after[fid])
    old_assets = {a["id"] for a in old["assets"]}
    new_assets = {a["id"] for a in new["assets"]}
    return ReportDiff(
        new=_order([after[i] for i in after.keys() - before.keys()]),
        resolved=_order([before[i] for i in before.keys() - after.keys()]),
        persisting=_order(persisting),
        changed=tuple(sorted(changed, key=lambda c: (c.new["rule_id"], c.new["asset_id"]))),
        assets_added=tuple(sorted(new_assets - old_assets)),
        assets_removed=tuple(sorted(old_assets - new_assets)),
    )
