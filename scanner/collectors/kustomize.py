"""Kustomize patches: files that a kustomization lists as patches are not objects.

An overlay's ``manager_image_patch.yaml`` holds ten lines of a Deployment (its name and one
image); read as an object it would become a second, nearly empty definition of the base's
Deployment. The kustomizations among the scanned files (``kustomization.yaml``,
``kustomization.yml``, or ``Kustomization`` beside a scanned file) are read first, and the files
they list under ``patches``, ``patchesStrategicMerge`` or ``patchesJson6902`` are left out of the
scan. A file that some kustomization also lists as a resource stays an object.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import yaml

from scanner.collectors.documents import ParseFailure
from scanner.collectors.filesource import decode, read_file
from scanner.normalize.access import get_list, get_str, maps
from scanner.yamlio import load_yaml_with_lines

KUSTOMIZATION_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
# a kustomization is a short hand-written file; anything bigger is not one we need to read
MAX_KUSTOMIZATION_SIZE = 1024 * 1024
_RESOURCE_KEYS = ("resources", "bases", "components")


def patch_files(targets: Sequence[str]) -> frozenset[str]:
    """Real paths of the files that the kustomizations among or beside ``targets`` list as
    patches, less those that a kustomization also lists as resources."""
    patches: set[str] = set()
    resources: set[str] = set()
    for path in _kustomizations(targets):
        data = _load(path)
        if not isinstance(data, dict):
            continue
        base = os.path.dirname(path)
        patches.update(_resolve(base, _patch_entries(data)))
        resources.update(_resolve(base, (e for k in _RESOURCE_KEYS for e in get_list(data, k))))
    return frozenset(patches - resources)


def _kustomizations(targets: Sequence[str]) -> Iterator[str]:
    seen: set[str] = set()
    directories = dict.fromkeys(os.path.dirname(t) for t in targets)
    candidates = [t for t in targets if os.path.basename(t) in KUSTOMIZATION_NAMES]
    # `Kustomization` has no extension, so a directory walk does not list it
    candidates += [os.path.join(d, "Kustomization") for d in directories]
    for path in candidates:
        real = os.path.realpath(path)
        if real not in seen and os.path.isfile(real):
            seen.add(real)
            yield path


def _load(path: str) -> Any:
    """The kustomization's data, or None when it cannot be read: the scan reads the file again
    and reports it there, and a patch read as an object costs a duplicate, never an asset."""
    try:
        data, _ = load_yaml_with_lines(decode(read_file(path, MAX_KUSTOMIZATION_SIZE)))
    except (ParseFailure, yaml.YAMLError, ValueError, RecursionError):
        return None
    return data


def _patch_entries(data: dict[str, Any]) -> Iterator[str]:
    for entry in get_list(data, "patchesStrategicMerge"):
        # an entry is a path, or an inline patch (YAML text, several lines)
        if isinstance(entry, str) and "\n" not in entry:
            yield entry
    for key in ("patches", "patchesJson6902"):
        for entry in get_list(data, key):
            if isinstance(entry, str):
                yield entry
        for entry in maps(get_list(data, key)):
            if (path := get_str(entry, "path")) is not None:
                yield path


def _resolve(base: str, entries: Iterable[Any]) -> Iterator[str]:
    for entry in entries:
        if not isinstance(entry, str) or "://" in entry or entry.startswith(("github.com/", "git@")):
            continue  # a remote base or component is not a file of this scan
        yield os.path.realpath(os.path.join(base, entry.strip()))
