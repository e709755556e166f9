"""Which YAML documents need not be parsed at all: those whose kind mlgov never reads, told
from the text alone.

An install bundle is mostly CustomResourceDefinitions (kserve's v0.16.0 ``kserve.yaml``: 3.4 of
its 3.5 MB), RBAC, webhooks and Services. Parsing them was most of a scan's time, and none of
them can yield an asset, a template other assets read, or namespace labels. The kinds that can
are listed once, in scanner/normalize/k8s_kinds.py (``READ_KINDS`` and the ``*List`` kinds).

Why skipping is exact, not a guess. The text was split on document markers first (``---`` and
``...`` at column 0, which YAML forbids inside any scalar), so a chunk is one document and can
neither swallow nor hide another. A chunk is skipped only when all of this holds:

1. its first content line starts at column 0 with a plain scalar (a letter, digit or ``_``),
   so the root is a block mapping at column 0 (libyaml refuses a plain root followed by a key
   line, and a less-indented line after an indented root);
2. every column-0 line is a comment, a bare document marker, a sequence entry (``- x``, the
   compact style of a root key's list), or starts with a letter, digit or ``_``: no key at
   column 0 is quoted, explicit (``?``), anchored, tagged, an alias or a merge (``<<``), so a
   ``kind`` key can only be written as a plain ``kind`` there;
3. exactly one line starts with ``kind`` and a colon, and it reads ``kind: Name`` (``Name``
   optionally quoted, a comment after it), ``Name`` not a kind mlgov reads;
4. before that line, comment lines aside, there is no quote, ``[`` or ``{``: nothing that could
   open a multi-line scalar or flow collection is still open on it, so the line is a key of the
   root mapping (block scalars cannot reach column 0), and by 2 and 3 its only ``kind`` key.

A plain value may go on over more-indented lines (``kind: Secret`` then ``  Deployment`` reads
``Secret Deployment``); a kind with a space in it is never read either. Anything less certain
(flow style, a quoted or repeated ``kind``, a kind line after a quoted value, template text
before it) is parsed as before.

What a skipped document costs: its syntax is not checked, so a broken CRD no longer shows in
coverage; it is counted as a Kubernetes object read. Its content is never seen, which for a
Secret's data is the point.
"""

from __future__ import annotations

import re

from scanner.normalize.k8s_kinds import is_read_kind

# Patterns start with a newline, not ``^`` in MULTILINE mode: a literal prefix lets the regex
# engine jump between lines (``^`` is tried at every character: 0.3 s over a 3.5 MB bundle).
_KIND_KEY = re.compile(r"\nkind[ \t]*:")
_KIND_LINE = re.compile(
    r"kind:[ \t]+([\"']?)([A-Za-z][A-Za-z0-9]*)\1(?:[ \t]+#[^\n]*)?[ \t]*\r?$", re.MULTILINE
)
_BARE_MARKER = r"(?:---|\.\.\.)[ \t]*(?:#[^\n]*)?\r?$"
# a column-0 line that is none of: a plain scalar's start, a comment, blank, a bare marker, or a
# sequence entry (``- x``: a root key's value in the compact style kubectl and kustomize write)
_ODD_COLUMN_0 = re.compile(rf"\n(?!{_BARE_MARKER}|-(?:[ \t]|\r?$))[^A-Za-z0-9_#\s]", re.MULTILINE)
_BLANK_OR_COMMENT = re.compile(rf"[ \t]*(?:#[^\n]*)?\r?$|{_BARE_MARKER}", re.MULTILINE)
_COMMENT_LINE = re.compile(r"^[ \t]*#[^\n]*", re.MULTILINE)
_OPENERS = re.compile(r"[\"'\[{]")


def never_read(chunk: str) -> bool:
    """True when ``chunk`` (one document) certainly has a kind mlgov never reads."""
    text = "\n" + chunk  # every line, the first included, now follows a newline
    keys = _KIND_KEY.finditer(text)
    key = next(keys, None)
    if key is None or next(keys, None) is not None:
        return False
    line_start = key.start() + 1
    value = _KIND_LINE.match(text, line_start)
    if value is None or is_read_kind(value[2]):
        return False
    if not _starts_plain(text, _first_content(text)):
        return False
    before = _COMMENT_LINE.sub("", text[:line_start])
    return _OPENERS.search(before) is None and _ODD_COLUMN_0.search(text) is None


def _first_content(text: str) -> int:
    """Offset of the first line that is not blank, a comment or a bare marker (or the end)."""
    at = 1
    while at < len(text) and _BLANK_OR_COMMENT.match(text, at):
        newline = text.find("\n", at)
        if newline < 0:
            return len(text)
        at = newline + 1
    return at


def _starts_plain(text: str, at: int) -> bool:
    char = text[at : at + 1]
    return char.isascii() and (char.isalnum() or char == "_")
