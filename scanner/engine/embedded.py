"""The default engine: regorus (a Rust Rego interpreter) in process, from gordon-to-regorus."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import metadata
from typing import TYPE_CHECKING, Any

from scanner.engine.base import RULES_ROOT, violations_from_rules_tree
from scanner.engine.options import EngineOptions
from scanner.model import EngineError, PolicyError, Violation

if TYPE_CHECKING:
    from scanner.policy.bundle import PolicyBundle

_DISTRIBUTION = "gordon-to-regorus"


def _first_line(exc: BaseException) -> str:
    # regorus appends a Rust stack backtrace to its messages; users need the first part only
    return str(exc).split("\nStack backtrace:")[0].strip()


class EmbeddedEngine:
    name = "embedded"

    def __init__(self, options: EngineOptions | None = None) -> None:
        del options  # in process: nothing to configure

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
                    f"policy does not compile: {_first_line(exc)}",
                    where=module.path,
                    hint="run `mlgov policy test` for details",
                ) from exc
        return engine

    def evaluate(self, bundle: PolicyBundle, input_doc: Mapping[str, Any]) -> list[Violation]:
        engine = self._engine(bundle)
        try:
            engine.set_input_json(json.dumps(input_doc, separators=(",", ":")))
            raw = engine.eval_query_as_json(RULES_ROOT)
        except RuntimeError as exc:
            raise EngineError(
                f"evaluation failed: {_first_line(exc)}",
                where=f"embedded engine, query {RULES_ROOT}",
                hint="a built-in raised an error; run `mlgov policy test` and check custom policies",
            ) from exc
        return violations_from_rules_tree(_query_value(raw), f"embedded engine, query {RULES_ROOT}")


def _query_value(raw: str) -> Any:
    results = json.loads(raw).get("result") or []
    if not results or not results[0].get("expressions"):
        raise EngineError(
            f"{RULES_ROOT} is undefined",
            where="embedded engine",
            hint="the bundle defines no package under mlgov.rules; check --policy directories",
        )
    return results[0]["expressions"][0]["value"]
