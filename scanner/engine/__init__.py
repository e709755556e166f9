"""Policy engines: one protocol, several implementations chosen by --engine."""

from scanner.engine.base import PolicyEngine, violations_from_rules_tree
from scanner.engine.input import build_input, format_now
from scanner.engine.registry import available_engines, get_engine

__all__ = [
    "PolicyEngine",
    "available_engines",
    "build_input",
    "format_now",
    "get_engine",
    "violations_from_rules_tree",
]
