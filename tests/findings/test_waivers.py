from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scanner.findings.waivers import WaiverBook, is_expired, load_waivers
from scanner.model import ConfigError

TODAY = dt.date(2026, 11, 22)

GOOD = """\
waivers:
  - id: W1
    rule: MLG001
    asset: "k8s://-/ml/*"
    justification: owned by the platform team until the re-org lands
    approved_by: ciso@example.com
    ticket: SEC-1
    expires: 2026-12-31
  - id: W2
    rule: "MLG00*"
    asset: "terraform://*"
    justification: legacy
    approved_by: ciso@example.com
    expires: 2026-11-21
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text)
    return path


def test_load_waivers_reads_every_field(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, GOOD))
    assert [w.id for w in waivers] == ["W1", "W2"]
    assert waivers[0].expires == "2026-12-31"
    assert waivers[0].ticket == "SEC-1"
    assert waivers[0].where == f"{tmp_path / 'waivers.yaml'}:2"
    assert waivers[1].where == f"{tmp_path / 'waivers.yaml'}:9"


def test_expiry_is_inclusive_and_then_stops(tmp_path: Path) -> None:
    w1, w2 = load_waivers(write(tmp_path, GOOD))
    assert not is_expired(w1, TODAY)
    assert is_expired(w2, TODAY)
    assert not is_expired(w2, dt.date(2026, 11, 21))


def test_book_matches_globs_and_skips_expired(tmp_path: Path) -> None:
    book = WaiverBook(load_waivers(write(tmp_path, GOOD)), TODAY)
    assert book.find("MLG001", "k8s://-/ml/Deployment/a") is not None
    assert book.find("MLG002", "k8s://-/ml/Deployment/a") is None
    # W2 matches but is expired: no waiver, and its use is counted so the report can flag it
    assert book.find("MLG003", "terraform://aws_sagemaker_model.x") is None
    statuses = {s.waiver.id: s for s in book.statuses()}
    assert statuses["W2"].expired and statuses["W2"].matched == 1
    assert statuses["W1"].matched == 1 and not statuses["W1"].expired


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("- id: a\n  rule: MLG001\n  asset: '*'\n  justification: x\n  approved_by: y\n", "expires", 1),
        (
            "- id: a\n  rule: MLG001\n  asset: '*'\n  justification: x\n  approved_by: y\n  expires: soon\n",
            "not a date",
            1,
        ),
        (
            "waivers:\n  - id: a\n    rule: R\n    asset: '*'\n    justification: x\n    approved_by: y\n"
            "    expires: 2027-01-01\n  - id: a\n    rule: R\n    asset: '*'\n    justification: x\n"
            "    approved_by: y\n    expires: 2027-01-01\n",
            "duplicate",
            8,
        ),
        ("waivers: [\n", "not valid YAML", 2),
    ],
)
def test_bad_waivers_name_file_and_line(tmp_path: Path, text: str, fragment: str, line: int) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_waivers(path)
    assert fragment in str(info.value)
    assert f"{path}:{line}" in str(info.value)
