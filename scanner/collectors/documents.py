"""Parsed documents and parse failures: what the YAML and JSON readers hand the collector."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One parsed document and where it starts.

    ``line`` is the 1-based line of the document's first content line (a ``---`` marker line
    counts only when content follows on it). ``item_lines`` holds, for a ``*List`` document, the
    line where each element of ``items`` starts, in order (empty when unknown).
    """

    data: Any
    line: int
    item_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class ParsedStream:
    """What one file or stream held: its documents, a failure per document that could not be
    read (or that was read with a warning, such as ``duplicate_key``), and how many documents
    were left unparsed because mlgov never reads their kind (CRDs, RBAC, Secrets...)."""

    documents: list[Document] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    skipped: int = 0


class ParseFailure(Exception):
    """A file or a document could not be read. ``code`` is the CoverageError code."""

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


class LineIndex:
    """Character offset -> 1-based line, with one pass over the text."""

    def __init__(self, text: str) -> None:
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._newlines, offset) + 1
