"""`ocsf`: OCSF 1.5.0 events as NDJSON, one event per line, for SIEM ingestion (Splunk, Elastic,
Amazon Security Lake).

First what the scan covered, as Scan Activity events (class 6007, scanner/reporters/ocsf_scan.py):
one for the scan, one per coverage unit, one per coverage error, so a SIEM tells a clean scan from
an incomplete one. Then one Compliance Finding event (class 2003) per finding, most severe first.

Findings: ``finding_info.uid`` is the finding's fingerprint, so a SIEM de-duplicates the same
(rule, asset) across scans; failing findings are status New and compliance status Fail; waived
ones are status Suppressed, with the waiver in ``status_detail``; ``compliance.control`` is the
rule id and ``compliance.standards`` the rule's framework controls; the asset is the one
``resources`` entry (its id as ``uid``). Every event carries the scan id as
``metadata.correlation_uid`` and an id of its own as ``metadata.uid`` (scanner/reporters/ocsf_meta.py).
``time`` is the scan's --now, in epoch milliseconds, and no wall-clock time is written, so the
same result renders to the same bytes. No profile is declared: the events carry no cloud or
datetime-profile fields.
"""

from __future__ import annotations

import json
from typing import Any

from scanner.model import Asset, Finding, FindingStatus, Rule, ScanResult, Severity
from scanner.reporters.base import ReportOptions
from scanner.reporters.ocsf_meta import OCSF_VERSION, epoch_ms, metadata, scan_uid
from scanner.reporters.ocsf_scan import scan_events
from scanner.reporters.ordering import by_severity

__all__ = ["OCSF_VERSION", "OcsfReporter", "event"]

CLASS_UID = 2003  # Compliance Finding
CATEGORY_UID = 2  # Findings
ACTIVITY_CREATE = 1
SEVERITY_ID = {Severity.INFO: 1, Severity.LOW: 2, Severity.MEDIUM: 3, Severity.HIGH: 4, Severity.CRITICAL: 5}
STATUS = {
    FindingStatus.FAIL: (1, "New"),
    FindingStatus.WAIVED: (3, "Suppressed"),
    FindingStatus.ERROR: (99, "Other"),
}
COMPLIANCE_FAIL = (3, "Fail")


def event(
    finding: Finding, rule: Rule | None, asset: Asset | None, time_ms: int, scan: str
) -> dict[str, Any]:
    status_id, status = STATUS[finding.status]
    out: dict[str, Any] = {
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE,
        "type_name": "Compliance Finding: Create",
        "time": time_ms,
        "severity_id": SEVERITY_ID[finding.severity],
        "severity": finding.severity.value.capitalize(),
        "status_id": status_id,
        "status": status,
        "message": finding.message,
        "metadata": metadata(scan, {"finding": finding.id}, "finding"),
        "finding_info": {
            "uid": finding.id,
            "title": finding.title or (rule.title if rule else finding.rule_id),
            "types": [finding.rule_id],
        },
        "compliance": {
            "control": finding.rule_id,
            "standards": list(rule.controls) if rule else [],
            "status_id": COMPLIANCE_FAIL[0],
            "status": COMPLIANCE_FAIL[1],
        },
        "resources": [_resource(finding.asset_id, asset)],
    }
    if rule is not None:
        out["finding_info"]["desc"] = rule.description
        out["remediation"] = {"desc": rule.remediation}
    if finding.waiver is not None:
        waiver = finding.waiver
        approved = f"approved by {waiver.approved_by}"
        out["status_detail"] = (
            f"waiver {waiver.id} until {waiver.expires}, {approved}: {waiver.justification}"
        )
    return out


def _resource(asset_id: str, asset: Asset | None) -> dict[str, Any]:
    resource: dict[str, Any] = {"uid": asset_id}
    if asset is None:
        return resource
    resource["type"] = asset.kind.value
    if asset.name:
        resource["name"] = asset.name
    if asset.namespace:
        resource["namespace"] = asset.namespace
    if asset.owner:
        # OCSF's user needs a name, uid or account; an e-mail owner is also its email_addr
        owner: dict[str, str] = {"name": asset.owner}
        if "@" in asset.owner:
            owner["email_addr"] = asset.owner
        resource["owner"] = owner
    labels = [f"source:{asset.source.value}", f"environment:{asset.environment}"]
    if asset.classification:
        labels.append(f"classification:{asset.classification}")
    resource["labels"] = labels
    return resource


class OcsfReporter:
    name = "ocsf"
    default_filename = "report.ocsf.jsonl"
    media_type = "application/x-ndjson"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        rules = {r.id: r for r in result.rules}
        assets = {a.id: a for a in result.assets}
        time_ms = epoch_ms(result.metadata.now)
        scan = scan_uid(result)
        events = scan_events(result, scan, time_ms)
        events.extend(
            event(f, rules.get(f.rule_id), assets.get(f.asset_id), time_ms, scan)
            for f in by_severity(result.findings)
        )
        lines = [json.dumps(e, sort_keys=True, ensure_ascii=False) for e in events]
        return "".join(f"{line}\n" for line in lines).encode("utf-8")
