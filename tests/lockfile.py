"""scripts/test-lock.txt, read: the pins of the test venv (made by `make lock`, installed by `make venv`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "scripts" / "test-lock.txt"
FIX_LOCK = "run `make lock` and commit scripts/test-lock.txt"
FIX_VENV = "run `make venv` (it installs the lock)"


@dataclass(frozen=True)
class Pin:
    name: NormalizedName
    version: Version
    marker: Marker | None

    def applies_here(self) -> bool:
        return self.marker is None or self.marker.evaluate()


def read_lock(text: str) -> list[Pin]:
    pins = []
    for line in text.replace("\\\n", " ").splitlines():
        spec = line.split("#", 1)[0].split("--hash", 1)[0].strip()
        if not spec:
            continue
        req = Requirement(spec)
        pinned = [s for s in req.specifier if s.operator == "=="]
        assert len(pinned) == 1 and len(req.specifier) == 1, f"{LOCK.name}: {spec!r} is not an exact pin"
        pins.append(Pin(canonicalize_name(req.name), Version(pinned[0].version), req.marker))
    return pins


def write_constraints(target: Path) -> Path:
    """The lock as a pip constraints file (no hashes: pip refuses to hash-check a local project),
    for a test that installs the project the way users do, `pip install PATH`, with the same pins:
    pass it as PIP_CONSTRAINT, which also pins the isolated build environment."""
    target.write_text(
        "".join(
            f"{p.name}=={p.version}{f' ; {p.marker}' if p.marker else ''}\n"
            for p in read_lock(LOCK.read_text())
        )
    )
    return target
