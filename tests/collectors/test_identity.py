"""One asset per object across a scan: copies merged, different objects kept apart, kustomize
patches left out, Terraform plans told apart by their stack."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from scanner.collectors.files import FileCollector
from scanner.collectors.identity import Definition, path_key, settle_ids
from scanner.collectors.terraform_stacks import TerraformStacks, parse_stacks, plan_key
from scanner.model import Asset, AssetKind, Inventory, Location, SourceType, UsageError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PLAN = FIXTURES / "terraform" / "plan.json"

ISVC = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-iris
spec:
  predictor:
    model:
      modelFormat: {{name: sklearn}}
      storageUri: {uri}
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm-chat
  namespace: ml
  annotations:
    mlgov.io/owner: chat-team@example.com
spec:
  selector:
    matchLabels: {app: llm-chat}
  template:
    metadata:
      labels: {app: llm-chat}
    spec:
      containers:
        - name: server
          image: vllm/vllm-openai:v0.6.3
          resources:
            limits: {nvidia.com/gpu: "1"}
"""

IMAGE_PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm-chat
  namespace: ml
spec:
  template:
    spec:
      containers:
        - name: server
          image: vllm/vllm-openai:v0.7.0
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def collect(*paths: str | Path, **kw: Any) -> tuple[Inventory, list[str]]:
    messages: list[str] = []
    inventory = FileCollector([str(p) for p in paths], progress=messages.append, **kw).collect()
    return inventory, messages


def ids(inventory: Inventory) -> list[str]:
    return sorted(a.id for a in inventory.assets)


def assert_counts_add_up(inventory: Inventory) -> None:
    assert sum(c.assets for c in inventory.coverage) == len(inventory.assets)


# --- the same id in several places ----------------------------------------------------------


def test_identical_copies_are_one_asset_that_names_every_copy(tmp_path: Path) -> None:
    write(tmp_path / "docs/samples/iris.yaml", ISVC.format(uri="gs://kfserving/sklearn/iris"))
    write(
        tmp_path / "test/e2e/iris.yaml",
        "# the same sample, used by the tests\n" + ISVC.format(uri="gs://kfserving/sklearn/iris"),
    )
    inventory, messages = collect(tmp_path)
    [asset] = inventory.assets
    assert asset.id == "k8s://-/default/InferenceService/sklearn-iris"  # no collision: the DESIGN id
    assert asset.location == Location(str(tmp_path / "docs/samples/iris.yaml"), 1)
    assert asset.copies == (Location(str(tmp_path / "test/e2e/iris.yaml"), 2),)
    assert asset.to_policy_dict()["copies"] == [{"path": str(tmp_path / "test/e2e/iris.yaml"), "line": 2}]
    [message] = [m for m in messages if "sklearn-iris" in m]
    assert "docs/samples/iris.yaml:1 (identical: " in message and "test/e2e/iris.yaml:2" in message
    assert_counts_add_up(inventory)


def test_different_objects_sharing_an_id_are_each_kept_under_a_qualified_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "samples/v1/iris.yaml", ISVC.format(uri="gs://models/iris/v1"))
    write(tmp_path / "samples/v2/iris.yaml", ISVC.format(uri="gs://models/iris/v2"))
    write(tmp_path / "samples/v2/copy.yaml", ISVC.format(uri="gs://models/iris/v2"))
    inventory, messages = collect("samples")
    assert ids(inventory) == [
        "k8s://-/default/InferenceService/sklearn-iris#samples/v1/iris.yaml",
        "k8s://-/default/InferenceService/sklearn-iris#samples/v2/copy.yaml",
    ]
    by_uri = {a.artifact_uri: a for a in inventory.assets}
    assert by_uri["gs://models/iris/v2"].copies == (Location("samples/v2/iris.yaml", 1),)
    assert by_uri["gs://models/iris/v1"].copies == ()
    [message] = [m for m in messages if "sklearn-iris" in m]
    assert "2 different ways" in message and "#samples/v1/iris.yaml" in message
    assert_counts_add_up(inventory)


def test_different_definitions_in_one_file_are_told_apart_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "all.yaml", ISVC.format(uri="gs://a") + "---\n" + ISVC.format(uri="gs://b"))
    inventory, _ = collect("all.yaml")
    assert ids(inventory) == [
        "k8s://-/default/InferenceService/sklearn-iris#all.yaml:1",
        "k8s://-/default/InferenceService/sklearn-iris#all.yaml:11",
    ]


def test_copies_across_arguments_count_once_for_the_argument_read_first(tmp_path: Path) -> None:
    write(tmp_path / "a/iris.yaml", ISVC.format(uri="gs://m"))
    write(tmp_path / "b/iris.yaml", ISVC.format(uri="gs://m"))
    write(tmp_path / "b/chat.yaml", DEPLOYMENT)
    inventory, _ = collect(tmp_path / "a", tmp_path / "b")
    assert [(c.scope, c.assets) for c in inventory.coverage] == [
        (str(tmp_path / "a"), 1),
        (str(tmp_path / "b"), 1),
    ]
    assert_counts_add_up(inventory)


def _asset(path: str, line: int, **fields: Any) -> Asset:
    return Asset(
        id="k8s://-/ml/Deployment/x",
        kind=AssetKind.SERVING,
        source=SourceType.FILE,
        location=Location(path, line),
        **fields,
    )


def test_settle_ids_keeps_reading_order_and_the_first_definition() -> None:
    other = Asset(id="k8s://-/ml/Deployment/y", kind=AssetKind.SERVING, source=SourceType.FILE)
    settled = settle_ids(
        [
            Definition(_asset("a.yaml", 1, owner="o"), 0),
            Definition(other, 0),
            Definition(_asset("b.yaml", 3, owner="o"), 1),
            Definition(_asset("c.yaml", 1, owner="p"), 1),
        ]
    )
    assert [a.id for a in settled.assets] == [
        "k8s://-/ml/Deployment/x#a.yaml",
        "k8s://-/ml/Deployment/y",
        "k8s://-/ml/Deployment/x#c.yaml",
    ]
    assert settled.origins == (0, 0, 1)
    assert settled.assets[0].copies == (Location("b.yaml", 3),)
    # tags, image or any other field read make two definitions different; the location does not
    same = settle_ids([Definition(_asset("a.yaml", 1), 0), Definition(_asset("b.yaml", 9), 0)])
    assert len(same.assets) == 1
    differ = settle_ids(
        [
            Definition(_asset("a.yaml", 1, tags={"a": "1"}), 0),
            Definition(_asset("b.yaml", 1, tags={"a": "2"}), 0),
        ]
    )
    assert len(differ.assets) == 2


def test_path_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert path_key(str(tmp_path / "envs" / "plan.json")) == "envs/plan.json"
    assert path_key("./envs//plan.json") == "envs/plan.json"
    assert path_key("<stdin>") == "-"
    assert path_key("/elsewhere/plan.json") == "/elsewhere/plan.json"
    assert path_key("../up/plan.json") == "../up/plan.json"


# --- kustomize ------------------------------------------------------------------------------


def kustomize_tree(root: Path) -> None:
    write(root / "base/deployment.yaml", DEPLOYMENT)
    write(root / "base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
    write(root / "overlays/prod/image_patch.yaml", IMAGE_PATCH)
    write(root / "overlays/prod/smp.yaml", IMAGE_PATCH.replace("v0.7.0", "v0.8.0"))
    write(root / "overlays/prod/json6902.yaml", '[{"op": "replace", "path": "/spec/replicas", "value": 3}]\n')
    write(
        root / "overlays/prod/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        "resources:\n  - ../../base\n"
        "patches:\n  - path: image_patch.yaml\n  - patch: |-\n      - op: add\n"
        "patchesStrategicMerge:\n  - smp.yaml\n"
        "patchesJson6902:\n  - target: {kind: Deployment, name: llm-chat}\n    path: json6902.yaml\n",
    )


def test_kustomize_patches_are_not_objects_and_do_not_hide_the_base(tmp_path: Path) -> None:
    kustomize_tree(tmp_path)
    inventory, messages = collect(tmp_path)
    [asset] = inventory.assets
    assert asset.id == "k8s://-/ml/Deployment/llm-chat"
    assert asset.location == Location(str(tmp_path / "base/deployment.yaml"), 1)
    assert (asset.owner, asset.image) == ("chat-team@example.com", "vllm/vllm-openai:v0.6.3")
    [message] = [m for m in messages if "kustomize patch" in m]
    assert "3 kustomize patch file(s)" in message and "image_patch.yaml" in message
    assert inventory.complete
    assert_counts_add_up(inventory)


def test_a_file_listed_as_a_resource_somewhere_stays_an_object(tmp_path: Path) -> None:
    kustomize_tree(tmp_path)
    write(tmp_path / "overlays/other/kustomization.yaml", "resources:\n  - ../prod/image_patch.yaml\n")
    inventory, _ = collect(tmp_path)
    assert len(inventory.assets) == 2  # the base, and image_patch.yaml as a (different) object


def test_a_kustomization_file_without_extension_is_read(tmp_path: Path) -> None:
    write(tmp_path / "base/deployment.yaml", DEPLOYMENT)
    write(tmp_path / "overlay/patch.yaml", IMAGE_PATCH)
    write(tmp_path / "overlay/Kustomization", "resources: [../base]\npatchesStrategicMerge: [patch.yaml]\n")
    inventory, _ = collect(tmp_path)
    assert [a.location for a in inventory.assets] == [Location(str(tmp_path / "base/deployment.yaml"), 1)]


def test_a_patch_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    kustomize_tree(tmp_path)
    inventory, _ = collect(tmp_path / "overlays/prod/image_patch.yaml")
    [asset] = inventory.assets
    assert asset.image == "vllm/vllm-openai:v0.7.0"


def test_an_unreadable_kustomization_leaves_patches_as_objects(tmp_path: Path) -> None:
    kustomize_tree(tmp_path)
    write(tmp_path / "overlays/prod/kustomization.yaml", "patches: [\n")
    inventory, _ = collect(tmp_path)
    # the patch is read as an object again (never an asset lost) and the broken file is reported
    assert len(inventory.assets) == 3
    assert [e.code for c in inventory.coverage for e in c.errors] == ["parse_error"]


# --- Terraform stacks -----------------------------------------------------------------------


def two_stacks(root: Path) -> tuple[Path, Path]:
    staging, prod = root / "envs/staging/plan.json", root / "envs/prod/plan.json"
    for path in (staging, prod):
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PLAN, path)
    return staging, prod


def test_plans_that_share_addresses_keep_every_resource(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    two_stacks(tmp_path)
    inventory, _ = collect("envs")
    assert len(inventory.assets) == 16  # 8 per plan, none lost to a shared address
    assert {a.id.split("/plan.json/")[0] for a in inventory.assets} == {
        "terraform://envs/prod",
        "terraform://envs/staging",
    }
    model = next(
        a
        for a in inventory.assets
        if a.id == "terraform://envs/prod/plan.json/module.ml.aws_sagemaker_model.fraud"
    )
    assert model.parent == "terraform://envs/prod/plan.json/module.ml.aws_sagemaker_model_package_group.fraud"
    assert_counts_add_up(inventory)


def test_named_stacks(tmp_path: Path) -> None:
    staging, prod = two_stacks(tmp_path)
    stacks = parse_stacks([f"{staging}=staging", f"{prod}=prod"])
    inventory, _ = collect(tmp_path / "envs", terraform_stacks=stacks)
    assert {a.id.split("/")[2] for a in inventory.assets} == {"staging", "prod"}
    assert "terraform://prod/module.ml.aws_sagemaker_model.fraud" in ids(inventory)


def test_one_name_for_the_one_plan_on_stdin() -> None:
    stdin = PLAN.open("rb")
    with stdin:
        inventory = FileCollector(["-"], stdin=stdin, terraform_stacks=parse_stacks(["prod"])).collect()
    assert all(a.id.startswith("terraform://prod/") for a in inventory.assets)
    with PLAN.open("rb") as again:
        unnamed = FileCollector(["-"], stdin=again).collect()
    assert all(a.id.startswith("terraform://-/") for a in unnamed.assets)


def test_stack_names_that_name_no_plan_or_several_are_usage_errors(tmp_path: Path) -> None:
    staging, prod = two_stacks(tmp_path)
    with pytest.raises(UsageError, match="2 plans were read"):
        collect(tmp_path / "envs", terraform_stacks=parse_stacks(["prod"]))
    with pytest.raises(UsageError, match="no Terraform plan was read from"):
        collect(staging, terraform_stacks=parse_stacks([f"{tmp_path / 'typo.json'}=prod"]))
    with pytest.raises(UsageError, match="are both named stack prod"):
        collect(tmp_path / "envs", terraform_stacks=parse_stacks([f"{staging}=prod", f"{prod}=prod"]))
    # names from the config file may cover plans this run does not read
    lenient = parse_stacks([f"{tmp_path / 'other.json'}=other"], required=False)
    inventory, _ = collect(staging, terraform_stacks=lenient)
    assert len(inventory.assets) == 8


@pytest.mark.parametrize("value", ["", "=prod", "plan.json=", " = "])
def test_malformed_stack_values(value: str) -> None:
    with pytest.raises(UsageError, match="expected NAME or PLAN=NAME"):
        parse_stacks([value])


def test_stack_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    stacks = parse_stacks(["./envs/prod/plan.json=prod", "-=ci"])
    assert stacks.named == {os.path.realpath("envs/prod/plan.json"): "prod", "-": "ci"}
    assert stacks.stack_for("envs/prod/plan.json", "envs/prod/plan.json") == "prod"
    assert stacks.stack_for("-", "<stdin>") == "ci"
    assert stacks.stack_for("other/plan.json", "other/plan.json") == "other/plan.json"
    assert plan_key("-") == "-"
    with pytest.raises(UsageError, match="given twice without a plan"):
        parse_stacks(["a", "b"])
    config = TerraformStacks(named={plan_key("x.json"): "from-config"})
    assert parse_stacks(["x.json=from-cli"]).merged_over(config).named == {plan_key("x.json"): "from-cli"}


def test_ids_reach_the_policy_input_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    two_stacks(tmp_path)
    inventory, _ = collect("envs")
    endpoint = next(
        a for a in inventory.assets if a.id.endswith("prod/plan.json/module.ml.aws_sagemaker_endpoint.churn")
    )
    data = json.loads(json.dumps(endpoint.to_policy_dict()))
    assert (
        data["registry_ref"]["uri"] == "terraform://envs/prod/plan.json/module.ml.aws_sagemaker_model.churn"
    )
