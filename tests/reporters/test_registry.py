"""The format registry: explicit, lazy, and clear about what exists."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scanner.model import UsageError
from scanner.reporters.base import Reporter, ReportOptions
from scanner.reporters.registry import available_formats, default_filename, get_reporter
from tests.reporters.conftest import make_result, render


def test_lists_the_formats_table_first() -> None:
    formats = available_formats()
    assert formats[0] == "table"
    assert {"table", "json", "sarif"} <= set(formats)


def test_unknown_format_names_the_valid_ones() -> None:
    with pytest.raises(UsageError) as info:
        get_reporter("pdf")
    message = str(info.value)
    assert "'pdf'" in message and "--format" in message
    for name in available_formats():
        assert name in message


@pytest.mark.parametrize("name", available_formats())
def test_each_reporter_matches_its_registry_entry(name: str) -> None:
    reporter: Reporter = get_reporter(name)
    assert reporter.name == name
    assert reporter.media_type
    data = reporter.render(make_result(), ReportOptions())
    assert isinstance(data, bytes) and data.endswith(b"\n")
    assert data == render(name, make_result())  # rendering twice gives the same bytes


def test_output_dir_file_names() -> None:
    assert default_filename("json") == "report.json"
    assert default_filename("sarif") == "report.sarif"
    assert default_filename("table") == "report.txt"
    names = [default_filename(f) for f in available_formats()]
    assert len(set(names)) == len(names)  # no two formats overwrite each other


def test_names_are_case_and_blank_insensitive() -> None:
    assert get_reporter(" SARIF ").name == "sarif"


def test_import_has_no_side_effects() -> None:
    """Importing the registry imports no reporter (and so not rich); asking for one imports only it."""
    code = (
        "import sys\n"
        "import scanner.reporters.registry as r\n"
        "def loaded():\n"
        "    return sorted(m for m in sys.modules if m.startswith(('scanner.reporters.', 'rich')))\n"
        "print(loaded())\n"
        "r.get_reporter('json')\n"
        "print(loaded())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before, after = out.splitlines()
    assert before == "['scanner.reporters.base', 'scanner.reporters.registry']"
    assert after == str(
        [
            "scanner.reporters.base",
            "scanner.reporters.json_report",
            "scanner.reporters.layout",
            "scanner.reporters.registry",
        ]
    )
