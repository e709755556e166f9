"""One unit of Azure collection: a (subscription, workspace) or a (subscription, registry).
Steps inside a unit fail alone: a workspace whose jobs are denied still reports its models,
as `partial`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from scanner.collectors.azure.errors import coverage_error
from scanner.model import Asset, CoverageError
from scanner.normalize.azure import Home, Json
from scanner.normalize.resolve import ResolverConfig


@dataclass
class Unit:
    subscription: str
    home: Home
    client: Any  # MachineLearningServicesMgmtClient of the subscription
    resolver: ResolverConfig
    reads: tuple[str, ...]
    fanout: int = 4  # concurrent per-model version listings inside the unit
    assets: list[Asset] = field(default_factory=list)
    errors: list[CoverageError] = field(default_factory=list)
    steps: int = 0

    @property
    def scope(self) -> str:
        plural = "registries" if self.home.kind == "registry" else "workspaces"
        return f"{self.subscription}/{self.home.resource_group}/{plural}/{self.home.name}"

    def step(self, name: str, action: Callable[[], None]) -> None:
        """Run one listing; its failure becomes a coverage error for this unit, never an exception."""
        self.steps += 1
        try:
            action()
        except Exception as exc:
            self.errors.append(coverage_error(exc, f"{self.scope}: {name}"))


def each_concurrently(
    unit: Unit, keys: Sequence[str], listing: Callable[[str], Iterable[Any]]
) -> Iterator[tuple[str, list[Json]]]:
    """(key, items) for each key, the listings run `unit.fanout` at a time, in the keys' order: a
    workspace with 1,000 models needs 1,000 version listings, and Resource Manager answers each
    in a tenth of a second or more. The first failure is raised, as a sequential loop would."""
    with ThreadPoolExecutor(max_workers=max(1, unit.fanout)) as pool:
        yield from zip(keys, pool.map(lambda key: list(rest(listing(key))), keys), strict=True)


def rest(items: Iterable[Any]) -> Iterator[Json]:
    """SDK models -> the REST JSON they came from (camelCase keys, read-only fields kept): the
    normalizers read the API's own field names, and only fields the API description defines
    survive the SDK's deserialization."""
    for item in items:
        yield item.serialize(keep_readonly=True)
