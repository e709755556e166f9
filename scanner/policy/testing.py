"""Run the bundle's Rego unit tests (`test_` rules in *_test.rego) with the embedded engine."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scanner.model import PolicyError

if TYPE_CHECKING:
    from scanner.policy.bundle import PolicyBundle

_TEST_RULE = re.compile(r"^(test_[A-Za-z0-9_]+)\s*(?:if\b|:?=|\{)", re.MULTILINE)


@dataclass(frozen=True)
class PolicyTestResult:
    package: str
    name: str
    passed: bool
    error: str | None = None
    duration: float = 0.0


def _first_line(exc: BaseException) -> str:
    return str(exc).split("\nStack backtrace:")[0].strip()


def discover_tests(bundle: PolicyBundle) -> list[tuple[str, str]]:
    """(package, test rule) pairs in file order; a rule defined twice (incremental) runs once."""
    found: dict[tuple[str, str], None] = {}
    for module in bundle.tests:
        for name in _TEST_RULE.findall(module.source):
            found[(module.package or "", name)] = None
    return list(found)


def run_policy_tests(bundle: PolicyBundle) -> list[PolicyTestResult]:
    import regorus  # noqa: PLC0415 - native module loaded only when tests run

    engine: Any = regorus.Engine()
    for module in (*bundle.modules, *bundle.tests):
        try:
            engine.add_policy(module.path, module.source)
        except RuntimeError as exc:
            raise PolicyError(f"policy does not compile: {_first_line(exc)}", where=module.path) from exc
    results = []
    for package, name in discover_tests(bundle):
        start = time.perf_counter()
        try:
            raw = json.loads(engine.eval_query_as_json(f"data.{package}.{name}"))
            values = [e["value"] for r in raw.get("result", []) for e in r.get("expressions", [])]
            passed = values == [True]
            error = (
                None
                if passed
                else ("undefined (a condition did not hold)" if not values else f"= {values[0]!r}")
            )
        except RuntimeError as exc:
            passed, error = False, _first_line(exc)
        results.append(PolicyTestResult(package, name, passed, error, time.perf_counter() - start))
    return sorted(results, key=lambda r: (r.package, r.name))
