"""The error hierarchy. Every user-facing error says what failed, where, and what to do.

Each error maps to an exit code through its class, so the CLI never guesses:
usage, configuration, policy and engine errors exit 2 (fail closed); a source that could
not be fully read is coverage (data), not an exception, and exits 3.
"""

from __future__ import annotations


class MlgovError(Exception):
    """Base class. ``where`` is a file:line, a JSON pointer or an API call; ``hint`` what to do."""

    exit_code = 2

    def __init__(self, what: str, *, where: str | None = None, hint: str | None = None) -> None:
        self.what = what
        self.where = where
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        text = f"{self.where}: {self.what}" if self.where else self.what
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(MlgovError):
    """Bad flags or arguments."""


class ConfigError(MlgovError):
    """mlgov.yaml or a waivers file is invalid."""


class InputError(MlgovError):
    """A manifest, plan or inventory file could not be parsed."""


class PolicyError(MlgovError):
    """The Rego bundle or the rule catalog is invalid."""


class EngineError(MlgovError):
    """The policy engine failed to evaluate (never a silent pass)."""


class CollectorError(MlgovError):
    """A source could not be read; collectors turn this into coverage, not a crash."""


class ReportError(MlgovError):
    """A report could not be written."""
