"""The inventory: normalized assets plus coverage, i.e. what could and could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from scanner.model.asset import Asset


class CoverageStatus(str, Enum):
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


@dataclass(frozen=True)
class CoverageError:
    code: str  # e.g. "parse_error", "template", "AccessDenied", "forbidden", "unreachable"
    message: str
    where: str | None = None  # file:line, API call, URL

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.where:
            out["where"] = self.where
        return out


@dataclass(frozen=True)
class Coverage:
    """One unit of collection: a file, an (account, region, service), a (context, kind)..."""

    source: str  # "file", "kubernetes", "aws", "mlflow", "gcp", "azure", "huggingface"
    scope: str  # path, "123456789012/us-east-1/sagemaker", "ctx/Deployment", tracking URI
    status: CoverageStatus
    assets: int = 0
    errors: tuple[CoverageError, ...] = ()

    @property
    def complete(self) -> bool:
        return self.status is CoverageStatus.OK

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "scope": self.scope,
            "status": self.status.value,
            "assets": self.assets,
            "errors": [e.to_dict() for e in self.errors],
        }


@dataclass(frozen=True)
class Inventory:
    assets: tuple[Asset, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    sources: tuple[str, ...] = field(default=())  # which sources were scanned (scope for MLG012)

    @property
    def complete(self) -> bool:
        return all(c.complete for c in self.coverage)

    def merge(self, other: Inventory) -> Inventory:
        return Inventory(
            assets=self.assets + other.assets,
            coverage=self.coverage + other.coverage,
            sources=tuple(dict.fromkeys(self.sources + other.sources)),
        )
