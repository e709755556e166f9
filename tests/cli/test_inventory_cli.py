"""`mlgov inventory` then `mlgov evaluate`: the replayed scan gives the scan's findings."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from scanner.collectors.registry import LIVE_SOURCES
from tests.conftest import MlgovRunner

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = "2026-11-22"


@pytest.mark.slow
def test_inventory_then_evaluate_gives_the_scans_findings(mlgov: MlgovRunner, tmp_path: Path) -> None:
    made = mlgov("inventory", str(EXAMPLES), "-o", "inv.json", "-q")
    assert made.code == 0, made.stderr
    inventory = json.loads((tmp_path / "inv.json").read_text())
    assert inventory["sources"] == ["file"] and len(inventory["assets"]) >= 5
    replay = mlgov("evaluate", "inv.json", "--now", NOW, "-f", "json", "-q")
    scan = mlgov("scan", str(EXAMPLES), "--now", NOW, "-f", "json", "-q")
    assert replay.code == scan.code == 1
    replayed, scanned = json.loads(replay.stdout), json.loads(scan.stdout)
    assert replayed["findings"] and replayed["findings"] == scanned["findings"]
    assert replayed["assets"] == scanned["assets"] and replayed["coverage"] == scanned["coverage"]
    # a scan's own JSON report replays too
    (tmp_path / "report.json").write_text(scan.stdout)
    again = mlgov("evaluate", "report.json", "--now", NOW, "-f", "json", "-q")
    assert json.loads(again.stdout)["findings"] == scanned["findings"]


@pytest.mark.slow
def test_a_damaged_inventory_is_an_error_naming_the_place(mlgov: MlgovRunner, tmp_path: Path) -> None:
    mlgov("inventory", str(EXAMPLES), "-o", "inv.json", "-q")
    document = json.loads((tmp_path / "inv.json").read_text())
    document["assets"][1]["kind"] = "spaceship"
    (tmp_path / "bad.json").write_text(json.dumps(document))
    run = mlgov("evaluate", "bad.json")
    assert run.code == 2
    assert "bad.json" in run.stderr and "/assets/1/kind" in run.stderr and "Traceback" not in run.stderr
    (tmp_path / "cut.json").write_text((tmp_path / "inv.json").read_text()[:200])
    assert mlgov("evaluate", "cut.json").code == 2


@pytest.mark.slow
def test_incomplete_coverage_in_an_inventory_still_exits_3(mlgov: MlgovRunner, tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "broken.yaml").write_text("kind: [unclosed\n")
    # nothing but the broken file: nothing read at all, which no inventory may pass for
    assert mlgov("inventory", "k8s", "-o", "inv.json", "-q").code == 2
    assert not (tmp_path / "inv.json").exists()
    assert (
        mlgov("inventory", "k8s", "-o", "empty.json", "-q", "--allow-empty").code == 3
    )  # written, incomplete
    assert (tmp_path / "empty.json").exists()
    (tmp_path / "k8s" / "ns.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: ml}\n")
    made = mlgov("inventory", "k8s", "-o", "inv.json", "-q")
    assert made.code == 3
    assert mlgov("evaluate", "inv.json", "-q").code == 3
    assert mlgov("evaluate", "inv.json", "-q", "--allow-partial").code == 0


@pytest.mark.parametrize("command", ["scan", "inventory"])
def test_every_live_source_can_be_named_and_configured(mlgov: MlgovRunner, command: str) -> None:
    helped = mlgov(command, "--help")
    flags = ("--source", "--region", "--profile", "--mlflow-uri", "--kubeconfig", "--context", "--namespace")
    for flag in flags:
        assert flag in helped.stdout, (command, flag)
    for source in LIVE_SOURCES:
        assert source in helped.stdout


@pytest.mark.slow
def test_inventory_as_csv(mlgov: MlgovRunner, tmp_path: Path) -> None:
    run = mlgov("inventory", str(EXAMPLES), "-f", "csv", "-q")
    assert run.code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    as_json = json.loads(mlgov("inventory", str(EXAMPLES), "-q").stdout)
    assert [r["id"] for r in rows] == [a["id"] for a in as_json["assets"]]
