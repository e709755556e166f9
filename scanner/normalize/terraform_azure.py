"""Terraform plan resources of Azure Machine Learning (the azurerm provider) -> Assets (handlers
registered in scanner/normalize/terraform.py).

- ``azurerm_machine_learning_compute_instance`` -> ``notebook`` (``virtual_machine_size``)
- ``azurerm_machine_learning_compute_cluster`` -> ``compute`` (``vm_size``)
- ``azurerm_machine_learning_inference_cluster`` -> ``compute``: the AKS cluster it attaches for
  inference; its accelerator is that cluster's default node pool's ``vm_size`` when the cluster
  is in the plan
- ``azurerm_machine_learning_workspace`` -> not an asset (as in live collection): its tags are
  the fallback of the compute in it, and its name gives their environment

A compute finds its workspace by ``machine_learning_workspace_id`` (a known id, matched against
the workspaces' names) or, when the id is unknown at plan time, through the configuration's
references. The azurerm provider has no resource for models, endpoints or deployments (those
are created by the Azure ML CLI or azapi), so a plan holds no serving asset of Azure ML.
"""

from __future__ import annotations

from typing import Any

from scanner.model import Asset, AssetKind
from scanner.normalize.access import get_list, get_map, get_str, maps
from scanner.normalize.azure_accelerators import azure_vm_accelerator
from scanner.normalize.resolve import ResolverConfig, TagLayer, environment_from_name, resolve
from scanner.normalize.tags import string_map
from scanner.normalize.terraform_context import PlanContext
from scanner.normalize.terraform_plan import Resource, config_resource, referenced

WORKSPACE = "azurerm_machine_learning_workspace"
AKS = "azurerm_kubernetes_cluster"
# the fields a workspace's tags fill when the compute's own tags leave them empty
_FALLBACK = ("owner", "owner_key", "classification", "risk_tier", "cost_center", "sunset_date", "sunset_raw")


def compute_instance(ctx: PlanContext, r: Resource) -> Asset:
    asset = ctx.tagged(r, AssetKind.NOTEBOOK, get_str(r.values, "name"))
    return _in_workspace(ctx, r, asset, get_str(r.values, "virtual_machine_size"))


def compute_cluster(ctx: PlanContext, r: Resource) -> Asset:
    asset = ctx.tagged(r, AssetKind.COMPUTE, get_str(r.values, "name"))
    return _in_workspace(ctx, r, asset, get_str(r.values, "vm_size"))


def inference_cluster(ctx: PlanContext, r: Resource) -> Asset:
    asset = ctx.tagged(r, AssetKind.COMPUTE, get_str(r.values, "name"))
    aks = _follow(ctx, r, "kubernetes_cluster_id", AKS)
    pool = next(iter(maps(get_list(aks.values, "default_node_pool"))), None) if aks else None
    return _in_workspace(ctx, r, asset, get_str(pool, "vm_size"))


def _in_workspace(ctx: PlanContext, r: Resource, asset: Asset, size: str | None) -> Asset:
    """The VM size's accelerator, then the workspace's tags and name as the fallback layer."""
    if size:
        asset = asset.evolve(accelerator=azure_vm_accelerator(size))
    workspace = _follow(ctx, r, "machine_learning_workspace_id", WORKSPACE)
    return _with_workspace(asset, workspace, ctx.resolver) if workspace else asset


def _follow(ctx: PlanContext, r: Resource, attribute: str, target_type: str) -> Resource | None:
    """The resource an id attribute points at: by the name at the end of a known id, else
    through the configuration's references (the id is unknown until apply)."""
    known = get_str(r.values, attribute)
    if known:
        name = known.rstrip("/").rsplit("/", 1)[-1].lower()
        candidates = [
            x
            for x in ctx.by_address.values()
            if x.type == target_type and (get_str(x.values, "name") or "").lower() == name
        ]
        if candidates:
            return sorted(candidates, key=lambda x: x.module != r.module)[0]
    expressions = get_map(config_resource(ctx.plan, r), "expressions")
    return referenced(get_map(expressions, attribute), target_type, r, ctx.by_address)


def _with_workspace(asset: Asset, workspace: Resource, resolver: ResolverConfig) -> Asset:
    """The workspace's tags fill what the compute's own tags leave empty; its name (then its
    resource group's) gives the environment, as in live collection."""
    tags = string_map(get_map(workspace.values, "tags"))
    resolved = resolve([TagLayer("workspace-tag", tags)], resolver)
    found = resolved.asset_fields()
    changes: dict[str, Any] = {}
    origins = dict(asset.resolved_from)
    for field_name in _FALLBACK:
        if getattr(asset, field_name) is None and found.get(field_name) is not None:
            changes[field_name] = found[field_name]
            key = "sunset_date" if field_name == "sunset_raw" else field_name
            if key in resolved.resolved_from:
                origins[key] = resolved.resolved_from[key]
    if asset.environment == "unknown":
        environment, origin = resolved.environment, resolved.resolved_from.get("environment")
        for label, text in (
            ("workspace", get_str(workspace.values, "name")),
            ("resource-group", get_str(workspace.values, "resource_group_name")),
        ):
            if environment is None and text:
                environment, origin = environment_from_name(text, resolver), f"{label}:{text}"
        if environment is not None and origin is not None:
            changes["environment"] = environment
            origins["environment"] = origin
    return asset.evolve(resolved_from=origins, **changes) if changes else asset
