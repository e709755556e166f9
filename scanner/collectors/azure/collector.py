"""AzureCollector: subscriptions x (workspaces, registries) as units on a thread pool; partial
failure is data.

Credentials are azure-identity's DefaultAzureCredential as it reads them (AZURE_CLIENT_ID,
AZURE_TENANT_ID, AZURE_CLIENT_SECRET or a certificate, workload and managed identity, the Azure
CLI...; AZURE_TOKEN_CREDENTIALS narrows the chain); mlgov never reads a secret itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from scanner.collectors.azure import registries, workspace
from scanner.collectors.azure.client import credential, first_token, ml_client, require_sdk, subscriptions
from scanner.collectors.azure.clouds import Cloud, resolve_cloud
from scanner.collectors.azure.errors import coverage_error
from scanner.collectors.azure.settings import NO_REGISTRIES, READS, AzureSettings
from scanner.collectors.azure.unit import Unit, rest
from scanner.model import Coverage, CoverageError, CoverageStatus, Inventory, SourceType, UsageError
from scanner.normalize.azure import Home
from scanner.normalize.inherit import inherit_from_parents
from scanner.normalize.resolve import ResolverConfig
from scanner.text import plural

Progress = Callable[[str], None]
SOURCE = SourceType.AZURE.value


@dataclass(frozen=True)
class _Found:
    """What discovery found in one subscription: units to read, and what could not be listed."""

    units: tuple[Unit, ...]
    coverage: tuple[Coverage, ...]


class AzureCollector:
    name = SOURCE

    def __init__(
        self,
        settings: AzureSettings | None = None,
        resolver: ResolverConfig | None = None,
        progress: Progress | None = None,
    ):
        self.settings = settings or AzureSettings()
        unknown = sorted(set(self.settings.reads) - set(READS))
        if unknown:
            raise UsageError(
                f"unknown Azure read(s): {', '.join(unknown)}", hint=f"choose from {', '.join(READS)}"
            )
        self.resolver = resolver or ResolverConfig()
        self.progress = progress or (lambda _: None)

    def cloud(self) -> Cloud:
        s = self.settings
        return resolve_cloud(s.cloud, s.arm_endpoint, s.authority_host)

    def collect(self) -> Inventory:
        require_sdk()
        cloud = self.cloud()
        with ExitStack() as open_clients:  # the credential's and clients' connections close after
            cred = open_clients.enter_context(credential(cloud))
            return self._collect(cloud, cred, open_clients)

    def _collect(self, cloud: Cloud, cred: Any, open_clients: ExitStack) -> Inventory:
        try:
            first_token(cred, cloud)
        except Exception as exc:
            where = f"token for {cloud.scope} from {cloud.authority_host}"
            return Inventory(
                coverage=(_failed("-/-/credential", coverage_error(exc, where)),), sources=(SOURCE,)
            )
        coverage: list[Coverage] = []
        subscription_ids = self._subscriptions(cred, cloud, coverage)
        units: list[Unit] = []
        with ThreadPoolExecutor(max_workers=max(1, self.settings.workers)) as pool:
            clients = {
                s: open_clients.enter_context(ml_client(cred, cloud, self.settings, s))
                for s in subscription_ids
            }
            for found in pool.map(lambda s: self._discover(s, clients[s]), subscription_ids):
                units.extend(found.units)
                coverage.extend(found.coverage)
            coverage.extend(self._unmatched_filters(units, coverage))
            self.progress(f"azure: reading {plural(len(units), 'unit')} (workspaces and registries)")
            futures = [pool.submit(_run, u) for u in units]
            for done, _ in enumerate(as_completed(futures), 1):
                if done % 10 == 0 or done == len(futures):
                    self.progress(f"azure: {done}/{plural(len(futures), 'unit')} read")
        for unit in units:
            status = CoverageStatus.OK
            if unit.errors:
                status = CoverageStatus.FAILED if len(unit.errors) >= unit.steps else CoverageStatus.PARTIAL
            coverage.append(Coverage(SOURCE, unit.scope, status, len(unit.assets), tuple(unit.errors)))
        assets = [a for u in units for a in u.assets]
        return Inventory(
            assets=tuple(inherit_from_parents(assets)), coverage=tuple(coverage), sources=(SOURCE,)
        )

    def _subscriptions(self, cred: Any, cloud: Cloud, coverage: list[Coverage]) -> Sequence[str]:
        if self.settings.subscriptions:
            return self.settings.subscriptions
        try:
            found = [str(s["subscriptionId"]) for s in subscriptions(cred, cloud, self.settings)]
        except Exception as exc:
            coverage.append(_failed("-/-/subscriptions", coverage_error(exc, "GET /subscriptions")))
            return []
        if not found:
            error = CoverageError(
                "not_found",
                "the credential sees no subscription; grant it a role on the subscriptions to scan "
                "or name them with --azure-subscription",
                "GET /subscriptions",
            )
            coverage.append(_failed("-/-/subscriptions", error))
        return sorted(found)

    def _discover(self, subscription: str, client: Any) -> _Found:
        coverage: list[Coverage] = []

        def listed(operation: Any, kind: str, plural: str, call: str) -> list[Home]:
            try:
                return [Home.of(raw, kind) for raw in rest(operation.list_by_subscription())]
            except Exception as exc:
                where = f"{subscription}: {call}"
                coverage.append(_failed(f"{subscription}/-/{plural}", coverage_error(exc, where)))
                return []

        homes = listed(client.workspaces, "workspace", "workspaces", "Workspaces_ListBySubscription")
        homes = [h for h in homes if self._wanted_workspace(h)]
        if self.settings.registries != (NO_REGISTRIES,):
            wanted = {r.lower() for r in self.settings.registries}
            registry_homes = listed(
                client.registries, "registry", "registries", "Registries_ListBySubscription"
            )
            homes += [h for h in registry_homes if not wanted or h.name.lower() in wanted]
        s = self.settings
        units = tuple(Unit(subscription, h, client, self.resolver, s.reads, s.fanout) for h in homes)
        return _Found(units, tuple(coverage))

    def _wanted_workspace(self, home: Home) -> bool:
        wanted = self.settings.workspaces
        return not wanted or any(w.lower() in _keys(home) for w in wanted)

    def _unmatched_filters(self, units: Sequence[Unit], coverage: Sequence[Coverage]) -> list[Coverage]:
        """A workspace or registry named in the settings and found in no subscription read is a
        failed unit: the user asked for it, and a scan that silently skipped it would pass. When
        a listing failed, that failure already says why it may be missing."""
        failed = {c.scope.rsplit("/", 1)[-1] for c in coverage if c.status is CoverageStatus.FAILED}
        homes = [u.home for u in units]
        out: list[Coverage] = []
        if not failed & {"subscriptions", "workspaces"}:
            present = {k for h in homes if h.kind == "workspace" for k in _keys(h)}
            for name in self.settings.workspaces:
                if name.lower() not in present:
                    error = CoverageError(
                        "not_found", f"no workspace {name} in the subscriptions read", "--azure-workspace"
                    )
                    out.append(_failed(f"-/-/workspaces/{name}", error))
        if not failed & {"subscriptions", "registries"}:
            present = {h.name.lower() for h in homes if h.kind == "registry"}
            for name in self.settings.registries:
                if name != NO_REGISTRIES and name.lower() not in present:
                    error = CoverageError(
                        "not_found", f"no registry {name} in the subscriptions read", "--azure-registry"
                    )
                    out.append(_failed(f"-/-/registries/{name}", error))
        return out


def _keys(home: Home) -> set[str]:
    """How a workspace filter may name a workspace: NAME or RESOURCE_GROUP/NAME, any case."""
    return {home.name.lower(), f"{home.resource_group}/{home.name}".lower()}


def _failed(scope: str, error: CoverageError) -> Coverage:
    return Coverage(SOURCE, scope, CoverageStatus.FAILED, 0, (error,))


def _run(unit: Unit) -> None:
    """A reader's own failure (before any step) is the unit's failure, not a lost exception."""
    try:
        (registries.read if unit.home.kind == "registry" else workspace.read)(unit)
    except Exception as exc:
        unit.steps += 1
        unit.errors.append(coverage_error(exc, unit.scope))
