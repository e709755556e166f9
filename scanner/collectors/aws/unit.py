"""One unit of AWS collection: an (account, region, service). Steps inside a unit fail alone:
a unit whose training jobs are denied still reports its models, as `partial`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from scanner.collectors.aws.errors import coverage_error
from scanner.model import Asset, CoverageError
from scanner.normalize.resolve import ResolverConfig


@dataclass
class Unit:
    account: str
    region: str
    service: str
    session: Any  # boto3.Session for the account
    config: Any  # botocore Config: retries, timeouts
    resolver: ResolverConfig
    assets: list[Asset] = field(default_factory=list)
    errors: list[CoverageError] = field(default_factory=list)
    steps: int = 0

    @property
    def scope(self) -> str:
        return f"{self.account}/{self.region}/{self.service}"

    def client(self, service: str) -> Any:
        return self.session.client(service, region_name=self.region, config=self.config)

    def step(self, name: str, action: Callable[[], None]) -> None:
        """Run one listing; its failure becomes a coverage error for this unit, never an exception."""
        self.steps += 1
        try:
            action()
        except Exception as exc:
            self.errors.append(coverage_error(exc, f"{self.scope}: {name}"))


def paginate(client: Any, operation: str, key: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator(operation).paginate(**kwargs):
        yield from page.get(key, [])
