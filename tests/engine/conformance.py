"""OPA's own conformance cases, run against the embedded engine, for the builtins our bundle uses.

The cases ship inside the OPA Go module (v1/test/cases/testdata/v1/*/*.yaml); scripts/install-test-tools
copies them from the module into the tool cache ($MLGOV_TOOLS/share/opa-<version>/conformance), never
into this repo.
Which builtins the bundle uses is derived from the bundle itself, through `opa parse`.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scanner.policy.bundle import PolicyBundle

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


def opa_builtin_names(opa: Path) -> set[str]:
    caps = json.loads(
        subprocess.run([str(opa), "capabilities", "--current"], capture_output=True, check=True).stdout
    )
    return {b["name"] for b in caps["builtins"]}


def _called_refs(node: Any, out: set[str]) -> None:
    """Operator names of calls and of infix expressions (`x > y` is `gt`) in an `opa parse` AST."""
    if isinstance(node, dict):
        operator = None
        if node.get("type") == "call":
            operator = node["value"][0]
        elif isinstance(node.get("terms"), list) and node["terms"] and isinstance(node["terms"][0], dict):
            operator = node["terms"][0]
        if operator and operator.get("type") == "ref":
            parts = [t.get("value") for t in operator["value"]]
            if all(isinstance(p, str) for p in parts):
                out.add(".".join(parts))
        for value in node.values():
            _called_refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _called_refs(value, out)


def bundle_builtins(bundle: PolicyBundle, opa: Path, workdir: Path) -> set[str]:
    builtins = opa_builtin_names(opa)
    used: set[str] = set()
    for index, module in enumerate(bundle.modules):
        path = workdir / f"m{index}.rego"
        path.write_text(module.source)
        ast = json.loads(
            subprocess.run(
                [str(opa), "parse", "--format", "json", str(path)], capture_output=True, check=True
            ).stdout
        )
        _called_refs(ast, used)
    return used & builtins


@dataclass(frozen=True)
class Case:
    file: str
    note: str
    data: dict[str, Any]


def load_cases(root: Path) -> Iterator[Case]:
    for path in sorted(root.rglob("*.yaml")):
        doc = yaml.load(path.read_text(), Loader=Loader)
        for case in (doc or {}).get("cases", []):
            yield Case(file=str(path.relative_to(root)), note=str(case.get("note")), data=case)


_NAME = re.compile(r"\b([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)\s*\(")


def case_builtins(case: Case, builtins: set[str]) -> set[str]:
    text = "\n".join([*case.data.get("modules", []), str(case.data.get("query", ""))])
    return {name for name in _NAME.findall(text) if name in builtins}


UNSUPPORTED_FIELDS = ("input_term", "env", "capabilities", "entrypoints", "want_plan_result", "skip")


def in_scope(case: Case, used: set[str], builtins: set[str]) -> bool:
    """A case about our builtins: it calls at least one of them and no builtin we do not use."""
    if any(field in case.data for field in UNSUPPORTED_FIELDS):
        return False
    called = case_builtins(case, builtins)
    return bool(called) and called <= used


def _canonical(value: Any) -> Any:
    return json.loads(json.dumps(value, sort_keys=True))


def run_case(case: Case) -> str | None:
    """None when regorus agrees with OPA's expected answer, else a description of the difference."""
    import regorus

    engine: Any = regorus.Engine()
    try:
        for index, source in enumerate(case.data.get("modules", [])):
            engine.add_policy(f"case{index}.rego", source)
        if "data" in case.data:
            engine.add_data_json(json.dumps(case.data["data"]))
        if "input" in case.data:
            engine.set_input_json(json.dumps(case.data["input"]))
        raw = json.loads(engine.eval_query_as_json(case.data["query"]))
    except RuntimeError as exc:
        if "want_error" in case.data or "want_error_code" in case.data:
            return None
        return "raised: " + str(exc).split("\nStack backtrace:")[0][:300]
    if "want_error" in case.data or "want_error_code" in case.data:
        # OPA reports the error; regorus answering "undefined" is the same outcome for a policy
        return None if not raw.get("result") else f"expected an error, got {raw['result'][:1]}"
    got = [_canonical(r.get("bindings", {})) for r in raw.get("result", [])]
    want = [_canonical(b) for b in case.data.get("want_result") or []]
    if case.data.get("sort_bindings"):
        got, want = sorted(got, key=json.dumps), sorted(want, key=json.dumps)
    return None if got == want else f"want {json.dumps(want)[:300]}, got {json.dumps(got)[:300]}"
