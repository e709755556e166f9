"""What every OCSF event of one scan shares: the schema version, the product, the event time, and
the ids that let a SIEM group the events of a scan and drop re-ingested copies.

The scan id is derived from the scan's content (clock, engine, policy bundle, config, scope,
coverage, asset ids, finding ids and statuses), never from the wall clock or a random number:
the same result renders to the same bytes, and a replayed report de-duplicates onto the events
it already sent, while any scan that saw something different gets ids of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from scanner import __version__
from scanner.model import ScanResult

OCSF_VERSION = "1.5.0"
# the namespace of every scan id: fixed, so that ids never change between mlgov installations
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/mlgov/mlgov#ocsf")


def epoch_ms(rfc3339: str) -> int:
    return int(dt.datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp() * 1000)


def scan_uid(result: ScanResult) -> str:
    """One id per distinct scan: a UUID (version 5) of everything the scan saw and decided."""
    meta = result.metadata
    digest = hashlib.sha256()
    header = (meta.tool_version, meta.engine, meta.engine_version, meta.bundle_digest,
              meta.config_digest or "", meta.now, meta.fail_on, *meta.scope)  # fmt: skip
    digest.update("\x00".join(header).encode())
    for record in sorted(canonical(c.to_dict()) for c in result.coverage):
        digest.update(b"\x01" + record.encode())
    for asset_id in sorted(a.id for a in result.assets):
        digest.update(b"\x02" + asset_id.encode())
    for finding in sorted(f"{f.id}\x00{f.status.value}\x00{f.baseline}" for f in result.findings):
        digest.update(b"\x03" + finding.encode())
    return str(uuid.uuid5(_NAMESPACE, digest.hexdigest()))


def event_uid(scan: str, key: Any) -> str:
    """The id of one event of a scan: the same event of the same scan always has the same id."""
    return str(uuid.uuid5(uuid.UUID(scan), canonical(key)))


def metadata(scan: str, key: Any, event_code: str) -> dict[str, Any]:
    """``metadata``: ``uid`` unique per event, ``correlation_uid`` the scan id on every event of
    the scan (findings included), ``event_code`` which kind of mlgov event it is."""
    return {
        "version": OCSF_VERSION,
        "product": {"name": "mlgov", "vendor_name": "mlgov", "version": __version__},
        "uid": event_uid(scan, key),
        "correlation_uid": scan,
        "event_code": event_code,
    }


def canonical(value: Any) -> str:
    """Compact JSON with sorted keys: equal values, equal text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
