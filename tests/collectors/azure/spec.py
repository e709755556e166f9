"""The Microsoft.MachineLearningServices REST API description the test server answers by.

Azure publishes the API as OpenAPI (swagger) files in its azure-rest-api-specs repository, which
no package registry reachable here carries (the PyPI, npm, Go module and Maven package lists were
searched: SDK packages ship code generated from the files, never the files). The next best
description is that generated code: every model class of azure-mgmt-machinelearningservices
carries `_attribute_map` (each field's JSON key and type), `_validation` (required, read-only,
patterns, lengths) and `_subtype_map` (the discriminator values of polymorphic types), all
generated from the swagger files of API version 2023-04-01. The routes come from the SDK too:
each list operation's URL template (`operation.metadata["url"]`) and the page model it
deserializes.

`validate(body, model)` returns every difference: a key the model does not define, a value of
the wrong type, a missing required field, an unknown discriminator value, a broken pattern or
length. The server refuses to answer with a body that has any, so a fixture field (and so a
field mlgov relies on) that the real API does not have fails the test.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from azure.mgmt.machinelearningservices import models, operations

API_VERSION = "2023-04-01"
_PRIMITIVES = {"str", "int", "long", "float", "bool", "iso-8601", "duration", "object", "date", "rfc-1123"}
_DURATION = re.compile(r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")


@dataclass(frozen=True)
class Route:
    """One list operation: its URL template and the model of each item it returns."""

    operation: str  # e.g. ModelVersions_List
    template: str  # /subscriptions/{subscriptionId}/.../models/{name}/versions
    page_model: str
    item_model: str
    pattern: re.Pattern[str]


# The list operations mlgov calls: (operations class, method). Everything else is unknown.
_LISTS = (
    ("Workspaces", "list_by_subscription"),
    ("Registries", "list_by_subscription"),
    ("ModelContainers", "list"),
    ("ModelVersions", "list"),
    ("RegistryModelContainers", "list"),
    ("RegistryModelVersions", "list"),
    ("OnlineEndpoints", "list"),
    ("OnlineDeployments", "list"),
    ("BatchEndpoints", "list"),
    ("BatchDeployments", "list"),
    ("Compute", "list"),
    ("Jobs", "list"),
)


# The single-resource GETs mlgov calls: the data assets its jobs read.
_GETS = (("DataVersions", "get"),)


def _route(group: str, method: str, single: bool) -> Route:
    function = getattr(getattr(operations, f"{group}Operations"), method)
    template = function.metadata["url"]
    answer = re.findall(r'_deserialize\("(\w+)"', inspect.getsource(function))[0]
    item = answer if single else getattr(models, answer)._attribute_map["value"]["type"].strip("[]")
    regex = re.sub(r"\\\{\w+\\\}", "([^/]+)", re.escape(template))
    return Route(
        operation=f"{group}_{method.title().replace('_', '')}",
        template=template,
        page_model=answer,
        item_model=item,
        pattern=re.compile(regex + "/?", re.IGNORECASE),
    )


@cache
def routes() -> tuple[Route, ...]:
    """The list operations (`page_model` is the page, `item_model` each item)."""
    return tuple(_route(group, method, single=False) for group, method in _LISTS)


@cache
def get_routes() -> tuple[Route, ...]:
    """The single-resource GETs (`page_model` and `item_model` are the resource's model)."""
    return tuple(_route(group, method, single=True) for group, method in _GETS)


def route_for(path: str, candidates: tuple[Route, ...] | None = None) -> tuple[Route, tuple[str, ...]] | None:
    for route in routes() if candidates is None else candidates:
        match = route.pattern.fullmatch(path)
        if match:
            return route, match.groups()
    return None


def validate(value: Any, type_name: str, where: str = "") -> list[str]:
    """Every way ``value`` differs from the API description of ``type_name``."""
    if value is None:
        return []
    if type_name.startswith("[") and type_name.endswith("]"):
        if not isinstance(value, list):
            return [f"{where}: expected an array"]
        return [e for i, item in enumerate(value) for e in validate(item, type_name[1:-1], f"{where}[{i}]")]
    if type_name.startswith("{") and type_name.endswith("}"):
        if not isinstance(value, dict):
            return [f"{where}: expected an object"]
        return [e for k, item in value.items() for e in validate(item, type_name[1:-1], f"{where}.{k}")]
    if type_name in _PRIMITIVES:
        return _primitive(value, type_name, where)
    model = getattr(models, type_name, None)
    if model is None:
        return [f"{where}: the API description has no type {type_name}"]
    if not isinstance(value, dict):
        return [f"{where}: expected a {type_name} object"]
    return _model(value, model, where or type_name)


def _primitive(value: Any, type_name: str, where: str) -> list[str]:
    checks: dict[str, Callable[[Any], bool]] = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "long": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "iso-8601": _is_timestamp,
        "duration": lambda v: isinstance(v, str) and _DURATION.fullmatch(v) is not None,
        "date": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) is not None,
        "rfc-1123": lambda v: isinstance(v, str),
        "object": lambda v: True,
    }
    return [] if checks[type_name](value) else [f"{where}: {value!r} is not a {type_name}"]


def _is_timestamp(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _model(value: Mapping[str, Any], declared: type, where: str) -> list[str]:
    model = _subtype(value, declared)
    if isinstance(model, str):
        return [f"{where}: {model}"]
    errors: list[str] = []
    attributes: dict[str, Any] = model._attribute_map  # type: ignore[attr-defined]
    rules: dict[str, Any] = model._validation  # type: ignore[attr-defined]
    open_ended = any(spec["key"] == "" for spec in attributes.values())  # additional properties
    # flattened keys ("properties.friendlyName") nest: group the attributes by their first segment
    nested: dict[str, dict[str, tuple[str, str]]] = {}
    for attribute, spec in attributes.items():
        if spec["key"] == "":
            continue
        parts = re.split(r"(?<!\\)\.", spec["key"])
        head, rest = parts[0].replace("\\.", "."), ".".join(parts[1:])
        nested.setdefault(head, {})[rest] = (attribute, spec["type"])
    for key, item in value.items():
        if key not in nested:
            if not open_ended:
                errors.append(f"{where}.{key}: not a field of {model.__name__}")
            continue
        fields = nested[key]
        if "" in fields:
            attribute, type_name = fields[""]
            errors += validate(item, type_name, f"{where}.{key}")
            errors += _constraints(item, rules.get(attribute, {}), f"{where}.{key}")
            continue
        if not isinstance(item, dict):
            errors.append(f"{where}.{key}: expected an object")
            continue
        for sub, sub_item in item.items():
            if sub not in fields:
                errors.append(f"{where}.{key}.{sub}: not a field of {model.__name__}")
                continue
            attribute, type_name = fields[sub]
            errors += validate(sub_item, type_name, f"{where}.{key}.{sub}")
            errors += _constraints(sub_item, rules.get(attribute, {}), f"{where}.{key}.{sub}")
    for attribute, rule in rules.items():
        if rule.get("required") and not rule.get("readonly"):
            parts = re.split(r"(?<!\\)\.", attributes[attribute]["key"])
            holder: Any = value
            for part in parts:
                holder = holder.get(part) if isinstance(holder, dict) else None
            if holder is None:
                errors.append(f"{where}.{attributes[attribute]['key']}: required by {model.__name__}")
    return errors


def _subtype(value: Mapping[str, Any], model: type) -> type | str:
    """The concrete class a discriminator value selects; an unknown value is an error text."""
    subtypes: dict[str, dict[str, str]] = getattr(model, "_subtype_map", None) or {}
    for attribute, choices in subtypes.items():
        key = model._attribute_map[attribute]["key"]  # type: ignore[attr-defined]
        discriminator = value.get(key)
        if discriminator is None:
            return f"the discriminator {key} of {model.__name__} is missing"
        if discriminator not in choices:
            return f"{key}={discriminator!r} is not one of {sorted(choices)}"
        chosen = getattr(models, choices[discriminator])
        return chosen if chosen is model else _subtype(value, chosen)
    return model


def _constraints(value: Any, rule: Mapping[str, Any], where: str) -> list[str]:
    errors = []
    if isinstance(value, str):
        if "pattern" in rule and re.search(rule["pattern"], value) is None:
            errors.append(f"{where}: {value!r} does not match {rule['pattern']}")
        if "min_length" in rule and len(value) < rule["min_length"]:
            errors.append(f"{where}: shorter than {rule['min_length']}")
        if "max_length" in rule and len(value) > rule["max_length"]:
            errors.append(f"{where}: longer than {rule['max_length']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in rule and value < rule["minimum"]:
            errors.append(f"{where}: below {rule['minimum']}")
        if "maximum" in rule and value > rule["maximum"]:
            errors.append(f"{where}: above {rule['maximum']}")
    return errors
