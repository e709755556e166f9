"""A workspace unit: compute first (jobs and batch deployments take their accelerators from
it), then jobs (model versions take their lineage from them), then models, then endpoints with
their deployments."""

from __future__ import annotations

from scanner.collectors.azure.unit import Unit, each_concurrently, rest
from scanner.normalize import azure as normalize
from scanner.normalize.azure import Json


def read(unit: Unit) -> None:
    client, home = unit.client, unit.home
    rg, ws = home.resource_group, home.name
    computes: dict[str, Json] = {}
    jobs: dict[str, Json] = {}

    def compute() -> None:
        for item in rest(client.compute.list(rg, ws)):
            computes[str(item.get("name", "")).lower()] = item
            unit.assets.append(normalize.compute(item, home, unit.resolver))

    def job_list() -> None:
        for item in rest(client.jobs.list(rg, ws)):
            jobs[str(item.get("name", "")).lower()] = item
            unit.assets.append(normalize.job(item, home, unit.resolver, computes))

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
        if read_name in unit.reads:
            for name, action in steps[read_name]:
                unit.step(name, action)
