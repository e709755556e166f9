"""Terraform plan JSON (``terraform show -json``) -> Assets.

Resources read (docs/assets.md has the table):

- ``aws_sagemaker_model`` -> ``model_version``
- ``aws_sagemaker_endpoint`` -> ``serving``, enriched through its endpoint configuration
- ``aws_sagemaker_endpoint_configuration`` -> not an asset: it names the instance types and the
  models an endpoint runs, so it enriches the endpoint that uses it
- ``aws_sagemaker_model_package_group`` -> ``registered_model``
- ``aws_sagemaker_notebook_instance`` -> ``notebook``
- ``aws_instance`` -> ``compute``, only when its instance type carries accelerators
- Google Cloud (Vertex AI endpoints, Workbench, GPU instances): scanner/normalize/terraform_gcp.py
- ``azurerm_machine_learning_*`` compute: see scanner/normalize/terraform_azure.py

Ids are ``terraform://{stack}/{address}``: the address identifies a resource in its stack only
(two stacks often share addresses), so the caller names the plan's stack
(scanner/collectors/terraform_stacks.py). Every link between a plan's resources (model version ->
package group, endpoint -> model) uses these ids.

From each resource we read named attributes only; ``environment`` maps of containers and
``user_data`` are never touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.model import Accelerator, Asset, AssetKind, Location, RegistryRef, SourceType
from scanner.normalize.accelerators import instance_accelerator
from scanner.normalize.access import Obj, get_list, get_map, get_str, maps
from scanner.normalize.inherit import inherit_from_parents
from scanner.normalize.model_packages import package_reference
from scanner.normalize.resolve import UNKNOWN, ResolverConfig, TagLayer, resolve
from scanner.normalize.tags import public_tags, string_map
from scanner.normalize.terraform_azure import AZURE_TYPES, azure_asset
from scanner.normalize.terraform_gcp import HANDLERS as GCP_HANDLERS
from scanner.normalize.terraform_plan import (
    Resource,
    address_lines,
    config_resource,
    referenced,
    resources,
)

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


def terraform_id(stack: str, address: str) -> str:
    return f"terraform://{stack}/{address}"


def normalize_terraform_plan(
    plan: Mapping[str, Any], *, path: str, stack: str, text: str | None, resolver: ResolverConfig
) -> list[Asset]:
    """All assets of one plan, with model versions inheriting from their package groups."""
    found = resources(plan)
    by_address = {r.address: r for r in found}
    lines = address_lines(text) if text is not None else {}
    ctx = _Context(plan, by_address, resolver, path=path, stack=stack, lines=lines)
    assets = [a for r in found if (a := ctx.asset(r)) is not None]
    return inherit_from_parents(assets)


class _Context:
    def __init__(
        self,
        plan: Mapping[str, Any],
        by_address: Mapping[str, Resource],
        resolver: ResolverConfig,
        *,
        path: str,
        stack: str,
        lines: Mapping[str, int],
    ) -> None:
        self.plan = plan
        self.by_address = by_address
        self.resolver = resolver
        self.path = path
        self.stack = stack
        self.lines = lines
        # (type, name attribute) -> resources: endpoints find configs and models by name
        self.named: dict[tuple[str, str], list[Resource]] = {}
        for r in by_address.values():
            name = get_str(r.values, "name")
            if name is not None:
                self.named.setdefault((r.type, name), []).append(r)
        self.groups = {n: r for r in by_address.values() if r.type == PACKAGE_GROUP and (n := _group_name(r))}

    def asset(self, r: Resource) -> Asset | None:
        gcp = GCP_HANDLERS.get(r.type)
        if gcp is not None:
            return gcp(r, self._labelled)
        if r.type == MODEL:
            return self._model(r)
        if r.type == ENDPOINT:
            return self._endpoint(r)
        if r.type == PACKAGE_GROUP:
            return self._base(r, AssetKind.REGISTERED_MODEL, _group_name(r))
        if r.type == NOTEBOOK:
            acc = _accelerator(get_str(r.values, "instance_type"))
            return self._base(r, AssetKind.NOTEBOOK, get_str(r.values, "name")).evolve(accelerator=acc)
        if r.type == INSTANCE:
            acc = _accelerator(get_str(r.values, "instance_type"))
            if acc is None:
                return None
            name = get_str(r.values, "tags_all", "Name") or get_str(r.values, "tags", "Name") or r.name
            return self._base(r, AssetKind.COMPUTE, name).evolve(accelerator=acc)
        if r.type in AZURE_TYPES:
            return azure_asset(self, r)
        return None

    def _base(self, r: Resource, kind: AssetKind, name: str | None) -> Asset:
        tags = {**string_map(get_map(r.values, "tags")), **string_map(get_map(r.values, "tags_all"))}
        return self._labelled(r, kind, name, [TagLayer("tag", tags)], tags)

    def _labelled(
        self,
        r: Resource,
        kind: AssetKind,
        name: str | None,
        layers: Sequence[TagLayer],
        tags: Mapping[str, str],
    ) -> Asset:
        """The asset every resource handler builds on: id, location, and its resolved key layers."""
        resolved = resolve(layers, self.resolver)
        return Asset(
            id=terraform_id(self.stack, r.address),
            kind=kind,
            source=SourceType.FILE,
            name=name or r.name,
            **resolved.asset_fields(),
            environment=resolved.environment or UNKNOWN,
            lineage=resolved.lineage(),
            registry_ref=resolved.registry_ref,
            location=Location(self.path, self.lines.get(r.address, 1)),
            tags=public_tags((dict(tags),)),
            resolved_from=resolved.resolved_from,
        )

    def _model(self, r: Resource) -> Asset:
        info = _model_info(r)
        asset = self._base(r, AssetKind.MODEL_VERSION, get_str(r.values, "name"))
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
            group_resource = self.groups.get(package.name)
            changes["version"] = package.version
            changes["parent"] = (
                terraform_id(self.stack, group_resource.address) if group_resource else package.group_arn
            )
        return asset.evolve(**changes)

    def _endpoint(self, r: Resource) -> Asset:
        asset = self._base(r, AssetKind.SERVING, get_str(r.values, "name"))
        config = self._endpoint_config(r)
        if config is None:
            return asset
        variants = maps(get_list(config.values, "production_variants"))
        accelerators = [a for v in variants if (a := _accelerator(get_str(v, "instance_type")))]
        changes: dict[str, Any] = {}
        if accelerators:
            lead = accelerators[0]
            changes["accelerator"] = Accelerator(lead.vendor, lead.model, sum(a.count for a in accelerators))
        model = self._variant_model(config, 0, variants[0]) if variants else None
        via = f"terraform:{config.address}.production_variants[0].model_name"
        ref: RegistryRef | None
        if model is not None:
            changes.update(image=model.image, artifact_uri=model.artifact_uri)
            ref = _model_ref(model, terraform_id(self.stack, model.address), via)
        else:
            name = get_str(variants[0], "model_name") if variants else None
            ref = RegistryRef(name=name, via=via) if name else None
        if asset.registry_ref is None and ref is not None:
            changes["registry_ref"] = ref
            changes["resolved_from"] = {**asset.resolved_from, "registry_ref": via}
        return asset.evolve(**changes)

    def _endpoint_config(self, endpoint: Resource) -> Resource | None:
        name = get_str(endpoint.values, "endpoint_config_name")
        if name is not None:
            found = self._by_name(ENDPOINT_CONFIG, name, endpoint.module)
            if found is not None:
                return found
        expressions = get_map(config_resource(self.plan, endpoint), "expressions")
        expression = get_map(expressions, "endpoint_config_name")
        return referenced(expression, ENDPOINT_CONFIG, endpoint, self.by_address)

    def _variant_model(self, config: Resource, index: int, variant: Obj) -> _ModelInfo | None:
        name = get_str(variant, "model_name")
        found = self._by_name(MODEL, name, config.module) if name else None
        if found is None:
            expressions = get_map(config_resource(self.plan, config), "expressions")
            blocks = maps(get_list(expressions, "production_variants"))
            if index < len(blocks):
                found = referenced(get_map(blocks[index], "model_name"), MODEL, config, self.by_address)
        if found is None:
            return None
        return _model_info(found)

    def _by_name(self, rtype: str, name: str | None, module: str) -> Resource | None:
        """A resource of ``rtype`` whose ``name`` attribute is ``name``; same module first."""
        hits = sorted(self.named.get((rtype, name or ""), ()), key=lambda r: r.module != module)
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
