"""The owner directory: an export of valid owners (from the identity provider, an HR system...)
that MLG002 checks every resolved owner against. ``params.owner_directory`` names the file; its
entries join ``params.owner_directory_entries`` before evaluation, so the policies see one list.

Formats, by extension:
- ``.csv``: a header row; the column named email, mail, userPrincipalName, owner, id or name
  (first match, case-insensitive), else the first column.
- ``.json``: a list of strings, a list of objects (the same keys as the CSV columns), or an object
  holding such a list under ``owners``, ``users``, ``members`` or ``value`` (Microsoft Graph).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from scanner.model import ConfigError

KEYS = ("email", "mail", "userprincipalname", "owner", "id", "name")
CONTAINERS = ("owners", "users", "members", "value")
HINT = "export owners as CSV with an `email` column, or JSON (a list of addresses or of user objects)"


def load_owner_directory(path: Path) -> tuple[str, ...]:
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot read the owner directory: {type(exc).__name__}", where=where, hint=HINT
        ) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        owners = _from_csv(text, where)
    elif suffix == ".json":
        owners = _from_json(text, where)
    else:
        raise ConfigError(f"unknown owner directory format {suffix or '(none)'!r}", where=where, hint=HINT)
    cleaned = tuple(dict.fromkeys(o.strip() for o in owners if o and o.strip()))
    if not cleaned:
        # an empty export would silently turn the directory check off: fail closed instead
        raise ConfigError("the owner directory lists no owners", where=where, hint=HINT)
    return cleaned


def _from_csv(text: str, where: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    column = next((header.index(k) for k in KEYS if k in header), 0)
    return [row[column] for row in rows[1:] if len(row) > column]


def _from_json(text: str, where: str) -> list[str]:
    try:
        data: Any = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"the owner directory is not valid JSON: {exc}", where=where, hint=HINT) from None
    if isinstance(data, dict):
        data = next((data[k] for k in CONTAINERS if isinstance(data.get(k), list)), None)
    if not isinstance(data, list):
        raise ConfigError("the owner directory holds no list of owners", where=where, hint=HINT)
    owners: list[str] = []
    for item in data:
        if isinstance(item, str):
            owners.append(item)
        elif isinstance(item, dict):
            lowered = {str(k).lower(): v for k, v in item.items()}
            value = next((lowered[k] for k in KEYS if isinstance(lowered.get(k), str)), None)
            if value:
                owners.append(value)
    return owners
