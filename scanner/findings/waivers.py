"""Waivers: a YAML list of accepted risks, each with a mandatory expiry.

An expired waiver stops waiving (the finding fails again) and is itself reported, so a forgotten
exception cannot silently outlive its approval.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scanner.links import docs_url
from scanner.model import ConfigError, Waiver, WaiverStatus
from scanner.yamlio import read_yaml_file

_REQUIRED = ("id", "rule", "asset", "justification", "approved_by", "expires")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    loaded = read_yaml_file(
        path, "waivers file", "check the --waivers path or the `waivers` key of mlgov.yaml"
    )
    data, lines = loaded.data, loaded.lines
    entries: Any = data.get("waivers") if isinstance(data, dict) else data
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise ConfigError(
            "waivers file must be a list of waivers, or a mapping with a `waivers:` list",
            where=str(path),
            hint=f"an example: {docs_url('README.md#waivers')}",
        )
    waivers = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        line = lines.get(f"/waivers/{index}") or lines.get(f"/{index}") or 1
        where = f"{path}:{line}"
        waiver = _parse_waiver(entry, where)
        if waiver.id in seen:
            raise ConfigError(f"duplicate waiver id {waiver.id!r}", where=where)
        seen.add(waiver.id)
        waivers.append(waiver)
    return tuple(waivers)


def _parse_waiver(entry: Any, where: str) -> Waiver:
    if not isinstance(entry, dict):
        raise ConfigError("a waiver must be a mapping", where=where)
    missing = [k for k in _REQUIRED if not str(entry.get(k) or "").strip()]
    if missing:
        raise ConfigError(
            f"waiver is missing required field(s): {', '.join(missing)}",
            where=where,
            hint="every waiver needs id, rule, asset, justification, approved_by and expires (YYYY-MM-DD)",
        )
    unknown = sorted(set(entry) - {*_REQUIRED, "ticket"})
    if unknown:
        raise ConfigError(f"waiver has unknown field(s): {', '.join(unknown)}", where=where)
    expires = entry["expires"]
    expires_text = expires.isoformat() if isinstance(expires, dt.date) else str(expires).strip()
    if not _DATE.match(expires_text) or _parse_date(expires_text) is None:
        raise ConfigError(
            f"waiver expiry {expires_text!r} is not a date",
            where=where,
            hint="write expires as YYYY-MM-DD; waivers without an end date are not accepted",
        )
    return Waiver(
        id=str(entry["id"]),
        rule=str(entry["rule"]),
        asset=str(entry["asset"]),
        justification=str(entry["justification"]),
        approved_by=str(entry["approved_by"]),
        expires=expires_text,
        ticket=str(entry["ticket"]) if entry.get("ticket") else None,
        where=where,
    )


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def is_expired(waiver: Waiver, today: dt.date) -> bool:
    """A waiver is valid through its expiry day and stops waiving the day after."""
    expires = _parse_date(waiver.expires)
    return expires is None or expires < today


def waiver_matches(waiver: Waiver, rule_id: str, asset_id: str) -> bool:
    return fnmatch.fnmatchcase(rule_id, waiver.rule) and fnmatch.fnmatchcase(asset_id, waiver.asset)


class WaiverBook:
    """Matches findings to waivers and counts how each waiver was used."""

    def __init__(self, waivers: Sequence[Waiver], today: dt.date) -> None:
        self._waivers = tuple(waivers)
        self._expired = {w.id: is_expired(w, today) for w in self._waivers}
        self._matched = dict.fromkeys(self._expired, 0)

    def find(self, rule_id: str, asset_id: str) -> Waiver | None:
        """The first active waiver covering this finding; expired matches are counted, not used."""
        for waiver in self._waivers:
            if waiver_matches(waiver, rule_id, asset_id):
                self._matched[waiver.id] += 1
                if not self._expired[waiver.id]:
                    return waiver
        return None

    def statuses(self) -> tuple[WaiverStatus, ...]:
        return tuple(
            WaiverStatus(waiver=w, expired=self._expired[w.id], matched=self._matched[w.id])
            for w in self._waivers
        )
