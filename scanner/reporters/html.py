"""`html`: one self-contained page for a compliance officer: scan metadata, a summary, failing
findings by severity (an inline SVG chart), by rule and by framework control, coverage, a
filterable findings table, waivers and the inventory.

The page is reports/report.html with the canonical JSON report embedded in a
<script type="application/json"> element; inline JavaScript draws every table with textContent
(never innerHTML), so nothing from a scanned file can become markup. A Content-Security-Policy
forbids any network access: no fonts, scripts or images are fetched. In the embedded JSON, `<`,
`>` and `&` are escaped as \\u003c, \\u003e and \\u0026, so `</script>` in a name cannot end the data
block. The same result gives the same bytes.
"""

from __future__ import annotations

import json

from scanner.findings.frameworks import framework_view
from scanner.model import ScanResult
from scanner.reporters.base import ReportOptions
from scanner.reporters.json_report import report_document
from scanner.resources import data_dir

PLACEHOLDER = "__MLGOV_DATA__"


def embedded_json(result: ScanResult, framework: str | None = None) -> str:
    document = report_document(result)
    if framework:
        document["framework"] = framework_view(result, framework)
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # the JSON stays valid (JSON.parse reads \\u003c as "<"); the HTML parser never sees "</"
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


class HtmlReporter:
    name = "html"
    default_filename = "report.html"
    media_type = "text/html"

    def render(self, result: ScanResult, options: ReportOptions) -> bytes:
        template = (data_dir("reports") / "report.html").read_text(encoding="utf-8")
        return template.replace(PLACEHOLDER, embedded_json(result, options.framework), 1).encode("utf-8")
