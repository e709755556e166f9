"""`html`: one self-contained page, checked in headless Chromium (tests/services: the `chromium`
fixture reports console messages and every URL the page asked for)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from scanner.model import FindingStatus, ScanResult
from scanner.reporters.base import ReportOptions
from scanner.reporters.html import HtmlReporter
from tests.reporters.conftest import make_result
from tests.services.fixtures import Screenshot
from tests.services.png import decode

HOSTILE = '<script>alert("owned")</script></script><img src=x onerror=alert(1)>'

# Appended by the test only: drives the page's own filter and logs what the tables show.
PROBE = """<script>
window.addEventListener("load", () => {
  const rows = () => document.querySelectorAll("#findings tbody tr").length;
  const all = rows();
  const text = document.getElementById("filter-text");
  text.value = "MLG013"; text.dispatchEvent(new Event("input"));
  const filtered = rows();
  text.value = ""; text.dispatchEvent(new Event("input"));
  const hostileShownAsText = document.body.innerText.includes(%s);
  const status = document.getElementById("filter-status");
  status.value = "waived"; status.dispatchEvent(new Event("input"));
  console.log("probe " + JSON.stringify({all, filtered, waived: rows(),
    verdict: document.getElementById("verdict").textContent,
    hostileShownAsText,
    injected: document.querySelectorAll("img").length}));
});
</script>"""


def hostile_result() -> ScanResult:
    result = make_result()
    first = result.findings[0]
    return replace(result, findings=(replace(first, message=HOSTILE), *result.findings[1:]))


def test_the_page_is_self_contained_and_deterministic() -> None:
    result = hostile_result()
    page = HtmlReporter().render(result, ReportOptions())
    assert page == HtmlReporter().render(result, ReportOptions())
    text = page.decode()
    assert "<script>alert" not in text and "</script><img" not in text  # the data cannot end its block
    data = text.split('id="mlgov-data">', 1)[1].split("</script>", 1)[0]
    page_code = text.replace(data, "")  # URLs inside the data (rules' help links) are only text
    for external in ("http://", "https://", "//cdn", "@import", "src=", "href="):
        assert external not in page_code.replace("http://www.w3.org/2000/svg", "")
    assert json.loads(data)["findings"][0]["message"] in {HOSTILE, *(f.message for f in result.findings)}


@pytest.mark.services
def test_chromium_renders_it_without_errors_or_requests(chromium: Screenshot, tmp_path: Path) -> None:
    result = hostile_result()
    page = tmp_path / "report.html"
    html = HtmlReporter().render(result, ReportOptions()).decode()
    literal = json.dumps(HOSTILE).replace("</", "<\\/")  # inside the probe script, as in any script
    page.write_text(html.replace("</body>", PROBE % literal + "</body>"), encoding="utf-8")
    rendered = chromium(page, width=1280, height=900)
    assert rendered.errors == [], rendered.errors
    assert rendered.external_requests == []
    image = decode(rendered.png)
    assert image.variance() > 500 and image.distinct_colours() > 20
    [probe] = [m.text for m in rendered.console if m.text.startswith("probe ")]
    seen = json.loads(probe.removeprefix("probe "))
    waived = sum(1 for f in result.findings if f.status is FindingStatus.WAIVED)
    mlg013 = sum(1 for f in result.findings if f.rule_id == "MLG013")
    assert (seen["all"], seen["filtered"], seen["waived"]) == (len(result.findings), mlg013, waived)
    assert seen["verdict"] == "FAIL"
    assert seen["hostileShownAsText"] is True and seen["injected"] == 0


# Appended by the test only: the page's own measurements of its layout.
LAYOUT_PROBE = """<script>
window.addEventListener("load", () => {
  const d = document.documentElement;
  const box = (node) => node.getBoundingClientRect();
  const header = (table, n) => box(document.querySelector(`${table} thead th:nth-child(${n})`)).width;
  const inside = (span) => box(span).right <= box(span.closest("td")).right + 1;
  const longId = [...document.querySelectorAll("#findings .id")].find((s) => s.textContent.length > 150);
  console.log("layout " + JSON.stringify({
    scrollWidth: d.scrollWidth, clientWidth: d.clientWidth,
    tablesRight: Math.max(...[...document.querySelectorAll("table")].map((t) => box(t).right)),
    message: header("#findings", 6),
    idsInside: [...document.querySelectorAll(".id, .path")].every(inside),
    longIdLines: Math.round(box(longId).height / 14),
  }));
});
</script>"""

LONG_ID = "k8s://prod-eu-west-1-ml-platform/" + "fraud-detection-" * 5 + "ns/InferenceService/" + "x" * 80
LONG_PATH = "/" + "/".join(["deeply-nested-repository-directory"] * 5) + "/inference-service.yaml"


def long_names_result() -> ScanResult:
    """Asset ids and paths without spaces, longer than any column: what overflowed sideways."""
    result = make_result()
    first = result.findings[0]
    assert first.location is not None
    long_finding = replace(first, asset_id=LONG_ID, location=replace(first.location, path=LONG_PATH))
    long_asset = replace(result.assets[0], id=LONG_ID)
    return replace(result, findings=(long_finding, *result.findings[1:]), assets=(long_asset, *result.assets))


@pytest.mark.services
@pytest.mark.parametrize("width", [1024, 1280, 1600])
def test_tables_fit_the_window_and_long_ids_wrap(chromium: Screenshot, tmp_path: Path, width: int) -> None:
    page = tmp_path / "report.html"
    html = HtmlReporter().render(long_names_result(), ReportOptions()).decode()
    page.write_text(html.replace("</body>", LAYOUT_PROBE + "</body>"), encoding="utf-8")
    rendered = chromium(page, width=width, height=900)
    assert rendered.errors == [], rendered.errors
    [probe] = [m.text for m in rendered.console if m.text.startswith("layout ")]
    layout = json.loads(probe.removeprefix("layout "))
    assert layout["clientWidth"] == width
    assert layout["scrollWidth"] <= layout["clientWidth"], layout  # no sideways scrolling
    assert layout["tablesRight"] <= layout["clientWidth"], layout
    assert layout["idsInside"] is True  # ids and paths wrap inside their cells
    assert layout["longIdLines"] >= 2
    assert layout["message"] >= 0.25 * width, layout  # the message column stays readable
    image = decode(rendered.png)
    assert image.variance() > 500 and image.distinct_colours() > 20
