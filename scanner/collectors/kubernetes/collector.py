"""KubernetesCollector: contexts x kinds as units on a thread pool; partial failure is data.

Per context: discovery, then the Namespaces (their labels are needed to normalize everything
else), then one unit per kind (per kind and namespace with --namespace), each a complete paged
list. Coverage: one entry per unit, scope ``{context}/{Kind}`` or ``{context}/{namespace}/{Kind}``
(plus ``{context}/-`` when the context itself could not be reached).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from scanner.collectors.kubernetes.api import Api, RequestHook
from scanner.collectors.kubernetes.connect import Target, import_client, targets
from scanner.collectors.kubernetes.discovery import Served, discover
from scanner.collectors.kubernetes.errors import KubeRequestError
from scanner.collectors.kubernetes.kinds import NAMESPACE, KindSpec, select_kinds
from scanner.collectors.kubernetes.paging import list_all
from scanner.collectors.kubernetes.settings import KubernetesSettings
from scanner.model import Asset, Coverage, CoverageError, CoverageStatus, Inventory, SourceType, UsageError
from scanner.normalize.access import get_map, get_str
from scanner.normalize.k8s_placement import Placement, link_runs_on, placement
from scanner.normalize.k8s_refs import References
from scanner.normalize.kubernetes import read_k8s_object
from scanner.normalize.resolve import ResolverConfig
from scanner.normalize.tags import string_map
from scanner.text import plural

Progress = Callable[[str], None]
SOURCE = "kubernetes"


@dataclass(frozen=True)
class Unit:
    """One complete list: a kind in a context, cluster-wide or in one namespace."""

    context: str
    spec: KindSpec
    namespace: str | None = None

    @property
    def scope(self) -> str:
        middle = f"{self.namespace}/" if self.namespace is not None else ""
        return f"{self.context}/{middle}{self.spec.label}"


@dataclass
class _Context:
    target: Target
    api: Api | None = None
    served: dict[KindSpec, Served | None] = field(default_factory=dict)
    namespace_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    coverage: list[Coverage] = field(default_factory=list)


class KubernetesCollector:
    name = "kubernetes"

    def __init__(
        self,
        settings: KubernetesSettings | None = None,
        resolver: ResolverConfig | None = None,
        progress: Progress | None = None,
        *,
        on_request: RequestHook | None = None,
    ) -> None:
        self.settings = settings or KubernetesSettings()
        if self.settings.page_size < 1 or self.settings.workers < 1:
            raise UsageError("kubernetes page_size and workers must be at least 1")
        self.kinds = select_kinds(self.settings.kinds)
        self.resolver = resolver or ResolverConfig()
        self.progress = progress or (lambda _: None)
        self.on_request = on_request
        self._lock = threading.Lock()
        self._placements: dict[str, list[Placement]] = {}  # context -> where its Pods run
        self._references = References()  # templates (a TrainJob's runtime) and who uses them

    def collect(self) -> Inventory:
        import_client()
        self._placements = {}
        self._references = References()
        contexts = [_Context(t) for t in targets(self.settings)]
        self.progress(
            f"kubernetes: {plural(len(contexts), 'context')}: {', '.join(c.target.name for c in contexts)}"
        )
        with ThreadPoolExecutor(max_workers=self.settings.workers) as pool:
            list(pool.map(self._prepare, contexts))
            units = [u for c in contexts for u in self._units(c)]
            by_name = {c.target.name: c for c in contexts}
            self.progress(f"kubernetes: listing {plural(len(units), 'unit')} (context x kind)")
            done = [0]
            results = list(pool.map(lambda u: self._read(u, by_name[u.context], len(units), done), units))
        assets = self._references.apply([a for _, found in results for a in found])
        for context, placed in self._placements.items():
            assets = link_runs_on(assets, placed, context)
        coverage = [cov for c in contexts for cov in c.coverage] + [cov for cov, _ in results]
        self.progress(f"kubernetes: {plural(len(assets), 'asset')} from {plural(len(contexts), 'context')}")
        return Inventory(
            assets=tuple(assets), coverage=tuple(coverage), sources=(SourceType.KUBERNETES.value,)
        )

    # --- per context --------------------------------------------------------------------------

    def _prepare(self, ctx: _Context) -> None:
        """Connect, discover, read the Namespaces. A failure here fails the whole context."""
        name = ctx.target.name
        if ctx.target.error is not None:
            ctx.coverage.append(_failed(f"{name}/-", ctx.target.error.coverage_error()))
            return
        s = self.settings
        ctx.api = Api(
            ctx.target.client,
            name,
            timeout=s.timeout,
            max_attempts=s.max_attempts,
            on_request=self.on_request,
        )
        try:
            ctx.served = discover(ctx.api, self.kinds)
        except KubeRequestError as exc:
            ctx.api = None
            ctx.coverage.append(_failed(f"{name}/-", exc.coverage_error()))
            return
        absent = [k.label for k, served in ctx.served.items() if served is None]
        if absent:
            self.progress(f"kubernetes: {name}: not installed, nothing to read: {', '.join(absent)}")
        self._read_namespaces(ctx)

    def _read_namespaces(self, ctx: _Context) -> None:
        assert ctx.api is not None
        served = ctx.served.get(NAMESPACE)
        unit = Unit(ctx.target.name, NAMESPACE)
        if served is None:  # pragma: no cover - every API server serves namespaces
            return
        try:
            if self.settings.namespaces:
                # one GET each: a namespace-scoped reader may not list the others
                items = [ctx.api.get(f"{served.base}/namespaces/{ns}") for ns in self.settings.namespaces]
            else:
                items, restarts = list_all(
                    ctx.api,
                    served.path(NAMESPACE),
                    page_size=self.settings.page_size,
                    max_restarts=self.settings.max_restarts,
                )
                self._restarted(unit, restarts)
        except KubeRequestError as exc:
            # workloads are still read; their environment then falls back to the namespace name
            ctx.coverage.append(_failed(unit.scope, exc.coverage_error()))
            return
        for item in items:
            name = get_str(item, "metadata", "name")
            if name and name not in self.settings.exclude_namespaces:
                ctx.namespace_labels[name] = string_map(get_map(item, "metadata", "labels"))
        ctx.coverage.append(Coverage(SOURCE, unit.scope, CoverageStatus.OK, 0))

    def _units(self, ctx: _Context) -> list[Unit]:
        if ctx.api is None:
            return []
        out: list[Unit] = []
        name = ctx.target.name
        for spec in self.kinds:
            if spec is NAMESPACE:
                continue
            if not spec.namespaced and self.settings.namespaces and spec.kind not in self._asked():
                # a namespace-scoped scan reads cluster-wide kinds (Nodes, LocalModelCaches,
                # ClusterTrainingRuntimes...) only when --kind names them or a kind that uses them
                continue
            if ctx.served.get(spec) is None:
                ctx.coverage.append(Coverage(SOURCE, f"{name}/{spec.label}", CoverageStatus.OK, 0))
                continue
            if spec.namespaced and self.settings.namespaces:
                out += [Unit(name, spec, ns) for ns in self.settings.namespaces]
            else:
                out.append(Unit(name, spec))
        return out

    def _asked(self) -> set[str]:
        return {k.kind for k in select_kinds(self.settings.kinds)} if self.settings.kinds else set()

    # --- per unit -----------------------------------------------------------------------------

    def _read(self, unit: Unit, ctx: _Context, total: int, done: list[int]) -> tuple[Coverage, list[Asset]]:
        assert ctx.api is not None
        served = ctx.served[unit.spec]
        assert served is not None
        s = self.settings
        excluded = set(s.exclude_namespaces) if unit.spec.namespaced else set()
        selector = ",".join(f"metadata.namespace!={ns}" for ns in sorted(excluded)) or None
        try:
            items, restarts = list_all(
                ctx.api,
                served.path(unit.spec, unit.namespace),
                page_size=s.page_size,
                max_restarts=s.max_restarts,
                field_selector=selector if unit.namespace is None else None,
            )
        except KubeRequestError as exc:
            coverage, assets = _failed(unit.scope, exc.coverage_error()), []
        else:
            self._restarted(unit, restarts)
            assets = self._normalize(items, unit, served, ctx, excluded)
            coverage = Coverage(SOURCE, unit.scope, CoverageStatus.OK, len(assets))
        with self._lock:
            done[0] += 1
            if done[0] % 10 == 0 or done[0] == total:
                self.progress(f"kubernetes: {done[0]}/{plural(total, 'unit')} listed")
        return coverage, assets

    def _restarted(self, unit: Unit, restarts: int) -> None:
        if restarts:
            self.progress(
                f"kubernetes: {unit.scope}: list restarted {plural(restarts, 'time')} after 410 Gone"
            )

    def _normalize(
        self, items: list[dict[str, Any]], unit: Unit, served: Served, ctx: _Context, excluded: set[str]
    ) -> list[Asset]:
        out: list[Asset] = []
        for item in items:
            # list items carry no kind/apiVersion (custom resources do): the list says what they are
            item.setdefault("kind", unit.spec.kind)
            item.setdefault("apiVersion", served.api_version)
            namespace = get_str(item, "metadata", "namespace")
            if namespace in excluded:
                continue
            if unit.spec.kind == "Pod" and (placed := placement(item)) is not None:
                with self._lock:
                    self._placements.setdefault(unit.context, []).append(placed)
            found = read_k8s_object(
                item,
                cluster=unit.context,
                location=None,
                resolver=self.resolver,
                namespace_labels=ctx.namespace_labels.get(namespace or "", {})
                if unit.spec.namespaced
                else None,
                source=SourceType.KUBERNETES,
            )
            if found.references is not None:
                with self._lock:
                    self._references.update(found.references)
            if found.asset is not None:
                out.append(found.asset)
        return out


def _failed(scope: str, error: CoverageError) -> Coverage:
    return Coverage(SOURCE, scope, CoverageStatus.FAILED, 0, (error,))
