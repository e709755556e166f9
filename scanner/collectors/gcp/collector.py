"""GcpCollector: projects x locations (Vertex AI) and projects (Workbench) as units on a thread
pool; partial failure is data.

Credentials are Application Default Credentials, as every Google client reads them
(GOOGLE_APPLICATION_CREDENTIALS, `gcloud auth application-default login`, the metadata server).
`all` locations are what the Vertex AI Locations API lists for each project, so a region Google
adds is read without a release of mlgov.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from scanner.collectors.gcp import vertex, workbench
from scanner.collectors.gcp.client import Api, default_credentials, require_client
from scanner.collectors.gcp.errors import NO_ADC, coverage_error
from scanner.collectors.gcp.settings import ALL_LOCATIONS, SERVICES, GcpSettings
from scanner.collectors.gcp.unit import PROJECT_WIDE, Unit
from scanner.model import Coverage, CoverageError, CoverageStatus, Inventory, SourceType, UsageError
from scanner.normalize.inherit import inherit_from_parents
from scanner.normalize.resolve import ResolverConfig
from scanner.text import plural

Progress = Callable[[str], None]
SOURCE = SourceType.GCP.value


class GcpCollector:
    name = SOURCE

    def __init__(
        self,
        settings: GcpSettings | None = None,
        resolver: ResolverConfig | None = None,
        progress: Progress | None = None,
    ):
        self.settings = settings or GcpSettings()
        unknown = sorted(set(self.settings.services) - set(SERVICES))
        if unknown:
            raise UsageError(
                f"unknown Google Cloud service(s): {', '.join(unknown)}",
                hint=f"choose from {', '.join(SERVICES)}",
            )
        self.resolver = resolver or ResolverConfig()
        self.progress = progress or (lambda _: None)

    def collect(self) -> Inventory:
        require_client()
        credentials, default_project = self._credentials()
        projects = self.settings.projects or ((default_project,) if default_project else ())
        if not projects:
            raise UsageError(
                "--source gcp needs a project",
                where="--gcp-project",
                hint="pass --gcp-project PROJECT (repeatable), list sources.gcp.projects in mlgov.yaml, "
                "or set GOOGLE_CLOUD_PROJECT",
            )
        coverage: list[Coverage] = []
        if credentials is None:  # no ADC at all: every project is unread, and says why
            named = bool(os.environ.get("GOOGLE_APPLICATION_CREDENTIALS"))
            error = CoverageError(
                "no_credentials",
                "the file GOOGLE_APPLICATION_CREDENTIALS names could not be loaded as credentials"
                if named
                else NO_ADC,
                "google.auth.default",
            )
            coverage = [_failed(f"{p}/{PROJECT_WIDE}/auth", error) for p in projects]
            return Inventory(coverage=tuple(coverage), sources=(SOURCE,))
        units = self._units(projects, credentials, coverage)
        self.progress(f"gcp: reading {plural(len(units), 'unit')} (project x location x service)")
        with ThreadPoolExecutor(max_workers=max(1, self.settings.workers)) as pool:
            futures = [pool.submit(self._run, unit, credentials) for unit in units]
            for done, _ in enumerate(as_completed(futures), 1):
                if done % 10 == 0 or done == len(futures):
                    self.progress(f"gcp: {done}/{plural(len(futures), 'unit')} read")
        for unit in units:
            coverage.append(Coverage(SOURCE, unit.scope, unit.status, len(unit.assets), tuple(unit.errors)))
        assets = [a for u in units for a in u.assets]
        return Inventory(
            assets=tuple(inherit_from_parents(assets)), coverage=tuple(coverage), sources=(SOURCE,)
        )

    def _credentials(self) -> tuple[Any, str | None]:
        from google.auth.exceptions import DefaultCredentialsError  # noqa: PLC0415 - the gcp extra

        try:
            return default_credentials()
        except DefaultCredentialsError:
            return None, None

    def _units(self, projects: Sequence[str], credentials: Any, coverage: list[Coverage]) -> list[Unit]:
        s = self.settings
        every = ALL_LOCATIONS in s.locations
        units: list[Unit] = []
        for project in projects:
            if "vertex" in s.services:
                locations = self._locations(project, credentials, coverage) if every else s.locations
                units += [Unit(project, location, "vertex", self.resolver) for location in locations]
            if "workbench" in s.services:
                units.append(Unit(project, PROJECT_WIDE, "workbench", self.resolver))
        return units

    def _locations(self, project: str, credentials: Any, coverage: list[Coverage]) -> Sequence[str]:
        """Every Vertex AI location this project can use (aiplatform projects.locations.list)."""
        s = self.settings
        try:
            api = self._api("aiplatform", "v1", _global(s.endpoint), credentials)
            listed = api.pages(
                api.resource.projects().locations().list, "locations", name=f"projects/{project}"
            )
            return sorted({str(loc["locationId"]) for loc in listed if loc.get("locationId")})
        except Exception as exc:
            scope = f"{project}/{PROJECT_WIDE}/locations"
            coverage.append(_failed(scope, coverage_error(exc, f"{scope}: locations.list")))
            return []

    def _run(self, unit: Unit, credentials: Any) -> None:
        """A unit's own failure (before any step: building its client) is the unit's failure."""
        s = self.settings
        try:
            if unit.service == "vertex":
                endpoint = s.endpoint.replace("{location}", unit.location)
                vertex.read(unit, self._api("aiplatform", "v1", endpoint, credentials), s.page_size)
            else:
                api = self._api("notebooks", "v2", s.workbench_endpoint, credentials)
                every = ALL_LOCATIONS in s.locations
                workbench.read(unit, api, s.page_size, None if every else frozenset(s.locations))
        except Exception as exc:
            unit.steps += 1
            unit.failed_steps += 1
            unit.errors.append(coverage_error(exc, unit.scope))

    def _api(self, name: str, version: str, endpoint: str, credentials: Any) -> Api:
        s = self.settings
        return Api.build(
            name,
            version,
            endpoint=endpoint,
            credentials=credentials,
            timeout=s.timeout,
            max_attempts=s.max_attempts,
            max_retry_after=s.max_retry_after,
        )


def _global(endpoint: str) -> str:
    """The regional endpoint template without its region: the global endpoint answers Locations."""
    return endpoint.replace("{location}-", "").replace("{location}", "us-central1")


def _failed(scope: str, error: CoverageError) -> Coverage:
    return Coverage(SOURCE, scope, CoverageStatus.FAILED, 0, (error,))
