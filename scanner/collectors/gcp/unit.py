"""One unit of Google Cloud collection: a (project, location, service). Steps inside a unit fail
alone: a unit whose custom jobs are denied still reports its models, as `partial`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from scanner.collectors.gcp.errors import coverage_error
from scanner.model import Asset, CoverageError, CoverageStatus
from scanner.normalize.resolve import ResolverConfig

PROJECT_WIDE = "-"  # the location of a project-wide unit (Workbench across zones, the Locations call)


@dataclass
class Unit:
    project: str
    location: str
    service: str
    resolver: ResolverConfig
    assets: list[Asset] = field(default_factory=list)
    errors: list[CoverageError] = field(default_factory=list)
    steps: int = 0
    failed_steps: int = 0  # listings that failed outright (other errors leave a step standing)

    @property
    def scope(self) -> str:
        return f"{self.project}/{self.location}/{self.service}"

    @property
    def parent(self) -> str:
        return f"projects/{self.project}/locations/{self.location}"

    def step(self, name: str, action: Callable[[], None]) -> None:
        """Run one listing; its failure becomes a coverage error for this unit, never an exception."""
        self.steps += 1
        try:
            action()
        except Exception as exc:
            self.failed_steps += 1
            self.errors.append(coverage_error(exc, f"{self.scope}: {name}"))

    @property
    def status(self) -> CoverageStatus:
        if not self.errors:
            return CoverageStatus.OK
        return CoverageStatus.FAILED if self.failed_steps >= self.steps else CoverageStatus.PARTIAL
