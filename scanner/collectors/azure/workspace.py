"""A workspace unit: compute first (jobs and batch deployments take their accelerators from
it), then jobs and the data assets they read (model versions take their lineage from them, the
datasets their classification), then models, then endpoints with their deployments."""

from __future__ import annotations

from typing import Any

from scanner.collectors.azure.unit import Unit, each_concurrently, rest
from scanner.normalize import azure as normalize
from scanner.normalize.azure import Json
from scanner.normalize.azure_refs import parse_data_ref


def read(unit: Unit) -> None:
    client, home = unit.client, unit.home
    rg, ws = home.resource_group, home.name
    computes: dict[str, Json] = {}
    jobs: dict[str, Json] = {}
    classes: dict[tuple[str, str], str] = {}  # (data asset name, version) -> classification

    def compute() -> None:
        for item in rest(client.compute.list(rg, ws)):
            computes[str(item.get("name", "")).lower()] = item
            unit.assets.append(normalize.compute(item, home, unit.resolver))

    def job_list() -> None:
        for item in rest(client.jobs.list(rg, ws)):
            jobs[str(item.get("name", "")).lower()] = item
            unit.assets.append(normalize.job(item, home, unit.resolver, computes))

    def wanted_data() -> list[tuple[str, str]]:
        return sorted({ref for a in unit.assets for d in a.lineage.datasets if (ref := data_ref(d.uri))})

    def data_assets() -> None:
        """The data assets the jobs read, once each, for their classification (a step only when
        the jobs were read and name some); one deleted since (404) classifies nothing, any other
        failure makes the unit partial."""
        keys = [f"{name}:{version}" for name, version in wanted_data()]

        from azure.core.exceptions import ResourceNotFoundError  # noqa: PLC0415 - the optional extra

        def get(key: str) -> list[Any]:
            name, _, version = key.rpartition(":")
            try:
                return [client.data_versions.get(rg, ws, name, version)]
            except ResourceNotFoundError:
                return []

        for key, found in each_concurrently(unit, keys, get):
            name, _, version = key.rpartition(":")
            label = normalize.data_classification(found[0], unit.resolver) if found else None
            if label:
                classes[(name.lower(), version)] = label

    def models() -> None:
        containers = list(rest(client.model_containers.list(rg, ws)))
        names = [str(c["name"]) for c in containers]
        listed = each_concurrently(unit, names, lambda name: client.model_versions.list(rg, ws, name))
        for container, (_, versions) in zip(containers, listed, strict=True):
            unit.assets.append(normalize.model_container(container, home, unit.resolver))
            for version in versions:
                unit.assets.append(normalize.model_version(version, home, unit.resolver, jobs))

    def online() -> None:
        for endpoint in rest(client.online_endpoints.list(rg, ws)):
            for deployment in rest(client.online_deployments.list(rg, ws, str(endpoint["name"]))):
                unit.assets.append(normalize.online_deployment(deployment, endpoint, home, unit.resolver))

    def batch() -> None:
        for endpoint in rest(client.batch_endpoints.list(rg, ws)):
            for deployment in rest(client.batch_deployments.list(rg, ws, str(endpoint["name"]))):
                unit.assets.append(
                    normalize.batch_deployment(deployment, endpoint, home, unit.resolver, computes)
                )

    steps = {
        "compute": [("ListComputes", compute)],
        "jobs": [("ListJobs", job_list)],
        "models": [("ListModels", models)],
        "endpoints": [("ListOnlineEndpoints", online), ("ListBatchEndpoints", batch)],
    }
    for read_name in ("compute", "jobs", "models", "endpoints"):
        if read_name not in unit.reads:
            continue
        before = len(unit.errors)
        for name, action in steps[read_name]:
            unit.step(name, action)
        if read_name == "jobs" and len(unit.errors) == before and wanted_data():
            unit.step("GetDataVersions", data_assets)
    unit.assets[:] = normalize.classify_datasets(unit.assets, classes)


def data_ref(uri: str | None) -> tuple[str, str] | None:
    return parse_data_ref(uri) if uri else None
