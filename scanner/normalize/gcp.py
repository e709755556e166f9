"""Vertex AI and Workbench API answers (plain JSON dicts, as the REST API returns them) -> Assets.

Ids are the resource names: ``projects/P/locations/L/models/M`` for a registered model,
``projects/P/locations/L/models/M@V`` for a version, ``.../endpoints/E/deployedModels/D`` for
what an endpoint serves, ``.../customJobs/J``, ``.../trainingPipelines/T``,
``.../pipelineJobs/J`` and ``projects/P/locations/ZONE/instances/I`` (Workbench).

Google Cloud labels are lower case only (``[a-z0-9_-]``, 63 characters): ``owner: team-fraud``,
``sunset-date: 2027-06-30``, ``data-classification: confidential`` are valid labels and resolve
with the default keys; an e-mail address or a ``gs://`` URI is not a valid label value. Free-text
``key: value`` lines in a description (a model's, a version's, an endpoint's) form a layer read
before the labels, as annotations are read before labels on Kubernetes, so that
``owner: fraud-team@example.com`` can be written there; string entries of a model's ``metadata``
come next; a Workbench instance's ``instanceOwners`` fills an owner the labels leave empty.
docs/gcp.md has the table.

Only named fields are read: container ``env``/``args``/``command``, training task inputs,
pipeline specs and runtime parameters, and instance ``metadata`` (startup scripts) never are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from scanner.model import (
    Accelerator,
    Asset,
    AssetKind,
    Dataset,
    Lineage,
    RegistryRef,
    SourceType,
)
from scanner.normalize.access import as_int, get_list, get_map, get_str, maps
from scanner.normalize.gcp_accelerators import machine_accelerator
from scanner.normalize.mlflow import ProductionMarkers
from scanner.normalize.resolve import UNKNOWN, ResolverConfig, TagLayer, resolve, with_declared_model_card
from scanner.normalize.tags import public_tags, string_map

# ML Metadata schema titles of pipeline task inputs that are training data
DATASET_SCHEMAS = frozenset({"system.Dataset", "google.VertexDataset", "google.BQTable"})
VERSION_ALIAS_MARKERS = ProductionMarkers(stages=())

_DESCRIPTION_LINE = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._/-]{0,126})\s*[:=]\s*(\S.*?)\s*")
_FRACTION = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d+(Z)")


def description_keys(text: str | None) -> dict[str, str]:
    """``key: value`` (or ``key=value``) lines of a description, or ``;``-separated pairs on one
    line. Other text is ignored; only the resolver's keys are ever used from it."""
    out: dict[str, str] = {}
    for part in re.split(r"[\n;]", text or ""):
        match = _DESCRIPTION_LINE.fullmatch(part)
        if match:
            out.setdefault(match[1], match[2])
    return out


def timestamp(value: Any) -> str | None:
    """Google's RFC 3339 with nanoseconds -> seconds, as every other source writes times."""
    if not isinstance(value, str) or not value:
        return None
    return _FRACTION.sub(r"\1\2", value)


def _asset(
    asset_id: str,
    kind: AssetKind,
    name: str | None,
    raw: Mapping[str, Any],
    resolver: ResolverConfig,
    *,
    descriptions: Sequence[str | None] = (),
    metadata: Mapping[str, str] | None = None,
    created_at: str | None = None,
    lineage: Lineage | None = None,
    **fields: Any,
) -> Asset:
    labels = string_map(get_map(raw, "labels"))
    layers = [TagLayer("description", description_keys(d)) for d in descriptions if d]
    if metadata:
        layers.append(TagLayer("metadata", metadata))
    layers.append(TagLayer("label", labels))
    resolved = resolve(layers, resolver, created_at)
    values: dict[str, Any] = {
        **resolved.asset_fields(),
        "environment": resolved.environment or UNKNOWN,
        "lineage": resolved.lineage(lineage),
        "registry_ref": resolved.registry_ref,
        "created_at": created_at,
    }
    origins = dict(resolved.resolved_from)
    values.update({k: v for k, v in fields.items() if v is not None})
    asset = Asset(
        id=asset_id,
        kind=kind,
        source=SourceType.GCP,
        name=name,
        tags=public_tags((labels,)),
        resolved_from=origins,
        **values,
    )
    return with_declared_model_card(asset, layers, resolver)


def _with(asset: Asset, field: str, value: Any, via: str) -> Asset:
    """Fill a field the labels and descriptions left empty from a native API field."""
    if getattr(asset, field) is not None or value is None:
        return asset
    return asset.evolve(**{field: value}, resolved_from={**asset.resolved_from, field: via})


def model_name(name: str) -> str:
    """``projects/P/locations/L/models/M@V`` -> ``projects/P/locations/L/models/M``."""
    return name.split("@", 1)[0]


def registered_model(model: Mapping[str, Any], resolver: ResolverConfig) -> Asset:
    """A ListModels entry (the model's default version) -> registered_model: the model's labels and
    description are those of its default version, which is what ListModels returns."""
    return _asset(
        model_name(str(model["name"])),
        AssetKind.REGISTERED_MODEL,
        get_str(model, "displayName"),
        model,
        resolver,
        descriptions=(get_str(model, "description"),),
        metadata=string_map(model.get("metadata")),
        created_at=timestamp(model.get("createTime")),
        updated_at=timestamp(model.get("updateTime")),
    )


def model_version(
    version: Mapping[str, Any], resolver: ResolverConfig, producer: Mapping[str, Any] | None = None
) -> Asset:
    """A ListModelVersions entry -> model_version. ``producer`` is the training pipeline or the
    (fetched) pipeline job that the version names: its datasets are the version's lineage."""
    parent = model_name(str(version["name"]))
    number = get_str(version, "versionId")
    aliases = tuple(sorted(a for a in get_list(version, "versionAliases") if isinstance(a, str)))
    job = get_str(version, "trainingPipeline") or get_str(version, "pipelineJob")
    base_model = get_str(version, "baseModelSource", "modelGardenSource", "publicModelName") or get_str(
        version, "baseModelSource", "genieSource", "baseModelUri"
    )
    asset = _asset(
        f"{parent}@{number}" if number else parent,
        AssetKind.MODEL_VERSION,
        get_str(version, "displayName"),
        version,
        resolver,
        descriptions=(get_str(version, "versionDescription"),),
        metadata=string_map(version.get("metadata")),
        created_at=timestamp(version.get("versionCreateTime") or version.get("createTime")),
        updated_at=timestamp(version.get("versionUpdateTime") or version.get("updateTime")),
        lineage=Lineage(datasets=producer_datasets(producer), job=job, base_model=base_model),
        version=number,
        aliases=aliases,
        parent=parent,
        artifact_uri=get_str(version, "artifactUri"),
        image=get_str(version, "containerSpec", "imageUri"),
    )
    # a production alias marks the version as production when its labels say nothing
    marker = VERSION_ALIAS_MARKERS.marker(aliases, None)
    if asset.environment != UNKNOWN or marker is None:
        return asset
    return asset.evolve(
        environment="production", resolved_from={**asset.resolved_from, "environment": marker}
    )


def producer_datasets(producer: Mapping[str, Any] | None) -> tuple[Dataset, ...]:
    """Training data as Vertex records it: a training pipeline's managed dataset
    (``inputDataConfig.datasetId``), or a pipeline job's task inputs whose ML Metadata schema is a
    dataset (``system.Dataset``, ``google.VertexDataset``, ``google.BQTable``)."""
    if not producer:
        return ()
    name = str(producer.get("name", ""))
    if "/trainingPipelines/" in name:
        dataset_id = get_str(producer, "inputDataConfig", "datasetId")
        location = name.split("/trainingPipelines/", 1)[0]
        return (Dataset(uri=f"{location}/datasets/{dataset_id}", context="training"),) if dataset_id else ()
    out: dict[str, Dataset] = {}
    for task in maps(get_list(producer, "jobDetail", "taskDetails")):
        for inputs in (get_map(task, "inputs") or {}).values():
            for artifact in maps(get_list(inputs, "artifacts")):
                if get_str(artifact, "schemaTitle") not in DATASET_SCHEMAS:
                    continue
                uri = get_str(artifact, "uri") or get_str(artifact, "metadata", "resourceName")
                found = Dataset(name=get_str(artifact, "displayName"), uri=uri, context="training")
                out.setdefault(uri or get_str(artifact, "name") or "", found)
    return tuple(out[k] for k in sorted(out))


def lifecycle(state: Any) -> str | None:
    """``JOB_STATE_RUNNING`` / ``PIPELINE_STATE_RUNNING`` -> ``running`` (as MLG016 reads it)."""
    text = state if isinstance(state, str) else ""
    for prefix in ("JOB_STATE_", "PIPELINE_STATE_"):
        text = text.removeprefix(prefix)
    if not text or text.endswith("UNSPECIFIED"):
        return None
    return text.lower()


def custom_job(job: Mapping[str, Any], resolver: ResolverConfig) -> Asset:
    """A CustomJob -> training_job: accelerators over its worker pools (per replica x replicas);
    its artifact is ``baseOutputDirectory/model``, the AIP_MODEL_DIR Vertex gives the job."""
    pools = maps(get_list(job, "jobSpec", "workerPoolSpecs"))
    accelerators = [
        (a, as_int(pool.get("replicaCount")) or 1)
        for pool in pools
        if (a := _machine(get_map(pool, "machineSpec")))
    ]
    accelerator = None
    if accelerators:
        lead = accelerators[0][0]
        accelerator = Accelerator(lead.vendor, lead.model, sum(a.count * n for a, n in accelerators))
    output = get_str(job, "jobSpec", "baseOutputDirectory", "outputUriPrefix")
    # where Vertex tells the job to write its model (AIP_MODEL_DIR): a version uploaded from there
    # has it as artifactUri, and correlation links the job to the version it produced
    return _job(
        job, resolver, accelerator=accelerator, artifact_uri=f"{output.rstrip('/')}/model" if output else None
    )


def training_pipeline(pipeline: Mapping[str, Any], resolver: ResolverConfig) -> Asset:
    """A TrainingPipeline -> training_job; its managed dataset is its lineage. Its accelerators
    are on the backing CustomJob, which is listed (and counted) on its own."""
    return _job(pipeline, resolver, datasets=producer_datasets(pipeline))


def pipeline_job(job: Mapping[str, Any], resolver: ResolverConfig) -> Asset:
    """A PipelineJob (Vertex AI Pipelines, Kubeflow Pipelines) -> training_job."""
    return _job(job, resolver, datasets=producer_datasets(job))


def _job(
    job: Mapping[str, Any], resolver: ResolverConfig, datasets: tuple[Dataset, ...] = (), **fields: Any
) -> Asset:
    name = str(job["name"])
    return _asset(
        name,
        AssetKind.TRAINING_JOB,
        get_str(job, "displayName"),
        job,
        resolver,
        created_at=timestamp(job.get("createTime")),
        lineage=Lineage(datasets=datasets, job=name),
        lifecycle=lifecycle(job.get("state")),
        launched_at=timestamp(job.get("startTime")),
        updated_at=timestamp(job.get("updateTime")),
        **fields,
    )


def deployed_models(
    endpoint: Mapping[str, Any], resolver: ResolverConfig, model_names: Mapping[str, str] | None = None
) -> list[Asset]:
    """An Endpoint -> one ``serving`` asset per deployed model (``.../endpoints/E/deployedModels/D``):
    what each one runs (model and version), on which machines. They carry the endpoint's labels and
    description. An endpoint with nothing deployed serves nothing and yields no asset."""
    out = []
    endpoint_name = str(endpoint["name"])
    display = get_str(endpoint, "displayName")
    for deployed in maps(get_list(endpoint, "deployedModels")):
        deployed_id = get_str(deployed, "id") or ""
        own = get_str(deployed, "displayName")
        asset = _asset(
            f"{endpoint_name}/deployedModels/{deployed_id}",
            AssetKind.SERVING,
            f"{display}/{own}" if display and own else display or own,
            endpoint,
            resolver,
            descriptions=(get_str(endpoint, "description"),),
            created_at=timestamp(deployed.get("createTime") or endpoint.get("createTime")),
            updated_at=timestamp(endpoint.get("updateTime")),
            accelerator=_machine(get_map(deployed, "dedicatedResources", "machineSpec")),
        )
        model = get_str(deployed, "model")
        if model and asset.registry_ref is None:
            version = get_str(deployed, "modelVersionId")
            via = "vertex:endpoint.deployedModels[].model"
            ref = RegistryRef(
                name=(model_names or {}).get(model_name(model)) or model_name(model),
                version=version,
                uri=f"{model_name(model)}@{version}" if version else model,
                via=via,
            )
            asset = asset.evolve(registry_ref=ref, resolved_from={**asset.resolved_from, "registry_ref": via})
        out.append(asset)
    return out


def workbench_instance(instance: Mapping[str, Any], resolver: ResolverConfig) -> Asset:
    """A Workbench instance -> notebook. ``instanceOwners`` is Workbench's own owner field (an
    e-mail): it fills an owner the labels leave empty. State ``ACTIVE`` (a running VM) reads as
    ``running``, the lifecycle MLG016 watches."""
    name = str(instance["name"])
    setup = get_map(instance, "gceSetup")
    configs = maps(get_list(setup, "acceleratorConfigs"))
    machine = (get_str(setup, "machineType") or "").rsplit("/", 1)[-1] or None
    accelerator = machine_accelerator(
        machine,
        get_str(configs[0], "type") if configs else None,
        as_int(configs[0].get("coreCount")) if configs else None,
    )
    state = get_str(instance, "state")
    asset = _asset(
        name,
        AssetKind.NOTEBOOK,
        name.rsplit("/", 1)[-1],
        instance,
        resolver,
        created_at=timestamp(instance.get("createTime")),
        updated_at=timestamp(instance.get("updateTime")),
        lifecycle="running" if state == "ACTIVE" else lifecycle(state),
        accelerator=accelerator,
    )
    owners = [o for o in get_list(instance, "instanceOwners") if isinstance(o, str) and o.strip()]
    asset = _with(asset, "owner", owners[0].strip() if owners else None, "workbench:instanceOwners")
    if asset.resolved_from.get("owner") == "workbench:instanceOwners":
        asset = asset.evolve(owner_key="instanceOwners")
    return asset


def _machine(spec: Mapping[str, Any] | None) -> Accelerator | None:
    if not spec:
        return None
    return machine_accelerator(
        get_str(spec, "machineType"), get_str(spec, "acceleratorType"), as_int(spec.get("acceleratorCount"))
    )
