"""A registry unit: the models and versions shared through an Azure ML registry."""

from __future__ import annotations

from scanner.collectors.azure.unit import Unit, each_concurrently, rest
from scanner.normalize import azure as normalize


def read(unit: Unit) -> None:
    client, home = unit.client, unit.home

    def models() -> None:
        rg, registry = home.resource_group, home.name
        containers = list(rest(client.registry_model_containers.list(rg, registry)))
        names = [str(c["name"]) for c in containers]
        listed = each_concurrently(
            unit, names, lambda name: client.registry_model_versions.list(rg, registry, name)
        )
        for container, (_, versions) in zip(containers, listed, strict=True):
            unit.assets.append(normalize.model_container(container, home, unit.resolver))
            for version in versions:
                unit.assets.append(normalize.model_version(version, home, unit.resolver))

    if "models" in unit.reads:
        unit.step("ListRegistryModels", models)
