"""A rule's catalog entry (rules/MLGxxx.yaml), joined with its violations to make findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanner.model.severity import Severity


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    applies_to: tuple[str, ...]
    description: str
    rationale: str
    remediation: str  # Markdown
    controls: tuple[str, ...] = ()
    help_uri: str | None = None
    package: str | None = None  # Rego package under mlgov.rules, e.g. "owner_missing"
    planned: bool = False  # catalog entry for a rule a later release implements
    enabled: bool = True
    custom: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "severity": self.severity.value,
            "applies_to": list(self.applies_to),
            "description": self.description,
            "rationale": self.rationale,
            "remediation": self.remediation,
            "controls": list(self.controls),
            "help_uri": self.help_uri,
            "package": self.package,
            "planned": self.planned,
            "enabled": self.enabled,
            "custom": self.custom,
        }
