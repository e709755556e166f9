"""Azure Machine Learning Resource Manager answers -> Assets.

Each function takes one resource as the REST API returns it (camelCase JSON, API version
2023-04-01) and the workspace or registry it lives in. Ids are the resources' Resource Manager
ids. Tags resolve through the shared resolver, in this order of layers: the resource's own
`tags`, then its `properties` map (string metadata set at registration), then, for
deployments, the endpoint's tags, then the workspace's (or registry's) tags. The environment
falls back to the workspace (or registry) name, then the resource group name, read by their
words as namespace names are (`mlw-fraud-prod` -> production).

Only named fields are read: `environmentVariables`, commands, code, probes, keys and
credentials never are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from scanner.model import Accelerator, Asset, AssetKind, Dataset, Lineage, RegistryRef, SourceType
from scanner.normalize.azure_accelerators import azure_vm_accelerator
from scanner.normalize.azure_refs import parse_data_ref, parse_model_ref, registry_ref
from scanner.normalize.resolve import (
    UNKNOWN,
    ResolverConfig,
    TagLayer,
    environment_from_name,
    normalize_environment,
    resolve,
    with_declared_model_card,
)
from scanner.normalize.tags import public_tags, string_map

Json = Mapping[str, Any]
MODEL_INPUTS = frozenset({"custom_model", "mlflow_model", "triton_model"})  # a base model, not data


@dataclass(frozen=True)
class Home:
    """The workspace or registry a resource lives in: its id, name, resource group and tags."""

    id: str
    name: str
    resource_group: str
    tags: Mapping[str, str]
    kind: str = "workspace"  # or "registry"

    @classmethod
    def of(cls, resource: Json, kind: str = "workspace") -> Home:
        rid = str(resource.get("id") or "")
        return cls(
            id=rid,
            name=str(resource.get("name") or rid.rsplit("/", 1)[-1]),
            resource_group=resource_group_of(rid) or "",
            tags=string_map(resource.get("tags")),
            kind=kind,
        )

    def layer(self) -> TagLayer:
        return TagLayer(f"{self.kind}-tag", self.tags)

    def child_id(self, *parts: str) -> str:
        return "/".join([self.id, *parts])


def resource_group_of(arm_id: str) -> str | None:
    parts = arm_id.split("/")
    lowered = [p.lower() for p in parts]
    if "resourcegroups" in lowered:
        index = lowered.index("resourcegroups") + 1
        return parts[index] if index < len(parts) else None
    return None


def _map(value: Any) -> Json:
    return value if isinstance(value, Mapping) else {}


def _props(resource: Json) -> Json:
    return _map(resource.get("properties"))


def _system(resource: Json, key: str) -> str | None:
    return rfc3339(_map(resource.get("systemData")).get(key))


def rfc3339(value: Any) -> str | None:
    """`2026-09-01T10:00:00.000Z` (as the SDK writes times) -> `2026-09-01T10:00:00Z`."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return value.strip()
    when = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lower(value: Any) -> str | None:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def _asset(
    resource: Json,
    kind: AssetKind,
    home: Home,
    resolver: ResolverConfig,
    layers: Sequence[TagLayer],
    *,
    name: str | None = None,
    created_at: str | None = None,
    **fields: Any,
) -> Asset:
    created = created_at or _system(resource, "createdAt")
    resolved = resolve([*layers, home.layer()], resolver, created)
    origins = dict(resolved.resolved_from)
    environment = resolved.environment
    if environment is None:
        for label, text in ((home.kind, home.name), ("resource-group", home.resource_group)):
            found = environment_from_name(text, resolver) if text else None
            if found is not None:
                environment, origins["environment"] = found, f"{label}:{text}"
                break
    values: dict[str, Any] = {
        **resolved.asset_fields(),
        "environment": environment or UNKNOWN,
        "lineage": resolved.lineage(fields.pop("lineage", None)),
        "registry_ref": resolved.registry_ref,
        "created_at": created,
        "updated_at": _system(resource, "lastModifiedAt"),
        **{k: v for k, v in fields.items() if v is not None},
    }
    raw_tags = [dict(layer.values) for layer in layers if layer.origin == "tag"]
    return Asset(
        id=str(resource["id"]),
        kind=kind,
        source=SourceType.AZURE,
        name=name or resource.get("name"),
        tags=public_tags(raw_tags),
        resolved_from=origins,
        **values,
    )


def _own_layers(tags: Any, properties: Any) -> list[TagLayer]:
    return [TagLayer("tag", string_map(tags)), TagLayer("property", string_map(properties))]


# --- models ---------------------------------------------------------------------------------


def model_container(resource: Json, home: Home, resolver: ResolverConfig) -> Asset:
    """A model container (`.../models/NAME`) -> registered_model."""
    props = _props(resource)
    layers = _own_layers(props.get("tags"), props.get("properties"))
    asset = _asset(resource, AssetKind.REGISTERED_MODEL, home, resolver, layers)
    if props.get("isArchived") is True and asset.lifecycle is None:
        asset = asset.evolve(
            lifecycle="archived", resolved_from={**asset.resolved_from, "lifecycle": "isArchived"}
        )
    return with_declared_model_card(asset, layers, resolver)


def model_version(
    resource: Json, home: Home, resolver: ResolverConfig, jobs: Mapping[str, Json] | None = None
) -> Asset:
    """A model version (`.../models/NAME/versions/V`) -> model_version, its parent the container.

    `stage` (free text in Azure ML) gives the environment when it names one (`Production`) and
    the lifecycle when it is `Archived`; `isArchived` archives it too. Lineage: the job that
    produced it (`jobName`), that job's data inputs and base model when the job was read."""
    props = _props(resource)
    rid = str(resource["id"])
    name = (
        rid.rsplit("/models/", maxsplit=1)[-1].split("/", maxsplit=1)[0]
        if "/models/" in rid
        else resource.get("name")
    )
    job_name = props.get("jobName") if isinstance(props.get("jobName"), str) else None
    job = (jobs or {}).get(job_name.lower()) if job_name else None
    lineage = job_lineage(job) if job is not None else Lineage()
    if job_name:
        job_id = (
            str(job["id"])
            if job is not None
            else (home.child_id("jobs", job_name) if home.kind == "workspace" else None)
        )
        lineage = Lineage(
            datasets=lineage.datasets, run_id=job_name, job=job_id, base_model=lineage.base_model
        )
    layers = _own_layers(props.get("tags"), props.get("properties"))
    asset = _asset(
        resource,
        AssetKind.MODEL_VERSION,
        home,
        resolver,
        layers,
        name=name,
        version=resource.get("name"),
        parent=rid.rsplit("/versions/", 1)[0] if "/versions/" in rid else None,
        artifact_uri=props.get("modelUri") if isinstance(props.get("modelUri"), str) else None,
        lineage=lineage,
    )
    asset = _defer_to_container(asset, home)
    changes: dict[str, Any] = {}
    origins = dict(asset.resolved_from)
    stage = props.get("stage") if isinstance(props.get("stage"), str) else None
    stage_env = normalize_environment(stage, resolver) if stage else None
    own_environment = origins.get("environment", "").startswith(("tag:", "property:"))
    if stage_env is not None and not own_environment:
        changes["environment"], origins["environment"] = stage_env, "stage"
    archived = props.get("isArchived") is True or (stage or "").strip().lower() == "archived"
    if archived and asset.lifecycle is None:
        changes["lifecycle"], origins["lifecycle"] = "archived", "stage" if stage else "isArchived"
    if changes:
        asset = asset.evolve(resolved_from=origins, **changes)
    return with_declared_model_card(asset, layers, resolver)


# field -> the Asset fields it sets, for what a version inherits from its container
_INHERITED = {
    "owner": ("owner", "owner_key"),
    "classification": ("classification",),
    "risk_tier": ("risk_tier",),
    "cost_center": ("cost_center",),
    "sunset_date": ("sunset_date", "sunset_raw"),
}


def _defer_to_container(asset: Asset, home: Home) -> Asset:
    """A version's own tags and properties come first, then its container's (inherited after
    collection), then the workspace's: a value the version took from the workspace is dropped
    here so that the container's own value can win (the container falls back to the workspace
    in turn)."""
    origins = dict(asset.resolved_from)
    cleared: dict[str, Any] = {}
    for field_name, fields in _INHERITED.items():
        if origins.get(field_name, "").startswith(f"{home.kind}-tag:"):
            del origins[field_name]
            cleared.update(dict.fromkeys(fields))
    return asset.evolve(resolved_from=origins, **cleared) if cleared else asset


def job_lineage(job: Json) -> Lineage:
    """A job's data inputs (uri_file, uri_folder, mltable) as datasets; a model input
    (custom_model, mlflow_model, triton_model) as the base model."""
    props = _props(job)
    inputs = props.get("inputs")
    datasets: list[Dataset] = []
    base_model = None
    for key, value in sorted(inputs.items()) if isinstance(inputs, Mapping) else ():
        if not isinstance(value, Mapping) or not isinstance(value.get("uri"), str):
            continue
        kind = value.get("jobInputType")
        if kind in MODEL_INPUTS:
            base_model = base_model or value["uri"]
        elif kind != "literal":
            datasets.append(Dataset(name=str(key), uri=value["uri"], context="training"))
    return Lineage(datasets=tuple(datasets), job=str(job.get("id") or "") or None, base_model=base_model)


# --- jobs and compute -----------------------------------------------------------------------


def job(resource: Json, home: Home, resolver: ResolverConfig, computes: Mapping[str, Json]) -> Asset:
    """A job (command, sweep, pipeline, AutoML) -> training_job: its inputs as lineage, its
    compute's VM size times the instance count as the accelerator."""
    props = _props(resource)
    layers = _own_layers(props.get("tags"), props.get("properties"))
    resources = _map(props.get("resources"))
    accelerator = compute_accelerator(computes, props.get("computeId"), resources.get("instanceType"))
    count = resources.get("instanceCount")
    if accelerator is not None and isinstance(count, int) and count > 1:
        accelerator = Accelerator(accelerator.vendor, accelerator.model, accelerator.count * count)
    return _asset(
        resource,
        AssetKind.TRAINING_JOB,
        home,
        resolver,
        layers,
        name=props.get("displayName") or resource.get("name"),
        lineage=job_lineage(resource),
        lifecycle=_lower(props.get("status")),
        accelerator=accelerator,
    )


def compute_key(compute_id: Any) -> str | None:
    """A compute's name from its Resource Manager id (or a bare name), lower-cased."""
    if not isinstance(compute_id, str) or not compute_id.strip():
        return None
    return compute_id.strip().rstrip("/").rsplit("/", 1)[-1].lower()


def vm_size(compute: Json) -> str | None:
    inner = _props(_props(compute))
    for key in ("vmSize", "agentVmSize", "virtualMachineSize"):
        value = inner.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def compute_accelerator(
    computes: Mapping[str, Json], compute_id: Any, instance_type: Any = None
) -> Accelerator | None:
    """The accelerator of the compute a job or batch deployment runs on (its VM size), else of
    an instance type named directly."""
    key = compute_key(compute_id)
    size = vm_size(computes[key]) if key and key in computes else None
    size = size or (instance_type if isinstance(instance_type, str) else None)
    return azure_vm_accelerator(size) if size else None


def compute(resource: Json, home: Home, resolver: ResolverConfig) -> Asset:
    """A compute resource: a compute instance -> notebook; a cluster or attached compute -> compute.

    A compute instance's lifecycle is its state (`running`, `stopped`, `jobrunning`...) and it
    was launched at its last successful start or creation (`lastOperation`); an instance that
    an idle shutdown or a stop schedule stopped is therefore not `running`."""
    outer = _props(resource)
    inner = _props(outer)
    compute_type = outer.get("computeType")
    layers = [TagLayer("tag", string_map(resource.get("tags")))]
    size = vm_size(resource)
    created = rfc3339(outer.get("createdOn"))
    fields: dict[str, Any] = {
        "accelerator": azure_vm_accelerator(size) if size else None,
        "lifecycle": _lower(outer.get("provisioningState")),
    }
    kind = AssetKind.COMPUTE
    if compute_type == "ComputeInstance":
        kind = AssetKind.NOTEBOOK
        fields["lifecycle"] = _lower(inner.get("state")) or fields["lifecycle"]
        last = _map(inner.get("lastOperation"))
        if (
            last.get("operationName") in {"Create", "Start", "Restart"}
            and last.get("operationStatus") == "Succeeded"
        ):
            fields["launched_at"] = rfc3339(last.get("operationTime"))
    return _asset(resource, kind, home, resolver, layers, created_at=created, **fields)


# --- endpoints and deployments --------------------------------------------------------------


def online_deployment(resource: Json, endpoint: Json, home: Home, resolver: ResolverConfig) -> Asset:
    """An online deployment -> serving: the model it runs, its instance type's accelerator
    (per instance, as for SageMaker endpoints)."""
    props = _props(resource)
    size = props.get("instanceType")
    accelerator = azure_vm_accelerator(size) if isinstance(size, str) else None
    asset = _deployment(resource, endpoint, home, resolver, accelerator)
    return _served(asset, props.get("model"), "azure:online-deployment.model", home)


def batch_deployment(
    resource: Json, endpoint: Json, home: Home, resolver: ResolverConfig, computes: Mapping[str, Json]
) -> Asset:
    """A batch deployment -> serving: the model asset it references, its compute's accelerator."""
    props = _props(resource)
    size = _map(props.get("resources")).get("instanceType")
    asset = _deployment(
        resource, endpoint, home, resolver, compute_accelerator(computes, props.get("compute"), size)
    )
    reference = _map(props.get("model")).get("assetId")
    return _served(asset, reference, "azure:batch-deployment.model.assetId", home)


def _deployment(
    resource: Json, endpoint: Json, home: Home, resolver: ResolverConfig, accelerator: Accelerator | None
) -> Asset:
    """A deployment's own tags and properties, then its endpoint's tags, then the workspace's."""
    props = _props(resource)
    endpoint_layer = TagLayer("endpoint-tag", string_map(endpoint.get("tags")))
    return _asset(
        resource,
        AssetKind.SERVING,
        home,
        resolver,
        [*_own_layers(resource.get("tags"), props.get("properties")), endpoint_layer],
        name=f"{endpoint.get('name')}/{resource.get('name')}",
        lifecycle=_lower(props.get("provisioningState")),
        accelerator=accelerator,
    )


def _served(asset: Asset, reference: Any, via: str, home: Home) -> Asset:
    """Link a deployment to the model the API says it runs, unless its tags already name one.
    The short form `azureml:NAME:VERSION` names a model of the deployment's own workspace."""
    if asset.registry_ref is not None or not isinstance(reference, str) or not reference.strip():
        return asset
    ref = registry_ref(reference, via)
    if ref is None:  # a datastore path or other URI: an artifact, not a registry link
        return asset.evolve(artifact_uri=reference)
    parsed = parse_model_ref(reference)
    if parsed and parsed.version and not (parsed.registry or parsed.workspace) and home.kind == "workspace":
        ref = RegistryRef(
            name=ref.name,
            version=ref.version,
            uri=home.child_id("models", parsed.name, "versions", parsed.version),
            via=via,
        )
    return asset.evolve(registry_ref=ref, resolved_from={**asset.resolved_from, "registry_ref": via})


# --- data assets ----------------------------------------------------------------------------


def data_classification(resource: Json, resolver: ResolverConfig) -> str | None:
    """A data asset version's classification, from its tags, then its properties."""
    props = _props(resource)
    return resolve(_own_layers(props.get("tags"), props.get("properties")), resolver).classification


def classify_datasets(assets: Sequence[Asset], classes: Mapping[tuple[str, str], str]) -> list[Asset]:
    """Give lineage datasets that name a data asset of the workspace (`azureml:NAME:V`) that
    asset's classification, so that MLG011 can compare it with the model's."""
    if not classes:
        return list(assets)
    out = []
    for asset in assets:
        datasets = asset.lineage.datasets
        changed = tuple(
            replace(d, classification=classes.get(_data_key(d.uri)) or d.classification) for d in datasets
        )
        out.append(
            asset if changed == datasets else asset.evolve(lineage=replace(asset.lineage, datasets=changed))
        )
    return out


def _data_key(uri: str | None) -> tuple[str, str]:
    parsed = parse_data_ref(uri) if uri else None
    return (parsed[0].lower(), parsed[1]) if parsed else ("", "")
