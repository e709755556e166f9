"""Violations -> findings: severity, fingerprints, waivers, exit code."""

from scanner.findings.build import FindingSet, RuleSettings, build_findings
from scanner.findings.exit_code import ExitCode, exit_code
from scanner.findings.fingerprint import fingerprint
from scanner.findings.waivers import WaiverBook, load_waivers

__all__ = [
    "ExitCode",
    "FindingSet",
    "RuleSettings",
    "WaiverBook",
    "build_findings",
    "exit_code",
    "fingerprint",
    "load_waivers",
]
