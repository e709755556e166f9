"""The file collector: Kubernetes manifests, Terraform plans, directories of them, stdin.

Coverage: one entry per path argument (source ``file``, scope = the argument as given):
``ok``, ``partial`` (something failed, something was read) or ``failed`` (nothing could be
read), with one CoverageError per failed file or document, ``where`` = ``file:line`` when the
line is known. A bad document costs only itself, in a directory, a single file or stdin alike.

Every object gets one asset with an id that identifies it across the scan: files that a scanned
kustomization lists as patches are left out, identical definitions are merged and different
objects sharing an id are each kept (scanner/collectors/identity.py); Terraform plans are told
apart by their stack (``terraform_stacks``).

One exception to "failure is data": a scan whose paths yielded no Kubernetes object and no
Terraform plan at all (a missing file, a binary, every document broken, an empty stdin, a
directory of docs) raises ``InputError`` (exit 2), naming the first problem, unless
``allow_empty``: a gate fed nothing must not pass.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
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
from scanner.collectors.identity import Definition, settle_ids
from scanner.collectors.json_doc import parse_json
from scanner.collectors.kustomize import patch_files
from scanner.collectors.manifests import assets_from_documents, count_objects
from scanner.collectors.terraform_stacks import TerraformStacks
from scanner.collectors.yaml_stream import parse_yaml
from scanner.gc_pause import gc_paused
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
from scanner.normalize.terraform_plan import is_terraform_json
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
    terraform_stack: str | None = None  # the file was a Terraform plan of this stack
    references: References = field(default_factory=References)


@dataclass
class _Unit:
    """One path argument while it is read: what its coverage entry will say."""

    arg: str
    files: int
    failed_files: int = 0
    errors: list[CoverageError] = field(default_factory=list)


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
        terraform_stacks: TerraformStacks | None = None,
    ) -> None:
        self.paths = tuple(paths)
        self.resolver = resolver or ResolverConfig()
        self.stdin = stdin
        self.progress = progress or (lambda _: None)
        self.max_file_size = max_file_size
        self.progress_every = max(1, progress_every)
        self.allow_empty = allow_empty
        self.warn = warn or (lambda _: None)
        self.stacks = terraform_stacks or TerraformStacks()

    def collect(self) -> Inventory:
        with gc_paused():  # documents, assets and worker results hold no reference cycles
            return self._collect()

    def _collect(self) -> Inventory:
        plan = self._without_patches([(arg, self._targets(arg)) for arg in self.paths])
        total = sum(len(t) for _, t in plan)
        self.progress(f"files: reading {plural(total, 'file')} from {plural(len(self.paths), 'path')}")
        seen: set[str] = set()
        done = documents = parsed = 0
        definitions: list[Definition] = []
        units: list[_Unit] = []
        namespaces: dict[str, dict[str, str]] = {}
        plans: list[tuple[str, str]] = []  # (target, stack) of each Terraform plan read
        references = References()
        for origin, (arg, listed) in enumerate(plan):
            # the same file through two arguments is read once
            targets = _unseen(listed, seen) if len(self.paths) > 1 else listed
            unit = _Unit(arg, len(targets))
            units.append(unit)
            if not listed and not is_directory(arg) and arg != STDIN_ARG:
                unit.errors.append(CoverageError("unreadable", "no such file or directory", arg))
            for target, result in zip(targets, self._read_all(targets), strict=True):
                definitions.extend(Definition(a, origin) for a in result.assets)
                unit.errors.extend(result.errors)
                unit.failed_files += bool(result.errors) and not result.documents
                documents += result.documents
                parsed += result.yaml_documents
                namespaces.update(result.namespace_labels)
                if result.terraform_stack is not None:
                    plans.append((target, result.terraform_stack))
                references.update(result.references)
                for error in result.errors:
                    if error.code in _WARNINGS:
                        self.warn(f"{error.where}: {error.message}")
                done += 1
                if done % self.progress_every == 0:
                    so_far = plural(len(definitions), "asset")
                    self.progress(f"files: read {done}/{plural(total, 'file')}, {so_far} so far")
        if not documents and not self.allow_empty:
            raise _nothing_read(self.paths, units, files=done, parsed=parsed)
        self.stacks.check(plans)
        # a TrainJob's runtime may be in another file: templates apply once every file is read,
        # to each definition under the id it was read with (before colliding ids are qualified)
        enriched = references.apply([self._in_namespace(d.asset, namespaces) for d in definitions])
        settled = settle_ids([replace(d, asset=a) for d, a in zip(definitions, enriched, strict=True)])
        for message in settled.messages:
            self.progress(message)
        self.progress(f"files: {plural(done, 'file')} read, {plural(len(settled.assets), 'asset')}")
        return Inventory(
            assets=settled.assets,
            coverage=_coverage(units, settled.origins),
            sources=(SourceType.FILE.value,),
        )

    def _without_patches(self, plan: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
        """Leave out the files that a kustomization of a scanned directory lists as patches.
        A file named on the command line is always read: the user asked for it."""
        walked = [t for arg, targets in plan if arg != STDIN_ARG and is_directory(arg) for t in targets]
        patches = patch_files(walked) if walked else frozenset()
        if not patches:
            return plan
        left_out = [t for t in walked if os.path.realpath(t) in patches]
        self.progress(
            f"files: {len(left_out)} kustomize patch file(s) left out (a kustomization lists them "
            f"as patches, not objects): {', '.join(left_out)}"
        )
        dropped = set(left_out)
        return [
            (arg, [t for t in targets if t not in dropped] if is_directory(arg) else targets)
            for arg, targets in plan
        ]

    def _read_all(self, targets: list[str]) -> Iterator[_FileResult]:
        """Results in target order. Large trees are read by a process pool: parsing YAML is
        CPU-bound Python, so each core parses its share (stdin is always read here)."""
        workers = min(MAX_WORKERS, len(os.sched_getaffinity(0)))
        if len(targets) < PARALLEL_THRESHOLD or workers < 2 or STDIN_ARG in targets:
            yield from map(self._read, targets)
            return
        read = partial(
            _read_path, resolver=self.resolver, max_file_size=self.max_file_size, stacks=self.stacks
        )
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(read, targets, chunksize=64)

    def _targets(self, arg: str) -> list[str]:
        if arg == STDIN_ARG:
            return [STDIN_ARG]
        if is_directory(arg):
            return list(walk(arg))
        return [arg] if os.path.lexists(arg) else []

    def _read(self, target: str) -> _FileResult:
        with gc_paused():  # a file's documents and assets hold no reference cycles
            return self._read_one(target)

    def _read_one(self, target: str) -> _FileResult:
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
        # a plan's stack resolves the path (realpath, relpath): only for files that hold one
        holds_plan = any(is_terraform_json(d.data) for d in stream.documents)
        stack = self.stacks.stack_for(target, display) if holds_plan else ""
        try:
            found = assets_from_documents(
                stream.documents, display=display, text=text, resolver=self.resolver, stack=stack
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
        result.terraform_stack = stack if found.terraform_plan else None
        result.references = found.references
        return result

    def _bytes(self, target: str) -> bytes:
        if target == STDIN_ARG:
            if self.stdin is None:
                raise ParseFailure("unreadable", "`-` given but no standard input is available")
            return read_stream(self.stdin, self.max_file_size)
        return read_file(target, self.max_file_size)

    def _in_namespace(self, asset: Asset, namespaces: dict[str, dict[str, str]]) -> Asset:
        labels = namespaces.get(asset.namespace) if asset.namespace is not None else None
        return apply_namespace_labels(asset, labels, self.resolver) if labels is not None else asset


def _read_path(
    target: str, resolver: ResolverConfig, max_file_size: int, stacks: TerraformStacks
) -> _FileResult:
    """One file, in a worker process: the same code path as a serial read."""
    collector = FileCollector((target,), resolver, max_file_size=max_file_size, terraform_stacks=stacks)
    return collector._read(target)


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


# a JSON document mlgov reads has one of these keys; a broken one still shows it in its text
_MANIFEST_KEY = re.compile(r'"(?:apiVersion|kind|format_version)"\s*:')


def _parse(text: str, fmt: str) -> ParsedStream:
    if fmt == "yaml" or (fmt == "sniff" and text.lstrip()[:1] not in {"{", "["}):
        return parse_yaml(text)
    try:
        return ParsedStream([parse_json(text)])
    except ParseFailure as json_failure:
        if fmt == "json":
            if json_failure.message.startswith("invalid JSON:") and not _MANIFEST_KEY.search(text):
                # tsconfig.json, devcontainer.json...: JSON with comments, and no key a manifest
                # or a plan has; it is no input of ours, not an input we failed to read
                return ParsedStream([])
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


def _nothing_read(paths: Sequence[str], units: list[_Unit], *, files: int, parsed: int) -> InputError:
    """Why a scan read no Kubernetes object or Terraform plan, as the error that stops it."""
    errors = [e for u in units for e in u.errors]
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


def _coverage(units: list[_Unit], origins: Sequence[int]) -> tuple[Coverage, ...]:
    """One entry per path argument. An asset counts for the argument its kept definition came
    from, so the entries add up to the number of assets the inventory holds."""
    counts = Counter(origins)
    return tuple(
        Coverage(
            source="file",
            scope=unit.arg,
            status=_status(unit.files, unit.failed_files, unit.errors),
            assets=counts[origin],
            errors=tuple(unit.errors),
        )
        for origin, unit in enumerate(units)
    )


def _status(files: int, failed_files: int, errors: list[CoverageError]) -> CoverageStatus:
    if not errors:
        return CoverageStatus.OK
    if files == 0 or failed_files >= files:
        return CoverageStatus.FAILED
    return CoverageStatus.PARTIAL
