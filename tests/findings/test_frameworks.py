"""--framework: results grouped by one framework's controls, in json, markdown and html."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.findings.frameworks import FRAMEWORKS, framework_view, get_framework
from scanner.model import FindingStatus, UsageError
from scanner.reporters.base import ReportOptions
from scanner.reporters.html import HtmlReporter
from scanner.reporters.json_report import JsonReporter
from scanner.reporters.markdown import MarkdownReporter
from tests.conftest import MlgovRunner
from tests.reporters.conftest import make_result

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_each_control_counts_the_findings_of_its_rules(name: str) -> None:
    result = make_result()
    view = framework_view(result, name)
    prefixes = FRAMEWORKS[name].prefixes
    for group in view["controls"]:
        assert group["control"].startswith(prefixes)
        rules = {r.id: r for r in result.rules}
        assert all(group["control"] in rules[r].controls for r in group["rules"])
        failing = sum(
            1 for f in result.findings if f.rule_id in group["rules"] and f.status is FindingStatus.FAIL
        )
        assert group["failing"] == failing
        assert group["status"] == ("fail" if failing else "pass")
    with pytest.raises(UsageError, match="unknown framework"):
        get_framework("cobit")


def test_json_markdown_and_html_carry_the_view() -> None:
    result = make_result()
    options = ReportOptions(framework="nist-ai-rmf")
    document = json.loads(JsonReporter().render(result, options))
    assert document["framework"] == framework_view(result, "nist-ai-rmf")
    assert "framework" not in json.loads(JsonReporter().render(result, ReportOptions()))
    assert "### NIST AI Risk Management Framework" in MarkdownReporter().render(result, options).decode()
    assert '"framework":{"controls"' in HtmlReporter().render(result, options).decode()


@pytest.mark.slow
def test_scan_with_a_framework_on_the_examples(mlgov: MlgovRunner) -> None:
    run = mlgov("scan", str(EXAMPLES), "--now", "2026-11-22", "-f", "json", "--framework", "eu-ai-act", "-q")
    view = json.loads(run.stdout)["framework"]
    assert view["name"] == "eu-ai-act" and view["controls"]
    assert any(c["status"] == "fail" for c in view["controls"])
    assert mlgov("scan", str(EXAMPLES), "--framework", "cobit").code == 2
