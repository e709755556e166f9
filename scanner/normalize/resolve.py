"""Tag-key resolution shared by every source: owner, sunset, classification, environment...

Every source hands us its key/value layers in precedence order (for Kubernetes: annotations,
then labels, because label values cannot hold an e-mail address; for AWS and Terraform: tags).
For each field we try the layers in order and, inside a layer, the configured keys in order,
case-insensitively; the first non-blank value wins and ``resolved_from`` records
``"<layer>:<key as written>"`` so an auditor can ask "says who?".

The alias lists are a frozen ``ResolverConfig`` whose defaults are DESIGN.md's table; the config
file may replace any list (``resolver:`` in mlgov.yaml).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scanner.model import Asset, Dataset, Lineage, ModelCard, RegistryRef
from scanner.normalize.azure_refs import registry_ref as azure_registry_ref
from scanner.normalize.hub_refs import parse_hub_ref

Keys = tuple[str, ...]


@dataclass(frozen=True)
class ResolverConfig:
    owner: Keys = ("mlgov.io/owner", "owner", "model-owner", "model_owner")
    sunset: Keys = ("mlgov.io/sunset-date", "sunset-date", "sunset_date", "expires")
    ttl: Keys = ("ttl",)
    classification: Keys = (
        "mlgov.io/classification",
        "data-classification",
        "data_classification",
        "classification",
    )
    risk_tier: Keys = ("mlgov.io/risk-tier", "risk-tier", "risk_tier")
    environment: Keys = ("mlgov.io/environment", "environment", "env")
    lineage: Keys = ("mlgov.io/training-data", "training-data", "dataset")
    cost_center: Keys = ("mlgov.io/cost-center", "cost-center", "cost_center", "costcenter")
    lifecycle: Keys = ("mlgov.io/lifecycle", "lifecycle")
    # an approval recorded as a tag, for registries without a native one (MLflow)
    approval: Keys = ("mlgov.io/approval-status", "approval-status", "approval_status", "approval")
    # a model card recorded as tags, for registries without a card object (Vertex AI, Azure ML,
    # MLflow; the Hub's card is its README): where the card is, and its review status
    model_card: Keys = ("mlgov.io/model-card", "model-card", "model_card")
    model_card_status: Keys = ("mlgov.io/model-card-status", "model-card-status", "model_card_status")
    # (registered-model key, model-version key) pairs, tried in order.
    registry_links: tuple[tuple[str, str], ...] = (
        ("mlgov.io/registered-model", "mlgov.io/model-version"),
        (
            "modelregistry.kubeflow.org/registered-model-id",
            "modelregistry.kubeflow.org/model-version-id",
        ),
    )
    # Environment values (lower-cased, exact) -> normalized environment.
    production_values: Keys = ("production", "prod", "prd", "live")
    staging_values: Keys = (
        "staging",
        "stage",
        "stg",
        "preprod",
        "pre-prod",
        "pre-production",
        "preproduction",
        "qa",
        "uat",
    )
    development_values: Keys = ("development", "dev", "develop", "test", "testing", "sandbox", "local")


@dataclass(frozen=True)
class TagLayer:
    """One source of key/value pairs, e.g. ``TagLayer("annotation", {...})``.

    Keys are matched case-insensitively; the lower-cased index is built once per layer.
    """

    origin: str
    values: Mapping[str, str]
    _index: Mapping[str, tuple[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, tuple[str, str]] = {}
        for key, value in self.values.items():
            # the first spelling of a key wins when two differ only in case
            index.setdefault(key.lower(), (key, value))
        object.__setattr__(self, "_index", index)

    def get(self, key: str) -> tuple[str, str] | None:
        """(key as written, stripped value), or None when absent or blank."""
        hit = self._index.get(key.lower())
        if hit is None:
            return None
        value = hit[1].strip()
        return (hit[0], value) if value else None


@dataclass(frozen=True)
class Hit:
    value: str
    key: str
    origin: str

    @property
    def where(self) -> str:
        return f"{self.origin}:{self.key}"


def first(layers: Sequence[TagLayer], keys: Sequence[str]) -> Hit | None:
    """The first non-blank value: layers in order, keys in order within a layer."""
    for layer in layers:
        for key in keys:
            hit = layer.get(key)
            if hit is not None:
                return Hit(hit[1], hit[0], layer.origin)
    return None


@dataclass(frozen=True)
class Resolved:
    """What the tag layers say about an asset; ``resolved_from`` maps field -> origin:key."""

    owner: str | None = None
    owner_key: str | None = None
    sunset_date: str | None = None
    sunset_raw: str | None = None
    classification: str | None = None
    risk_tier: str | None = None
    environment: str | None = None
    lifecycle: str | None = None
    cost_center: str | None = None
    approval_status: str | None = None
    datasets: tuple[Dataset, ...] = ()
    registry_ref: RegistryRef | None = None
    resolved_from: Mapping[str, str] = field(default_factory=dict)

    def asset_fields(self) -> dict[str, Any]:
        """The Asset fields every source takes straight from tag resolution (the rest, such as
        environment fallbacks and lineage, each normalizer decides)."""
        return {
            "owner": self.owner,
            "owner_key": self.owner_key,
            "sunset_date": self.sunset_date,
            "sunset_raw": self.sunset_raw,
            "classification": self.classification,
            "risk_tier": self.risk_tier,
            "lifecycle": self.lifecycle,
            "cost_center": self.cost_center,
            "approval_status": self.approval_status,
        }

    def lineage(self, base: Lineage | None = None) -> Lineage:
        """Tag-declared datasets, used only when the source has no native lineage datasets."""
        base = base or Lineage()
        if base.datasets or not self.datasets:
            return base
        return Lineage(
            datasets=self.datasets,
            run_id=base.run_id,
            job=base.job,
            code_ref=base.code_ref,
            base_model=base.base_model,
        )


def resolve(layers: Sequence[TagLayer], config: ResolverConfig, created_at: str | None = None) -> Resolved:
    origins: dict[str, str] = {}

    def take(name: str, keys: Sequence[str]) -> Hit | None:
        hit = first(layers, keys)
        if hit is not None:
            origins[name] = hit.where
        return hit

    owner = take("owner", config.owner)
    classification = take("classification", config.classification)
    risk = take("risk_tier", config.risk_tier)
    cost = take("cost_center", config.cost_center)
    lifecycle = take("lifecycle", config.lifecycle)
    approval = take("approval_status", config.approval)
    lineage = take("lineage", config.lineage)
    sunset_date, sunset_raw = _sunset(layers, config, created_at, origins)
    environment = _environment(layers, config, origins)
    registry_ref = _registry_ref(layers, config, origins)
    return Resolved(
        owner=owner.value if owner else None,
        owner_key=owner.key if owner else None,
        sunset_date=sunset_date,
        sunset_raw=sunset_raw,
        classification=classification.value.lower() if classification else None,
        risk_tier=risk.value.lower() if risk else None,
        environment=environment,
        lifecycle=lifecycle.value.lower() if lifecycle else None,
        cost_center=cost.value if cost else None,
        approval_status=approval.value if approval else None,
        datasets=parse_datasets(lineage.value) if lineage else (),
        registry_ref=registry_ref,
        resolved_from=origins,
    )


# --- model cards ----------------------------------------------------------------------------

_STATUS_GAP = re.compile(r"[\s-]+")


def card_status(text: str) -> str:
    """A card's review status in lower snake case, as SageMaker's (``Pending Review`` ->
    ``pending_review``), so MLG017 reads one vocabulary on every source."""
    return _STATUS_GAP.sub("_", text.strip().lower())


def declared_model_card(layers: Sequence[TagLayer], config: ResolverConfig) -> tuple[ModelCard, str] | None:
    """(card, where) for a card declared in tags: its link (``model_card`` keys) and its review
    status (``model_card_status`` keys). A link without a status is a draft (a card nobody has
    reviewed); neither key: no card. ``where`` is the status's origin, else the link's."""
    status = first(layers, config.model_card_status)
    link = first(layers, config.model_card)
    found = status or link
    if found is None:
        return None
    reviewed = card_status(status.value) if status else "draft"
    return ModelCard(status=reviewed, uri=link.value if link else None), found.where


def with_declared_model_card(asset: Asset, layers: Sequence[TagLayer], config: ResolverConfig) -> Asset:
    """The asset with the card its tags declare (``resolved_from.model_card`` says where)."""
    declared = declared_model_card(layers, config)
    if declared is None:
        return asset
    card, where = declared
    return asset.evolve(model_card=card, resolved_from={**asset.resolved_from, "model_card": where})


# --- sunset ---------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?")
_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_sunset(raw: str) -> str | None:
    """A sunset value -> ``YYYY-MM-DD``, or None when it does not parse.

    Accepted: ``2027-06-30``; RFC 3339 timestamps (the date as written, offset not applied);
    year-first ``2027/06/30``, ``2027.06.30`` and ``20270630``. Day-first or month-first forms
    (``30-06-2027``, ``06/30/2027``) are refused on purpose: ``03/04/2027`` means two different
    days in two countries, and a wrong sunset is worse than a reported unparseable one.
    """
    text = raw.strip()
    for pattern in (_ISO_DATE, _RFC3339, _SLASHED, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            return _valid_date(int(match[1]), int(match[2]), int(match[3]))
    return None


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_TTL = re.compile(r"(\d{1,6})\s*(h|hours?|d|days?|w|weeks?|m|mo|months?|y|yr|years?)", re.IGNORECASE)


def parse_ttl(raw: str, created_at: str | None) -> str | None:
    """A duration (``90d``, ``12w``, ``6m`` months, ``1y``, ``2160h``) counted from creation.

    Months and years are calendar units (the day is clamped to the month's end). Without a
    creation time (most manifests have none) there is nothing to count from: None.
    """
    match = _TTL.fullmatch(raw.strip())
    start = _parse_timestamp(created_at) if created_at else None
    if not match or start is None:
        return None
    amount, unit = int(match[1]), match[2].lower()
    try:
        if unit.startswith("h"):
            return (start + dt.timedelta(hours=amount)).astimezone(dt.timezone.utc).date().isoformat()
        day = start.date()
        if unit.startswith("d"):
            return (day + dt.timedelta(days=amount)).isoformat()
        if unit.startswith("w"):
            return (day + dt.timedelta(weeks=amount)).isoformat()
        months = amount if unit.startswith("m") else amount * 12
        return _add_months(day, months).isoformat()
    except OverflowError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:
        raise OverflowError("date beyond year 9999")
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _parse_timestamp(text: str) -> dt.datetime | None:
    value = text.strip()
    try:
        if len(value) == 10:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
        else:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _sunset(
    layers: Sequence[TagLayer], config: ResolverConfig, created_at: str | None, origins: dict[str, str]
) -> tuple[str | None, str | None]:
    hit = first(layers, config.sunset)
    if hit is not None:
        origins["sunset_date"] = hit.where
        return parse_sunset(hit.value), hit.value
    hit = first(layers, config.ttl)
    if hit is not None:
        origins["sunset_date"] = hit.where
        return parse_ttl(hit.value, created_at), f"ttl={hit.value}"
    return None, None


# --- environment ----------------------------------------------------------------------------

PRODUCTION, STAGING, DEVELOPMENT, UNKNOWN = "production", "staging", "development", "unknown"


def normalize_environment(value: str, config: ResolverConfig) -> str | None:
    """An explicit environment value -> production/staging/development; None if unrecognized."""
    text = value.strip().lower()
    for env, values in (
        (PRODUCTION, config.production_values),
        (STAGING, config.staging_values),
        (DEVELOPMENT, config.development_values),
    ):
        if text in values:
            return env
    return None


def environment_from_name(name: str, config: ResolverConfig) -> str | None:
    """A namespace name -> environment by its words: ``ml-prod`` -> production.

    ``non-prod`` and ``nonprod`` are not production; ``pre-prod`` is staging.
    """
    text = name.strip().lower()
    whole = normalize_environment(text, config)
    if whole is not None:
        return whole
    words = [w for w in re.split(r"[-_.]+", text) if w]
    previous = ""
    for word in words:
        env = normalize_environment(word, config)
        if env == PRODUCTION and previous in {"non", "not", "pre"}:
            env = STAGING if previous == "pre" else None
        if env is not None:
            return env
        previous = word
    return None


def _environment(layers: Sequence[TagLayer], config: ResolverConfig, origins: dict[str, str]) -> str | None:
    # An unrecognized explicit value ("perf") does not stop the search: the next key or the
    # namespace may still say; the raw value stays visible in tags.
    for layer in layers:
        for key in config.environment:
            hit = layer.get(key)
            if hit is None:
                continue
            env = normalize_environment(hit[1], config)
            if env is not None:
                origins["environment"] = f"{layer.origin}:{hit[0]}"
                return env
    return None


def namespace_environment(
    namespace: str | None,
    namespace_labels: Mapping[str, str] | None,
    config: ResolverConfig,
) -> tuple[str, str] | None:
    """(environment, resolved_from) from a namespace's labels, else from its name."""
    if namespace_labels:
        origins: dict[str, str] = {}
        found = _environment([TagLayer("namespace-label", namespace_labels)], config, origins)
        if found is not None:
            return found, origins["environment"]
    if namespace:
        env = environment_from_name(namespace, config)
        if env is not None:
            return env, f"namespace:{namespace}"
    return None


# --- lineage and registry links -------------------------------------------------------------


def parse_datasets(value: str) -> tuple[Dataset, ...]:
    """``s3://a/x, s3://b/y`` -> Datasets; a value without a scheme is a dataset name."""
    out: list[Dataset] = []
    for part in value.split(","):
        item = part.strip()
        if not item:
            continue
        if "://" in item or item.startswith("/"):
            out.append(Dataset(uri=item, context="training"))
        else:
            out.append(Dataset(name=item, context="training"))
    return tuple(out)


def _registry_ref(
    layers: Sequence[TagLayer], config: ResolverConfig, origins: dict[str, str]
) -> RegistryRef | None:
    for model_key, version_key in config.registry_links:
        hit = first(layers, (model_key,))
        if hit is None:
            continue
        version = first(layers, (version_key,))
        origins["registry_ref"] = hit.where
        return RegistryRef(name=hit.value, version=version.value if version else None, via=hit.where)
    return None


_MODELS_URI = re.compile(r"models:/([^/@\s]+)(?:/([^/\s]+)|@([^/\s]+))/?")


def registry_ref_from_uri(uri: str, via: str) -> RegistryRef | None:
    """MLflow ``models:/NAME/VERSION`` (or ``models:/NAME@alias``) -> RegistryRef; an Azure ML
    reference (``azureml://registries/R/models/M/versions/V``...) and a Hugging Face Hub reference
    (``hf://ORG/NAME:REV``, scanner/normalize/hub_refs.py) -> RegistryRef too.

    A version that is not a number (a stage such as ``Production``) or an alias is not a pinned
    version: the name is kept, the version is None, the full URI says what was asked for.
    """
    match = _MODELS_URI.fullmatch(uri.strip())
    if not match:
        azure = azure_registry_ref(uri, via)
        if azure is not None:
            return azure
        hub = parse_hub_ref(uri)
        if hub is None:
            return None
        return RegistryRef(name=hub.repo_id, version=hub.revision, uri=uri.strip(), via=via)
    version = match[2] if match[2] and match[2].isdigit() else None
    return RegistryRef(name=match[1], version=version, uri=uri.strip(), via=via)
