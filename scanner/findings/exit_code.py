"""The exit-code rule, owned by the result (as conftest's result type owns it).

0  no failing finding at or above --fail-on
1  failing findings at or above it
2  usage, configuration, policy or engine error (raised as MlgovError, never returned here)
3  a source could not be fully collected, unless --allow-partial

Incomplete coverage outranks violations: a scan that could not read everything cannot vouch for
what it did not see, so it says 3 even when it also found violations (all of them are still in
the reports). With --allow-partial the gate judges what was read: 1 or 0.
"""

from __future__ import annotations

from enum import IntEnum

from scanner.model import ScanResult, Severity


class ExitCode(IntEnum):
    OK = 0
    VIOLATIONS = 1
    ERROR = 2
    INCOMPLETE = 3


def exit_code(result: ScanResult, fail_on: Severity | None, *, allow_partial: bool) -> ExitCode:
    if not allow_partial and not result.coverage_complete:
        return ExitCode.INCOMPLETE
    if result.failing(fail_on):
        return ExitCode.VIOLATIONS
    return ExitCode.OK
