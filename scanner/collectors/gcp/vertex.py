"""Vertex AI in one (project, location): training pipelines, custom jobs and pipeline jobs first
(model versions name the pipeline that produced them, whose datasets are their lineage), then the
Model Registry (each model's versions), then endpoints and what is deployed on them."""

from __future__ import annotations

from typing import Any

from scanner.collectors.gcp.client import Api
from scanner.collectors.gcp.errors import coverage_error
from scanner.collectors.gcp.unit import Unit
from scanner.normalize import gcp as normalize


def read(unit: Unit, api: Api, page_size: int) -> None:
    # each collection resource is built once: the client builds every method of a collection
    # (and its docstrings) each time one is asked for, ~25 ms apiece
    locations = api.resource.projects().locations()
    models_api, pipeline_jobs_api = locations.models(), locations.pipelineJobs()
    producers: dict[str, dict[str, Any]] = {}  # training pipeline / pipeline job name -> its answer
    model_names: dict[str, str] = {}  # model resource name -> display name
    fetched: set[str] = set()  # pipeline jobs already fetched (or tried) for their task details

    def training_pipelines() -> None:
        for item in api.pages(
            locations.trainingPipelines().list, "trainingPipelines", parent=unit.parent, pageSize=page_size
        ):
            producers[str(item["name"])] = item
            unit.assets.append(normalize.training_pipeline(item, unit.resolver))

    def custom_jobs() -> None:
        for item in api.pages(
            locations.customJobs().list, "customJobs", parent=unit.parent, pageSize=page_size
        ):
            unit.assets.append(normalize.custom_job(item, unit.resolver))

    def pipeline_jobs() -> None:
        for item in api.pages(pipeline_jobs_api.list, "pipelineJobs", parent=unit.parent, pageSize=page_size):
            producers[str(item["name"])] = item
            unit.assets.append(normalize.pipeline_job(item, unit.resolver))

    def producer_of(version: dict[str, Any]) -> dict[str, Any] | None:
        """The pipeline a version names. A pipeline job's task artifacts (its datasets) are not in
        the list view: the job is fetched once, the first time a version names it. A failed fetch
        costs that version its datasets (and is recorded), not the rest of the registry."""
        name = version.get("trainingPipeline") or version.get("pipelineJob")
        if not isinstance(name, str) or not name:
            return None
        known = producers.get(name)
        if name.split("/")[-2:-1] == ["pipelineJobs"] and name not in fetched:
            fetched.add(name)
            try:
                known = producers[name] = api.call(pipeline_jobs_api.get(name=name))
            except Exception as exc:
                unit.errors.append(coverage_error(exc, f"{unit.scope}: pipelineJobs.get {name}"))
        return known

    def models() -> None:
        for model in api.pages(models_api.list, "models", parent=unit.parent, pageSize=page_size):
            registered = normalize.registered_model(model, unit.resolver)
            model_names[registered.id] = registered.name or registered.id
            unit.assets.append(registered)
            for version in api.pages(
                models_api.listVersions, "models", name=registered.id, pageSize=page_size
            ):
                unit.assets.append(normalize.model_version(version, unit.resolver, producer_of(version)))

    def endpoints() -> None:
        for item in api.pages(
            locations.endpoints().list, "endpoints", parent=unit.parent, pageSize=page_size
        ):
            unit.assets.extend(normalize.deployed_models(item, unit.resolver, model_names))

    for name, step in (
        ("trainingPipelines.list", training_pipelines),
        ("customJobs.list", custom_jobs),
        ("pipelineJobs.list", pipeline_jobs),
        ("models.list", models),
        ("endpoints.list", endpoints),
    ):
        unit.step(name, step)
