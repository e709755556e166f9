"""Google's discovery documents (the ones google-api-python-client ships) as a request router and
a response validator.

No emulator exists for Vertex AI or Workbench: the test server answers what the published API
description says, and nothing else. Each discovery schema becomes a JSON Schema in which an object
with declared ``properties`` admits no other key, so a seeded resource with a field the real API
does not have is refused, and so is any response carrying one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema
from googleapiclient.discovery_cache import get_static_doc

_TIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$"


@dataclass(frozen=True)
class Method:
    id: str  # aiplatform.projects.locations.models.list
    http_method: str
    pattern: re.Pattern[str]
    parameters: frozenset[str]  # query and path parameters, plus the API's standard ones
    response: str | None  # schema name


class Discovery:
    def __init__(self, name: str, version: str) -> None:
        text = get_static_doc(name, version)
        assert text is not None, f"google-api-python-client ships no {name} {version} document"
        self.document: dict[str, Any] = json.loads(text)
        self.name = name
        self.version = version
        standard = frozenset(self.document.get("parameters", {}))
        self.methods = [
            Method(
                id=m["id"],
                http_method=m["httpMethod"],
                pattern=_path_pattern(m.get("flatPath") or m["path"]),
                parameters=standard | frozenset(m.get("parameters", {})),
                response=(m.get("response") or {}).get("$ref"),
            )
            for m in _methods(self.document.get("resources", {}))
        ]
        definitions = {n: _json_schema(s) for n, s in self.document["schemas"].items()}
        self._root = {"$defs": definitions}
        self._validators: dict[str, Any] = {}

    def route(self, http_method: str, path: str) -> Method | None:
        """The method whose flat path matches (the most specific: the longest pattern)."""
        hits = [m for m in self.methods if m.http_method == http_method and m.pattern.fullmatch(path)]
        return max(hits, key=lambda m: len(m.pattern.pattern)) if hits else None

    def validate(self, schema: str, value: Any) -> None:
        """Raise ValueError naming the JSON pointer of the first field the schema does not allow."""
        validator = self._validators.get(schema)
        if validator is None:
            validator = jsonschema.Draft202012Validator({**self._root, "$ref": f"#/$defs/{schema}"})
            self._validators[schema] = validator
        error = jsonschema.exceptions.best_match(validator.iter_errors(value))
        if error is not None:
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            raise ValueError(f"{self.name} {self.version} {schema}{pointer}: {error.message}")

    def schema(self, name: str) -> dict[str, Any]:
        schema: dict[str, Any] = self.document["schemas"][name]
        return schema


@cache
def discovery(name: str, version: str) -> Discovery:
    """One parsed document per test session."""
    return Discovery(name, version)


def _methods(resources: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for resource in resources.values():
        yield from resource.get("methods", {}).values()
        yield from _methods(resource.get("resources", {}))


def _path_pattern(flat_path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", flat_path)
    regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts if p)
    return re.compile("/" + regex)


def _json_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """One discovery schema node -> JSON Schema (closed objects, typed scalars)."""
    if "$ref" in schema:
        return {"$ref": f"#/$defs/{schema['$ref']}"}
    kind = schema.get("type")
    out: dict[str, Any] = {}
    if "enum" in schema:
        out["enum"] = list(schema["enum"])
    if kind == "object":
        out["type"] = "object"
        if "properties" in schema:
            out["properties"] = {k: _json_schema(v) for k, v in schema["properties"].items()}
            out["additionalProperties"] = False
        if "additionalProperties" in schema:
            out["additionalProperties"] = _json_schema(schema["additionalProperties"])
    elif kind == "array":
        out["type"] = "array"
        out["items"] = _json_schema(schema.get("items", {}))
    elif kind == "string":
        out["type"] = "string"
        if schema.get("format") in {"int64", "uint64"}:
            out["pattern"] = r"^-?\d+$"
        elif schema.get("format") == "google-datetime":
            out["pattern"] = _TIME
    elif kind in {"integer", "number", "boolean"}:
        out["type"] = kind
    # "any" and untyped nodes admit anything
    return out
