"""Parsed documents of one file -> assets, dispatching on what each document is.

A document is a Terraform plan/state (JSON), a Kubernetes ``*List`` (its ``items`` are
objects), a Kubernetes object, or something else (ignored: a Helm values file or a CI config
under the scanned directory is not an error). ``Namespace`` objects contribute their labels,
so that workloads in a labelled namespace get its environment; templates (a TrainJob's runtime)
and the references to them are collected for ``References.apply`` once every file is read.

``count_objects`` counts the Kubernetes objects and Terraform plans among the documents,
assets or not: a scan that saw none read nothing it could judge. An asset whose name,
namespace, image or artifact URI is still template text (``{{workflow.name}}``,
``$VLLM_IMAGE``, ``<your-image>``) is not an asset with that name: it is reported as a
``template`` failure at its document's line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scanner.collectors.documents import Document, ParseFailure
from scanner.collectors.templates import PLACEHOLDER_HINT, placeholder
from scanner.model import Asset, Location
from scanner.normalize.access import get_map, get_str
from scanner.normalize.k8s_kinds import NAMESPACE, is_list_kind
from scanner.normalize.k8s_refs import References
from scanner.normalize.kubernetes import read_k8s_object
from scanner.normalize.resolve import ResolverConfig
from scanner.normalize.tags import string_map
from scanner.normalize.terraform import normalize_terraform_plan
from scanner.normalize.terraform_plan import is_terraform_json

FILE_CLUSTER = "-"


@dataclass
class FileAssets:
    assets: list[Asset] = field(default_factory=list)
    namespace_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    templates: list[ParseFailure] = field(default_factory=list)
    terraform_plan: bool = False  # the file held a plan: its resources' ids name ``stack``
    references: References = field(default_factory=References)


def assets_from_documents(
    docs: list[Document], *, display: str, text: str, resolver: ResolverConfig, stack: str
) -> FileAssets:
    """``stack``: the Terraform stack a plan in these documents belongs to."""
    out = FileAssets()
    for doc in docs:
        data = doc.data
        if not isinstance(data, Mapping):
            continue
        if is_terraform_json(data):
            plan = normalize_terraform_plan(data, path=display, stack=stack, text=text, resolver=resolver)
            out.assets.extend(plan)
            out.terraform_plan = True
            continue
        kind = get_str(data, "kind")
        items = data.get("items")
        if kind is not None and is_list_kind(kind) and isinstance(items, list):
            for index, item in enumerate(items):
                line = doc.item_lines[index] if index < len(doc.item_lines) else doc.line
                _object(item, display, line, resolver, out)
        else:
            _object(data, display, doc.line, resolver, out)
    return out


def _object(obj: Any, display: str, line: int, resolver: ResolverConfig, out: FileAssets) -> None:
    if not isinstance(obj, Mapping):
        return
    if get_str(obj, "kind") == NAMESPACE:
        name = get_str(obj, "metadata", "name")
        if name:
            out.namespace_labels[name] = string_map(get_map(obj, "metadata", "labels"))
        return
    found = read_k8s_object(obj, cluster=FILE_CLUSTER, location=Location(display, line), resolver=resolver)
    if found.references is not None:
        out.references.update(found.references)
    if found.asset is None:
        return
    unrendered = _unrendered(found.asset)
    if unrendered:
        out.templates.append(ParseFailure("template", unrendered, line))
    else:
        out.assets.append(found.asset)


def count_objects(docs: list[Document]) -> int:
    """Documents that are Kubernetes objects (Lists included) or Terraform plans, assets or not."""
    return sum(
        isinstance(d.data, Mapping)
        and (
            (get_str(d.data, "apiVersion") is not None and get_str(d.data, "kind") is not None)
            or is_terraform_json(d.data)
        )
        for d in docs
    )


# what an asset is called and what it runs: template text there would become a false asset
_NAMED_BY = (("name", "name"), ("namespace", "namespace"), ("image", "image"), ("artifact_uri", "model URI"))


def _unrendered(asset: Asset) -> str | None:
    for attribute, label in _NAMED_BY:
        value = getattr(asset, attribute)
        text = placeholder(value)
        if text is not None:
            shown = f"`{value}`" if text == value else f"`{value}` (`{text}`)"
            reason = f"{label} {shown} is unrendered template text"
            return f"{reason}, so the object was not read: {PLACEHOLDER_HINT}"
    return None
