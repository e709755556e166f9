"""The rule catalog: rules/*.yaml validated by rules/rule.schema.json, custom rule metadata, and
the check that every rule package has an entry and every entry a package."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import yaml

from scanner.model import PolicyError, Rule, Severity
from scanner.resources import data_dir
from scanner.yamlio import load_yaml_with_lines

if TYPE_CHECKING:
    from scanner.policy.bundle import PolicyBundle, PolicyModule

RULES_PREFIX = "mlgov.rules."


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((data_dir("rules") / "rule.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _pointer(parts: Any) -> str:
    return "".join(f"/{p}" for p in parts)


def parse_rule_file(path: Path, *, custom: bool = False) -> tuple[Rule, bytes]:
    raw = path.read_bytes()
    try:
        data, lines = load_yaml_with_lines(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PolicyError(f"rule file is not valid YAML: {exc}", where=str(path)) from exc
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        pointer = _pointer(errors[0].absolute_path)
        line = lines.get(pointer) or 1
        raise PolicyError(
            f"{pointer or '/'}: {errors[0].message}",
            where=f"{path}:{line}",
            hint="rules/rule.schema.json describes every field of a catalog entry",
        )
    return rule_from_dict(data, custom=custom), raw


def rule_from_dict(data: dict[str, Any], *, custom: bool) -> Rule:
    return Rule(
        id=data["id"],
        title=data["title"],
        severity=Severity(data["severity"]),
        applies_to=tuple(data.get("applies_to", ())),
        description=data.get("description", ""),
        rationale=data.get("rationale", ""),
        remediation=data.get("remediation", ""),
        controls=tuple(data.get("controls", ())),
        help_uri=data.get("help_uri"),
        package=data.get("package"),
        planned=bool(data.get("planned", False)),
        custom=custom,
    )


def load_catalog(root: Path) -> tuple[list[Rule], list[tuple[str, bytes]]]:
    rules: list[Rule] = []
    files: list[tuple[str, bytes]] = []
    for path in sorted(root.glob("*.yaml")):
        rule, raw = parse_rule_file(path)
        if path.stem != rule.id:
            raise PolicyError(
                f"rule {rule.id} lives in {path.name}", where=str(path), hint=f"name it {rule.id}.yaml"
            )
        rules.append(rule)
        files.append((path.name, raw))
    return rules, files


def load_custom_rules(
    directory: Path, modules: Sequence[PolicyModule]
) -> tuple[list[Rule], list[tuple[str, bytes]]]:
    """Metadata for custom policies: a catalog YAML beside them, or `# METADATA` comments."""
    rules: list[Rule] = []
    files: list[tuple[str, bytes]] = []
    for path in sorted([*directory.rglob("*.yaml"), *directory.rglob("*.yml")]):
        rule, raw = parse_rule_file(path, custom=True)
        rules.append(rule)
        files.append((str(path), raw))
    described = {r.package for r in rules}
    for module in modules:
        package = (module.package or "")[len(RULES_PREFIX) :]
        if package in described:
            continue
        described_rule = _rule_from_metadata(module, package)
        if described_rule is not None:
            rules.append(described_rule)
    return rules, files


def metadata_block(source: str) -> tuple[str, int] | None:
    """The YAML inside a `# METADATA` comment block, and the block's 1-based line."""
    lines = source.splitlines()
    for index, line in enumerate(lines):
        if line.strip() == "# METADATA":
            body = []
            for follow in lines[index + 1 :]:
                stripped = follow.strip()
                if not stripped.startswith("#"):
                    break
                body.append(stripped[2:] if stripped.startswith("# ") else stripped[1:])
            return "\n".join(body), index + 1
    return None


def _rule_from_metadata(module: PolicyModule, package: str) -> Rule | None:
    block = metadata_block(module.source)
    if block is None:
        return None
    text, line = block
    where = f"{module.path}:{line}"
    try:
        meta = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise PolicyError(f"METADATA block is not valid YAML: {exc}", where=where) from exc
    custom = meta.get("custom") if isinstance(meta, dict) else None
    if not isinstance(custom, dict) or not custom.get("id"):
        raise PolicyError(
            "METADATA block has no custom.id",
            where=where,
            hint="add `custom:` with `id: ORG001` and `severity: high` to the METADATA comments",
        )
    data = {
        "id": str(custom["id"]),
        "title": str(meta.get("title") or custom["id"]),
        "severity": str(custom.get("severity", "medium")).lower(),
        "applies_to": list(custom.get("applies_to", [])),
        "description": str(meta.get("description", "")),
        "rationale": str(custom.get("rationale", meta.get("description", ""))),
        "remediation": str(custom.get("remediation", "")),
        "controls": [str(c) for c in custom.get("controls", [])],
        "package": package,
    }
    errors = list(_validator().iter_errors(data))
    if errors:
        raise PolicyError(f"METADATA: {errors[0].message}", where=where)
    return rule_from_dict(data, custom=True)


def check_consistency(bundle: PolicyBundle) -> None:
    """Every rule package has a catalog entry; every non-planned entry has a package."""
    packages = bundle.rule_packages()
    by_package = {r.package: r for r in bundle.rules if r.package}
    for package, module in sorted(packages.items()):
        if package not in by_package:
            raise PolicyError(
                f"policy package {RULES_PREFIX}{package} has no rule catalog entry",
                where=module.path,
                hint="add rules/<ID>.yaml with `package: " + package + "` (or METADATA for a custom policy)",
            )
    for rule in bundle.rules:
        if rule.planned:
            if rule.package in packages:
                raise PolicyError(f"rule {rule.id} is marked planned but its package exists", where=rule.id)
            continue
        if rule.package not in packages:
            raise PolicyError(
                f"rule {rule.id} names package {rule.package!r}, which no policy defines",
                where=rule.id,
                hint="write the policy, or mark the catalog entry `planned: true`",
            )
