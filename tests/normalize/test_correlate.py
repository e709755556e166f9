"""Correlation links by stack-qualified ids: a Terraform endpoint to the model of its own stack,
and on to that model's package when the package is in the inventory."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.model import Asset, AssetKind, SourceType
from scanner.normalize.correlate import correlate
from scanner.normalize.resolve import ResolverConfig
from scanner.normalize.terraform import normalize_terraform_plan

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "terraform-two-stacks" / "envs"
JUMPSTART = (
    Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "sagemaker-jumpstart" / "plan.json"
)
PROD_PACKAGE = "arn:aws:sagemaker:us-east-1:222222222222:model-package/fraud-detector/3"


def plan_assets(path: Path, stack: str) -> list[Asset]:
    plan = json.loads(path.read_text())
    return normalize_terraform_plan(plan, path=str(path), stack=stack, text=None, resolver=ResolverConfig())


def targets(assets: list[Asset]) -> dict[str, tuple[str | None, str | None]]:
    return {
        a.id: (a.registry_ref.target, a.registry_ref.matched_by)
        for a in correlate(assets)
        if a.kind is AssetKind.SERVING and a.registry_ref is not None
    }


def test_endpoints_of_two_stacks_with_the_same_names_link_inside_their_stack() -> None:
    assets = plan_assets(PLANS / "staging" / "plan.json", "staging") + plan_assets(
        PLANS / "prod" / "plan.json", "prod"
    )
    assert targets(assets) == {
        "terraform://staging/module.ml.aws_sagemaker_endpoint.fraud": (
            "terraform://staging/module.ml.aws_sagemaker_model.fraud",
            "id",
        ),
        "terraform://prod/module.ml.aws_sagemaker_endpoint.fraud": (
            "terraform://prod/module.ml.aws_sagemaker_model.fraud",
            "id",
        ),
    }


def test_a_planned_endpoint_reaches_the_live_package_its_model_deploys() -> None:
    live = Asset(
        id=PROD_PACKAGE,
        kind=AssetKind.MODEL_VERSION,
        source=SourceType.AWS,
        name="fraud-detector",
        version="3",
    )
    assets = [*plan_assets(PLANS / "prod" / "plan.json", "prod"), live]
    assert targets(assets) == {
        "terraform://prod/module.ml.aws_sagemaker_endpoint.fraud": (
            PROD_PACKAGE,
            "sagemaker:endpoint -> model -> model-package",
        )
    }


def test_a_jumpstart_endpoint_runs_its_model() -> None:
    assets = plan_assets(JUMPSTART, "js")
    assert targets(assets) == {
        "terraform://js/aws_sagemaker_endpoint.classifier": (
            "terraform://js/aws_sagemaker_model.classifier",
            "id",
        )
    }
