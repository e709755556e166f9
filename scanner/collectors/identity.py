"""One asset per object across a whole scan of files, whatever the number of definitions.

The same id read from several places is one of two things:

- **copies**: definitions identical in every field mlgov reads (the same sample in
  ``docs/samples/`` and ``test/``). They are merged into one asset, the first definition in
  reading order, which lists the other places in ``copies``;
- **different objects** that share an id (two ``sklearn-iris`` InferenceServices with different
  models). Each keeps its own asset, its id qualified with the file that defines it:
  ``k8s://-/default/InferenceService/sklearn-iris#docs/samples/v1.yaml``, and ``path:line`` when
  two of them start in the same file.

Ids are qualified only on a collision, so an object defined once keeps the id DESIGN.md gives it.
Every collision is said in ``messages`` (the CLI prints them on stderr).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

from scanner.model import Asset, Location

STDIN_KEY = "-"  # standard input, as the user names it on the command line
_STDIN_DISPLAY = "<stdin>"


@dataclass(frozen=True)
class Definition:
    """An asset as one file defines it, and the path argument that file was reached through."""

    asset: Asset
    origin: int


@dataclass(frozen=True)
class Settled:
    assets: tuple[Asset, ...]
    origins: tuple[int, ...]  # for each asset, the path argument its kept definition came from
    messages: tuple[str, ...]


def path_key(display: str) -> str:
    """A file as ids name it: the path as given, made relative when it is absolute and under the
    current directory (`$PWD/envs/plan.json` and `envs/plan.json` are one file); ``-`` for stdin."""
    if display == _STDIN_DISPLAY:
        return STDIN_KEY
    if os.path.isabs(display):
        relative = os.path.relpath(display)
        if relative != ".." and not relative.startswith(".." + os.sep):
            return relative
    return os.path.normpath(display)


def settle_ids(definitions: Sequence[Definition]) -> Settled:
    """Merge copies and qualify the ids of different objects; reading order is kept."""
    groups: dict[str, list[int]] = {}
    for n, definition in enumerate(definitions):
        groups.setdefault(definition.asset.id, []).append(n)
    kept: dict[int, Asset] = {}  # position of the first definition of a cluster -> its asset
    messages: list[str] = []
    for asset_id, positions in groups.items():
        clusters = _clusters([definitions[n] for n in positions], positions)
        if len(clusters) == 1:
            [(first, cluster)] = clusters
            kept[first] = _merged(cluster)
            if len(cluster) > 1:
                messages.append(
                    f"files: {asset_id} is defined at {_places(cluster)}; "
                    "kept as one asset that lists its copies"
                )
            continue
        qualifiers = _qualifiers([cluster[0].location for _, cluster in clusters])
        for (first, cluster), qualifier in zip(clusters, qualifiers, strict=True):
            kept[first] = _merged(cluster).evolve(id=f"{asset_id}#{qualifier}")
        messages.append(
            f"files: {asset_id} is defined {len(clusters)} different ways: "
            f"{'; '.join(_places(cluster) for _, cluster in clusters)}; each is kept under its own id: "
            f"{', '.join(f'{asset_id}#{q}' for q in qualifiers)}"
        )
    order = sorted(kept)
    return Settled(
        assets=tuple(kept[n] for n in order),
        origins=tuple(definitions[n].origin for n in order),
        messages=tuple(messages),
    )


def _content(asset: Asset) -> str:
    """Every field the policies and reports see, except where the definition is."""
    fields = asset.to_policy_dict()
    fields.pop("location", None)
    fields.pop("copies", None)
    return json.dumps(fields, sort_keys=True, default=str)


def _clusters(group: list[Definition], positions: list[int]) -> list[tuple[int, list[Asset]]]:
    """The definitions of one id, grouped by content: (position of the first, the assets)."""
    if len(group) == 1:
        return [(positions[0], [group[0].asset])]
    by_content: dict[str, tuple[int, list[Asset]]] = {}
    for position, definition in zip(positions, group, strict=True):
        by_content.setdefault(_content(definition.asset), (position, []))[1].append(definition.asset)
    return list(by_content.values())


def _merged(cluster: list[Asset]) -> Asset:
    first = cluster[0]
    copies = tuple(a.location for a in cluster[1:] if a.location is not None)
    return first.evolve(copies=first.copies + copies) if copies else first


def _qualifiers(locations: list[Location | None]) -> list[str]:
    """The file of each definition; its line too where two definitions share a file."""
    paths = [path_key(loc.path) if loc else "" for loc in locations]
    out = []
    for n, (path, loc) in enumerate(zip(paths, locations, strict=True)):
        if loc is None:
            out.append(str(n + 1))
        elif paths.count(path) > 1:
            out.append(f"{path}:{loc.line}")
        else:
            out.append(path)
    return out


def _places(cluster: list[Asset]) -> str:
    """``a.yaml:1``, or ``a.yaml:1 (identical: b.yaml:4, c.yaml:1)`` for a definition with copies."""
    where = [str(a.location) if a.location else "?" for a in cluster]
    return where[0] + (f" (identical: {', '.join(where[1:])})" if len(where) > 1 else "")
