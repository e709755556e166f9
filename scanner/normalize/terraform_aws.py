"""Terraform plan resources of AWS (the aws provider) -> Assets (handlers registered in
scanner/normalize/terraform.py).

- ``aws_sagemaker_model`` -> ``model_version``
- ``aws_sagemaker_endpoint`` -> ``serving``, enriched through its endpoint configuration
- ``aws_sagemaker_endpoint_configuration`` -> not an asset: it names the instance types and the
  models an endpoint runs, so it enriches the endpoint that uses it
- ``aws_sagemaker_model_package_group`` -> ``registered_model``
- ``aws_sagemaker_notebook_instance`` -> ``notebook``
- ``aws_instance`` -> ``compute``, only when its instance type carries accelerators

Every link between a plan's resources (model version -> package group, endpoint -> model) uses
the plan's own ids (``terraform://STACK/ADDRESS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanner.model import Accelerator, Asset, AssetKind, RegistryRef
from scanner.normalize.accelerators import instance_accelerator
from scanner.normalize.access import Obj, get_list, get_map, get_str, maps
from scanner.normalize.model_packages import package_reference
from scanner.normalize.terraform_context import PlanContext
from scanner.normalize.terraform_plan import Resource, config_resource, referenced

MODEL = "aws_sagemaker_model"
ENDPOINT = "aws_sagemaker_endpoint"
ENDPOINT_CONFIG = "aws_sagemaker_endpoint_configuration"
PACKAGE_GROUP = "aws_sagemaker_model_package_group"
NOTEBOOK = "aws_sagemaker_notebook_instance"
INSTANCE = "aws_instance"


@dataclass(frozen=True)
class _ModelInfo:
    """What an endpoint learns from the SageMaker model it runs."""

    address: str
    name: str  # the name attribute, or the resource's local name when unknown at plan time
    image: str | None
    artifact_uri: str | None
    package_arn: str | None


def package_group(ctx: PlanContext, r: Resource) -> Asset:
    return ctx.tagged(r, AssetKind.REGISTERED_MODEL, _group_name(r))


def notebook(ctx: PlanContext, r: Resource) -> Asset:
    acc = _accelerator(get_str(r.values, "instance_type"))
    return ctx.tagged(r, AssetKind.NOTEBOOK, get_str(r.values, "name")).evolve(accelerator=acc)


def instance(ctx: PlanContext, r: Resource) -> Asset | None:
    acc = _accelerator(get_str(r.values, "instance_type"))
    if acc is None:
        return None
    name = get_str(r.values, "tags_all", "Name") or get_str(r.values, "tags", "Name") or r.name
    return ctx.tagged(r, AssetKind.COMPUTE, name).evolve(accelerator=acc)


def model(ctx: PlanContext, r: Resource) -> Asset:
    info = _model_info(r)
    asset = ctx.tagged(r, AssetKind.MODEL_VERSION, get_str(r.values, "name"))
    changes: dict[str, Any] = {"image": info.image, "artifact_uri": info.artifact_uri}
    package = package_reference(info.package_arn)
    if package is None:
        return asset.evolve(**changes)
    # the package is where the model comes from (a JumpStart model's only source): kept
    # whether or not it is versioned, unless the model's tags already name its registry entry
    via = f"terraform:{r.address}.model_package_name"
    if asset.registry_ref is None:
        changes["registry_ref"] = package.reference(via)
        changes["resolved_from"] = {**asset.resolved_from, "registry_ref": via}
    if package.version is not None:
        groups = ctx.named(PACKAGE_GROUP, "model_package_group_name", package.name)
        changes["version"] = package.version
        # the last group of that name in the plan, as the plan's own name index keeps it
        changes["parent"] = ctx.resource_id(groups[-1].address) if groups else package.group_arn
    return asset.evolve(**changes)


def endpoint(ctx: PlanContext, r: Resource) -> Asset:
    asset = ctx.tagged(r, AssetKind.SERVING, get_str(r.values, "name"))
    config = _endpoint_config(ctx, r)
    if config is None:
        return asset
    variants = maps(get_list(config.values, "production_variants"))
    accelerators = [a for v in variants if (a := _accelerator(get_str(v, "instance_type")))]
    changes: dict[str, Any] = {}
    if accelerators:
        lead = accelerators[0]
        changes["accelerator"] = Accelerator(lead.vendor, lead.model, sum(a.count for a in accelerators))
    served = _variant_model(ctx, config, 0, variants[0]) if variants else None
    via = f"terraform:{config.address}.production_variants[0].model_name"
    ref: RegistryRef | None
    if served is not None:
        changes.update(image=served.image, artifact_uri=served.artifact_uri)
        ref = _model_ref(served, ctx.resource_id(served.address), via)
    else:
        name = get_str(variants[0], "model_name") if variants else None
        ref = RegistryRef(name=name, via=via) if name else None
    if asset.registry_ref is None and ref is not None:
        changes["registry_ref"] = ref
        changes["resolved_from"] = {**asset.resolved_from, "registry_ref": via}
    return asset.evolve(**changes)


def _endpoint_config(ctx: PlanContext, endpoint: Resource) -> Resource | None:
    name = get_str(endpoint.values, "endpoint_config_name")
    if name is not None:
        found = _by_name(ctx, ENDPOINT_CONFIG, name, endpoint.module)
        if found is not None:
            return found
    expressions = get_map(config_resource(ctx.plan, endpoint), "expressions")
    expression = get_map(expressions, "endpoint_config_name")
    return referenced(expression, ENDPOINT_CONFIG, endpoint, ctx.by_address)


def _variant_model(ctx: PlanContext, config: Resource, index: int, variant: Obj) -> _ModelInfo | None:
    name = get_str(variant, "model_name")
    found = _by_name(ctx, MODEL, name, config.module) if name else None
    if found is None:
        expressions = get_map(config_resource(ctx.plan, config), "expressions")
        blocks = maps(get_list(expressions, "production_variants"))
        if index < len(blocks):
            found = referenced(get_map(blocks[index], "model_name"), MODEL, config, ctx.by_address)
    if found is None:
        return None
    return _model_info(found)


def _by_name(ctx: PlanContext, rtype: str, name: str | None, module: str) -> Resource | None:
    """A resource of ``rtype`` whose ``name`` attribute is ``name``; same module first."""
    hits = sorted(ctx.named(rtype, "name", name or ""), key=lambda r: r.module != module)
    return hits[0] if hits else None


def _group_name(r: Resource) -> str | None:
    return get_str(r.values, "model_package_group_name")


def _model_info(r: Resource) -> _ModelInfo:
    container = next(
        iter(maps(get_list(r.values, "primary_container")) + maps(get_list(r.values, "container"))), None
    )
    s3 = next(iter(maps(get_list(container, "model_data_source"))), None)
    artifact = get_str(container, "model_data_url") or next(
        (u for d in maps(get_list(s3, "s3_data_source")) if (u := get_str(d, "s3_uri"))), None
    )
    return _ModelInfo(
        address=r.address,
        name=get_str(r.values, "name") or r.name,
        image=get_str(container, "image"),
        artifact_uri=artifact,
        package_arn=get_str(container, "model_package_name"),
    )


def _model_ref(model: _ModelInfo, model_id: str, via: str) -> RegistryRef:
    """The endpoint runs this model of its own stack (``uri``: correlation follows it to the
    model, and on to its package when the package is in the inventory, as for a live endpoint).
    A versioned package names the registry version (``name``, ``version``); an unversioned one
    (JumpStart) is no registry version, so the model's name stands."""
    package = package_reference(model.package_arn)
    if package is None or package.version is None:
        return RegistryRef(name=model.name, uri=model_id, via=via)
    return RegistryRef(
        name=package.name, version=package.version, uri=model_id, via=f"{via} -> model_package_name"
    )


def _accelerator(instance_type: str | None) -> Accelerator | None:
    return instance_accelerator(instance_type) if instance_type else None
