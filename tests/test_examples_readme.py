"""examples/README.md states what `mlgov scan examples/` finds in each file: the real scan is the
judge. A row's rule ids must be exactly the failing rules the scan reports on that file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def stated() -> dict[str, set[str]]:
    """examples/README.md's table: file -> the rule ids its row names."""
    rows = {}
    for line in (EXAMPLES / "README.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0] != "`file`":
            rows[cells[0].strip("`")] = set(re.findall(r"\bMLG\d{3}\b", cells[2]))
    return rows


def scanned() -> dict[str, set[str]]:
    """The real scan at the README's clock: file under examples/ -> failing rule ids."""
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", str(EXAMPLES), "--now", "2026-11-22", "-f", "json", "-q"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr  # the examples hold violations on purpose
    report = json.loads(proc.stdout)
    found: dict[str, set[str]] = {}
    for f in report["findings"]:
        assert f["location"], f  # every example asset comes from a file
        if f["status"] == "fail":
            name = Path(f["location"]["path"]).resolve().relative_to(EXAMPLES).as_posix()
            found.setdefault(name, set()).add(f["rule_id"])
    return found


def test_every_example_file_has_a_row() -> None:
    files = {
        p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*") if p.suffix in {".yaml", ".json"}
    }
    assert set(stated()) == files


@pytest.mark.slow
def test_the_rows_state_exactly_what_the_scan_finds() -> None:
    claims, found = stated(), scanned()
    assert set(found) <= set(claims), f"findings in files without a row: {sorted(set(found) - set(claims))}"
    differences = {name: {"README": sorted(claims[name]), "scan": sorted(found.get(name, set()))}
                   for name in claims if claims[name] != found.get(name, set())}  # fmt: skip
    assert differences == {}
