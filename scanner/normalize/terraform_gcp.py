"""Google Cloud resources of a Terraform plan -> Assets (handlers registered in
scanner/normalize/terraform.py).

- ``google_vertex_ai_endpoint`` -> ``serving``. Models are deployed to it outside Terraform, so
  its registry link comes from its description (``mlgov.io/registered-model:
  projects/P/locations/L/models/M`` and ``mlgov.io/model-version: 3``);
- ``google_vertex_ai_endpoint_with_model_garden_deployment`` -> ``serving`` of the Model Garden
  (``publisher_model_name``) or Hugging Face (``hugging_face_model_id``) model it deploys, on
  ``deploy_config.dedicated_resources.machine_spec``;
- ``google_vertex_ai_deployment_resource_pool`` -> ``compute``, when its machine spec carries
  accelerators;
- ``google_workbench_instance`` -> ``notebook``: ``gce_setup`` machine type and accelerators,
  ``instance_owners``; ``google_notebooks_instance`` (legacy user-managed notebooks) likewise;
- ``google_compute_instance`` -> ``compute``, only with ``guest_accelerator`` or an
  accelerator-optimized machine type (``a2-highgpu-8g``).

Labels are read as ``effective_labels`` (provider ``default_labels`` included) over ``labels``,
after the ``key: value`` lines of a ``description``, as the live Vertex normalizer reads them.
VM ``metadata`` (startup scripts) and container ``env`` are never read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.model import Accelerator, Asset, AssetKind, RegistryRef
from scanner.normalize.access import as_int, get_list, get_map, get_str, maps
from scanner.normalize.gcp import description_keys
from scanner.normalize.gcp_accelerators import machine_accelerator
from scanner.normalize.resolve import TagLayer
from scanner.normalize.tags import string_map
from scanner.normalize.terraform_context import PlanContext
from scanner.normalize.terraform_plan import Resource


def _base(ctx: PlanContext, r: Resource, kind: AssetKind, name: str | None) -> Asset:
    """Labels (``effective_labels`` over ``terraform_labels`` over ``labels``) after the
    description's ``key: value`` lines."""
    values = r.values
    labels = {
        **string_map(get_map(values, "labels")),
        **string_map(get_map(values, "terraform_labels")),
        **string_map(get_map(values, "effective_labels")),
    }
    description = TagLayer("description", description_keys(get_str(values, "description")))
    return ctx.labelled(r, kind, name, [description, TagLayer("label", labels)], labels)


def _machine(spec: Mapping[str, Any] | None) -> Accelerator | None:
    return machine_accelerator(
        get_str(spec, "machine_type"),
        get_str(spec, "accelerator_type"),
        as_int((spec or {}).get("accelerator_count")),
    )


def _first(values: Mapping[str, Any] | None, *path: str) -> Mapping[str, Any] | None:
    """The first block of a nested block list (Terraform plans write every block as a list)."""
    node: Mapping[str, Any] | None = values
    for key in path:
        blocks = maps(get_list(node, key))
        node = blocks[0] if blocks else None
    return node


def _owners(asset: Asset, owners: Any) -> Asset:
    """``instance_owners``: Workbench's own owner field fills an owner the labels leave empty."""
    found = (
        [o.strip() for o in owners if isinstance(o, str) and o.strip()] if isinstance(owners, list) else []
    )
    if asset.owner is not None or not found:
        return asset
    origins = {**asset.resolved_from, "owner": "terraform:instance_owners"}
    return asset.evolve(owner=found[0], owner_key="instance_owners", resolved_from=origins)


def endpoint(ctx: PlanContext, r: Resource) -> Asset:
    name = get_str(r.values, "display_name") or get_str(r.values, "name")
    return _base(ctx, r, AssetKind.SERVING, name)


def model_garden_deployment(ctx: PlanContext, r: Resource) -> Asset:
    values = r.values
    publisher = get_str(values, "publisher_model_name")
    hugging_face = get_str(values, "hugging_face_model_id")
    asset = _base(ctx, r, AssetKind.SERVING, publisher or hugging_face)
    spec = _first(values, "deploy_config", "dedicated_resources", "machine_spec")
    asset = asset.evolve(accelerator=_machine(spec))
    if asset.registry_ref is None and (publisher or hugging_face):
        via = f"terraform:{r.address}." + ("publisher_model_name" if publisher else "hugging_face_model_id")
        model = publisher or f"hf://{hugging_face}"
        ref = RegistryRef(name=(publisher or hugging_face or "").split("@")[0], uri=model, via=via)
        asset = asset.evolve(registry_ref=ref, resolved_from={**asset.resolved_from, "registry_ref": via})
    return asset


def resource_pool(ctx: PlanContext, r: Resource) -> Asset | None:
    accelerator = _machine(_first(r.values, "dedicated_resources", "machine_spec"))
    if accelerator is None:
        return None
    return _base(ctx, r, AssetKind.COMPUTE, get_str(r.values, "name")).evolve(accelerator=accelerator)


def workbench_instance(ctx: PlanContext, r: Resource) -> Asset:
    setup = _first(r.values, "gce_setup")
    config = _first(setup, "accelerator_configs")
    accelerator = machine_accelerator(
        get_str(setup, "machine_type"), get_str(config, "type"), as_int((config or {}).get("core_count"))
    )
    asset = _base(ctx, r, AssetKind.NOTEBOOK, get_str(r.values, "name"))
    return _owners(asset.evolve(accelerator=accelerator), r.values.get("instance_owners"))


def legacy_notebook(ctx: PlanContext, r: Resource) -> Asset:
    config = _first(r.values, "accelerator_config")
    accelerator = machine_accelerator(
        get_str(r.values, "machine_type"), get_str(config, "type"), as_int((config or {}).get("core_count"))
    )
    asset = _base(ctx, r, AssetKind.NOTEBOOK, get_str(r.values, "name"))
    return _owners(asset.evolve(accelerator=accelerator), r.values.get("instance_owners"))


def compute_instance(ctx: PlanContext, r: Resource) -> Asset | None:
    guest = maps(get_list(r.values, "guest_accelerator"))
    attached = [
        a for g in guest if (a := machine_accelerator(None, get_str(g, "type"), as_int(g.get("count"))))
    ]
    accelerator = attached[0] if attached else machine_accelerator(get_str(r.values, "machine_type"))
    if accelerator is None:
        return None
    if len(attached) > 1:
        accelerator = Accelerator(accelerator.vendor, accelerator.model, sum(a.count for a in attached))
    return _base(ctx, r, AssetKind.COMPUTE, get_str(r.values, "name")).evolve(accelerator=accelerator)
