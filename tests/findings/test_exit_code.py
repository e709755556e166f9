from __future__ import annotations

import pytest

from scanner.findings import ExitCode, exit_code, fingerprint
from scanner.model import (
    Coverage,
    CoverageError,
    CoverageStatus,
    Finding,
    FindingStatus,
    ScanMetadata,
    ScanResult,
    Severity,
)

META = ScanMetadata("0", "embedded", "x", "sha256:0", None, "2026-11-22T00:00:00Z", "t", 0.0, (), "high")


def result(
    severity: Severity | None, status: FindingStatus = FindingStatus.FAIL, complete: bool = True
) -> ScanResult:
    findings: tuple[Finding, ...] = ()
    if severity is not None:
        findings = (Finding(fingerprint("R", "a"), "R", "a", status, severity, "m"),)
    coverage = Coverage(
        "file",
        "x",
        CoverageStatus.OK if complete else CoverageStatus.PARTIAL,
        errors=() if complete else (CoverageError("parse_error", "bad"),),
    )
    return ScanResult(META, (), (), (coverage,), findings)


@pytest.mark.parametrize(
    ("severity", "status", "fail_on", "complete", "partial", "expected"),
    [
        (None, FindingStatus.FAIL, Severity.HIGH, True, False, ExitCode.OK),
        (Severity.MEDIUM, FindingStatus.FAIL, Severity.HIGH, True, False, ExitCode.OK),
        (Severity.HIGH, FindingStatus.FAIL, Severity.HIGH, True, False, ExitCode.VIOLATIONS),
        (Severity.CRITICAL, FindingStatus.FAIL, Severity.HIGH, True, False, ExitCode.VIOLATIONS),
        (Severity.CRITICAL, FindingStatus.WAIVED, Severity.HIGH, True, False, ExitCode.OK),
        (Severity.INFO, FindingStatus.FAIL, Severity.INFO, True, False, ExitCode.VIOLATIONS),
        (Severity.CRITICAL, FindingStatus.FAIL, None, True, False, ExitCode.OK),
        (None, FindingStatus.FAIL, Severity.HIGH, False, False, ExitCode.INCOMPLETE),
        (Severity.HIGH, FindingStatus.FAIL, Severity.HIGH, False, False, ExitCode.INCOMPLETE),
        (Severity.HIGH, FindingStatus.FAIL, Severity.HIGH, False, True, ExitCode.VIOLATIONS),
        (None, FindingStatus.FAIL, Severity.HIGH, False, True, ExitCode.OK),
    ],
)
def test_exit_code_rule(
    severity: Severity | None,
    status: FindingStatus,
    fail_on: Severity | None,
    complete: bool,
    partial: bool,
    expected: ExitCode,
) -> None:
    assert exit_code(result(severity, status, complete), fail_on, allow_partial=partial) is expected
