"""The embedded engine passes OPA's conformance cases for every builtin the bundle uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.policy.bundle import load_bundle
from tests.engine.conformance import bundle_builtins, in_scope, load_cases, opa_builtin_names, run_case
from tests.services.tools import INSTALL_HINT, repo_root, tool, tools_dir

pytestmark = pytest.mark.services

# Cases where regorus 0.13 answers differently from OPA, each checked to still differ (so this
# list cannot go stale) and each on a path the built-in policies avoid.
KNOWN_DIFFERENCES: dict[str, str] = {
    "comparisonexpr/decimals order like the numbers they denote": (
        "regorus cannot parse number literals beyond float64 (1e400); policies hold no such literals"
    ),
    "logic_op/builtin_calls: comprehension in builtin, or branch": (
        "regorus does not parse OPA's new `or` operator; policies do not use it"
    ),
    "logic_op/builtin_calls: or with builtins on both sides": "as above: no `or` operator",
    "logic_op/builtin_calls: nested builtin call, distinct result temporaries": (
        "regorus does not parse OPA's new `and` operator either; policies use one expression per line"
    ),
    "logic_op/builtin_calls: and with builtins on both sides": "as above: no `and` operator",
    "logic_op/builtin_calls: and with builtins, rhs fails": "as above: no `and` operator",
    "regexmatch/regex.match bad RE": (
        "regorus rejects a constant invalid regex at compile time; our pattern comes from params, "
        "validated in Python (scanner/policy/params.py) before evaluation"
    ),
    "sprintf/float/zero_fraction": (
        "regorus does not parse the `.0` float literal; policies format no floats"
    ),
    "sprintf/float/exponent": "regorus formats %f differently; policies use only %s and %d",
    "strings/sprintf: float too big": "float literal beyond float64, as above",
    "withkeyword/builtin: nested, mock function calls original": (
        "regorus does not support `with` on builtins; policy tests mock only input"
    ),
    "withkeyword/builtin-builtin: arity 1, replacement is compound": ("as above: no builtin mocking"),
}


def opa_cases_dir() -> Path:
    versions = (repo_root() / "scripts" / "versions.env").read_text()
    version = next(line.split("=", 1)[1] for line in versions.splitlines() if line.startswith("OPA_VERSION="))
    root = tools_dir() / "share" / f"opa-{version}" / "conformance"
    if not root.is_dir():
        pytest.fail(f"OPA {version} conformance cases are missing ({root}); {INSTALL_HINT}")
    return root


def test_conformance_cases_for_bundle_builtins(tmp_path: Path) -> None:
    opa = tool("opa")
    used = bundle_builtins(load_bundle(), opa, tmp_path)
    # derived from the bundle, not kept by hand: these are what the rules visibly call
    assert {"sprintf", "regex.match", "object.get", "time.add_date", "count"} <= used
    builtins = opa_builtin_names(opa)
    cases = [c for c in load_cases(opa_cases_dir()) if in_scope(c, used, builtins)]
    assert len(cases) >= 50, f"only {len(cases)} conformance cases in scope for {sorted(used)}"
    failures = {c.note: problem for c in cases if (problem := run_case(c)) is not None}
    unexpected = {k: v for k, v in failures.items() if k not in KNOWN_DIFFERENCES}
    stale = sorted(set(KNOWN_DIFFERENCES) - set(failures))
    report = "\n".join(f"  {k}: {v}" for k, v in sorted(unexpected.items()))
    assert not unexpected, f"{len(unexpected)} of {len(cases)} cases differ:\n{report}"
    assert not stale, f"known differences that now pass (remove them): {stale}"
