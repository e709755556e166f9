"""Hugging Face Hub models -> Assets (docs/huggingface.md).

A Hub model repo is a ``registered_model`` whose id is its page,
``https://huggingface.co/ORG/NAME`` (the endpoint's own host for a private hub). Each revision
that can be pinned is a ``model_version``: the head of the default branch, and each git tag, one
asset per distinct commit, id ``.../ORG/NAME/commit/SHA``, version the full sha, aliases the
branch and tag names that point at it (``main``, ``v1.0``).

The model card is the repo's README.md, and its YAML front matter is what the Hub returns as
``cardData``. Governance keys are read from it in two layers: the ``mlgov:`` mapping first
(``mlgov: {owner: ..., sunset-date: ...}``), then the front matter's own top-level keys
(``owner: ...``), each through the usual alias lists. Lineage is native: the card's ``datasets``
(Hub dataset ids) and ``base_model``. The card is approved when its ``model-card-status`` key says
``approved``; a README without that key is a ``draft``.

A version carries its repo's card: the Hub keeps one README per commit, and mlgov reads the one
at the head, so every version's governance fields are the repo's (``resolved_from`` says
``inherited:<repo id>``). Plain mappings in: the collector reduces huggingface_hub's objects to
dicts first (scanner/collectors/huggingface/entities.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.model import Asset, AssetKind, Dataset, Lineage, ModelCard, SourceType
from scanner.normalize.resolve import UNKNOWN, Resolved, ResolverConfig, TagLayer, card_status, first, resolve
from scanner.normalize.tags import public_tags, string_map

MLGOV_KEY = "mlgov"
DEFAULT_BRANCH = "main"
CARD_FILE = "README.md"
# governance a version takes from its repo (owner, classification, risk tier, cost center and
# sunset are inherited by scanner/normalize/inherit.py as for every registry)
_FROM_REPO = ("environment", "lifecycle", "approval_status", "model_card")


def repo_url(endpoint: str, repo_id: str) -> str:
    return f"{endpoint.rstrip('/')}/{repo_id}"


def commit_url(endpoint: str, repo_id: str, sha: str) -> str:
    return f"{repo_url(endpoint, repo_id)}/commit/{sha}"


@dataclass(frozen=True)
class Card:
    """The front matter's governance layers and facts, read once per repo."""

    layers: tuple[TagLayer, ...]
    lineage: Lineage
    facts: Mapping[str, str]  # published as tags: the card's scalar keys and its mlgov mapping


def read_card(card: Mapping[str, Any] | None) -> Card:
    front = dict(card or {})
    own = string_map(front.get(MLGOV_KEY))
    top = string_map({k: v for k, v in front.items() if k != MLGOV_KEY})
    layers = (TagLayer("card:mlgov", own), TagLayer("card", top))
    facts = {**top, **{f"{MLGOV_KEY}.{k}": v for k, v in own.items()}}
    return Card(layers=layers, lineage=_lineage(front), facts=facts)


def _lineage(front: Mapping[str, Any]) -> Lineage:
    """The card's own lineage: Hub datasets it was trained on, and the models it derives from."""
    datasets = tuple(
        Dataset(name=name, uri=name if "://" in name else f"hf://datasets/{name}", context="training")
        for name in _names(front.get("datasets"))
    )
    bases = [name if "://" in name else f"hf://{name}" for name in _names(front.get("base_model"))]
    return Lineage(datasets=datasets, base_model=", ".join(bases) or None)


def _names(value: Any) -> list[str]:
    """A card field that holds one name or a list of them."""
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def registered_model(endpoint: str, model: Mapping[str, Any], resolver: ResolverConfig) -> Asset:
    repo_id = str(model["id"])
    card = read_card(model.get("card"))
    created = model.get("created_at")
    resolved = resolve(card.layers, resolver, created)
    origins = dict(resolved.resolved_from)
    if card.lineage.datasets:
        origins["lineage"] = "card:datasets"  # native lineage outranks a training-data key
    return Asset(
        id=repo_url(endpoint, repo_id),
        kind=AssetKind.REGISTERED_MODEL,
        source=SourceType.HUGGINGFACE,
        name=repo_id,
        **resolved.asset_fields(),
        environment=resolved.environment or UNKNOWN,
        lineage=resolved.lineage(card.lineage),
        model_card=_model_card(endpoint, model, card, resolved, resolver),
        tags=public_tags((card.facts, _hub_facts(model))),
        created_at=created,
        updated_at=model.get("last_modified"),
        resolved_from=origins,
    )


def versions(endpoint: str, model: Mapping[str, Any], tags: Mapping[str, str], repo: Asset) -> list[Asset]:
    """One model version per distinct commit among the default branch's head and the git tags."""
    repo_id = str(model["id"])
    aliases: dict[str, list[str]] = {}
    head = model.get("sha")
    if isinstance(head, str) and head:
        aliases.setdefault(head, []).append(DEFAULT_BRANCH)
    for name, sha in sorted(tags.items()):
        aliases.setdefault(sha, []).append(name)
    inherited = f"inherited:{repo.id}"
    origins = {name: inherited for name in _FROM_REPO if getattr(repo, name) not in (None, UNKNOWN)}
    if not repo.lineage.is_empty:
        origins["lineage"] = inherited
    return [
        Asset(
            id=commit_url(endpoint, repo_id, sha),
            kind=AssetKind.MODEL_VERSION,
            source=SourceType.HUGGINGFACE,
            name=repo_id,
            version=sha,
            aliases=tuple(sorted(names)),
            environment=repo.environment,
            lifecycle=repo.lifecycle,
            approval_status=repo.approval_status,
            model_card=repo.model_card,
            lineage=repo.lineage,
            artifact_uri=f"hf://{repo_id}@{sha}",
            parent=repo.id,
            updated_at=model.get("last_modified") if sha == head else None,
            resolved_from=origins,
        )
        for sha, names in sorted(aliases.items())
    ]


def _model_card(
    endpoint: str, model: Mapping[str, Any], card: Card, resolved: Resolved, resolver: ResolverConfig
) -> ModelCard | None:
    """The README is the card; a repo without one has no card (files unknown: the front matter
    the Hub parsed proves there is one)."""
    files: Sequence[str] | None = model.get("files")
    present = CARD_FILE in files if files is not None else model.get("card") is not None
    if not present:
        return None
    hit = first(card.layers, resolver.model_card_status)
    status = card_status(hit.value) if hit else "draft"
    revision = model.get("sha") or DEFAULT_BRANCH
    return ModelCard(
        status=status,
        risk_rating=resolved.risk_tier,
        owner=resolved.owner,
        uri=f"{repo_url(endpoint, str(model['id']))}/blob/{revision}/{CARD_FILE}",
        updated_at=model.get("last_modified"),
    )


def _hub_facts(model: Mapping[str, Any]) -> dict[str, str]:
    """What the Hub itself says about the repo, as tags: visibility, gating, state."""
    facts = {"hf.private": _flag(model.get("private")), "hf.gated": _flag(model.get("gated"))}
    if model.get("disabled"):
        facts["hf.disabled"] = "true"
    return {k: v for k, v in facts.items() if v is not None}


def _flag(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # gated: "auto" or "manual"
