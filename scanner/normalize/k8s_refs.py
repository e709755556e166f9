"""References between Kubernetes objects: templates an asset takes fields from, and the assets a
router sends traffic to.

Templates. Some custom resources are not assets but hold what the assets that reference them
run: a Kubeflow TrainJob names a (Cluster)TrainingRuntime, a Seldon Core 2 Server a
ServerConfig, a KServe LLMInferenceService its LLMInferenceServiceConfigs (``baseRefs``). When
the template is in the same scan, the asset takes the image and the accelerators it does not
declare itself from the template (``resolved_from``: ``template:<Kind>/<namespace>/<name>``).
A template is looked up in the asset's namespace (or cluster-wide for cluster-scoped kinds),
else as the only object of that kind and name in the scan (a ServerConfig in Seldon's system
namespace). The objects are read one by one (files in parallel), so references are collected
as data and applied once every object is read: ``References.apply``.

Routers. A KServe InferenceGraph, a Seldon Core 2 Pipeline and a Seldon Experiment run no model
of their own; they route requests to InferenceServices, Models and Pipelines. They get one
``routes_to`` link per target they name (the target's id, whether or not it is in the scan; an
InferenceGraph step given by URL links to the URL, without user info, query or fragment),
and the rules that judge a model (MLG007 lineage, MLG012 shadow AI) judge their targets
instead. A Seldon Core 2 Model that names its Server gets a ``runs_on`` link to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from scanner.model import Accelerator, Asset, Link
from scanner.normalize.access import Obj, get_list, get_map, get_str, maps
from scanner.normalize.k8s_kinds import api_group


@dataclass(frozen=True)
class TemplateKey:
    cluster: str
    kind: str
    namespace: str  # "-" for cluster-scoped kinds
    name: str

    def __str__(self) -> str:
        return f"{self.kind}/{self.namespace}/{self.name}"


@dataclass(frozen=True)
class TemplateFacts:
    """What a template gives the assets that reference it."""

    image: str | None = None
    accelerator: Accelerator | None = None


@dataclass
class References:
    """Templates offered and templates used, collected while objects are read."""

    offered: dict[TemplateKey, TemplateFacts] = field(default_factory=dict)
    used: dict[str, tuple[TemplateKey, ...]] = field(default_factory=dict)  # asset id -> templates

    def update(self, other: References) -> None:
        # the first definition of a template or an asset id is the one kept, as for assets
        for key, facts in other.offered.items():
            self.offered.setdefault(key, facts)
        for asset_id, keys in other.used.items():
            self.used.setdefault(asset_id, keys)

    def apply(self, assets: Sequence[Asset]) -> list[Asset]:
        """``assets`` with the image and accelerators their templates give them."""
        if not self.used or not self.offered:
            return list(assets)
        by_name: dict[tuple[str, str, str], list[TemplateKey]] = {}
        for key in self.offered:
            by_name.setdefault((key.cluster, key.kind, key.name), []).append(key)
        return [self._enrich(a, by_name) if a.id in self.used else a for a in assets]

    def _enrich(self, asset: Asset, by_name: Mapping[tuple[str, str, str], list[TemplateKey]]) -> Asset:
        found = [k for k in (self._find(key, by_name) for key in self.used[asset.id]) if k is not None]
        changes: dict[str, object] = {}
        resolved_from = dict(asset.resolved_from)
        # later references override earlier ones, as KServe merges baseRefs in order
        for key in reversed(found):
            facts = self.offered[key]
            if asset.image is None and "image" not in changes and facts.image is not None:
                changes["image"], resolved_from["image"] = facts.image, f"template:{key}"
            if asset.accelerator is None and "accelerator" not in changes and facts.accelerator is not None:
                changes["accelerator"], resolved_from["accelerator"] = facts.accelerator, f"template:{key}"
        if not changes:
            return asset
        return replace(asset, **changes, resolved_from=resolved_from)  # type: ignore[arg-type]

    def _find(
        self, key: TemplateKey, by_name: Mapping[tuple[str, str, str], list[TemplateKey]]
    ) -> TemplateKey | None:
        if key in self.offered:
            return key
        elsewhere = by_name.get((key.cluster, key.kind, key.name), [])
        return elsewhere[0] if len(elsewhere) == 1 else None


# kind -> the template kinds it can name (the live collector lists them along with it)
TEMPLATES_OF: dict[str, tuple[str, ...]] = {
    "TrainJob": ("TrainingRuntime", "ClusterTrainingRuntime"),
    "Server": ("ServerConfig",),
    "LLMInferenceService": ("LLMInferenceServiceConfig",),
}


def template_refs(kind: str, obj: Obj, cluster: str, namespace: str) -> tuple[TemplateKey, ...]:
    """The templates an object names."""
    spec = get_map(obj, "spec")
    if kind == "TrainJob":
        name = get_str(spec, "runtimeRef", "name")
        runtime = get_str(spec, "runtimeRef", "kind") or "ClusterTrainingRuntime"  # the CRD's default
        scope = "-" if runtime == "ClusterTrainingRuntime" else namespace
        return (TemplateKey(cluster, runtime, scope, name),) if name else ()
    if kind == "Server":
        name = get_str(spec, "serverConfig")
        return (TemplateKey(cluster, "ServerConfig", namespace, name),) if name else ()
    if kind == "LLMInferenceService":
        names = [n for ref in maps(get_list(spec, "baseRefs")) if (n := get_str(ref, "name"))]
        return tuple(TemplateKey(cluster, "LLMInferenceServiceConfig", namespace, n) for n in names)
    return ()


def declared_links(kind: str, obj: Obj, cluster: str, namespace: str) -> tuple[Link, ...]:
    """``routes_to`` links of routers, ``runs_on`` of a Seldon Model to its Server."""
    spec = get_map(obj, "spec")

    def target(target_kind: str, name: str) -> str:
        return f"k8s://{cluster}/{namespace}/{target_kind}/{name}"

    links: list[Link] = []
    if kind == "InferenceGraph":
        for node_name, node in (get_map(spec, "nodes") or {}).items():
            for step in maps(get_list(node, "steps")):
                if service := get_str(step, "serviceName"):
                    via = f"spec.nodes.{node_name}.steps[].serviceName"
                    links.append(Link("routes_to", target("InferenceService", service), via))
                elif url := _plain_url(get_str(step, "serviceUrl")):
                    # a URL names no object mlgov can identify for sure: it is the target as written
                    links.append(Link("routes_to", url, f"spec.nodes.{node_name}.steps[].serviceUrl"))
    elif kind == "Pipeline":
        for step in maps(get_list(spec, "steps")):
            if name := get_str(step, "name"):
                links.append(Link("routes_to", target("Model", name), "spec.steps[].name"))
    elif kind == "Experiment" and api_group(obj.get("apiVersion")) == "mlops.seldon.io":
        target_kind = "Pipeline" if get_str(spec, "resourceType") == "pipeline" else "Model"
        for candidate in maps(get_list(spec, "candidates")):
            if name := get_str(candidate, "name"):
                links.append(Link("routes_to", target(target_kind, name), "spec.candidates[].name"))
        if mirror := get_str(spec, "mirror", "name"):
            links.append(Link("routes_to", target(target_kind, mirror), "spec.mirror.name"))
    elif kind == "Model" and (server := get_str(spec, "server")):
        links.append(Link("runs_on", target("Server", server), "spec.server"))
    return tuple(_unique(links))


def _plain_url(url: str | None) -> str | None:
    """``scheme://host[:port]/path`` of a URL: user info, query and fragment dropped (they can
    hold credentials, and reports must not)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1": not a URL
        return None
    netloc = parts.netloc.rpartition("@")[2]
    if not parts.scheme or not netloc:
        return None
    return f"{parts.scheme}://{netloc}{parts.path}"


def _unique(links: Iterable[Link]) -> list[Link]:
    seen: set[tuple[str, str]] = set()
    out = []
    for link in links:
        if (link.rel, link.target) not in seen:
            seen.add((link.rel, link.target))
            out.append(link)
    return out
