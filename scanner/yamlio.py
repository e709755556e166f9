"""YAML for small hand-written files (config, waivers): data plus a JSON-pointer -> line map.

Errors in such files must name the line a person should edit, so we compose the node tree once
and record where every value starts. Large machine-written inputs (manifests) use the collectors'
own faster loader instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scanner.model import ConfigError

try:  # the C loader is several times faster; fall back when libyaml is absent
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the platform's libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

_MAX_NODES = 100_000  # hand-written files are small; an alias bomb is not


def load_yaml_with_lines(text: str) -> tuple[Any, dict[str, int]]:
    """Parse one YAML document. Returns (data, {json_pointer: 1-based line})."""
    node = yaml.compose(text, Loader=SafeLoader)
    if node is None:
        return None, {}
    lines: dict[str, int] = {}
    budget = [_MAX_NODES]
    data = _build(node, "", lines, budget)
    return data, lines


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _build(node: yaml.Node, pointer: str, lines: dict[str, int], budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise yaml.YAMLError("document too large or uses too many aliases (over 100,000 nodes)")
    lines.setdefault(pointer, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.YAMLError(
                    f"line {key_node.start_mark.line + 1}: mapping keys must be plain values"
                )
            key = _scalar(key_node)
            child = f"{pointer}/{_escape(str(key))}"
            # the key's line is where a person looks to fix a value or remove a key
            lines[child] = key_node.start_mark.line + 1
            out[key] = _build(value_node, child, lines, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, f"{pointer}/{i}", lines, budget) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    loader = SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class YamlFile:
    data: Any
    lines: dict[str, int]  # JSON pointer -> 1-based line
    raw: bytes


def read_yaml_file(path: Path, what: str, hint: str) -> YamlFile:
    """Read a hand-written YAML file (``what``: "config file", "waivers file"); every failure is a
    ConfigError naming the file, the line where known, and ``hint``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {what}: {exc.strerror}", where=str(path), hint=hint) from exc
    try:
        data, lines = load_yaml_with_lines(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{what} is not UTF-8 text", where=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{what} is not valid YAML: {problem}", where=where) from exc
    return YamlFile(data=data, lines=lines, raw=raw)
