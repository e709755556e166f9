"""The policy bundle: built-in Rego modules and rule catalog, plus custom policy directories."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scanner.model import PolicyError, Rule
from scanner.policy.catalog import check_consistency, load_catalog, load_custom_rules
from scanner.resources import data_dir

_PACKAGE_LINE = re.compile(r"^package\s+([A-Za-z_][\w.]*)", re.MULTILINE)
RULES_PACKAGE = "mlgov.rules"


@dataclass(frozen=True)
class PolicyModule:
    path: str  # relative to its root for built-ins; absolute for custom directories
    source: str

    @property
    def package(self) -> str | None:
        match = _PACKAGE_LINE.search(self.source)
        return match.group(1) if match else None


@dataclass(frozen=True)
class PolicyBundle:
    modules: tuple[PolicyModule, ...]  # evaluated by a scan
    tests: tuple[PolicyModule, ...]  # *_test.rego, run by `mlgov policy test`
    rules: tuple[Rule, ...]  # the catalog: built-in and custom
    digest: str  # sha256 over every module, test and catalog file
    roots: tuple[str, ...]

    def rule_packages(self) -> dict[str, PolicyModule]:
        """Rule packages (one level under mlgov.rules) -> the module that declares them."""
        out: dict[str, PolicyModule] = {}
        for module in self.modules:
            package = module.package or ""
            if package.startswith(RULES_PACKAGE + "."):
                out.setdefault(package[len(RULES_PACKAGE) + 1 :], module)
        return out


def _read_rego(root: Path, relative: bool) -> tuple[list[PolicyModule], list[PolicyModule]]:
    modules: list[PolicyModule] = []
    tests: list[PolicyModule] = []
    for path in sorted(root.rglob("*.rego")):
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PolicyError(f"cannot read policy: {exc}", where=str(path)) from exc
        name = path.relative_to(root).as_posix() if relative else str(path)
        module = PolicyModule(path=name, source=source)
        if module.package is None:
            raise PolicyError(
                "policy has no package line", where=f"{path}:1", hint="start it with `package ...`"
            )
        (tests if path.name.endswith("_test.rego") else modules).append(module)
    return modules, tests


def load_bundle(extra_dirs: Sequence[Path] = ()) -> PolicyBundle:
    policies_root = data_dir("policies")
    rules_root = data_dir("rules")
    modules, tests = _read_rego(policies_root, relative=True)
    rules, catalog_files = load_catalog(rules_root)
    digest = hashlib.sha256()
    for directory in extra_dirs:
        if not directory.is_dir():
            raise PolicyError(
                "custom policy directory not found",
                where=str(directory),
                hint="check -p/--policy or policy.paths in mlgov.yaml",
            )
        custom_modules, custom_tests = _read_rego(directory, relative=False)
        outside = [m for m in custom_modules if not (m.package or "").startswith(RULES_PACKAGE + ".")]
        if outside:
            raise PolicyError(
                f"custom policy package {outside[0].package} is not under {RULES_PACKAGE}",
                where=outside[0].path,
                hint=f"name the package {RULES_PACKAGE}.<your_rule>, e.g. {RULES_PACKAGE}.team_gpu_quota",
            )
        custom_rules, custom_files = load_custom_rules(directory, custom_modules)
        modules += custom_modules
        tests += custom_tests
        rules += custom_rules
        catalog_files += custom_files
    _reject_duplicate_ids(rules)
    # contents only, never paths: the same policies give the same digest on every machine
    parts = sorted(
        [m.source.encode() for m in [*modules, *tests]] + [content for _, content in catalog_files]
    )
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    bundle = PolicyBundle(
        modules=tuple(modules),
        tests=tuple(tests),
        rules=tuple(sorted(rules, key=lambda r: r.id)),
        digest=f"sha256:{digest.hexdigest()}",
        roots=(str(policies_root), *(str(d) for d in extra_dirs)),
    )
    check_consistency(bundle)  # a rule that can never fire must not pass silently
    return bundle


def _reject_duplicate_ids(rules: Sequence[Rule]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise PolicyError(f"rule id {rule.id} is defined twice", hint="give each custom rule its own id")
        seen.add(rule.id)
