"""Workbench instances of one project. Instances live in zones, so one listing over every zone
(``locations/-``) serves the whole project; with explicit locations, only instances in zones of
those regions are kept. Zones the API could not reach are a coverage error, not a silent gap."""

from __future__ import annotations

from typing import Any

from scanner.collectors.gcp.client import Api
from scanner.collectors.gcp.unit import Unit
from scanner.model import CoverageError
from scanner.normalize import gcp as normalize


def region_of(zone: str) -> str:
    """``us-central1-a`` -> ``us-central1``; a region stays itself."""
    head, _, tail = zone.rpartition("-")
    return head if head and len(tail) == 1 else zone


def _location(resource_name: str) -> str:
    """``projects/P/locations/ZONE/...`` -> ``ZONE``."""
    parts = resource_name.split("/")
    return parts[3] if len(parts) > 3 and parts[2] == "locations" else ""


def read(unit: Unit, api: Api, page_size: int, regions: frozenset[str] | None) -> None:
    instances = api.resource.projects().locations().instances()

    def wanted(location: str) -> bool:
        return regions is None or region_of(location) in regions

    def listing() -> None:
        unreachable: list[str] = []

        def note(page: dict[str, Any]) -> None:
            unreachable.extend(str(u) for u in page.get("unreachable") or [])

        for item in api.pages(instances.list, "instances", note, parent=unit.parent, pageSize=page_size):
            if wanted(_location(str(item["name"]))):
                unit.assets.append(normalize.workbench_instance(item, unit.resolver))
        missed = sorted(u for u in unreachable if wanted(u.rsplit("/", 1)[-1]))
        if missed:
            unit.errors.append(
                CoverageError(
                    "unreachable",
                    f"the API could not reach {len(missed)} location(s): {', '.join(missed)}",
                    f"{unit.scope}: instances.list",
                )
            )

    unit.step("instances.list", listing)
