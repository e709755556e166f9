"""A registry unit: the models and versions shared through an Azure ML registry."""

from __future__ import annotations

from scanner.collectors.azure.unit import Unit, rest
from scanner.normalize import azure as normalize


def read(unit: Unit) -> None:
    client, home = unit.client, unit.home

    def models() -> None:
        for container in rest(client.registry_model_containers.list(home.resource_group, home.name)):
            unit.assets.append(normalize.model_container(container, home, unit.resolver))
            name = str(container["name"])
            versions = client.registry_model_versions.list(home.resource_group, home.name, name)
            for version in rest(versions):
                unit.assets.append(normalize.model_version(version, home, unit.resolver))

    if "models" in unit.reads:
        unit.step("ListRegistryModels", models)
