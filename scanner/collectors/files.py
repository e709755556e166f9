"""The file collector: Kubernetes manifests, Terraform plans, directories of them, stdin.

Coverage: one entry per path argument (source ``file``, scope = the argument as given):
``ok``, ``partial`` (something failed, something was read) or ``failed`` (nothing could be
read), with one CoverageError per failed file or document, ``where`` = ``file:line`` when the
line is known. A bad document costs only itself, in a directory, a single file or stdin alike.

One exception to "failure is data": a scan whose paths yielded no Kubernetes object and no
Terraform plan at all (a missing file, a binary, every document broken, an empty stdin, a
directory of docs) raises ``InputError`` (exit 2), naming the first problem, unless
``allow_empty``: a gate fed nothing must not pass.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import IO

from scanner.collectors.documents import ParsedStream, ParseFailure
from scanner.collectors.filesource import (
    DEFAULT_MAX_FILE_SIZE,
    STDIN_DISPLAY,
    decode,
    is_directory,
    read_file,
    read_stream,
    walk,
)
from scanner.collectors.json_doc import parse_json
from scanner.collectors.manifests import assets_from_documents, count_objects
from scanner.collectors.yaml_stream import parse_yaml
from scanner.model import (
    Asset,
    Coverage,
    CoverageError,
    CoverageStatus,
    InputError,
    Inventory,
    SourceType,
)
from scanner.normalize.kubernetes import apply_namespace_labels
from scanner.normalize.resolve import ResolverConfig
from scanner.text import plural

Progress = Callable[[str], None]
STDIN_ARG = "-"
# read, but with a loss a person must hear about now, not only in the report
_WARNINGS = frozenset({"duplicate_key"})
_LISTED = 5  # further problems named when a scan read nothing (no report is written then)
# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 256
MAX_WORKERS = 8

_HINTS = {
    "parse_error": "fix the syntax at that line, or leave the file out of the scan",
    "template": "scan what the template renders, e.g. helm template ./chart | mlgov scan -",
    "duplicate_key": "put a `---` line between the manifests",
    "too_large": "raise the size limit or split the file",
    "binary": "scan manifests and plan JSON only",
    "invalid_utf8": "save the file as UTF-8",
    "unreadable": "check the path and its permissions",
    "normalize_error": "report this as an mlgov bug, with the object's kind",
}


@dataclass
class _FileResult:
    assets: list[Asset] = field(default_factory=list)
    errors: list[CoverageError] = field(default_factory=list)
    namespace_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    documents: int = 0  # Kubernetes objects and Terraform plans read, ML assets or not
    yaml_documents: int = 0  # every document parsed, Kubernetes or not


class FileCollector:
    """``FileCollector(paths, resolver=..., stdin=..., progress=...).collect() -> Inventory``."""

    name = "files"

    def __init__(
        self,
        paths: Sequence[str],
        resolver: ResolverConfig | None = None,
        stdin: IO[bytes] | None = None,
        progress: Progress | None = None,
        *,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        progress_every: int = 1000,
        allow_empty: bool = False,
        warn: Progress | None = None,
    ) -> None:
        self.paths = tuple(paths)
        self.resolver = resolver or ResolverConfig()
        self.stdin = stdin
        self.progress = progress or (lambda _: None)
        self.max_file_size = max_file_size
        self.progress_every = max(1, progress_every)
        self.allow_empty = allow_empty
        self.warn = warn or (lambda _: None)

    def collect(self) -> Inventory:
        plan = [(arg, self._targets(arg)) for arg in self.paths]
        total = sum(len(t) for _, t in plan)
        self.progress(f"files: reading {plural(total, 'file')} from {plural(len(self.paths), 'path')}")
        seen: set[str] = set()
        done = documents = parsed = 0
        assets: list[Asset] = []
        coverage: list[Coverage] = []
        namespaces: dict[str, dict[str, str]] = {}
        for arg, listed in plan:
            arg_assets, errors, failed_files = 0, [], 0
            if not listed and not is_directory(arg) and arg != STDIN_ARG:
                errors.append(CoverageError("unreadable", "no such file or directory", arg))
            # the same file through two arguments is read once
            targets = _unseen(listed, seen) if len(self.paths) > 1 else listed
            for result in self._read_all(targets):
                assets.extend(result.assets)
                arg_assets += len(result.assets)
                errors.extend(result.errors)
                failed_files += bool(result.errors) and not result.documents
                documents += result.documents
                parsed += result.yaml_documents
                namespaces.update(result.namespace_labels)
                for error in result.errors:
                    if error.code in _WARNINGS:
                        self.warn(f"{error.where}: {error.message}")
                done += 1
                if done % self.progress_every == 0:
                    so_far = plural(len(assets), "asset")
                    self.progress(f"files: read {done}/{plural(total, 'file')}, {so_far} so far")
            coverage.append(
                Coverage(
                    source="file",
                    scope=arg,
                    status=_status(len(targets), failed_files, errors),
                    assets=arg_assets,
                    errors=tuple(errors),
                )
            )
        if not documents and not self.allow_empty:
            raise _nothing_read(self.paths, coverage, files=done, parsed=parsed)
        assets = self._with_namespaces(_first_of_each_id(assets, self.progress), namespaces)
        self.progress(f"files: {plural(done, 'file')} read, {plural(len(assets), 'asset')}")
        return Inventory(assets=tuple(assets), coverage=tuple(coverage), sources=(SourceType.FILE.value,))

    def _read_all(self, targets: list[str]) -> Iterator[_FileResult]:
        """Results in target order. Large trees are read by a process pool: parsing YAML is
        CPU-bound Python, so each core parses its share (stdin is always read here)."""
        workers = min(MAX_WORKERS, len(os.sched_getaffinity(0)))
        if len(targets) < PARALLEL_THRESHOLD or workers < 2 or STDIN_ARG in targets:
            yield from map(self._read, targets)
            return
        read = partial(_read_path, resolver=self.resolver, max_file_size=self.max_file_size)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(read, targets, chunksize=64)

    def _targets(self, arg: str) -> list[str]:
        if arg == STDIN_ARG:
            return [STDIN_ARG]
        if is_directory(arg):
            return list(walk(arg))
        return [arg] if os.path.lexists(arg) else []

    def _read(self, target: str) -> _FileResult:
        display = STDIN_DISPLAY if target == STDIN_ARG else target
        result = _FileResult()
        try:
            data = self._bytes(target)
            text = decode(data)
            stream = _parse(text, _format(target))
        except ParseFailure as failure:
            result.errors.append(_coverage_error(failure, display))
            return result
        result.yaml_documents = len(stream.documents) + stream.skipped
        result.documents = count_objects(stream.documents) + stream.skipped
        try:
            found = assets_from_documents(
                stream.documents, display=display, text=text, resolver=self.resolver
            )
        except Exception as exc:  # a normalizer bug must not hide the other files
            result.errors.extend(_coverage_error(f, display) for f in stream.failures)
            # The message names the type only: an exception text may quote a value.
            result.errors.append(
                CoverageError(
                    "normalize_error",
                    f"could not normalize an object ({type(exc).__name__}); nothing from this file was kept",
                    display,
                )
            )
            return result
        # in the file's order: documents that did not parse, and objects that were templates
        failures = sorted([*stream.failures, *found.templates], key=lambda f: f.line or 0)
        result.errors.extend(_coverage_error(f, display) for f in failures)
        result.assets = found.assets
        result.namespace_labels = found.namespace_labels
        return result

    def _bytes(self, target: str) -> bytes:
        if target == STDIN_ARG:
            if self.stdin is None:
                raise ParseFailure("unreadable", "`-` given but no standard input is available")
            return read_stream(self.stdin, self.max_file_size)
        return read_file(target, self.max_file_size)

    def _with_namespaces(self, assets: list[Asset], namespaces: dict[str, dict[str, str]]) -> list[Asset]:
        if not namespaces:
            return assets
        return [
            apply_namespace_labels(a, namespaces[a.namespace], self.resolver)
            if a.namespace in namespaces
            else a
            for a in assets
        ]


def _read_path(target: str, resolver: ResolverConfig, max_file_size: int) -> _FileResult:
    """One file, in a worker process: the same code path as a serial read."""
    return FileCollector((target,), resolver, max_file_size=max_file_size)._read(target)


def _unseen(targets: list[str], seen: set[str]) -> list[str]:
    out = []
    for target in targets:
        key = target if target == STDIN_ARG else os.path.realpath(target)
        if key not in seen:
            seen.add(key)
            out.append(target)
    return out


def _format(target: str) -> str:
    """``json`` or ``yaml`` by extension; ``sniff`` for stdin and other names."""
    lowered = target.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith((".yaml", ".yml")):
        return "yaml"
    return "sniff"


def _parse(text: str, fmt: str) -> ParsedStream:
    if fmt == "yaml" or (fmt == "sniff" and text.lstrip()[:1] not in {"{", "["}):
        return parse_yaml(text)
    try:
        return ParsedStream([parse_json(text)])
    except ParseFailure as json_failure:
        if fmt == "json":
            raise
        # sniffed input that starts with a brace may be flow-style YAML or a template source
        # (`{{- if ... }}`); if YAML fails too, the JSON error is what the user most likely meant
        stream = parse_yaml(text)
        if stream.failures and stream.failures[0].code != "template":
            raise json_failure from None
        return stream


def _coverage_error(failure: ParseFailure, display: str) -> CoverageError:
    where = f"{display}:{failure.line}" if failure.line else display
    return CoverageError(failure.code, failure.message, where)


def _nothing_read(paths: Sequence[str], coverage: list[Coverage], *, files: int, parsed: int) -> InputError:
    """Why a scan read no Kubernetes object or Terraform plan, as the error that stops it."""
    errors = [e for c in coverage for e in c.errors]
    none = "no Kubernetes object or Terraform plan was read"
    if errors:
        first = errors[0]
        others = [f"{e.where or e.code} ({e.code})" for e in errors[1:]]
        listed = ", ".join(others[:_LISTED]) + (", ..." if len(others) > _LISTED else "")
        more = f"; {len(others)} more problem(s): {listed}" if others else ""
        return InputError(f"{first.message} ({none}{more})", where=first.where, hint=_HINTS.get(first.code))
    if files == 0:
        found = "no .yaml, .yml or .json file found"
    elif parsed == 0:
        found = "standard input was empty" if paths == (STDIN_ARG,) else "only empty documents"
    else:
        found = f"{parsed} YAML/JSON document(s), none of them a Kubernetes object or a Terraform plan"
    return InputError(
        f"{none}: {found}",
        where=", ".join(STDIN_DISPLAY if p == STDIN_ARG else p for p in paths),
        hint="scan Kubernetes manifests, a directory of them, a Terraform plan JSON, or rendered "
        "output on stdin (helm template ./chart | mlgov scan -); --allow-empty lets a scan that "
        "reads nothing pass",
    )


def _status(files: int, failed_files: int, errors: list[CoverageError]) -> CoverageStatus:
    if not errors:
        return CoverageStatus.OK
    if files == 0 or failed_files >= files:
        return CoverageStatus.FAILED
    return CoverageStatus.PARTIAL


def _first_of_each_id(assets: list[Asset], progress: Progress) -> list[Asset]:
    """Keep the first definition of each asset id (files are read in sorted order).

    Kustomize bases and overlays often define the same object twice; findings are keyed by
    asset id, so a second definition would silently replace the first downstream.
    """
    seen: set[str] = set()
    out: list[Asset] = []
    for asset in assets:
        if asset.id in seen:
            progress(f"files: {asset.id} defined again at {_where(asset)}; the first definition is kept")
            continue
        seen.add(asset.id)
        out.append(asset)
    return out


def _where(asset: Asset) -> str:
    return str(asset.location) if asset.location else "?"
