"""`github`: GitHub Actions workflow commands, one per failing finding, which the runner turns into
annotations on the pull request's files:

    ::error file=k8s/llm.yaml,line=3,title=MLG001 Model asset has no owner::serving llm-chat has no owner...

Severity critical and high -> `error`, medium and low -> `warning`, info -> `notice`. Findings on
assets without a file (AWS, MLflow, live Kubernetes) get no `file`: GitHub shows them on the run's
summary, their asset id in the title. Escaping follows the Actions toolkit: `%`, CR and LF in the
message; also `:` and `,` in property values. Waived findings are not annotated. Paths inside
ReportOptions.base_dir (the repository root) are made relative to it, as GitHub expects.
"""

from __future__ import annotations

import os

from scanner.model import Finding, FindingStatus, ScanResult, Severity
from scanner.reporters.base import ReportOptions
from scanner.reporters.ordering import by_severity

LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "warning",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def relative(path: str, base_dir: str | None) -> str:
    if base_dir is None:
        return path.replace("\\", "/")
    absolute = os.path.normpath(os.path.join(base_dir, path))
    inside = os.path.commonpath([absolute, os.path.normpath(base_dir)]) == os.path.normpath(base_dir)
    return (os.path.relpath(absolute, base_dir) if inside else absolute).replace("\\", "/")


def command(finding: Finding, base_dir: str | None) -> str:
    properties = []
    title = f"{finding.rule_id} {finding.title}".strip()
    if finding.location is not None:
        properties.append(f"file={escape_property(relative(finding.location.path, base_dir))}")
        properties.append(f"line={finding.location.line}")
    else:
        title = f"{title} ({finding.asset_id})"
    properties.append(f"title={escape_property(title)}")
    return f"::{LEVEL[finding.severity]} {','.join(properties)}::{escape_data(finding.message)}"


class GithubReporter:
    name = "github"
    default_filename = "report.github.txt"
    media_type = "text/plain"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        failing = [f for f in by_severity(result.findings) if f.status is FindingStatus.FAIL]
        return "".join(f"{command(f, options.base_dir)}\n" for f in failing).encode("utf-8")
