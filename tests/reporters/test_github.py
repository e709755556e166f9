"""`github`: workflow commands parsed back the way the Actions runner parses them."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import unquote

from scanner.model import FindingStatus, Location
from scanner.reporters.base import ReportOptions
from scanner.reporters.github import GithubReporter
from tests.reporters.conftest import make_result

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """The runner's parsing: properties split on `,` and `=`, then unescaped."""
    match = COMMAND.match(line)
    assert match, line
    properties = dict(part.split("=", 1) for part in match[2].split(","))
    return match[1], {k: unquote(v) for k, v in properties.items()}, unquote(match[3])


def test_one_annotation_per_failing_finding_with_file_and_line() -> None:
    result = make_result()
    lines = GithubReporter().render(result, ReportOptions()).decode().splitlines()
    failing = [f for f in result.findings if f.status is FindingStatus.FAIL]
    assert len(lines) == len(failing)
    parsed = [parse(line) for line in lines]
    levels = {level for level, _, _ in parsed}
    assert "error" in levels and levels <= {"error", "warning", "notice"}
    with_file = [(p, f) for p, f in zip(parsed, failing, strict=False) if "file" in p[1]]
    assert with_file and all("line" in p[1] for p, _ in with_file)
    without = [p for p in parsed if "file" not in p[1]]
    assert without and all("(" in p[1]["title"] for p in without)  # live assets: their id in the title


def test_escaping_survives_the_runners_parser() -> None:
    result = make_result()
    base = result.findings[0]
    tricky = replace(
        base,
        status=FindingStatus.FAIL,
        message="100% wrong\nsecond line, with: colons",
        title="a, b: c",
        location=Location("/repo/k8s/odd,name:x.yaml", 7),
    )
    [line] = (
        GithubReporter()
        .render(replace(result, findings=(tricky,)), ReportOptions(base_dir="/repo"))
        .decode()
        .splitlines()
    )
    assert "\n" not in line
    _, properties, message = parse(line)
    assert message == tricky.message
    assert properties == {"file": "k8s/odd,name:x.yaml", "line": "7", "title": f"{tricky.rule_id} a, b: c"}
