"""The PolicyEngine extension point: one evaluation of ``data.mlgov.rules`` over the inventory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from scanner.model import EngineError, Violation

if TYPE_CHECKING:
    from scanner.policy.bundle import PolicyBundle

RULES_ROOT = "data.mlgov.rules"


class PolicyEngine(Protocol):
    name: str

    def version(self) -> str:
        """The engine's own version, recorded in reports."""
        ...

    def evaluate(self, bundle: PolicyBundle, input_doc: Mapping[str, Any]) -> list[Violation]:
        """Evaluate every rule once over the whole input. Raises EngineError, never fails open."""
        ...


def violations_from_rules_tree(tree: Any, origin: str) -> list[Violation]:
    """Flatten every ``deny`` set found under the value of ``data.mlgov.rules``.

    Packages may nest (``mlgov.rules.team.rule``), so we walk objects. A ``deny`` element that
    is not a well-formed violation is a policy bug and stops the scan.
    """
    if not isinstance(tree, dict):
        raise EngineError(
            f"{RULES_ROOT} evaluated to {type(tree).__name__}, expected an object of packages",
            where=origin,
            hint="check that the bundle's rule packages are under mlgov.rules",
        )
    out: list[Violation] = []
    stack: list[tuple[str, dict[str, Any]]] = [("mlgov.rules", tree)]
    while stack:
        package, node = stack.pop()
        for key, value in node.items():
            if key == "deny":
                out.extend(violations_from_deny(value, f"{package}.deny", origin))
            elif isinstance(value, dict):
                stack.append((f"{package}.{key}", value))
    return out


def violations_from_deny(items: Any, path: str, origin: str) -> list[Violation]:
    """Parse one package's ``deny`` value; a malformed element is a policy bug and stops the scan."""
    if not isinstance(items, list):
        raise EngineError(
            f"{path} is not a set", where=origin, hint="define it as `deny contains v if {...}`"
        )
    parsed = []
    for item in items:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("rule"), str)
            and isinstance(item.get("asset"), str)
            and isinstance(item.get("message"), str)
        ):
            raise EngineError(
                f"{path} produced a malformed violation: {str(item)[:200]}",
                where=origin,
                hint='a violation is {"rule": ID, "asset": asset id, "message": text, "evidence": {...}}',
            )
        evidence = item.get("evidence")
        parsed.append(
            Violation(
                rule=item["rule"],
                asset=item["asset"],
                message=item["message"],
                evidence=evidence if isinstance(evidence, dict) else {},
            )
        )
    return parsed
