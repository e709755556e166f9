"""`sarif`: SARIF 2.1.0 that GitHub code scanning accepts.

GitHub rejects the whole file when any result lacks a physical location with a region, so live
assets (no file of their own) point at an anchor file, line 1, and carry their id as a logical
location. `security-severity` is a string, as GitHub requires.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from typing import Any

from scanner import __version__
from scanner.model import Finding, FindingStatus, Rule, ScanResult, Severity
from scanner.reporters.base import DEFAULT_ANCHOR, ReportOptions
from scanner.reporters.ordering import by_severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mlgov/mlgov"
MAX_RESULTS = 25_000  # GitHub's limit per run

# GitHub maps these to its critical/high/medium/low labels (>= 9.0, >= 7.0, >= 4.0, > 0).
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def _rule_name(title: str) -> str:
    """SARIF rule names are PascalCase identifiers: "Sunset date missing" -> "SunsetDateMissing"."""
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def _descriptor(rule: Rule) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": _rule_name(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description.strip() or rule.title},
        "help": {
            "text": f"{rule.rationale.strip()}\n\n{rule.remediation.strip()}".strip(),
            "markdown": f"**{rule.title}**\n\n{rule.rationale.strip()}\n\n{rule.remediation.strip()}".strip(),
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "tags": ["ml-governance", rule.severity.value, *rule.controls],
            "precision": "very-high",
        },
    }
    if rule.help_uri and "://" in rule.help_uri:
        descriptor["helpUri"] = rule.help_uri
    return descriptor


def _uri(path: str, base_dir: str | None) -> str:
    if path in {"<stdin>", "-"}:
        return "stdin"
    if base_dir and os.path.isabs(path):
        try:
            relative = os.path.relpath(path, base_dir)
        except ValueError:  # another drive on Windows
            relative = path
        if not relative.startswith(".."):
            path = relative
    return path.replace(os.sep, "/")


def _result(finding: Finding, index: int, options: ReportOptions, anchor: str) -> dict[str, Any]:
    if finding.location is not None:
        uri, line = _uri(finding.location.path, options.base_dir), max(finding.location.line, 1)
    else:
        uri, line = _uri(anchor, options.base_dir), 1
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}},
        "logicalLocations": [{"fullyQualifiedName": finding.asset_id, "kind": "resource"}],
    }
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {
            "mlgovFindingId/v1": finding.id,
            # GitHub only reads this key; derive it from the stable finding id, not the line
            "primaryLocationLineHash": hashlib.sha256(finding.id.encode()).hexdigest()[:16] + ":1",
        },
        "properties": {"assetId": finding.asset_id, "severity": finding.severity.value},
    }
    if finding.status is FindingStatus.WAIVED and finding.waiver is not None:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{finding.waiver.justification} "
                f"(waiver {finding.waiver.id}, approved by {finding.waiver.approved_by}, "
                f"expires {finding.waiver.expires})",
            }
        ]
    return result


class SarifReporter:
    name = "sarif"
    default_filename = "report.sarif"
    media_type = "application/sarif+json"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        anchor = options.anchor or DEFAULT_ANCHOR
        rules = [r for r in sorted(result.rules, key=lambda r: r.id) if r.enabled and not r.planned]
        index = {r.id: i for i, r in enumerate(rules)}
        reported = [f for f in by_severity(result.findings) if f.status is not FindingStatus.ERROR]
        notifications: list[dict[str, Any]] = []
        if len(reported) > MAX_RESULTS:
            notifications.append(
                {
                    "level": "warning",
                    "message": {
                        "text": f"{len(reported) - MAX_RESULTS} least severe results were left out: "
                        f"GitHub accepts at most {MAX_RESULTS} per run; see the JSON report for all of them"
                    },
                }
            )
            reported = reported[:MAX_RESULTS]
        for coverage in result.coverage:
            for error in coverage.errors:
                notifications.append(
                    {
                        "level": "error",
                        "message": {
                            "text": f"{coverage.source} {coverage.scope}: [{error.code}] "
                            f"{error.where + ': ' if error.where else ''}{error.message}"
                        },
                    }
                )
        document = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "mlgov",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI,
                            "rules": [_descriptor(r) for r in rules],
                        }
                    },
                    "automationDetails": {"id": "mlgov/"},
                    "invocations": [
                        {
                            "executionSuccessful": result.coverage_complete,
                            "toolExecutionNotifications": notifications,
                        }
                    ],
                    "results": [
                        _result(f, index[f.rule_id], options, anchor) for f in reported if f.rule_id in index
                    ],
                    "properties": {
                        "engine": result.metadata.engine,
                        "policyBundleDigest": result.metadata.bundle_digest,
                        "now": result.metadata.now,
                    },
                }
            ],
        }
        return (json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False) + "\n").encode("utf-8")
