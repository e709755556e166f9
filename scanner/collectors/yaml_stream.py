"""Multi-document YAML -> Documents with their start lines, safe against hostile input.

How: the text is split on document markers (``---`` / ``...`` at column 0, which YAML forbids
inside any scalar, so the split is exact), and each document is composed once with libyaml
(``CSafeLoader``) and constructed from that node tree. The root node's mark gives the
document's first content line, the ``items`` nodes give each List element's line: no second
parse. A broken document is reported and the others are still read.

Valid YAML is never refused for its tags: a bare ``=`` (kustomize's ``delimiter: =``, which
PyYAML resolves to the ``value`` tag its safe constructor refuses) is the string ``=``, and an
unknown tag (``!Sub``, ``!reference``, ``!!python/name:...``) is read as the plain scalar,
sequence or mapping it tags: never resolved to a Python object, never executed.

A document whose kind mlgov never reads (a CRD, RBAC, a Secret) is counted, not parsed, when
its text shows the kind for certain (scanner/collectors/kind_filter.py).

A document that fails to parse because it is a template source (``{{ .Values.x }}``,
``{{- if }}``, ``{% if %}``, ``image: {username}/x``) is a ``template`` failure, and a file
holding one is skipped whole with a single ``template`` failure at its first template line
(scanner/collectors/templates.py). A document whose top-level keys repeat (two manifests run
together without ``---``) is read as YAML reads it, the later value winning, with a
``duplicate_key`` failure naming the line.

Guards, each a ParseFailure rather than a crash or a hang:

- nesting deeper than MAX_DEPTH: libyaml's composer recurses in C and overflows the stack
  (a segfault) somewhere past 10,000 levels, so depth is bounded *before* composing. Every
  nesting level needs one of ``[ { - : ?``, so a document with few of those characters is
  safe as is; only larger ones get an exact (event-level) depth check. Some libyaml builds
  refuse flow nesting past 1,000 levels themselves, possibly first: either way the failure
  says "nesting deeper than MAX_DEPTH levels";
- alias bombs: when a document defines anchors, its node graph is measured before
  construction; an expansion above ``10 x nodes + MAX_ALIAS_EXPANSION`` or a recursive alias
  is refused;
- more than MAX_DOCUMENTS documents in one file;
- constructor errors (an impossible date, an integer over Python's digit limit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

import yaml

from scanner.collectors.documents import Document, ParsedStream, ParseFailure
from scanner.collectors.kind_filter import never_read
from scanner.collectors.templates import (
    PLACEHOLDER_HINT,
    TEMPLATE_HINT,
    brace_placeholder,
    template_line,
)

try:  # the C loader is several times faster; fall back when libyaml is absent
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the platform's libyaml
    from yaml import SafeLoader  # type: ignore[assignment]


def _untagged(loader: SafeLoader, node: yaml.Node) -> Any:
    """An unknown tag's node as plain data; collections come back as generators, which the
    constructor completes (that is how PyYAML builds recursive structures)."""
    if isinstance(node, yaml.MappingNode):
        return loader.construct_yaml_map(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_yaml_seq(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]  # a ScalarNode here


class ManifestLoader(SafeLoader):
    """The safe loader, plus plain-data readings of what it would refuse in valid YAML: the
    ``value`` tag of a bare ``=``, and (key None) any tag it has no constructor for."""

    yaml_constructors: ClassVar[dict[Any, Any]] = {
        **SafeLoader.yaml_constructors,
        "tag:yaml.org,2002:value": _untagged,
        None: _untagged,
    }


MAX_DEPTH = 500  # Kubernetes objects nest a few dozen levels; CRD schemas under 100
MAX_ALIAS_EXPANSION = 10_000
MAX_DOCUMENTS = 10_000

# Matched after a newline rather than at ``^`` in MULTILINE mode: with a literal first character
# the regex engine jumps from line to line (``^`` is tried at every character of the text).
_MARKER = re.compile(r"\n(---|\.\.\.)(?=[ \t]|\r?$)", re.MULTILINE)
_TOO_DEEP = f"YAML nesting deeper than {MAX_DEPTH} levels"


def parse_yaml(text: str, *, skip_unread: bool = True) -> ParsedStream:
    """Every document of the stream, and a failure for each document that did not parse.
    Documents whose kind mlgov never reads are counted, not parsed (scanner/collectors/
    kind_filter.py); ``skip_unread=False`` parses them too (the tests compare both)."""
    docs: list[Document] = []
    failures: list[ParseFailure] = []
    skipped = count = 0
    for chunk, base in _chunks(text):
        if not chunk.strip():
            continue
        count += 1
        if count > MAX_DOCUMENTS:
            failures.append(
                ParseFailure("parse_error", f"more than {MAX_DOCUMENTS} YAML documents in one file", base + 1)
            )
            break
        if skip_unread and never_read(chunk):
            skipped += 1
            continue
        try:
            docs.extend(_parse_documents(chunk, base, failures))
        except ParseFailure as failure:
            failures.append(_as_template(failure, chunk, base))
    templates = [f for f in failures if f.code == "template"]
    if templates:
        # a template source is not a manifest: its documents that happen to parse are still
        # subject to its `if`s and values, so the file is skipped as a whole, pointed at once
        line = template_line(text) or templates[0].line
        return ParsedStream([], [ParseFailure("template", templates[0].message, line)])
    return ParsedStream(docs, failures, skipped)


def _as_template(failure: ParseFailure, chunk: str, base: int) -> ParseFailure:
    """A syntax failure in a document holding template text is that template, not a typo."""
    if failure.code != "parse_error" or not failure.message.startswith("invalid YAML"):
        return failure  # the hostile-input guards stay what they are
    line = template_line(chunk)
    if line is not None:
        return ParseFailure(
            "template", f"Helm/Go template source, not a manifest: {TEMPLATE_HINT}", base + line
        )
    lines = chunk.splitlines()
    failed = (failure.line or base + 1) - base - 1
    brace = brace_placeholder(lines[failed]) if 0 <= failed < len(lines) else None
    if brace:
        message = f"an unrendered placeholder `{brace}` where a value starts: {PLACEHOLDER_HINT}"
        return ParseFailure("template", message, failure.line)
    return failure


def _chunks(text: str) -> Iterator[tuple[str, int]]:
    """(document text, 0-based line where it starts). ``---`` opens a chunk, ``...`` closes one."""
    if text.startswith("%") or "\n%" in text:  # %YAML/%TAG belong to the next document: let libyaml split
        yield text, 0
        return
    start, line = 0, 0
    for match in _MARKER.finditer("\n" + text):  # match.start() is the marker's offset in text
        if match[1] == "---":
            cut = match.start()
        else:
            end = text.find("\n", match.end() - 1)
            cut = len(text) if end < 0 else end + 1
        if cut > start:
            chunk = text[start:cut]
            yield chunk, line
            line += chunk.count("\n")
            start = cut
    if start < len(text):
        yield text[start:], line


def _parse_documents(chunk: str, base: int, warnings: list[ParseFailure]) -> list[Document]:
    """The documents of one chunk: one, or several when directives kept the text whole.
    Documents read with a warning (repeated top-level keys) add it to ``warnings``."""
    _check_depth(chunk, base)
    loader = ManifestLoader(chunk)
    out: list[Document] = []
    node: yaml.Node | None = None
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            if "&" in chunk and "*" in chunk:
                _check_aliases(node, base)
            data = _construct(loader, node)
            if data is not None:  # an empty or comment-only document holds nothing
                out.append(Document(data, base + node.start_mark.line + 1, _item_lines(node, data, base)))
                warnings.extend(_repeated_keys(node, base))
    except yaml.MarkedYAMLError as exc:
        raise _failure(exc, base, chunk) from None
    except yaml.YAMLError as exc:
        raise ParseFailure("parse_error", f"invalid YAML: {exc}", base + 1) from None
    except RecursionError:
        raise ParseFailure("parse_error", _TOO_DEEP, base + 1) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # SafeConstructor raises these for e.g. `2026-13-45` or a 5,000-digit integer
        line = base + 1 if node is None else base + node.start_mark.line + 1
        reason = str(exc).split(":", 1)[0]  # Python's advice after the colon is not for users
        raise ParseFailure("parse_error", f"invalid YAML value: {reason}", line) from None
    finally:
        loader.dispose()
    return out


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq"))


def _construct(loader: ManifestLoader, node: yaml.Node) -> Any:
    """What ``loader.construct_document(node)`` returns, in half the time: the nodes nearly every
    manifest is made of (strings, and mappings with string keys, and sequences, untagged or tagged
    as such) are built here; any other node (a number, a boolean, a date, ``=``, a merge key, a
    custom tag, a non-string key) goes to PyYAML's own constructor, with its errors. Aliased nodes
    are built once per use, not shared: equal data, and the graph was measured before."""
    try:
        return _build(loader, node)
    finally:  # as construct_document leaves it
        loader.constructed_objects = {}
        loader.recursive_objects = {}


def _build(loader: ManifestLoader, node: yaml.Node) -> Any:
    kind, tag = type(node), node.tag
    if tag == _STR and kind is yaml.ScalarNode:
        return node.value
    if tag == _MAP and kind is yaml.MappingNode:
        out: dict[str, Any] = {}
        for key, value in node.value:
            if key.tag != _STR or type(key) is not yaml.ScalarNode:
                return loader.construct_object(node, deep=True)
            out[key.value] = _build(loader, value)
        return out
    if tag == _SEQ and kind is yaml.SequenceNode:
        return [_build(loader, item) for item in node.value]
    return loader.construct_object(node, deep=True)


def _repeated_keys(root: yaml.Node, base: int) -> list[ParseFailure]:
    """Top-level keys seen twice: ``cat a.yaml b.yaml`` without a ``---`` between them gives one
    document in which the second manifest's keys silently replace the first's. One failure per
    document, at the first repeated key."""
    if not isinstance(root, yaml.MappingNode):
        return []
    first: dict[str, int] = {}
    again: list[tuple[str, int]] = []
    for key_node, _ in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
            continue
        line = base + key_node.start_mark.line + 1
        if key_node.value in first:
            again.append((key_node.value, line))
        else:
            first[key_node.value] = line
    if not again:
        return []
    key, line = again[0]
    keys = ", ".join(f"`{k}`" for k, _ in again)
    message = (
        f"top-level key(s) {keys} appear again (`{key}` first at line {first[key]}): two manifests "
        "run together without a `---` line? Only the later values were read"
    )
    return [ParseFailure("duplicate_key", message, line)]


def _failure(exc: yaml.MarkedYAMLError, base: int, chunk: str) -> ParseFailure:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and (mark is None or mark.index >= len(chunk.rstrip())):
        # "did not find expected ']'" is detected at the end of the document, past the last
        # line; where the unclosed collection started is the line a person must fix
        mark = exc.context_mark
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "invalid YAML: " + (", ".join(parts) if parts else "syntax error")
    if "nesting depth" in (exc.problem or ""):  # libyaml's own limit, when it refuses first
        message = _TOO_DEEP
    if mark is None:
        return ParseFailure("parse_error", message, base + 1)
    last_content_line = chunk.rstrip().count("\n")  # never point past the document's text
    return ParseFailure("parse_error", message, base + min(mark.line, last_content_line) + 1)


def _check_depth(chunk: str, base: int) -> None:
    bound = sum(chunk.count(c) for c in "[{-:?")
    if bound <= MAX_DEPTH:
        return
    loader = SafeLoader(chunk)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise ParseFailure("parse_error", _TOO_DEEP, base + (mark.line if mark else 0) + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _failure(exc, base, chunk) from None
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_aliases(root: yaml.Node, base: int) -> None:
    """Refuse alias bombs and recursive aliases by measuring the expanded tree, memoized."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the current path: seeing one again is a cycle
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            limit = 10 * len(sizes) + MAX_ALIAS_EXPANSION
            if sizes[key] > limit:
                raise ParseFailure(
                    "parse_error",
                    f"YAML aliases expand to more than {limit} nodes (an alias bomb?)",
                    base + node.start_mark.line + 1,
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise ParseFailure("parse_error", "recursive YAML alias", base + node.start_mark.line + 1)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)


def _item_lines(node: yaml.Node, data: Any, base: int) -> tuple[int, ...]:
    """Start line of each element of a List document's ``items``."""
    if not (isinstance(data, dict) and isinstance(data.get("items"), list)):
        return ()
    if not isinstance(node, yaml.MappingNode):
        return ()
    for key_node, value_node in node.value:
        if (
            isinstance(key_node, yaml.ScalarNode)
            and key_node.value == "items"
            and isinstance(value_node, yaml.SequenceNode)
        ):
            return tuple(base + item.start_mark.line + 1 for item in value_node.value)
    return ()
