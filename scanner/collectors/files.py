"""The file collector: Kubernetes manifests, Terraform plans, directories of them, stdin.

Coverage: one entry per path argument (source ``file``, scope = the argument as given):
``ok``, ``partial`` (some files failed) or ``failed`` (nothing could be read), with one
CoverageError per failed file or document, ``where`` = ``file:line`` when the line is known.

One exception to "failure is data": when the whole input is a single file (or ``-``) and it
cannot be read, the user named exactly that file, so ``InputError`` is raised (exit 2) with
the file, the line and a hint.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import IO

from scanner.collectors.documents import Document, ParseFailure
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
from scanner.collectors.manifests import assets_from_documents
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
from scanner.normalize.k8s_refs import References
from scanner.normalize.kubernetes import apply_namespace_labels
from scanner.normalize.resolve import ResolverConfig

Progress = Callable[[str], None]
STDIN_ARG = "-"
# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 256
MAX_WORKERS = 8

_HINTS = {
    "parse_error": "fix the syntax at that line, or leave the file out of the scan",
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
    references: References = field(default_factory=References)


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
    ) -> None:
        self.paths = tuple(paths)
        self.resolver = resolver or ResolverConfig()
        self.stdin = stdin
        self.progress = progress or (lambda _: None)
        self.max_file_size = max_file_size
        self.progress_every = max(1, progress_every)

    def collect(self) -> Inventory:
        single = len(self.paths) == 1 and (self.paths[0] == STDIN_ARG or not is_directory(self.paths[0]))
        plan = [(arg, self._targets(arg)) for arg in self.paths]
        total = sum(len(t) for _, t in plan)
        self.progress(f"files: reading {total} file(s) from {len(self.paths)} path(s)")
        seen: set[str] = set()
        done = 0
        assets: list[Asset] = []
        coverage: list[Coverage] = []
        namespaces: dict[str, dict[str, str]] = {}
        references = References()
        for arg, listed in plan:
            arg_assets, errors, failed_files = 0, [], 0
            if not listed and not is_directory(arg) and arg != STDIN_ARG:
                errors.append(CoverageError("unreadable", "no such file or directory", arg))
            # the same file through two arguments is read once
            targets = _unseen(listed, seen) if len(self.paths) > 1 else listed
            for result in self._read_all(targets):
                if single and result.errors:
                    raise _input_error(result.errors[0])
                assets.extend(result.assets)
                arg_assets += len(result.assets)
                errors.extend(result.errors)
                failed_files += bool(result.errors)
                namespaces.update(result.namespace_labels)
                references.update(result.references)
                done += 1
                if done % self.progress_every == 0:
                    self.progress(f"files: read {done}/{total} files, {len(assets)} assets so far")
            coverage.append(
                Coverage(
                    source="file",
                    scope=arg,
                    status=_status(len(targets), failed_files, errors),
                    assets=arg_assets,
                    errors=tuple(errors),
                )
            )
        if single and coverage[0].errors:  # a missing single path
            raise _input_error(coverage[0].errors[0])
        assets = self._with_namespaces(_first_of_each_id(assets, self.progress), namespaces)
        assets = references.apply(assets)  # a TrainJob's runtime may be in another file
        self.progress(f"files: {done} file(s) read, {len(assets)} asset(s)")
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
            docs, failures = _parse(text, _format(target))
        except ParseFailure as failure:
            result.errors.append(_coverage_error(failure, display))
            return result
        result.errors.extend(_coverage_error(f, display) for f in failures)
        try:
            found = assets_from_documents(docs, display=display, text=text, resolver=self.resolver)
        except Exception as exc:  # a normalizer bug must not hide the other files
            # The message names the type only: an exception text may quote a value.
            result.errors.append(
                CoverageError(
                    "normalize_error",
                    f"could not normalize an object ({type(exc).__name__}); nothing from this file was kept",
                    display,
                )
            )
            return result
        result.assets = found.assets
        result.namespace_labels = found.namespace_labels
        result.references = found.references
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


def _parse(text: str, fmt: str) -> tuple[list[Document], list[ParseFailure]]:
    if fmt == "yaml" or (fmt == "sniff" and text.lstrip()[:1] not in {"{", "["}):
        return parse_yaml(text)
    try:
        return [parse_json(text)], []
    except ParseFailure as json_failure:
        if fmt == "json":
            raise
        # sniffed input that starts with a brace may be flow-style YAML; if YAML fails too,
        # the JSON error is the one that describes what the user most likely meant
        docs, failures = parse_yaml(text)
        if failures:
            raise json_failure from None
        return docs, failures


def _coverage_error(failure: ParseFailure, display: str) -> CoverageError:
    where = f"{display}:{failure.line}" if failure.line else display
    return CoverageError(failure.code, failure.message, where)


def _input_error(error: CoverageError) -> InputError:
    return InputError(error.message, where=error.where, hint=_HINTS.get(error.code))


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
