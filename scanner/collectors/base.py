"""The Collector extension point: read one kind of source into an Inventory.

Partial failure is data: a collector records what it could not read as Coverage entries
(status ``partial`` or ``failed`` with CoverageErrors) and returns what it did read. It raises
only for errors that make the whole scan meaningless (e.g. ``InputError`` when the paths a
user named hold no Kubernetes object or Terraform plan at all); ``CollectorError`` is the type
for those in live sources.
"""

from __future__ import annotations

from typing import Protocol

from scanner.model import Inventory


class Collector(Protocol):
    name: str

    def collect(self) -> Inventory:
        """Read the source. Unreadable parts become coverage errors, never a silent gap."""
        ...
