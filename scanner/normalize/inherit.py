"""A model version inherits governance fields from its registered model (or package group).

DESIGN.md: owner, classification, risk tier and cost center come from the parent unless the
version sets its own; sunset falls back the same way. ``resolved_from`` says
``inherited:<parent id>`` so that an auditor sees the value was not set on the version itself.
Shared by every source that knows parents (Terraform plans now; AWS and MLflow later).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scanner.model import Asset, AssetKind

INHERITED_FIELDS = ("owner", "classification", "risk_tier", "cost_center")


def inherit_from_parents(assets: Sequence[Asset]) -> list[Asset]:
    """Fill unset fields of model versions from parents present in ``assets``."""
    by_id = {a.id: a for a in assets}
    return [_inherit(a, by_id.get(a.parent)) if a.parent else a for a in assets]


def _inherit(asset: Asset, parent: Asset | None) -> Asset:
    if parent is None or asset.kind is not AssetKind.MODEL_VERSION:
        return asset
    changes: dict[str, Any] = {}
    origins = dict(asset.resolved_from)
    marker = f"inherited:{parent.id}"
    for name in INHERITED_FIELDS:
        if getattr(asset, name) is None and getattr(parent, name) is not None:
            changes[name] = getattr(parent, name)
            origins[name] = marker
    if "owner" in changes:
        changes["owner_key"] = parent.owner_key
    if asset.sunset_raw is None and parent.sunset_raw is not None:
        changes.update(sunset_date=parent.sunset_date, sunset_raw=parent.sunset_raw)
        origins["sunset_date"] = marker
    if not changes:
        return asset
    return asset.evolve(**changes, resolved_from=origins)
