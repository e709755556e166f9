"""The one-line verdict of a scan: what was read, what fails the gate, and why the exit code is
what it is. The table report ends with it; the CLI prints it on stderr whenever the table did not
go to the terminal (reports written to files, or another format on stdout), so a person running
`mlgov scan ... -o report.sarif` still sees PASS or FAIL."""

from __future__ import annotations

from scanner.findings.exit_code import ExitCode
from scanner.model import FindingStatus, ScanResult, Severity
from scanner.model.severity import FAIL_ON_NONE
from scanner.text import plural


def counts(result: ScanResult) -> list[str]:
    """ "10 assets scanned", "12 violations (7 high, 5 medium)", "0 waived", and coverage."""
    by_severity = result.summary()["failing_by_severity"]
    breakdown = ", ".join(
        f"{by_severity[s.value]:,} {s.value}" for s in reversed(Severity) if by_severity[s.value]
    )
    failing = sum(1 for f in result.findings if f.status is FindingStatus.FAIL)
    parts = [
        f"{plural(len(result.assets), 'asset')} scanned",
        plural(failing, "violation") + (f" ({breakdown})" if breakdown else ""),
        f"{sum(1 for f in result.findings if f.status is FindingStatus.WAIVED):,} waived",
    ]
    errors = sum(1 for f in result.findings if f.status is FindingStatus.ERROR)
    if errors:
        parts.append(f"{errors:,} not evaluated")
    incomplete = _incomplete(result)
    if incomplete:
        parts.append(f"coverage incomplete ({incomplete:,} of {plural(len(result.coverage), 'source')})")
    return parts


def gate(result: ScanResult) -> tuple[bool, str]:
    """(passed, "PASS: ..." or "FAIL: ...") against the scan's --fail-on, coverage aside."""
    fail_on = result.metadata.fail_on
    try:
        threshold = None if fail_on == FAIL_ON_NONE else Severity.parse(fail_on)
    except ValueError:
        threshold = None
    failing = result.failing(threshold)
    if failing and threshold is not None:
        return False, f"FAIL: {plural(len(failing), 'violation')} at or above {threshold.value}"
    shown = f"fail-on {fail_on}" if threshold is None else f"none at or above {threshold.value}"
    known = sum(1 for f in result.findings if f.baseline and f.failing)
    if known:
        shown += f" ({plural(known, 'violation')} already in the baseline)"
    return True, f"PASS: {shown}"


def verdict_line(result: ScanResult, code: ExitCode) -> str:
    """Counts, the gate and the exit code with its reason, e.g. "10 assets scanned; 12 violations
    (7 high, 5 medium); 0 waived. FAIL: 7 violations at or above high (exit 1)"."""
    _, outcome = gate(result)
    if code is ExitCode.INCOMPLETE:
        unread = plural(_incomplete(result), "source")
        outcome = (
            f"INCOMPLETE: {unread} could not be fully read, see coverage in the report "
            f"(exit 3; --allow-partial gates on what was read). {outcome}"
        )
        return f"{'; '.join(counts(result))}. {outcome}"
    return f"{'; '.join(counts(result))}. {outcome} (exit {int(code)})"


def _incomplete(result: ScanResult) -> int:
    return sum(1 for c in result.coverage if not c.complete)
