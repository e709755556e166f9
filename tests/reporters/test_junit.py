"""`junit`: valid against the Jenkins xunit-plugin junit-10.xsd (installed by
scripts/install-test-tools from an sdist on PyPI), with xmlschema."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import cache

import pytest
import xmlschema

from scanner.model import FindingStatus
from scanner.reporters.base import ReportOptions
from scanner.reporters.junit import JunitReporter
from tests.reporters.conftest import REPORTED_RULE_IDS, make_result
from tests.services.tools import INSTALL_HINT, tools_dir

# the schema comes from the test-tool cache, like the service binaries: not in the quick tier
pytestmark = pytest.mark.services


@cache
def schema() -> xmlschema.XMLSchema10:
    path = tools_dir() / "schemas" / "junit-10.xsd"
    if not path.is_file():
        pytest.fail(f"junit-10.xsd is missing ({path}); {INSTALL_HINT}", pytrace=False)
    return xmlschema.XMLSchema10(str(path))


def test_valid_against_junit_10_xsd_and_counts_add_up() -> None:
    result = make_result()
    xml = JunitReporter().render(result, ReportOptions())
    schema().validate(xml.decode())
    root = ET.fromstring(xml)
    suites = root.findall("testsuite")
    assert {s.get("name", "").split()[0] for s in suites} == {*REPORTED_RULE_IDS, "coverage"}
    cases = root.findall(".//testcase")
    assert int(root.get("tests", "0")) == len(cases)
    failing = [f for f in result.findings if f.status is FindingStatus.FAIL]
    waived = [f for f in result.findings if f.status is FindingStatus.WAIVED]
    reported = [f for f in failing if f.rule_id in REPORTED_RULE_IDS]
    assert len(root.findall(".//failure")) == len(reported)
    assert len(root.findall(".//skipped")) == len([f for f in waived if f.rule_id in REPORTED_RULE_IDS])
    incomplete = [c for c in result.coverage if not c.complete]
    assert len(root.findall(".//error")) == len(incomplete) == int(root.get("errors", "0"))
    passes = [c for c in cases if not list(c)]
    assert passes  # assets in a rule's scope without a finding passed


def test_hostile_text_stays_well_formed_and_valid() -> None:
    result = make_result()
    hostile = replace(result.findings[0], message='</failure><x a="1"/> & \x1b[31m\x00')
    xml = JunitReporter().render(replace(result, findings=(hostile, *result.findings[1:])), ReportOptions())
    schema().validate(xml.decode())
    assert any("\\x1b" in (f.get("message") or "") for f in ET.fromstring(xml).iter("failure"))
    assert xml == JunitReporter().render(
        replace(result, findings=(hostile, *result.findings[1:])), ReportOptions()
    )
