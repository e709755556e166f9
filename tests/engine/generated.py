"""Generated inventories for parity tests and benchmarks: every kind, random tag mixes, edge dates.

Deterministic by seed, so a parity failure can be replayed.
"""

from __future__ import annotations

import datetime as dt
import random

from scanner.model import (
    Accelerator,
    Asset,
    AssetKind,
    Dataset,
    Inventory,
    Lineage,
    Location,
    ModelCard,
    RegistryRef,
    SourceType,
)

TODAY = dt.date(2026, 11, 22)
OWNERS = ("ml-platform@example.com", "team-fraud", "group:search", "John Smith", "x", "Gone@Example.com")
CLASSES = ("public", "internal", "confidential", "restricted", "secret", "Internal ")
ENVIRONMENTS = ("production", "staging", "development", "unknown")
LIFECYCLES = ("active", "deprecated", "retired", "archived", "inservice", "inprogress")


def _edge_dates() -> list[str]:
    """Dates around every boundary the rules compare against."""
    offsets = (-400, -1, 0, 1, 29, 30, 31, 364, 365, 366, 3650)
    dates = [(TODAY + dt.timedelta(days=d)).isoformat() for d in offsets]
    return [*dates, "2028-02-29", "2027-12-31"]


def _maybe(rng: random.Random, value: object, p: float = 0.7) -> object:
    return value if rng.random() < p else None


def generated_asset(i: int, rng: random.Random) -> Asset:
    kind = list(AssetKind)[i % len(AssetKind)]
    dates = _edge_dates()
    sunset_raw = rng.choice([*dates, "someday", "31/12/2027", None, None])
    sunset_date = sunset_raw if sunset_raw and sunset_raw[:4].isdigit() and sunset_raw[4] == "-" else None
    datasets = tuple(
        Dataset(uri=f"s3://datasets/d{rng.randrange(50)}", classification=rng.choice([*CLASSES[:4], None]))
        for _ in range(rng.choice((0, 0, 1, 2)))
    )
    owner = rng.choice([*OWNERS, None])
    classification = rng.choice([*CLASSES, None])
    return Asset(
        id=f"k8s://-/ns-{i % 13}/{kind.value}/asset-{i}",
        kind=kind,
        source=rng.choice(list(SourceType)),
        name=rng.choice([f"asset-{i}", None]),
        owner=owner,
        sunset_raw=sunset_raw,
        sunset_date=sunset_date,
        classification=classification.strip().lower() if classification else None,
        environment=rng.choice(ENVIRONMENTS),
        lifecycle=rng.choice([*LIFECYCLES, None]),
        lineage=Lineage(
            datasets=datasets,
            run_id=_maybe(rng, f"run-{i}", 0.4),  # type: ignore[arg-type]
            job=_maybe(rng, f"job-{i}", 0.2),  # type: ignore[arg-type]
        ),
        registry_ref=_reference(i, rng),
        approval_status=rng.choice(["Approved", "PendingManualApproval", "approved", None, None]),
        risk_tier=rng.choice(["high", "low", None, None]),
        model_card=rng.choice([ModelCard(status="approved"), ModelCard(status="draft"), None, None]),
        image=rng.choice(["vllm/vllm-openai:latest", "server@sha256:" + "0" * 64, "server:v1", None]),
        updated_at=rng.choice([f"{d}T08:00:00Z" for d in dates[:4]] + [None]),
        accelerator=Accelerator(vendor="nvidia", model="A100", count=rng.randrange(1, 9))
        if rng.random() < 0.2
        else None,
        artifact_uri=_maybe(rng, f"s3://models/m{i}/model.tar.gz", 0.4),  # type: ignore[arg-type]
        location=Location(f"k8s/team-{i % 7}/asset-{i}.yaml", 1 + i % 40),
        tags={"team": f"t{i % 5}"},
    )


def _reference(i: int, rng: random.Random) -> RegistryRef | None:
    """30% of assets reference a model; half of those were linked by correlation to an asset of
    the inventory (any kind: the rules' indexes must ignore targets that are not versions)."""
    if rng.random() >= 0.3:
        return None
    j = i - i % len(AssetKind) + list(AssetKind).index(AssetKind.MODEL_VERSION)  # a version nearby
    target = f"k8s://-/ns-{j % 13}/model_version/asset-{j}" if rng.random() < 0.5 else None
    return RegistryRef(
        name=f"model-{i % 97}", version=str(i % 5), target=target, registry=rng.choice(["mlflow", None])
    )


def generated_inventory(count: int, seed: int = 20261122) -> Inventory:
    rng = random.Random(seed)
    # mlflow among the sources: MLG012 judges unresolved references into it
    return Inventory(assets=tuple(generated_asset(i, rng) for i in range(count)), sources=("file", "mlflow"))


def governed_asset(i: int) -> Asset:
    """An asset of a well-run estate: every rule passes on it (owner, sunset, classification,
    lineage, a resolved registry link, a pinned image)."""
    kind = list(AssetKind)[i % len(AssetKind)]
    return Asset(
        id=f"k8s://-/ns-{i % 13}/{kind.value}/governed-{i}",
        kind=kind,
        source=SourceType.FILE,
        name=f"governed-{i}",
        owner="ml-platform@example.com",
        sunset_date="2027-06-30",
        sunset_raw="2027-06-30",
        classification="confidential",
        environment="production",
        cost_center="cc-42",
        approval_status="Approved",
        lineage=Lineage(
            datasets=(Dataset(uri="s3://datasets/d1", classification="confidential"),), run_id=f"r{i}"
        ),
        registry_ref=RegistryRef(name="fraud", version="7", target="mlflow://h/models/fraud/versions/7"),
        artifact_uri=f"s3://models/m{i}/model.tar.gz",
        image="server@sha256:" + "0" * 64,
        location=Location(f"k8s/team-{i % 7}/governed-{i}.yaml", 1),
        tags={"team": f"t{i % 5}"},
    )


def governed_inventory(count: int, governed_share: float = 0.9, seed: int = 20261122) -> Inventory:
    """A realistic estate: ``governed_share`` of the assets pass every rule, the rest are the
    adversarial generated mix."""
    rng = random.Random(seed)
    cut = int(count * governed_share)
    assets = [governed_asset(i) if i < cut else generated_asset(i, rng) for i in range(count)]
    return Inventory(assets=tuple(assets), sources=("file", "mlflow"))
