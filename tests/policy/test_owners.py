"""The owner directory: exports read into params, and MLG002 on an owner not in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.model import ConfigError
from scanner.policy.owners import load_owner_directory
from scanner.policy.params import merge_params
from tests.conftest import MlgovRunner


def test_csv_json_and_graph_exports(tmp_path: Path) -> None:
    csv_file = tmp_path / "owners.csv"
    csv_file.write_text("displayName,Email\nFraud Team,fraud-team@example.com\nRisk,risk@example.com\n,\n")
    assert load_owner_directory(csv_file) == ("fraud-team@example.com", "risk@example.com")
    plain = tmp_path / "owners.json"
    plain.write_text(json.dumps(["a@example.com", "team-b", "a@example.com"]))
    assert load_owner_directory(plain) == ("a@example.com", "team-b")
    graph = tmp_path / "graph.json"
    graph.write_text(json.dumps({"value": [{"displayName": "A", "mail": "a@example.com"}, {"id": "x"}]}))
    assert load_owner_directory(graph) == ("a@example.com", "x")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.csv", "email\n", "lists no owners"),
        ("bad.json", "{not json", "not valid JSON"),
        ("obj.json", '{"people": []}', "no list of owners"),
        ("owners.txt", "a@example.com", "unknown owner directory format"),
    ],
)
def test_bad_exports_fail_closed_and_name_the_file(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_owner_directory(path)
    assert caught.value.where == str(path)


def test_the_directory_joins_the_inline_entries(tmp_path: Path) -> None:
    path = tmp_path / "owners.json"
    path.write_text('["b@example.com"]')
    params = merge_params({"owner_directory": str(path), "owner_directory_entries": ["a@example.com"]})
    assert params["owner_directory_entries"] == ["a@example.com", "b@example.com"]
    assert "owner_directory" not in params
    with pytest.raises(ConfigError, match="owner_directory"):
        merge_params({"owner_directory": 7})


MANIFEST = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: {name}
  namespace: ml-prod
  annotations:
    mlgov.io/owner: {owner}
spec:
  predictor:
    model:
      storageUri: s3://models/{name}/7
"""


@pytest.mark.slow
def test_an_owner_missing_from_the_directory_is_mlg002(tmp_path: Path, mlgov: MlgovRunner) -> None:
    (tmp_path / "owners.csv").write_text("email\nfraud-team@example.com\n")
    (tmp_path / "mlgov.yaml").write_text("policy:\n  params:\n    owner_directory: owners.csv\n")
    manifests = tmp_path / "k8s"
    manifests.mkdir()
    (manifests / "a.yaml").write_text(MANIFEST.format(name="known", owner="fraud-team@example.com"))
    (manifests / "b.yaml").write_text(MANIFEST.format(name="gone", owner="left-company@example.com"))
    run = mlgov("scan", "k8s", "-f", "json", "--now", "2026-11-22", "--fail-on", "none", cwd=tmp_path)
    assert run.code == 0, run.stderr
    mlg002 = {f["asset_id"] for f in json.loads(run.stdout)["findings"] if f["rule_id"] == "MLG002"}
    assert mlg002 == {"k8s://-/ml-prod/InferenceService/gone"}

    (tmp_path / "owners.csv").write_text("email\n")  # an empty export fails closed: exit 2
    broken = mlgov("scan", "k8s", "--now", "2026-11-22", cwd=tmp_path)
    assert broken.code == 2 and "lists no owners" in broken.stderr
