"""The test venv is pinned: scripts/test-lock.txt holds every Python package the tests run with.

The lock must cover pyproject.toml (the project's dependencies, the `test` extra, the build backend
and pip), transitively, and the venv the tests run in must be the one the lock describes, so a new
release on PyPI cannot change a result. `make lock` regenerates the lock (docs/test-infrastructure.md).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, distribution

import tomllib  # type: ignore[import-not-found,unused-ignore]  # mypy checks as 3.10; tests need 3.11
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.lockfile import FIX_LOCK, FIX_VENV, LOCK, REPO, read_lock


def pyproject_roots() -> list[Requirement]:
    with (REPO / "pyproject.toml").open("rb") as f:
        pyproject = tomllib.load(f)
    lines = [
        *pyproject["project"]["dependencies"],
        *pyproject["project"]["optional-dependencies"]["test"],
        *pyproject["build-system"]["requires"],  # `make venv` builds without isolation, from the lock
        "pip",
    ]
    return [Requirement(line) for line in lines]


def applies(req: Requirement, extras: frozenset[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({"extra": extra}) for extra in extras or {""})


def test_the_lock_is_exact_pins_with_hashes() -> None:
    text = LOCK.read_text()
    pins = read_lock(text)
    assert len(pins) > 50
    blocks = [b for b in text.replace("\\\n", " ").splitlines() if b and not b.startswith(" ")]
    without_hash = [b.split()[0] for b in blocks if not b.startswith("#") and "--hash=sha256:" not in b]
    assert without_hash == [], f"pins without a hash in {LOCK.name}: {without_hash}; {FIX_LOCK}"


def test_every_pyproject_requirement_is_locked_at_a_version_it_allows() -> None:
    pins = read_lock(LOCK.read_text())
    problems = []
    for req in pyproject_roots():
        name = canonicalize_name(req.name)
        versions = [p.version for p in pins if p.name == name]
        if not versions:
            problems.append(f"pyproject.toml requires {req} but the lock has no {name}")
        problems += [
            f"pyproject.toml requires {req} but the lock pins {name}=={v}"
            for v in versions
            if not req.specifier.contains(v, prereleases=True)
        ]
    assert problems == [], "\n".join([*problems, FIX_LOCK])


def test_the_venv_is_exactly_the_lock() -> None:
    """Walk the installed dependency graph from pyproject's requirements: each package reached is
    locked and installed at its pin, and nothing locked for this Python is left unreached."""
    locked = {p.name: p.version for p in read_lock(LOCK.read_text()) if p.applies_here()}
    problems: list[str] = []
    seen: set[str] = set()  # name[extras]: a package is walked once per set of extras
    todo = [(req, "pyproject.toml") for req in pyproject_roots() if applies(req, frozenset())]
    while todo:
        req, wanted_by = todo.pop()
        name = canonicalize_name(req.name)
        if name not in locked:
            problems.append(f"{name} (required by {wanted_by}) is not in the lock; {FIX_LOCK}")
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            problems.append(f"{name}=={locked[name]} (required by {wanted_by}) is not installed; {FIX_VENV}")
            continue
        extras = frozenset(req.extras)
        key = f"{name}[{','.join(sorted(extras))}]"
        if key in seen:
            continue
        first_visit = not any(k.startswith(f"{name}[") for k in seen)
        if first_visit and Version(dist.version) != locked[name]:
            pin = locked[name]
            problems.append(f"{name} is installed at {dist.version}, the lock pins {pin}; {FIX_VENV}")
        seen.add(key)
        todo += [(dep, name) for dep in map(Requirement, dist.requires or []) if applies(dep, extras)]
    reached = {key.split("[", 1)[0] for key in seen}
    unreached = sorted(set(locked) - reached)
    assert problems == [], "\n".join(problems)
    assert unreached == [], f"locked but required by nothing in pyproject.toml: {unreached}; {FIX_LOCK}"
