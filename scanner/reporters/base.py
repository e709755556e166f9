"""The Reporter extension point. Reporters see only a ScanResult: they never call an API or read
an input file, so every format tells the same story."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from scanner.model import ScanResult

# Findings on assets that have no file of their own (live sources) point at this file in SARIF
# when no config file or --anchor is given: GitHub rejects results without a physical location.
DEFAULT_ANCHOR = "mlgov.yaml"


@dataclass(frozen=True)
class ReportOptions:
    anchor: str | None = None
    base_dir: str | None = None  # make file URIs relative to this directory (the repo root)
    color: bool = False
    width: int = 120


class Reporter(Protocol):
    name: str
    default_filename: str
    media_type: str

    def render(self, result: ScanResult, options: ReportOptions) -> bytes: ...
