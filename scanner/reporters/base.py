"""The Reporter extension point.

A reporter turns one ``ScanResult`` into the bytes of one file. It sees nothing else: it never
calls an API, reads an input file or looks at the clock, so every format tells the same story
and the same result always renders to the same bytes (``json`` and ``sarif`` byte for byte;
``table`` too unless ``timing`` is on). A reporter that cannot render raises ``ReportError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from scanner.model import ScanResult

# Where SARIF results on assets without a file of their own (AWS ARNs, MLflow models, stdin)
# point when neither ReportOptions.anchor nor ScanMetadata.anchor names a file. GitHub code
# scanning rejects a whole upload if one result lacks a file and a line, so there must always be
# one. A synthetic name rather than "mlgov.yaml": it does not pretend a config file exists, and it
# is the name under which an inventory snapshot (`mlgov inventory -o mlgov-inventory.json`) can be written.
DEFAULT_ANCHOR = "mlgov-inventory.json"

DEFAULT_WIDTH = 120


@dataclass(frozen=True)
class ReportOptions:
    """How to render; never what to render (that is all in the ScanResult)."""

    # The file that findings on live / non-file assets point at in SARIF (normally the config
    # file). None: ScanMetadata.anchor, else DEFAULT_ANCHOR.
    anchor: str | None = None
    # The repository root: file locations inside it become relative, forward-slash URIs
    # (relative locations are taken as relative to the current directory first). None: paths are
    # used as recorded, with forward slashes.
    base_dir: str | None = None
    color: bool = False  # ANSI styles in terminal formats
    verbose: bool = False  # terminal formats: waived findings as rows, every coverage unit
    timing: bool = False  # terminal formats: show the scan duration (off: reproducible bytes)
    width: int = DEFAULT_WIDTH  # terminal formats: columns to lay the table out in
    # json, markdown, html: also group results by the controls of this framework (--framework)
    framework: str | None = None


class Reporter(Protocol):
    """One report format. Implementations live in one module each, listed in registry.py."""

    name: str  # the --format name
    default_filename: str  # the file name under --output-dir
    media_type: str  # e.g. application/json, for uploads and HTTP responses

    def render(self, result: ScanResult, options: ReportOptions) -> bytes: ...
