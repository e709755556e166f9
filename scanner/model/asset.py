"""The asset: every source is normalized into this one frozen record.

``to_policy_dict`` is the policy contract: the exact shape Rego sees under ``input.assets``.
Absent values are omitted (not null) so that ``not a.owner`` holds in Rego for a missing owner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any


class AssetKind(str, Enum):
    REGISTERED_MODEL = "registered_model"
    MODEL_VERSION = "model_version"
    SERVING = "serving"
    TRAINING_JOB = "training_job"
    NOTEBOOK = "notebook"
    COMPUTE = "compute"
    CUSTOM_MODEL = "custom_model"


class SourceType(str, Enum):
    FILE = "file"
    KUBERNETES = "kubernetes"
    AWS = "aws"
    MLFLOW = "mlflow"
    GCP = "gcp"
    AZURE = "azure"
    HUGGINGFACE = "huggingface"


@dataclass(frozen=True)
class Location:
    """Where a file-sourced asset is defined: the line where its document or resource starts."""

    path: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line}

    def __str__(self) -> str:
        """`path:line`, as every report and message shows a location."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Dataset:
    name: str | None = None
    uri: str | None = None
    digest: str | None = None
    classification: str | None = None
    context: str | None = None


@dataclass(frozen=True)
class Lineage:
    datasets: tuple[Dataset, ...] = ()
    run_id: str | None = None
    job: str | None = None
    code_ref: str | None = None
    base_model: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.datasets or self.run_id or self.job or self.code_ref or self.base_model)


@dataclass(frozen=True)
class RegistryRef:
    """Which registered model (and version) a serving or compute asset runs, and how we know."""

    name: str
    version: str | None = None
    uri: str | None = None
    via: str = ""  # e.g. "annotation:mlgov.io/registered-model", "storageUri"
    # set by correlation (scanner/normalize/correlate.py): the id of the asset in this inventory
    # that the reference resolved to, and how it was matched
    target: str | None = None
    matched_by: str | None = None
    registry: str | None = None  # the registry kind it points into: mlflow, aws, kubeflow; None: any


@dataclass(frozen=True)
class Link:
    """A correlation between two assets of one inventory: ``rel`` is "produced" (training job ->
    model version), "runs_on" (workload -> compute) or "routes_to" (a router such as an
    InferenceGraph -> the serving assets it sends requests to); ``via`` says how the link was made."""

    rel: str
    target: str
    via: str


@dataclass(frozen=True)
class Accelerator:
    vendor: str
    model: str | None = None
    count: int = 0


@dataclass(frozen=True)
class ModelCard:
    """The model card that documents a model: who owns it, how risky it is, whether it was approved.

    ``status`` is lower snake case (SageMaker: draft, pending_review, approved, archived);
    ``risk_rating`` lower case (high, medium, low, unknown). ``uri`` names the card (its ARN, or the
    package ARN for a card embedded in a model package).
    """

    status: str | None = None
    risk_rating: str | None = None
    owner: str | None = None
    uri: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class Asset:
    id: str
    kind: AssetKind
    source: SourceType
    name: str | None = None
    version: str | None = None
    aliases: tuple[str, ...] = ()
    owner: str | None = None
    owner_key: str | None = None
    sunset_date: str | None = None  # YYYY-MM-DD when it parsed
    sunset_raw: str | None = None  # the raw value, always kept when present
    classification: str | None = None
    risk_tier: str | None = None
    environment: str = "unknown"
    lifecycle: str | None = None
    approval_status: str | None = None
    lineage: Lineage = field(default_factory=Lineage)
    registry_ref: RegistryRef | None = None
    accelerator: Accelerator | None = None
    artifact_uri: str | None = None
    image: str | None = None
    location: Location | None = None
    # the other places where the same object is defined identically (a sample repeated in two
    # directories): one asset, every definition named (scanner/collectors/identity.py)
    copies: tuple[Location, ...] = ()
    namespace: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    created_at: str | None = None
    updated_at: str | None = None
    launched_at: str | None = None
    cost_center: str | None = None
    parent: str | None = None  # id of the registered model / package group a version belongs to
    model_card: ModelCard | None = None
    links: tuple[Link, ...] = ()
    # field name -> where its resolved value came from ("annotation:mlgov.io/owner",
    # "inherited:<parent id>", "namespace-label:env", ...): auditors ask "says who?".
    resolved_from: Mapping[str, str] = field(default_factory=dict)

    def evolve(self, **changes: Any) -> Asset:
        return replace(self, **changes)

    def to_policy_dict(self) -> dict[str, Any]:
        """The JSON shape policies and reports see. Keys with no value are omitted.

        Hand-written rather than generic: it runs once per asset per scan, and 100,000 assets
        must fit in the engine's time budget (DESIGN.md performance targets).
        """
        out: dict[str, Any] = {"id": self.id, "kind": self.kind.value, "source": self.source.value}
        for name in _SCALAR_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out["environment"] = self.environment or "unknown"
        if self.aliases:
            out["aliases"] = list(self.aliases)
        lineage = _lineage_dict(self.lineage)
        if lineage:
            out["lineage"] = lineage
        if self.registry_ref is not None:
            out["registry_ref"] = _compact(self.registry_ref.__dict__)
        if self.accelerator is not None:
            out["accelerator"] = _compact(self.accelerator.__dict__)
        if self.location is not None:
            out["location"] = {"path": self.location.path, "line": self.location.line}
        if self.copies:
            out["copies"] = [{"path": c.path, "line": c.line} for c in self.copies]
        if self.model_card is not None:
            out["model_card"] = _compact(self.model_card.__dict__)
        if self.links:
            out["links"] = [link.__dict__.copy() for link in self.links]
        if self.tags:
            out["tags"] = dict(sorted(self.tags.items()))
        if self.resolved_from:
            out["resolved_from"] = dict(sorted(self.resolved_from.items()))
        return out


_SCALAR_FIELDS = (
    "name",
    "version",
    "owner",
    "owner_key",
    "sunset_date",
    "sunset_raw",
    "classification",
    "risk_tier",
    "lifecycle",
    "approval_status",
    "artifact_uri",
    "image",
    "namespace",
    "created_at",
    "updated_at",
    "launched_at",
    "cost_center",
    "parent",
)


def _compact(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != ""}


def _lineage_dict(lineage: Lineage) -> dict[str, Any]:
    if lineage.is_empty:
        return {}
    out = _compact(
        {
            "run_id": lineage.run_id,
            "job": lineage.job,
            "code_ref": lineage.code_ref,
            "base_model": lineage.base_model,
        }
    )
    if lineage.datasets:
        out["datasets"] = [_compact(d.__dict__) for d in lineage.datasets]
    return out


def asset_from_dict(data: Mapping[str, Any]) -> Asset:
    """Rebuild an Asset from ``to_policy_dict`` output (saved inventories, replayed scans)."""
    lineage_raw = data.get("lineage") or {}
    lineage = Lineage(
        datasets=tuple(Dataset(**d) for d in lineage_raw.get("datasets", [])),
        run_id=lineage_raw.get("run_id"),
        job=lineage_raw.get("job"),
        code_ref=lineage_raw.get("code_ref"),
        base_model=lineage_raw.get("base_model"),
    )
    ref = data.get("registry_ref")
    acc = data.get("accelerator")
    loc = data.get("location")
    card = data.get("model_card")
    structured = {
        "kind",
        "source",
        "aliases",
        "lineage",
        "registry_ref",
        "accelerator",
        "location",
        "copies",
        "model_card",
        "links",
    }
    simple = {k: v for k, v in data.items() if k not in structured}
    return Asset(
        **simple,
        kind=AssetKind(data["kind"]),
        source=SourceType(data["source"]),
        aliases=tuple(data.get("aliases", ())),
        lineage=lineage,
        registry_ref=RegistryRef(**ref) if ref else None,
        accelerator=Accelerator(**acc) if acc else None,
        location=Location(**loc) if loc else None,
        copies=tuple(Location(**c) for c in data.get("copies", ())),
        model_card=ModelCard(**card) if card else None,
        links=tuple(Link(**link) for link in data.get("links", ())),
    )
