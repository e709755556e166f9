from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.model import Accelerator, Asset, AssetKind, Location, RegistryRef, SourceType
from scanner.normalize.accelerators import instance_accelerator
from scanner.normalize.resolve import ResolverConfig
from scanner.normalize.terraform import normalize_terraform_plan
from scanner.normalize.terraform_plan import address_lines, is_terraform_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "terraform"
CONFIG = ResolverConfig()
STACK = "prod"  # what the collector names the plan: --terraform-stack, else its path


def loc(asset: Asset) -> Location:
    assert asset.location is not None
    return asset.location


def load(name: str) -> tuple[dict[str, Asset], str]:
    text = (FIXTURES / name).read_text()
    assets = normalize_terraform_plan(json.loads(text), path=name, stack=STACK, text=text, resolver=CONFIG)
    return {a.id: a for a in assets}, text


def test_assets_from_root_and_nested_child_modules() -> None:
    assets, _ = load("plan.json")
    assert sorted(assets) == [
        "terraform://prod/aws_instance.gpu_box",
        'terraform://prod/aws_instance.trainers["a"]',
        "terraform://prod/module.ml.aws_sagemaker_endpoint.churn",
        "terraform://prod/module.ml.aws_sagemaker_endpoint.fraud",
        "terraform://prod/module.ml.aws_sagemaker_model.churn",
        "terraform://prod/module.ml.aws_sagemaker_model.fraud",
        "terraform://prod/module.ml.aws_sagemaker_model_package_group.fraud",
        "terraform://prod/module.ml.module.notebooks.aws_sagemaker_notebook_instance.research",
    ]  # no endpoint configuration, no t3.micro instance
    kinds = {a.id.rsplit(".", 2)[-2]: a.kind for a in assets.values() if "aws_sagemaker" in a.id}
    assert kinds == {
        "aws_sagemaker_endpoint": AssetKind.SERVING,
        "aws_sagemaker_model": AssetKind.MODEL_VERSION,
        "aws_sagemaker_model_package_group": AssetKind.REGISTERED_MODEL,
        "aws_sagemaker_notebook_instance": AssetKind.NOTEBOOK,
    }
    assert all(a.source is SourceType.FILE for a in assets.values())


def test_tags_all_wins_over_tags() -> None:
    assets, _ = load("plan.json")
    endpoint = assets["terraform://prod/module.ml.aws_sagemaker_endpoint.fraud"]
    assert endpoint.owner == "fraud-team@example.com"  # tags says tags-owner@, tags_all wins
    assert endpoint.environment == "production"
    assert endpoint.classification == "confidential"
    assert endpoint.sunset_date == "2027-06-30"
    box = assets["terraform://prod/aws_instance.gpu_box"]
    assert box.cost_center == "cc-7"  # only in tags_all (provider default_tags)
    assert box.resolved_from["owner"] == "tag:Owner"


def test_endpoint_links_through_configuration_references_to_the_model_package() -> None:
    assets, _ = load("plan.json")
    fraud = assets["terraform://prod/module.ml.aws_sagemaker_endpoint.fraud"]
    # endpoint_config_name is unknown at plan time: resolved through `configuration` references
    # the registry version of the package its model deploys, through that model of the same stack
    assert fraud.registry_ref == RegistryRef(
        name="fraud-detector",
        version="3",
        uri="terraform://prod/module.ml.aws_sagemaker_model.fraud",
        via="terraform:module.ml.aws_sagemaker_endpoint_configuration.fraud.production_variants[0].model_name"
        " -> model_package_name",
    )
    assert fraud.accelerator == Accelerator("nvidia", "A10G", 1)  # ml.g5.xlarge
    assert fraud.image == "123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud:3"
    churn = assets["terraform://prod/module.ml.aws_sagemaker_endpoint.churn"]
    # config found by its known name; the model through a reference (its name is unknown)
    assert churn.registry_ref is not None
    assert churn.registry_ref.name == "churn"
    assert churn.registry_ref.uri == "terraform://prod/module.ml.aws_sagemaker_model.churn"
    assert churn.artifact_uri == "s3://models/churn/model.tar.gz"
    assert churn.accelerator == Accelerator("aws", "Inferentia2", 1)
    assert churn.environment == "staging"


def test_model_version_inherits_from_its_package_group() -> None:
    assets, _ = load("plan.json")
    group_id = "terraform://prod/module.ml.aws_sagemaker_model_package_group.fraud"
    model = assets["terraform://prod/module.ml.aws_sagemaker_model.fraud"]
    assert model.parent == group_id
    assert model.version == "3"
    assert (model.owner, model.classification, model.risk_tier, model.cost_center) == (
        "fraud-team@example.com",
        "confidential",
        "high",
        "cc-42",
    )
    assert model.sunset_date == "2027-06-30"
    for name in ("owner", "classification", "risk_tier", "cost_center", "sunset_date"):
        assert model.resolved_from[name] == f"inherited:{group_id}"
    churn = assets["terraform://prod/module.ml.aws_sagemaker_model.churn"]
    assert churn.parent is None
    assert churn.resolved_from == {"owner": "tag:owner"}


def test_a_versioned_package_is_the_models_reference_version_and_parent() -> None:
    assets, _ = load("plan.json")
    model = assets["terraform://prod/module.ml.aws_sagemaker_model.fraud"]
    assert model.registry_ref == RegistryRef(
        name="fraud-detector",
        version="3",
        uri="arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud-detector/3",
        via="terraform:module.ml.aws_sagemaker_model.fraud.model_package_name",
    )
    assert (
        model.resolved_from["registry_ref"]
        == "terraform:module.ml.aws_sagemaker_model.fraud.model_package_name"
    )


JUMPSTART_ARN = "arn:aws:sagemaker:us-east-1:aws:model-package/pytorch-ic-mobilenet-v2-2f6b3a1c9d"


def _resource(rtype: str, name: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"address": f"{rtype}.{name}", "mode": "managed", "type": rtype, "name": name, "values": values}


def jumpstart_plan(package: str = JUMPSTART_ARN) -> dict[str, Any]:
    """A model deployed straight from SageMaker JumpStart, behind an endpoint."""
    return {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [
                    _resource(
                        "aws_sagemaker_model",
                        "ic",
                        {"name": "ic-model", "primary_container": [{"model_package_name": package}]},
                    ),
                    _resource(
                        "aws_sagemaker_endpoint_configuration",
                        "ic",
                        {
                            "name": "ic-config",
                            "production_variants": [
                                {"model_name": "ic-model", "instance_type": "ml.g5.xlarge"}
                            ],
                        },
                    ),
                    _resource(
                        "aws_sagemaker_endpoint", "ic", {"name": "ic", "endpoint_config_name": "ic-config"}
                    ),
                ]
            }
        },
    }


def test_a_jumpstart_model_keeps_its_unversioned_package() -> None:
    assets = {
        a.id: a
        for a in normalize_terraform_plan(
            jumpstart_plan(), path="p.json", stack=STACK, text=None, resolver=CONFIG
        )
    }
    model = assets["terraform://prod/aws_sagemaker_model.ic"]
    assert model.registry_ref == RegistryRef(
        name="pytorch-ic-mobilenet-v2-2f6b3a1c9d",
        uri=JUMPSTART_ARN,
        via="terraform:aws_sagemaker_model.ic.model_package_name",
    )
    # one fixed package, not a version of a group: no version, no parent
    assert (model.version, model.parent) == (None, None)
    endpoint = assets["terraform://prod/aws_sagemaker_endpoint.ic"]
    # the endpoint runs the model (in the inventory), which names the package
    assert endpoint.registry_ref is not None
    assert endpoint.registry_ref.uri == "terraform://prod/aws_sagemaker_model.ic"
    assert endpoint.accelerator == Accelerator("nvidia", "A10G", 1)


@pytest.mark.parametrize(
    ("package", "expected"),
    [
        ("my-own-package", ("my-own-package", None, None)),  # a bare name in the model's account
        (
            "arn:aws:sagemaker:us-east-1:111111111111:model-package/g/12",
            ("g", "12", "arn:aws:sagemaker:us-east-1:111111111111:model-package/g/12"),
        ),
        ("s3://not/a/package", None),
        ("arn:aws:s3:::bucket/model-package/x", None),
    ],
)
def test_package_names(package: str, expected: tuple[str, str | None, str | None] | None) -> None:
    [model, *_] = normalize_terraform_plan(
        jumpstart_plan(package), path="p.json", stack=STACK, text=None, resolver=CONFIG
    )
    ref = model.registry_ref
    assert ((ref.name, ref.version, ref.uri) if ref else None) == expected


def test_stacks_that_share_addresses_keep_their_own_ids_and_links() -> None:
    text = (FIXTURES / "plan.json").read_text()
    stacks = {
        stack: {
            a.id: a
            for a in normalize_terraform_plan(
                json.loads(text), path=f"{stack}/plan.json", stack=stack, text=text, resolver=CONFIG
            )
        }
        for stack in ("staging", "envs/prod/plan.json")
    }
    staging, prod = stacks["staging"], stacks["envs/prod/plan.json"]
    assert len(staging) == len(prod) == 8 and not set(staging) & set(prod)
    model = prod["terraform://envs/prod/plan.json/module.ml.aws_sagemaker_model.fraud"]
    assert model.parent == "terraform://envs/prod/plan.json/module.ml.aws_sagemaker_model_package_group.fraud"
    assert model.resolved_from["owner"] == f"inherited:{model.parent}"
    churn = staging["terraform://staging/module.ml.aws_sagemaker_endpoint.churn"]
    assert churn.registry_ref is not None
    assert churn.registry_ref.uri == "terraform://staging/module.ml.aws_sagemaker_model.churn"


def test_notebook_and_instances() -> None:
    assets, _ = load("plan.json")
    notebook = assets["terraform://prod/module.ml.module.notebooks.aws_sagemaker_notebook_instance.research"]
    assert notebook.accelerator == Accelerator("nvidia", "V100", 1)
    assert notebook.environment == "development"
    assert (notebook.sunset_date, notebook.sunset_raw) == (None, "ttl=90d")  # no creation time in a plan
    box = assets["terraform://prod/aws_instance.gpu_box"]
    assert box.kind is AssetKind.COMPUTE
    assert box.name == "train-box"
    assert box.accelerator == Accelerator("nvidia", "V100", 4)
    assert assets['terraform://prod/aws_instance.trainers["a"]'].accelerator == Accelerator(
        "nvidia", "A100", 8
    )


def test_user_data_and_container_environment_never_leak() -> None:
    assets, _ = load("plan.json")
    blob = repr(list(assets.values())) + json.dumps([a.to_policy_dict() for a in assets.values()])
    for secret in ("wJalrXUtnFEMI", "hunter2", "tok-do-not-leak", "AWS_SECRET", "DB_PASSWORD", "API_TOKEN"):
        assert secret not in blob


def test_location_line_is_the_first_address_occurrence() -> None:
    assets, text = load("plan.json")
    lines = text.splitlines()
    for asset in assets.values():
        address = asset.id.removeprefix("terraform://prod/")
        line = lines[loc(asset).line - 1]
        assert json.loads("{" + line.strip().rstrip(",") + "}")["address"] == address
        assert loc(asset).path == "plan.json"
    oneline, _ = load("plan-oneline.json")
    assert {loc(a).line for a in oneline.values()} == {1}
    assert sorted(oneline) == sorted(assets)


def test_address_lines_handles_spacing_and_escapes() -> None:
    text = '{\n"address" :  "a.b",\n"x": {"address":"m.c[\\"k\\"]"},\n"address": "a.b"}'
    assert address_lines(text) == {"a.b": 2, 'm.c["k"]': 3}


def test_detection() -> None:
    assert is_terraform_json({"format_version": "1.2", "planned_values": {}})
    assert is_terraform_json({"format_version": "1.2", "resource_changes": []})
    assert is_terraform_json({"format_version": "1.0", "values": {"root_module": {}}})
    assert not is_terraform_json({"planned_values": {}})
    assert not is_terraform_json({"apiVersion": "v1", "kind": "List", "items": []})


def test_state_json_and_resource_changes_fallback() -> None:
    values = {"instance_type": "g6.12xlarge", "tags": {"owner": "o"}}
    state = {
        "format_version": "1.0",
        "values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_instance.g",
                        "mode": "managed",
                        "type": "aws_instance",
                        "name": "g",
                        "values": values,
                    }
                ]
            }
        },
    }
    [asset] = normalize_terraform_plan(state, path="s.json", stack=STACK, text=None, resolver=CONFIG)
    assert asset.accelerator == Accelerator("nvidia", "L4", 4)
    assert loc(asset).line == 1
    changes: dict[str, Any] = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "aws_instance.g",
                "mode": "managed",
                "type": "aws_instance",
                "name": "g",
                "change": {"actions": ["create"], "after": values},
            },
            {
                "address": "aws_instance.old",
                "mode": "managed",
                "type": "aws_instance",
                "name": "old",
                "change": {"actions": ["delete"], "after": None},
            },
            {
                "address": "data.aws_instance.d",
                "mode": "data",
                "type": "aws_instance",
                "name": "d",
                "change": {"actions": ["read"], "after": values},
            },
        ],
    }
    assert [
        a.id for a in normalize_terraform_plan(changes, path="p", stack=STACK, text=None, resolver=CONFIG)
    ] == ["terraform://prod/aws_instance.g"]


@pytest.mark.parametrize(
    "plan",
    [
        {"format_version": "1", "planned_values": None},
        {
            "format_version": "1",
            "planned_values": {"root_module": {"resources": "x", "child_modules": [1, None]}},
        },
        {
            "format_version": "1",
            "planned_values": {"root_module": {"resources": [{"address": 1}, {"type": "aws_instance"}]}},
        },
        {
            "format_version": "1",
            "planned_values": {
                "root_module": {
                    "resources": [
                        {
                            "address": "aws_sagemaker_endpoint.e",
                            "type": "aws_sagemaker_endpoint",
                            "name": "e",
                            "values": {"endpoint_config_name": ["x"]},
                        },
                        {
                            "address": "aws_sagemaker_endpoint_configuration.c",
                            "type": "aws_sagemaker_endpoint_configuration",
                            "name": "c",
                            "values": {"name": "x", "production_variants": "nope"},
                        },
                    ]
                }
            },
            "configuration": {"root_module": {"module_calls": "bad"}},
        },
    ],
)
def test_malformed_plans_never_raise(plan: dict[str, Any]) -> None:
    normalize_terraform_plan(plan, path="p", stack=STACK, text=json.dumps(plan), resolver=CONFIG)


@pytest.mark.parametrize(
    ("instance_type", "expected"),
    [
        ("p3.2xlarge", Accelerator("nvidia", "V100", 1)),
        ("ml.p4d.24xlarge", Accelerator("nvidia", "A100", 8)),
        ("p5.48xlarge", Accelerator("nvidia", "H100", 8)),
        ("p6-b200.48xlarge", Accelerator("nvidia", "B200", 8)),
        ("g4dn.12xlarge", Accelerator("nvidia", "T4", 4)),
        ("g5.48xlarge", Accelerator("nvidia", "A10G", 8)),
        ("g6e.xlarge", Accelerator("nvidia", "L40S", 1)),
        ("inf2.48xlarge", Accelerator("aws", "Inferentia2", 12)),
        ("trn1.32xlarge", Accelerator("aws", "Trainium", 16)),
        ("dl1.24xlarge", Accelerator("habana", "Gaudi", 8)),
        ("f1.2xlarge", Accelerator("xilinx", "VU9P", 1)),
        ("g5.metal", Accelerator("nvidia", "A10G", 0)),  # size not in the table: count unknown
        ("t3.micro", None),
        ("m5.xlarge", None),
        ("ml.t3.medium", None),
        ("p3", None),
    ],
)
def test_instance_accelerators(instance_type: str, expected: Accelerator | None) -> None:
    assert instance_accelerator(instance_type) == expected
