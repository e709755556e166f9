"""Which API version serves each kind we read: the group's preferred version first.

Discovery endpoints (/api, /apis, /apis/GROUP/VERSION) are readable by every authenticated
user (the built-in system:discovery role), so they need no grant in mlgov's ClusterRole. A group
that is not served (a CRD that is not installed) maps to None: absent, not an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scanner.collectors.kubernetes.api import Api
from scanner.collectors.kubernetes.kinds import KindSpec


@dataclass(frozen=True)
class Served:
    """Where a kind is listed: ``/api/v1`` or ``/apis/GROUP/VERSION``, and its apiVersion."""

    base: str
    api_version: str

    def path(self, spec: KindSpec, namespace: str | None = None) -> str:
        if namespace is not None and spec.namespaced:
            return f"{self.base}/namespaces/{namespace}/{spec.resource}"
        return f"{self.base}/{spec.resource}"


def discover(api: Api, specs: Iterable[KindSpec]) -> dict[KindSpec, Served | None]:
    specs = tuple(specs)
    out: dict[KindSpec, Served | None] = {}
    core = [s for s in specs if s.group == ""]
    if core:
        names = _resource_names(api.get("/api/v1"))
        for spec in core:
            out[spec] = Served("/api/v1", "v1") if spec.resource in names else None
    groups = {s.group for s in specs if s.group}
    versions = _group_versions(api.get("/apis")) if groups else {}
    served: dict[str, set[str]] = {}  # "group/version" -> resource names, fetched once each
    for spec in specs:
        if not spec.group:
            continue
        out[spec] = None
        for version in versions.get(spec.group, ()):
            group_version = f"{spec.group}/{version}"
            if group_version not in served:
                served[group_version] = _resource_names(api.get(f"/apis/{group_version}"))
            if spec.resource in served[group_version]:
                out[spec] = Served(f"/apis/{group_version}", group_version)
                break
    return out


def _resource_names(body: dict[str, Any]) -> set[str]:
    resources = body.get("resources")
    if not isinstance(resources, list):
        return set()
    # "pods/log", "deployments/scale": subresources are not kinds
    return {str(r.get("name")) for r in resources if isinstance(r, dict) and "/" not in str(r.get("name"))}


def _group_versions(body: dict[str, Any]) -> dict[str, list[str]]:
    """group -> its versions, the preferred one first."""
    out: dict[str, list[str]] = {}
    for group in body.get("groups") or []:
        if not isinstance(group, dict) or not isinstance(group.get("name"), str):
            continue
        preferred = (group.get("preferredVersion") or {}).get("version")
        versions = [v.get("version") for v in group.get("versions") or [] if isinstance(v, dict)]
        ordered = [preferred] if preferred else []
        ordered += [v for v in versions if isinstance(v, str) and v != preferred]
        out[group["name"]] = ordered
    return out
