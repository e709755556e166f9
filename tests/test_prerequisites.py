"""README's prerequisites for the test suite are what the suite needs, and CI caches what it builds."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.services.tools import INSTALL_HINT, repo_root, tools_dir

REPO = repo_root()
README = (REPO / "README.md").read_text()
CI = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text())
# what installs and runs the tests: a prerequisite none of these uses is not one
MACHINERY = [REPO / "Makefile", REPO / ".ci" / "run", *sorted((REPO / "scripts").iterdir())]


def prerequisites() -> str:
    quick_start = README.split("## Quick start", 1)[1]
    return quick_start.split("```", 1)[0]


def version(text: str) -> tuple[int, int, int]:
    major, minor, patch = [*map(int, text.split(".")), 0, 0][:3]
    return major, minor, patch


def readme_go_minimum() -> tuple[int, int, int]:
    found = re.search(r"Go ≥ (\d+\.\d+(?:\.\d+)?)", prerequisites())
    assert found, "README's quick start names no minimum Go version"
    return version(found.group(1))


def step_inputs(action: str) -> list[dict[str, str]]:
    """The `with:` of each step of the test job that uses ACTION."""
    steps = CI["jobs"]["test"]["steps"]
    return [
        {k: str(v).strip() for k, v in s.get("with", {}).items()}
        for s in steps
        if str(s.get("uses", "")).startswith(action)
    ]


def test_nothing_needs_node_and_readme_asks_for_none() -> None:
    users = [p.name for p in MACHINERY if re.search(r"\b(node|npm|npx)\b", p.read_text())]
    assert users == []
    assert not re.search(r"\bNode\b", prerequisites())


def test_readme_names_root_for_chromium_as_the_installer_does() -> None:
    installer = (REPO / "scripts" / "install-test-tools").read_text()
    assert "apt-get install" in installer and "sudo" in installer
    assert re.search(r"root or `sudo`.*Chromium", prerequisites(), re.S)


def test_ci_sets_up_the_go_readme_names() -> None:
    (setup_go,) = step_inputs("actions/setup-go")
    assert version(setup_go["go-version"])[:2] >= readme_go_minimum()[:2]


def test_ci_caches_the_tools_and_what_builds_them() -> None:
    keys = {cache["path"]: cache["key"] for cache in step_inputs("actions/cache")}
    tools = keys["~/.cache/mlgov-test-tools"]
    for pin in ("scripts/versions.env", "scripts/test-lock.txt", "scripts/mlflow-constraints.txt"):
        assert pin in tools
    assert "scripts/versions.env" in keys["~/go/pkg/mod\n~/.cache/go-build"]


@pytest.mark.services  # reads the wrapper modules scripts/install-test-tools wrote
def test_readme_go_minimum_covers_every_tool_module() -> None:
    """The go line of each wrapper module is raised by `go` to the highest one its tool requires."""
    modules = sorted((tools_dir() / "build").glob("*/go.mod"))
    if not modules:
        pytest.fail(f"no wrapper modules under {tools_dir() / 'build'}; {INSTALL_HINT}", pytrace=False)
    needed: dict[str, tuple[int, int, int]] = {}
    for module in modules:
        go_line = re.search(r"^go (\d+\.\d+(?:\.\d+)?)$", module.read_text(), re.M)
        assert go_line, f"{module} has no go line"
        needed[module.parent.name] = version(go_line.group(1))
    test_tier = {name: v for name, v in needed.items() if not name.startswith("conftest-")}
    assert max(test_tier.values()) <= readme_go_minimum(), needed
