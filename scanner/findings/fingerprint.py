"""Finding ids: a fingerprint of what is wrong with what, never of a message, line or time.

The same rule failing on the same asset keeps its id across scans, file moves and message edits,
so SIEMs can de-duplicate and `mlgov diff` can match findings between quarters.
"""

from __future__ import annotations

import hashlib


def fingerprint(rule_id: str, asset_id: str) -> str:
    digest = hashlib.sha256(f"{rule_id}\x00{asset_id}".encode()).hexdigest()
    return f"sha256:{digest}"
