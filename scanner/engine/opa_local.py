"""The `opa` engine: one `opa eval` of data.mlgov.rules over the bundle, input from a file.

Exact OPA semantics for teams who certify against OPA itself. The bundle's modules are written to
a private temporary directory so that built-in and custom policies are evaluated together.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.engine.base import RULES_ROOT, violations_from_rules_tree
from scanner.engine.input import encode_input
from scanner.engine.options import EngineOptions
from scanner.model import EngineError, Violation

if TYPE_CHECKING:
    from scanner.policy.bundle import PolicyBundle


class LocalOpaEngine:
    name = "opa"

    def __init__(self, options: EngineOptions | None = None) -> None:
        options = options or EngineOptions()
        self._opa_path = options.opa_path
        self._timeout = options.timeout

    def _binary(self) -> str:
        found = self._opa_path or shutil.which("opa")
        if not found or not Path(found).exists():
            raise EngineError(
                f"the opa binary was not found ({self._opa_path or 'not on PATH'})",
                hint="install OPA 1.x (https://www.openpolicyagent.org/docs/#running-opa), pass --opa-path, "
                "or use --engine embedded",
            )
        return found

    def version(self) -> str:
        out = self._run([self._binary(), "version"], "opa version")
        first = out.splitlines()[0] if out else ""
        return f"opa {first.split(':', 1)[-1].strip()}" if first else "opa (unknown version)"

    def _run(self, argv: list[str], what: str) -> str:
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=self._timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise EngineError(f"{what} did not finish within {self._timeout:.0f} s", where=argv[0]) from exc
        except OSError as exc:
            raise EngineError(f"{what} could not start: {exc.strerror}", where=argv[0]) from exc
        if proc.returncode != 0:
            detail = (proc.stderr or proc.stdout).strip()[:2000]
            raise EngineError(f"{what} failed (exit {proc.returncode}): {detail}", where=argv[0])
        return proc.stdout

    def evaluate(self, bundle: PolicyBundle, input_doc: Mapping[str, Any]) -> list[Violation]:
        binary = self._binary()
        with tempfile.TemporaryDirectory(prefix="mlgov-opa-") as tmp:
            root = Path(tmp)
            policy_dir = root / "policies"
            for index, module in enumerate(bundle.modules):
                # numbered so that custom modules with the same file name never collide
                target = policy_dir / f"{index:04d}" / Path(module.path).name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(module.source, encoding="utf-8")
            input_file = root / "input.json"
            input_file.write_bytes(encode_input(input_doc))
            out = self._run(
                [
                    binary,
                    "eval",
                    "--format",
                    "json",
                    "--data",
                    str(policy_dir),
                    "--input",
                    str(input_file),
                    RULES_ROOT,
                ],
                f"opa eval {RULES_ROOT}",
            )
        results = json.loads(out).get("result") or []
        if not results:
            raise EngineError(
                f"{RULES_ROOT} is undefined",
                where="opa eval",
                hint="the bundle defines no package under mlgov.rules",
            )
        return violations_from_rules_tree(results[0]["expressions"][0]["value"], "opa eval")
