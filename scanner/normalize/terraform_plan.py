"""The shape of ``terraform show -json`` output: resources, configuration references, lines.

Which values we read: ``planned_values`` (what will exist once the plan is applied), or the
top-level ``values`` of ``terraform show -json`` on a state. ``prior_state`` is not read: a
resource the plan destroys should not be reported as deployed. Data sources are skipped.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from scanner.normalize.access import Obj, get_list, get_map, get_str, maps


def is_terraform_json(doc: Any) -> bool:
    """A plan (``planned_values`` / ``resource_changes``) or a shown state (``values``)."""
    return (
        isinstance(doc, Mapping)
        and "format_version" in doc
        and (
            "planned_values" in doc
            or "resource_changes" in doc
            or get_map(doc, "values", "root_module") is not None
        )
    )


@dataclass(frozen=True)
class Resource:
    address: str  # full address: module.ml.aws_sagemaker_model.fraud["a"]
    type: str
    name: str
    module: str  # module address, "" for the root module
    index: str  # "", "[0]" or '["a"]'
    values: Obj  # read through scanner.normalize.access only


_INDEX = re.compile(r"(\[[^\]]*\])$")


def resources(plan: Obj) -> list[Resource]:
    """Every managed resource of the plan's outcome, root and child modules alike."""
    root = get_map(plan, "planned_values", "root_module") or get_map(plan, "values", "root_module")
    if root is None:
        return list(_from_changes(plan))
    out: list[Resource] = []
    stack = [root]
    while stack:  # iterative: module nesting depth is not ours to trust
        module = stack.pop()
        for raw in maps(get_list(module, "resources")):
            found = _resource(raw, get_map(raw, "values") or {})
            if found is not None:
                out.append(found)
        stack.extend(reversed(maps(get_list(module, "child_modules"))))
    return out


def _from_changes(plan: Obj) -> Iterator[Resource]:
    """No planned_values: the ``after`` side of each change that is not a delete."""
    for change in maps(get_list(plan, "resource_changes")):
        actions = get_list(change, "change", "actions")
        after = get_map(change, "change", "after")
        if after is not None and "delete" not in actions:
            found = _resource(change, after)
            if found is not None:
                yield found


def _resource(raw: Obj, values: Obj) -> Resource | None:
    address, rtype, name = get_str(raw, "address"), get_str(raw, "type"), get_str(raw, "name")
    if address is None or rtype is None or name is None or get_str(raw, "mode") == "data":
        return None
    module = get_str(raw, "module_address") or _module_of(address, rtype, name)
    match = _INDEX.search(address)
    return Resource(address, rtype, name, module, match[1] if match else "", values)


def _module_of(address: str, rtype: str, name: str) -> str:
    marker = f"{rtype}.{name}"
    head = address.rsplit(marker, 1)[0]
    return head.rstrip(".")


# --- configuration: references for values unknown at plan time ------------------------------


def config_resource(plan: Obj, resource: Resource) -> Obj | None:
    """The configuration block of a resource (module instance keys removed from the path)."""
    module = get_map(plan, "configuration", "root_module")
    for call in re.findall(r"module\.([^.\[]+)", resource.module):
        module = get_map(module, "module_calls", call, "module")
    for entry in maps(get_list(module, "resources")):
        if get_str(entry, "type") == resource.type and get_str(entry, "name") == resource.name:
            return entry
    return None


_REF = re.compile(r"^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(\[[^\]]*\])?")


def referenced(
    expression: Any, target_type: str, source: Resource, known: Mapping[str, Resource]
) -> Resource | None:
    """The resource of ``target_type`` an expression refers to, in the source's module.

    Terraform lists references like ``aws_sagemaker_model.m.name`` and ``aws_sagemaker_model.m``;
    with count/for_each the same index as the source is preferred, then the only instance.
    """
    for ref in get_list(expression, "references"):
        match = _REF.match(ref) if isinstance(ref, str) else None
        if not match or match[1] != target_type:
            continue
        prefix = f"{source.module}." if source.module else ""
        base = f"{prefix}{match[1]}.{match[2]}"
        for candidate in (base + (match[3] or ""), base + source.index, base):
            if candidate in known:
                return known[candidate]
        instances = [r for a, r in known.items() if a.startswith(base + "[")]
        if len(instances) == 1:
            return instances[0]
    return None


# --- lines ----------------------------------------------------------------------------------

_ADDRESS = re.compile(r'"address"\s*:\s*"((?:[^"\\]|\\.)*)"')


def address_lines(text: str) -> dict[str, int]:
    """Address -> 1-based line of its first ``"address": "..."`` in the file.

    ``terraform show -json`` writes planned_values first, so the first occurrence is the
    resource object we read. Its output is often one line: then every resource is on line 1.
    """
    newlines = [m.start() for m in re.finditer("\n", text)]
    out: dict[str, int] = {}
    for match in _ADDRESS.finditer(text):
        try:
            address = json.loads(f'"{match[1]}"')
        except ValueError:
            continue
        if address not in out:
            out[address] = bisect.bisect_left(newlines, match.start()) + 1
    return out
