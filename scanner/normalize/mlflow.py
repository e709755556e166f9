"""MLflow registry entities -> Assets, resolved with the same tag aliases as every other source.

Plain mappings in, not MLflow classes: the collector turns the client's entities into dicts
(``registered_model_fields``/``model_version_fields`` in scanner/collectors/mlflow/entities.py),
so this module imports nothing from mlflow and can be tested without it.

Environment: the version's own tags first (as everywhere), then the production markers, i.e. an
alias in ``production_aliases`` (default `production`, `champion`) or a deprecated stage in
``production_stages`` (default `Production`). A registered model's environment comes from its tags
only: the versions are what runs, and they carry the markers (a model marked production would
also need lineage of its own, which MLflow records on versions, never on the model).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from scanner.model import Asset, AssetKind, Dataset, Lineage, SourceType
from scanner.normalize.resolve import UNKNOWN, ResolverConfig, TagLayer, resolve, with_declared_model_card
from scanner.normalize.tags import public_tags

PROMPT_TAG = "mlflow.prompt.is_prompt"
GIT_COMMIT_TAG = "mlflow.source.git.commit"
DATASET_CONTEXT_TAG = "mlflow.data.context"
PRODUCTION = "production"


@dataclass(frozen=True)
class ProductionMarkers:
    aliases: tuple[str, ...] = ("production", "champion")
    stages: tuple[str, ...] = ("Production",)

    def marker(self, aliases: Sequence[str], stage: str | None) -> str | None:
        """Where a version's production status comes from ("alias:champion"), or None."""
        wanted = {a.lower() for a in self.aliases}
        for alias in sorted(aliases):
            if alias.lower() in wanted:
                return f"alias:{alias}"
        if stage and stage.lower() in {s.lower() for s in self.stages}:
            return f"stage:{stage}"
        return None


def host_of(tracking_uri: str) -> str:
    """The id's host segment: host[:port], never credentials (user:password@ is dropped)."""
    parts = urlsplit(tracking_uri)
    host = parts.hostname or parts.path or "local"
    return f"{host}:{parts.port}" if parts.port else host


def model_id(host: str, name: str) -> str:
    return f"mlflow://{host}/models/{quote(name, safe='')}"


def version_id(host: str, name: str, version: str) -> str:
    return f"{model_id(host, name)}/versions/{quote(version, safe='')}"


def is_prompt(tags: Mapping[str, str]) -> bool:
    return str(tags.get(PROMPT_TAG, "")).lower() == "true"


def millis(value: Any) -> str | None:
    """MLflow timestamps are epoch milliseconds."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        return None
    when = dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc).replace(microsecond=0)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def registered_model(host: str, model: Mapping[str, Any], resolver: ResolverConfig) -> Asset:
    aliases = tuple(sorted(model.get("aliases") or {}))
    return _asset(
        model_id(host, model["name"]),
        AssetKind.REGISTERED_MODEL,
        model,
        resolver,
        production=None,
        aliases=aliases,
    )


def model_version(
    host: str,
    version: Mapping[str, Any],
    *,
    aliases: Sequence[str],
    lineage: Lineage,
    markers: ProductionMarkers,
    resolver: ResolverConfig,
) -> Asset:
    name, number = version["name"], str(version["version"])
    stage = version.get("current_stage")
    lifecycle = None
    if stage == "Archived":
        lifecycle = "archived"
    elif version.get("status") == "FAILED_REGISTRATION":
        lifecycle = "failed_registration"
    return _asset(
        version_id(host, name, number),
        AssetKind.MODEL_VERSION,
        version,
        resolver,
        production=markers.marker(aliases, stage),
        aliases=tuple(sorted(aliases)),
        version=number,
        parent=model_id(host, name),
        lineage=lineage,
        artifact_uri=version.get("source") or None,
        fallback_lifecycle=lifecycle,
    )


def lineage_of(run: Mapping[str, Any] | None, run_id: str | None) -> Lineage:
    """A run's dataset inputs and source commit (``run`` as the collector reduced it)."""
    if run is None:
        return Lineage(run_id=run_id)
    datasets = tuple(_dataset(item) for item in run.get("dataset_inputs") or ())
    tags = run.get("tags") or {}
    return Lineage(datasets=datasets, run_id=run_id, code_ref=tags.get(GIT_COMMIT_TAG) or None)


def _dataset(item: Mapping[str, Any]) -> Dataset:
    return Dataset(
        name=item.get("name") or None,
        uri=_source_uri(item.get("source")),
        digest=item.get("digest") or None,
        context=(item.get("tags") or {}).get(DATASET_CONTEXT_TAG) or None,
    )


def _source_uri(source: Any) -> str | None:
    """A dataset's source is a JSON document ({"uri": ...}, {"url": ...}, {"path": ...}) or a plain URI."""
    if not isinstance(source, str) or not source:
        return None
    try:
        parsed = json.loads(source)
    except ValueError:
        return source
    if isinstance(parsed, dict):
        for key in ("uri", "url", "path", "table_name", "source"):
            if isinstance(parsed.get(key), str) and parsed[key]:
                return str(parsed[key])
    return None


def _asset(
    asset_id: str,
    kind: AssetKind,
    entity: Mapping[str, Any],
    resolver: ResolverConfig,
    *,
    production: str | None,
    aliases: tuple[str, ...],
    lineage: Lineage | None = None,
    fallback_lifecycle: str | None = None,
    **fields: Any,
) -> Asset:
    tags = {str(k): str(v) for k, v in (entity.get("tags") or {}).items()}
    created = millis(entity.get("creation_timestamp"))
    layers = [TagLayer("tag", tags)]
    resolved = resolve(layers, resolver, created)
    values: dict[str, Any] = resolved.asset_fields()
    origins = dict(resolved.resolved_from)
    environment = resolved.environment
    if environment is None and production is not None:
        environment = PRODUCTION
        origins["environment"] = production
    if values.get("lifecycle") is None and fallback_lifecycle is not None:
        values["lifecycle"] = fallback_lifecycle
        origins["lifecycle"] = "mlflow:current_stage" if fallback_lifecycle == "archived" else "mlflow:status"
    asset = Asset(
        id=asset_id,
        kind=kind,
        source=SourceType.MLFLOW,
        name=entity.get("name"),
        aliases=aliases,
        environment=environment or UNKNOWN,
        lineage=resolved.lineage(lineage),
        created_at=created,
        updated_at=millis(entity.get("last_updated_timestamp")),
        tags=public_tags((tags,)),
        **{**values, "resolved_from": origins},
        **{k: v for k, v in fields.items() if v is not None},
    )
    # MLflow has no model card: tags declare one, per model and per version like approval
    return with_declared_model_card(asset, layers, resolver)
