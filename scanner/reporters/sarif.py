"""`sarif`: SARIF 2.1.0, valid against the OASIS schema and accepted by GitHub code scanning.

What GitHub needs, and how each need is met (reports/README.md has the full mapping):

- Every result has ``locations[0].physicalLocation`` with ``artifactLocation.uri`` and
  ``region.startLine``, or GitHub rejects the whole file. File assets point at their file and
  line. Assets with no file of their own (AWS ARNs, MLflow models, objects read from stdin) point
  at the *anchor* file, line 1: ReportOptions.anchor, else ScanMetadata.anchor (the config
  file), else ``mlgov-inventory.json``. Every result also names its asset in
  ``logicalLocations[0]`` (``fullyQualifiedName`` = asset id, ``kind`` = "resource").
- ``properties.security-severity`` is a string. critical 9.5, high 8.0, medium 5.5, low 3.0,
  info 1.0: GitHub shows >= 9.0 as critical, >= 7.0 high, >= 4.0 medium, > 0 low, so each
  severity lands in its own band (info shares GitHub's "low" band, the lowest it has).
  GitHub only reads it on rules tagged ``security``, so that tag comes first.
- ``partialFingerprints.primaryLocationLineHash`` (the only key GitHub reads) is derived from
  the finding id, which is sha256(rule id, asset id): an alert survives line moves and message
  edits. ``mlgovFindingId/v1`` carries the finding id itself.
- At most 25,000 results per run: beyond that the most severe are kept, failing before waived,
  and a notification says how many were left out.

The output holds no time and no host data except ``originalUriBaseIds`` (the absolute base
directory, when one is given): the same ScanResult renders to the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

from scanner import __version__
from scanner.links import PROJECT_URL, docs_url
from scanner.model import (
    Finding,
    FindingStatus,
    Location,
    Rule,
    ScanResult,
    Severity,
)
from scanner.reporters import layout
from scanner.reporters.base import DEFAULT_ANCHOR, ReportOptions
from scanner.reporters.layout import utf8
from scanner.reporters.ordering import by_importance
from scanner.text import plural

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "mlgov"
MAX_RESULTS = 25_000  # GitHub: results per run
MAX_TAGS = 10  # GitHub keeps 10 tags per rule (and rejects more than 20)
SRCROOT = "%SRCROOT%"  # the uriBaseId for paths under ReportOptions.base_dir
FINGERPRINT_KEY = "mlgovFindingId/v1"
STDIN_PATHS = frozenset({"<stdin>", "-"})

SECURITY_SEVERITY: dict[Severity, str] = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
LEVEL: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def rule_name(title: str, fallback: str = "") -> str:
    """SARIF rule names are PascalCase identifiers: "Sunset date missing" -> "SunsetDateMissing"."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words) or fallback


def line_hash(finding_id: str) -> str:
    """primaryLocationLineHash from the finding id, in GitHub's own "<16 hex>:<n>" shape."""
    return hashlib.sha256(finding_id.encode("utf-8")).hexdigest()[:16] + ":1"


def _descriptor(rule: Rule) -> dict[str, Any]:
    rationale, remediation = rule.rationale.strip(), rule.remediation.strip()
    uri = docs_url(rule.help_uri) if rule.help_uri else None
    text = [p for p in (rationale, f"Remediation: {remediation}" if remediation else "") if p]
    markdown = [f"**{rule.title}** ({rule.id}, {rule.severity.value})"]
    if rationale:
        markdown.append(rationale)
    if remediation:
        markdown.append(f"**Remediation**\n\n{remediation}")
    if rule.controls:
        text.append("Controls: " + ", ".join(rule.controls))
        markdown.append("**Controls:** " + ", ".join(f"`{c}`" for c in rule.controls))
    if uri:
        markdown.append(f"[Documentation]({uri})")
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule_name(rule.title, rule.id),
        "shortDescription": {"text": rule.title or rule.id},
        "fullDescription": {"text": rule.description.strip() or rule.title or rule.id},
        "help": {"text": "\n\n".join(text) or rule.title or rule.id, "markdown": "\n\n".join(markdown)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "tags": _tags(rule.controls),
            "controls": list(rule.controls),
            "severity": rule.severity.value,
            "precision": "very-high",
        },
    }
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def _tags(controls: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(["security", "ml-governance", *controls]))[:MAX_TAGS]


def _stand_in_rule(finding: Finding) -> Rule:
    """A descriptor for a finding whose rule is not in result.rules (never drop a result)."""
    return Rule(
        id=finding.rule_id,
        title=finding.title or finding.rule_id,
        severity=finding.severity,
        applies_to=(),
        description="",
        rationale="",
        remediation="",
    )


def _reported_rules(result: ScanResult, findings: Iterable[Finding]) -> list[Rule]:
    """Every enabled, implemented rule (so GitHub can close alerts a rule no longer raises),
    plus any other rule a reported finding names."""
    by_id = {r.id: r for r in result.rules}
    chosen = {r.id: r for r in result.rules if r.enabled and not r.planned}
    for f in findings:
        if f.rule_id not in chosen:
            chosen[f.rule_id] = by_id.get(f.rule_id) or _stand_in_rule(f)
    return [chosen[k] for k in sorted(chosen)]


class _Uris:
    """File paths -> SARIF artifactLocations: forward slashes, percent-encoded, relative to
    base_dir (with uriBaseId %SRCROOT%) when inside it, else as recorded."""

    def __init__(self, base_dir: str | None) -> None:
        self.cwd = os.getcwd()
        self.base = self.absolute(base_dir) if base_dir else None
        self.seen: dict[str, dict[str, Any]] = {}  # many findings share a file

    def original_uri_base_ids(self) -> dict[str, Any] | None:
        if self.base is None:
            return None
        uri = PurePath(self.base).as_uri()
        return {SRCROOT: {"uri": uri if uri.endswith("/") else uri + "/"}}

    def anchor(self, path: str | None) -> dict[str, Any]:
        """A given anchor is a path like any other; the default one sits at the base (the
        repository root), whatever the current directory."""
        if path:
            return self.artifact(path)
        if self.base is None:
            return {"uri": DEFAULT_ANCHOR}
        return {"uri": DEFAULT_ANCHOR, "uriBaseId": SRCROOT}

    def absolute(self, path: str) -> str:
        return os.path.normpath(os.path.join(self.cwd, path))

    def artifact(self, path: str) -> dict[str, Any]:
        known = self.seen.get(path)
        if known is None:
            known = self.seen[path] = self.resolve(path)
        return known

    def resolve(self, path: str) -> dict[str, Any]:
        if self.base is None:
            if os.path.isabs(path):
                return {"uri": PurePath(path).as_uri()}
            return {"uri": _quote(_slashes(path))}
        absolute = self.absolute(path)
        prefix = self.base if self.base.endswith(os.sep) else self.base + os.sep
        if not os.path.normcase(absolute).startswith(os.path.normcase(prefix)):
            return {"uri": PurePath(absolute).as_uri()}  # outside the base: an absolute file URI
        return {"uri": _quote(_slashes(absolute[len(prefix) :])), "uriBaseId": SRCROOT}


def _slashes(path: str) -> str:
    """Forward slashes, no "./" or "a/../" segments."""
    return posixpath.normpath(path.replace("\\", "/"))


def _quote(path: str) -> str:
    # pchar per RFC 3986, minus ":" (not allowed in the first segment of a relative reference)
    return urllib.parse.quote(path, safe="/!$&'()*+,;=@")


def _physical(
    location: Location | None, uris: _Uris, anchor: dict[str, Any]
) -> tuple[dict[str, Any], str | None]:
    """The physicalLocation, and the recorded location when it could not be used (stdin)."""
    if location is None:
        return {"artifactLocation": anchor, "region": {"startLine": 1}}, None
    if location.path in STDIN_PATHS:
        return {"artifactLocation": anchor, "region": {"startLine": 1}}, str(location)
    line = location.line if location.line >= 1 else 1
    return {"artifactLocation": uris.artifact(location.path), "region": {"startLine": line}}, None


def _result(finding: Finding, rule_index: int, uris: _Uris, anchor: dict[str, Any]) -> dict[str, Any]:
    physical, unmapped = _physical(finding.location, uris, anchor)
    properties: dict[str, Any] = {
        "assetId": finding.asset_id,
        "severity": finding.severity.value,
        "status": finding.status.value,
    }
    if unmapped:
        properties["recordedLocation"] = unmapped
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message or finding.title or finding.rule_id},
        "locations": [
            {
                "physicalLocation": physical,
                "logicalLocations": [{"fullyQualifiedName": finding.asset_id, "kind": "resource"}],
            }
        ],
        "partialFingerprints": {
            FINGERPRINT_KEY: finding.id,
            "primaryLocationLineHash": line_hash(finding.id),
        },
        "properties": properties,
    }
    if finding.status is FindingStatus.WAIVED:
        result["suppressions"] = [_suppression(finding)]
    return result


def _suppression(finding: Finding) -> dict[str, Any]:
    waiver = finding.waiver
    if waiver is None:
        return {"kind": "external", "status": "accepted", "justification": "waived"}
    ticket = f", ticket {waiver.ticket}" if waiver.ticket else ""
    return {
        "kind": "external",
        "status": "accepted",
        "justification": f"{waiver.justification} (waiver {waiver.id}, approved by "
        f"{waiver.approved_by}, expires {waiver.expires}{ticket})",
        "properties": {"waiverId": waiver.id, "expires": waiver.expires},
    }


def _notification(level: str, text: str, **properties: Any) -> dict[str, Any]:
    note: dict[str, Any] = {"level": level, "message": {"text": text}}
    extra = {k: v for k, v in properties.items() if v is not None}
    if extra:
        note["properties"] = extra
    return note


def _notifications(result: ScanResult, errors: Sequence[Finding], dropped: int, kept: int) -> list[Any]:
    """Everything that did not go well, as data: coverage gaps, findings that could not be
    evaluated, expired waivers, results left out."""
    notes: list[dict[str, Any]] = []
    for c in sorted(result.coverage, key=lambda c: (c.source, c.scope)):
        if c.complete and not c.errors:
            continue
        if not c.errors:
            notes.append(
                _notification("error", f"{c.source} {c.scope}: coverage {c.status.value}", source=c.source)
            )
        for e in c.errors:
            where = f"{e.where}: " if e.where else ""
            notes.append(
                _notification(
                    "error",
                    f"{c.source} {c.scope}: [{e.code}] {where}{e.message}",
                    source=c.source,
                    scope=c.scope,
                    code=e.code,
                    where=e.where,
                )
            )
    for f in errors:
        notes.append(
            _notification(
                "error",
                f"{f.rule_id} could not be evaluated on {f.asset_id}: {f.message}",
                ruleId=f.rule_id,
                assetId=f.asset_id,
            )
        )
    for w in sorted(result.waivers, key=lambda w: w.waiver.id):
        if w.expired:
            notes.append(
                _notification(
                    "warning",
                    f"waiver {w.waiver.id} expired on {w.waiver.expires} and no longer waives "
                    f"({plural(w.matched, 'matching finding')} reported as failing)",
                    waiverId=w.waiver.id,
                )
            )
    if dropped:
        notes.append(
            _notification(
                "warning",
                f"{dropped} of {dropped + kept} results were left out: GitHub code scanning accepts at "
                f"most {MAX_RESULTS} per run. The {kept} most severe were kept; the JSON report "
                "holds every finding.",
                droppedResults=dropped,
            )
        )
    return notes


def sarif_document(result: ScanResult, options: ReportOptions) -> dict[str, Any]:
    uris = _Uris(options.base_dir)
    anchor = uris.anchor(options.anchor or result.metadata.anchor)
    ordered = by_importance(result.findings)
    errors = [f for f in ordered if f.status is FindingStatus.ERROR]
    reportable = [f for f in ordered if f.status is not FindingStatus.ERROR]
    kept = reportable[:MAX_RESULTS]
    dropped = len(reportable) - len(kept)
    rules = _reported_rules(result, kept)
    index = {r.id: i for i, r in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": result.metadata.tool_version or __version__,
                "semanticVersion": result.metadata.tool_version or __version__,
                "informationUri": PROJECT_URL,
                "rules": [_descriptor(r) for r in rules],
            }
        },
        "automationDetails": {"id": "mlgov/"},
        "invocations": [
            {
                "executionSuccessful": result.coverage_complete and not errors,
                "toolExecutionNotifications": _notifications(result, errors, dropped, len(kept)),
            }
        ],
        "results": [_result(f, index[f.rule_id], uris, anchor) for f in kept],
        "properties": {
            "engine": result.metadata.engine,
            "engineVersion": result.metadata.engine_version,
            "policyBundleDigest": result.metadata.bundle_digest,
            "configDigest": result.metadata.config_digest,
            "now": result.metadata.now,
            "failOn": result.metadata.fail_on,
            "summary": result.summary(),
        },
    }
    base_ids = uris.original_uri_base_ids()
    if base_ids:
        run["originalUriBaseIds"] = base_ids
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


class SarifReporter:
    name = "sarif"
    default_filename = "report.sarif"
    media_type = "application/sarif+json"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        # indented, one line per result (see layout.py); keys in SARIF's customary order
        return utf8(layout.dumps(sarif_document(result, options), flat_lists={"results"}, sort_keys=False))
