"""What a Terraform resource handler sees of its plan: the extension point of
scanner/normalize/terraform.py, one handler per resource type (scanner/normalize/terraform_aws.py,
terraform_gcp.py, terraform_azure.py), all registered in terraform.py's ``RESOURCE_HANDLERS``.

A handler turns one resource into an asset (or None: not an ML asset, or an accelerator-less
VM); the context builds ids, locations and resolved key layers the same way for every provider,
and finds the other resources of the plan a handler follows (an endpoint's configuration, a
compute's workspace).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from scanner.model import Asset, AssetKind
from scanner.normalize.resolve import ResolverConfig, TagLayer
from scanner.normalize.terraform_plan import Resource


class PlanContext(Protocol):
    plan: Mapping[str, Any]
    by_address: Mapping[str, Resource]
    resolver: ResolverConfig
    stack: str

    def resource_id(self, address: str) -> str:
        """The asset id of a resource of this plan (``terraform://STACK/ADDRESS``)."""
        ...

    def labelled(
        self,
        r: Resource,
        kind: AssetKind,
        name: str | None,
        layers: Sequence[TagLayer],
        tags: Mapping[str, str],
    ) -> Asset:
        """The asset every handler builds on: id, location, and its resolved key layers."""
        ...

    def tagged(self, r: Resource, kind: AssetKind, name: str | None) -> Asset:
        """``labelled`` with the resource's ``tags`` and ``tags_all`` as its one layer (AWS, Azure)."""
        ...

    def named(self, rtype: str, attribute: str, value: str) -> Sequence[Resource]:
        """The resources of ``rtype`` whose ``attribute`` is ``value``, in plan order."""
        ...


Handler = Callable[[PlanContext, Resource], "Asset | None"]
