"""`mlgov policy test --engine opa`: the same Rego unit tests, run by `opa test`."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.model import EngineError
from scanner.policy.testing import PolicyTestResult

if TYPE_CHECKING:
    from scanner.policy.bundle import PolicyBundle


def run_opa_tests(
    bundle: PolicyBundle, opa_path: str | None = None, timeout: float = 600.0
) -> list[PolicyTestResult]:
    binary = opa_path or shutil.which("opa")
    if not binary:
        raise EngineError(
            "the opa binary was not found on PATH", hint="pass --opa-path, or use --engine embedded"
        )
    with tempfile.TemporaryDirectory(prefix="mlgov-opa-test-") as tmp:
        root = Path(tmp)
        for index, module in enumerate((*bundle.modules, *bundle.tests)):
            target = root / f"{index:04d}" / Path(module.path).name  # test files keep their _test suffix
            target.parent.mkdir(parents=True)
            target.write_text(module.source, encoding="utf-8")
        try:
            proc = subprocess.run(
                [binary, "test", "--format", "json", str(root)],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"opa test could not run: {exc}", where=binary) from exc
    # exit 2 means failing tests (a normal outcome here); anything else without JSON is a crash
    try:
        raw: list[dict[str, Any]] = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError as exc:
        raise EngineError(
            f"opa test failed: {(proc.stderr or proc.stdout).strip()[:2000]}", where=binary
        ) from exc
    results = []
    for entry in raw:
        failed = bool(entry.get("fail")) or "error" in entry
        error = None
        if "error" in entry:
            error = (
                str(entry["error"].get("message", entry["error"]))
                if isinstance(entry["error"], dict)
                else str(entry["error"])
            )
        elif failed:
            error = "undefined (a condition did not hold)"
        results.append(
            PolicyTestResult(
                package=str(entry.get("package", "")).removeprefix("data."),
                name=str(entry.get("name", "")),
                passed=not failed,
                error=error,
                duration=int(entry.get("duration", 0)) / 1e9,
            )
        )
    return sorted(results, key=lambda r: (r.package, r.name))
