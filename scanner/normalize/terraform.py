"""Terraform plan JSON (``terraform show -json``) -> Assets.

Each resource type mlgov reads has one handler, registered in ``RESOURCE_HANDLERS`` below; the
handlers live with their provider (docs/assets.md has the table):

- AWS (SageMaker models, endpoints, package groups, notebooks; GPU instances):
  scanner/normalize/terraform_aws.py
- Google Cloud (Vertex AI endpoints, Model Garden deployments, resource pools, Workbench; GPU
  instances): scanner/normalize/terraform_gcp.py
- Azure (``azurerm_machine_learning_*`` compute): scanner/normalize/terraform_azure.py

A type without a handler is not an ML asset. Ids are ``terraform://{stack}/{address}``: the
address identifies a resource in its stack only (two stacks often share addresses), so the
caller names the plan's stack (scanner/collectors/terraform_stacks.py).

From each resource we read named attributes only; ``environment`` maps of containers,
``user_data`` and VM ``metadata`` are never touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scanner.model import Asset, AssetKind, Location, SourceType
from scanner.normalize import terraform_aws as aws
from scanner.normalize import terraform_azure as azure
from scanner.normalize import terraform_gcp as gcp
from scanner.normalize.access import get_map, get_str
from scanner.normalize.inherit import inherit_from_parents
from scanner.normalize.resolve import UNKNOWN, ResolverConfig, TagLayer, resolve
from scanner.normalize.tags import public_tags, string_map
from scanner.normalize.terraform_context import Handler
from scanner.normalize.terraform_plan import Resource, address_lines, resources

# Resource type -> handler, for every provider alike; adding a type is one line here.
RESOURCE_HANDLERS: Mapping[str, Handler] = {
    "aws_sagemaker_model": aws.model,
    "aws_sagemaker_endpoint": aws.endpoint,
    "aws_sagemaker_model_package_group": aws.package_group,
    "aws_sagemaker_notebook_instance": aws.notebook,
    "aws_instance": aws.instance,
    "google_vertex_ai_endpoint": gcp.endpoint,
    "google_vertex_ai_endpoint_with_model_garden_deployment": gcp.model_garden_deployment,
    "google_vertex_ai_deployment_resource_pool": gcp.resource_pool,
    "google_workbench_instance": gcp.workbench_instance,
    "google_notebooks_instance": gcp.legacy_notebook,
    "google_compute_instance": gcp.compute_instance,
    "azurerm_machine_learning_compute_instance": azure.compute_instance,
    "azurerm_machine_learning_compute_cluster": azure.compute_cluster,
    "azurerm_machine_learning_inference_cluster": azure.inference_cluster,
}


def terraform_id(stack: str, address: str) -> str:
    return f"terraform://{stack}/{address}"


def normalize_terraform_plan(
    plan: Mapping[str, Any], *, path: str, stack: str, text: str | None, resolver: ResolverConfig
) -> list[Asset]:
    """All assets of one plan, with model versions inheriting from their package groups."""
    found = resources(plan)
    lines = address_lines(text) if text is not None else {}
    ctx = _Context(plan, {r.address: r for r in found}, resolver, path=path, stack=stack, lines=lines)
    assets = []
    for r in found:
        handler = RESOURCE_HANDLERS.get(r.type)
        asset = handler(ctx, r) if handler is not None else None
        if asset is not None:
            assets.append(asset)
    return inherit_from_parents(assets)


class _Context:
    """The plan as every handler sees it (scanner/normalize/terraform_context.PlanContext)."""

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
        # (type, attribute) -> attribute value -> resources, built on first use
        self._indexes: dict[tuple[str, str], dict[str, list[Resource]]] = {}

    def resource_id(self, address: str) -> str:
        return terraform_id(self.stack, address)

    def named(self, rtype: str, attribute: str, value: str) -> Sequence[Resource]:
        index = self._indexes.get((rtype, attribute))
        if index is None:
            index = {}
            for r in self.by_address.values():
                found = get_str(r.values, attribute) if r.type == rtype else None
                if found is not None:
                    index.setdefault(found, []).append(r)
            self._indexes[(rtype, attribute)] = index
        return index.get(value, ())

    def tagged(self, r: Resource, kind: AssetKind, name: str | None) -> Asset:
        tags = {**string_map(get_map(r.values, "tags")), **string_map(get_map(r.values, "tags_all"))}
        return self.labelled(r, kind, name, [TagLayer("tag", tags)], tags)

    def labelled(
        self,
        r: Resource,
        kind: AssetKind,
        name: str | None,
        layers: Sequence[TagLayer],
        tags: Mapping[str, str],
    ) -> Asset:
        resolved = resolve(layers, self.resolver)
        return Asset(
            id=self.resource_id(r.address),
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
