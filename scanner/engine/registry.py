"""Engines by name, imported on first use (no import side effects, no if-chains)."""

from __future__ import annotations

from scanner.engine.base import PolicyEngine
from scanner.engine.options import EngineOptions
from scanner.lazy import load
from scanner.model import UsageError

_ENGINES: dict[str, str] = {
    "embedded": "scanner.engine.embedded:EmbeddedEngine",
    "opa": "scanner.engine.opa_local:LocalOpaEngine",
    "opa-server": "scanner.engine.opa_server:OpaServerEngine",
}


def available_engines() -> tuple[str, ...]:
    return tuple(sorted(_ENGINES))


def get_engine(name: str, options: EngineOptions | None = None) -> PolicyEngine:
    target = _ENGINES.get(name)
    if target is None:
        raise UsageError(
            f"unknown engine {name!r}",
            hint=f"choose one of: {', '.join(available_engines())}",
        )
    engine: PolicyEngine = load(target)(options or EngineOptions())
    return engine
