"""OCSF 1.5.0 Scan Activity events (class 6007): what a scan read and what it could not.

Without them a SIEM sees only findings, and a scan that could not read an account looks like a
clean one. Three kinds of event, told apart by ``metadata.event_code``:

- ``scan``: one per scan. Status Success when every coverage unit was read, Failure when one
  was not: the event a SIEM alerts on. (``is_alert`` would say so too, but it belongs to the
  security_control profile, which nothing else here needs.)
- ``coverage``: one per coverage unit (a path, an account/region/service, a cluster context and
  kind, a tracking URI), so that a clean scan shows what it covered.
- ``coverage_error``: one per coverage error, with mlgov's own code, message and location.

The text comes from the coverage records only; collectors write those messages themselves (an
exception's text, which could quote a value, never reaches them).
"""

from __future__ import annotations

from typing import Any

from scanner.model import Coverage, CoverageError, CoverageStatus, FindingStatus, ScanResult
from scanner.reporters.ocsf_meta import canonical, metadata

CLASS_UID = 6007  # Scan Activity
CATEGORY = {"category_uid": 6, "category_name": "Application Activity"}
COMPLETED = (2, "Completed")
ERROR = (6, "Error")
SUCCESS = (1, "Success")
FAILURE = (2, "Failure")
# an unread unit is a blind spot in the compliance picture: a partly read one hides less
SEVERITY = {
    CoverageStatus.OK: (1, "Informational"),
    CoverageStatus.PARTIAL: (3, "Medium"),
    CoverageStatus.FAILED: (4, "High"),
}
_GAP_STATUSES = (CoverageStatus.PARTIAL, CoverageStatus.FAILED)


def scan_events(result: ScanResult, scan: str, time_ms: int) -> list[dict[str, Any]]:
    """The scan event first, then each coverage unit (by source and scope) followed by its errors."""
    # the whole record breaks ties, so that the order never depends on the collectors' order
    units = sorted(result.coverage, key=lambda c: (c.source, c.scope, canonical(c.to_dict())))
    events = [_scan_event(result, scan, time_ms)]
    for unit in units:
        events.append(_unit_event(unit, scan, time_ms))
        events.extend(_error_event(unit, error, scan, time_ms) for error in unit.errors)
    return events


def _base(activity: tuple[int, str], scan: str, time_ms: int) -> dict[str, Any]:
    return {
        "activity_id": activity[0],
        "activity_name": activity[1],
        **CATEGORY,
        "class_uid": CLASS_UID,
        "class_name": "Scan Activity",
        "type_uid": CLASS_UID * 100 + activity[0],
        "type_name": f"Scan Activity: {activity[1]}",
        "time": time_ms,
        "scan": {"uid": scan, "name": "mlgov scan", "type_id": 99, "type": "ML asset governance"},
    }


def _with_outcome(event: dict[str, Any], ok: bool, status: CoverageStatus, code: str) -> dict[str, Any]:
    severity_id, severity = SEVERITY[status]
    outcome = SUCCESS if ok else FAILURE
    return {**event, "status_id": outcome[0], "status": outcome[1], "status_code": code,
            "severity_id": severity_id, "severity": severity}  # fmt: skip


def _scan_event(result: ScanResult, scan: str, time_ms: int) -> dict[str, Any]:
    complete = result.coverage_complete
    gaps = [c for c in result.coverage if not c.complete]
    worst = max((c.status for c in gaps), key=_rank, default=CoverageStatus.OK)
    errors = sum(len(c.errors) for c in result.coverage)
    failing = sum(1 for f in result.findings if f.failing)
    waived = sum(1 for f in result.findings if f.status is FindingStatus.WAIVED)
    summary = _coverage_summary(result.coverage)
    event = _base(COMPLETED, scan, time_ms)
    event.update(
        {
            "message": f"mlgov scan: {_count(len(result.assets), 'asset')}, "
            f"{failing} failing and {waived} waived findings; {summary}",
            "status_detail": summary,
            "policy": {"uid": result.metadata.bundle_digest, "name": "mlgov policy bundle"},
            "total": len(result.assets),
            "num_detections": failing,
            "num_skipped_items": errors,
            "metadata": metadata(scan, "scan", "scan"),
        }
    )
    return _with_outcome(event, complete, worst, "complete" if complete else "incomplete")


def _unit_event(unit: Coverage, scan: str, time_ms: int) -> dict[str, Any]:
    event = _base(ERROR if unit.status is CoverageStatus.FAILED else COMPLETED, scan, time_ms)
    event.update(
        {
            "message": f"{unit.source} {unit.scope}: coverage {unit.status.value}, "
            f"{_count(unit.assets, 'asset')} read, {_count(len(unit.errors), 'error')}",
            "total": unit.assets,
            "num_skipped_items": len(unit.errors),
            "unmapped": _unit_fields(unit),
            "metadata": metadata(scan, {"coverage": unit.to_dict()}, "coverage"),
        }
    )
    return _with_outcome(event, unit.complete, unit.status, unit.status.value)


def _error_event(unit: Coverage, error: CoverageError, scan: str, time_ms: int) -> dict[str, Any]:
    event = _base(ERROR, scan, time_ms)
    fields = _unit_fields(unit) | {"error_code": error.code}
    if error.where:
        fields["error_where"] = error.where
    key = {"coverage": [unit.source, unit.scope], "error": error.to_dict()}
    event.update(
        {
            "message": f"{error.where}: {error.message}" if error.where else error.message,
            "unmapped": fields,
            "metadata": metadata(scan, key, "coverage_error"),
        }
    )
    # the error's own code, not the unit's status: what a SIEM groups gaps by (AccessDenied...)
    return _with_outcome(event, False, unit.status, error.code)


def _unit_fields(unit: Coverage) -> dict[str, str]:
    """Flat strings: some OCSF stores (Amazon Security Lake) hold ``unmapped`` as a string map."""
    return {
        "coverage_source": unit.source,
        "coverage_scope": unit.scope,
        "coverage_status": unit.status.value,
    }


def _coverage_summary(coverage: tuple[Coverage, ...]) -> str:
    gaps = [c for c in coverage if not c.complete]
    if not gaps:
        return f"coverage complete: {_count(len(coverage), 'unit')} read"
    by_status = ", ".join(
        f"{sum(1 for c in gaps if c.status is s)} {s.value}"
        for s in _GAP_STATUSES
        if any(c.status is s for c in gaps)
    )
    errors = sum(len(c.errors) for c in coverage)
    return (
        f"coverage incomplete: {len(gaps)} of {_count(len(coverage), 'unit')} not fully read "
        f"({by_status}), {_count(errors, 'error')}"
    )


def _rank(status: CoverageStatus) -> int:
    return SEVERITY[status][0]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
