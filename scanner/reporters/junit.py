"""`junit`: JUnit XML for CI systems that chart test results (Jenkins, GitLab, Azure DevOps).

One <testsuite> per reported rule, with one <testcase> per asset in its scope (the asset's kind
is in the rule's ``applies_to``, or the rule reported on it): a failing finding is a <failure>, a
waived one is <skipped> with the waiver, anything else passed. Coverage is one more suite,
`coverage`, with a <testcase> per unit: an incomplete unit is an <error>, because a CI chart must
not read an unreadable source as a pass. Valid against the Jenkins xunit-plugin junit-10.xsd.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as escape_text
from xml.sax.saxutils import quoteattr

from scanner.model import Finding, FindingStatus, Rule, ScanResult
from scanner.reporters.base import ReportOptions


def _attrs(**values: object) -> str:
    return "".join(f" {name}={quoteattr(_xml_safe(str(value)))}" for name, value in values.items())


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: show them as \\xNN."""
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else f"\\x{ord(ch):02x}" for ch in text)


def _body(text: str) -> str:
    return escape_text(_xml_safe(text))


def _rule_suite(rule: Rule, asset_ids: list[str], findings: dict[str, Finding]) -> str:
    cases, failures, skipped = [], 0, 0
    for asset_id in asset_ids:
        finding = findings.get(asset_id)
        head = f"    <testcase{_attrs(name=asset_id, classname=rule.id)}"
        if finding is None:
            cases.append(f"{head}/>")
        elif finding.status is FindingStatus.WAIVED:
            skipped += 1
            waiver = finding.waiver
            why = (
                f"waived by {waiver.id} until {waiver.expires}: {waiver.justification}"
                if waiver
                else "waived"
            )
            cases.append(f"{head}>\n      <skipped{_attrs(message=why)}/>\n    </testcase>")
        else:
            failures += 1
            kind = "error" if finding.status is FindingStatus.ERROR else "failure"
            where = str(finding.location) if finding.location else finding.asset_id
            cases.append(
                f"{head}>\n      <{kind}{_attrs(message=finding.message, type=finding.severity.value)}>"
                f"{_body(where)}</{kind}>\n    </testcase>"
            )
    attrs = _attrs(
        name=f"{rule.id} {rule.title}", tests=len(asset_ids), failures=failures, errors=0, skipped=skipped
    )
    return f"  <testsuite{attrs}>\n" + "".join(f"{c}\n" for c in cases) + "  </testsuite>\n"


def _coverage_suite(result: ScanResult) -> tuple[str, int]:
    cases, errors = [], 0
    for unit in sorted(result.coverage, key=lambda c: (c.source, c.scope)):
        head = f"    <testcase{_attrs(name=unit.scope, classname=f'coverage.{unit.source}')}"
        if unit.complete:
            cases.append(f"{head}/>")
            continue
        errors += 1
        text = "\n".join(f"{e.code}: {e.message}" + (f" ({e.where})" if e.where else "") for e in unit.errors)
        message = f"{unit.source} {unit.scope}: {unit.status.value}"
        error = f"<error{_attrs(message=message, type=unit.status.value)}>{_body(text)}</error>"
        cases.append(f"{head}>\n      {error}\n    </testcase>")
    attrs = _attrs(name="coverage", tests=len(cases), failures=0, errors=errors, skipped=0)
    return f"  <testsuite{attrs}>\n" + "".join(f"{c}\n" for c in cases) + "  </testsuite>\n", errors


def render_junit(result: ScanResult) -> str:
    findings: dict[str, dict[str, Finding]] = {}
    for f in result.findings:
        findings.setdefault(f.rule_id, {})[f.asset_id] = f
    suites, tests, failures = [], 0, 0
    for rule in sorted(result.rules, key=lambda r: r.id):
        if not rule.enabled or rule.planned:
            continue
        on_rule = findings.get(rule.id, {})
        in_scope = sorted({a.id for a in result.assets if a.kind.value in rule.applies_to} | set(on_rule))
        suites.append(_rule_suite(rule, in_scope, on_rule))
        tests += len(in_scope)
        failures += sum(1 for f in on_rule.values() if f.status is not FindingStatus.WAIVED)
    coverage, errors = _coverage_suite(result)
    tests += len(result.coverage)
    attrs = _attrs(name="mlgov", tests=tests, failures=failures, errors=errors)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + f"<testsuites{attrs}>\n"
        + "".join(suites)
        + coverage
        + "</testsuites>\n"
    )


class JunitReporter:
    name = "junit"
    default_filename = "report.junit.xml"
    media_type = "application/xml"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        return render_junit(result).encode("utf-8")
