"""The default engine: regorus (a Rust Rego interpreter), from gordon-to-regorus.

Small inventories are evaluated in this process. Large ones are spread over worker processes, one
per usable CPU, each holding its own copy of the input and taking rule packages one at a time:
regorus holds the GIL, so threads would not run in parallel.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from typing import TYPE_CHECKING, Any

from scanner.engine.base import RULES_ROOT, violations_from_deny
from scanner.engine.input import encode_input
from scanner.engine.options import EngineOptions
from scanner.engine.regorus_worker import first_line
from scanner.engine.worker_pool import evaluate_in_workers, evaluation_failed
from scanner.gc_pause import gc_paused
from scanner.model import EngineError, PolicyError, Violation

if TYPE_CHECKING:
    from scanner.policy.bundle import PolicyBundle

_DISTRIBUTION = "gordon-to-regorus"

# Below this many assets a worker's start-up and its own parse of the input cost more than the
# second core gives back (docs/benchmarks.md).
PARALLEL_MIN_ASSETS = 10_000


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0))


def deny_queries(bundle: PolicyBundle) -> list[str]:
    """One query per rule package, in package order: ``data.mlgov.rules.<package>.deny``."""
    return [f"{RULES_ROOT}.{package}.deny" for package in sorted(bundle.rule_packages())]


def _by_size(bundle: PolicyBundle, queries: Sequence[str]) -> list[str]:
    # Longest first (source size stands in for cost), so the last package handed out is a short one.
    size: dict[str, int] = {}
    for module in bundle.modules:
        key = f"data.{module.package}.deny"
        size[key] = size.get(key, 0) + len(module.source)
    return sorted(queries, key=lambda q: -size.get(q, 0))


class EmbeddedEngine:
    name = "embedded"

    def __init__(self, options: EngineOptions | None = None) -> None:
        self._jobs = (options or EngineOptions()).jobs

    def version(self) -> str:
        try:
            return f"regorus {metadata.version(_DISTRIBUTION)}"
        except metadata.PackageNotFoundError:  # pragma: no cover - a broken install
            return "regorus (unknown version)"

    def _engine(self, bundle: PolicyBundle) -> Any:
        try:
            import regorus  # noqa: PLC0415 - native module loaded only when a scan evaluates
        except ImportError as exc:  # pragma: no cover - a broken install
            raise EngineError(
                "the embedded engine needs the `regorus` module",
                hint=f"pip install {_DISTRIBUTION}, or use --engine opa",
            ) from exc
        engine = regorus.Engine()
        for module in bundle.modules:
            try:
                engine.add_policy(module.path, module.source)
            except RuntimeError as exc:
                raise PolicyError(
                    f"policy does not compile: {first_line(exc)}",
                    where=module.path,
                    hint="run `mlgov policy test` for details",
                ) from exc
        return engine

    def jobs_for(self, input_doc: Mapping[str, Any], packages: int) -> int:
        """Worker processes for this input: as configured, else one per CPU for large inventories."""
        if self._jobs is not None:
            return max(1, min(self._jobs, packages))
        if len(input_doc.get("assets") or ()) < PARALLEL_MIN_ASSETS:
            return 1
        return max(1, min(usable_cpus(), packages))

    def evaluate(self, bundle: PolicyBundle, input_doc: Mapping[str, Any]) -> list[Violation]:
        queries = deny_queries(bundle)
        if not queries:
            raise EngineError(
                f"{RULES_ROOT} is undefined",
                where="embedded engine",
                hint="the bundle defines no package under mlgov.rules; check --policy directories",
            )
        engine = self._engine(bundle)  # compiles every module here, so errors name the module
        found: dict[str, list[Violation]] = {}

        def collect(query: str, raw: str | bytes) -> None:
            found[query] = _violations(query, raw)

        jobs = self.jobs_for(input_doc, len(queries))
        # The results are acyclic dicts and strings; with the collector off, building 200,000
        # violations next to a 100,000-asset input takes a third of the time.
        with gc_paused():
            if jobs > 1:
                del engine
                modules = [(m.path, m.source) for m in bundle.modules]
                encoded = functools.partial(encode_input, input_doc)
                evaluate_in_workers(modules, encoded, _by_size(bundle, queries), jobs, collect)
            else:
                self._evaluate_here(engine, encode_input(input_doc).decode(), queries, collect)
        # package order, not arrival order: the same inventory always lists violations alike
        return [v for query in queries for v in found[query]]

    @staticmethod
    def _evaluate_here(
        engine: Any, payload: str, queries: Sequence[str], collect: Callable[[str, str], None]
    ) -> None:
        query = "input"
        try:
            engine.set_input_json(payload)
            for query in queries:
                collect(query, engine.eval_query_as_json(query))
        except RuntimeError as exc:
            raise evaluation_failed(first_line(exc), query) from exc


def _violations(query: str, raw: str | bytes) -> list[Violation]:
    results = json.loads(raw).get("result") or []
    if not results or not results[0].get("expressions"):
        return []  # the package defines no deny rule, or no deny rule fired
    path = query.removeprefix("data.")
    return violations_from_deny(
        results[0]["expressions"][0]["value"], path, f"embedded engine, query {query}"
    )
