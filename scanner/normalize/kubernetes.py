"""A Kubernetes object (a parsed manifest or an API object) -> Asset, or None.

Shared by the manifest file collector and the live cluster collector. What counts as an ML
asset, the kind mapping and the field sources are documented in docs/assets.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scanner.model import Asset, AssetKind, Dataset, Lineage, Location, RegistryRef, SourceType
from scanner.normalize.access import Obj, get_list, get_map, get_str, maps
from scanner.normalize.k8s_images import is_model_server_image, main_container
from scanner.normalize.k8s_kinds import (
    CLUSTER_SCOPED,
    ML_KINDS,
    NODE,
    OWNERS_THAT_ARE_REPRESENTED,
    WORKLOADS,
    api_group,
    classify_kind,
)
from scanner.normalize.k8s_nodes import node_accelerator
from scanner.normalize.k8s_pods import PodTemplate, accelerator, containers
from scanner.normalize.k8s_refs import (
    References,
    TemplateFacts,
    TemplateKey,
    declared_links,
    template_refs,
)
from scanner.normalize.k8s_templates import designated_containers, kserve_components, pod_templates
from scanner.normalize.resolve import (
    UNKNOWN,
    ResolverConfig,
    TagLayer,
    first,
    namespace_environment,
    registry_ref_from_uri,
    resolve,
)
from scanner.normalize.tags import public_tags, string_map

__all__ = ["ML_KINDS", "WORKLOADS", "K8sRead", "normalize_k8s_object", "read_k8s_object"]

K = AssetKind

ASSET_KIND_KEY = "mlgov.io/asset-kind"
MLGOV_PREFIX = "mlgov.io/"


@dataclass(frozen=True)
class K8sRead:
    """What one object contributes: an asset, and the references it takes part in."""

    asset: Asset | None = None
    references: References | None = None


_NOTHING = K8sRead()


@dataclass(frozen=True)
class _Meta:
    name: str
    namespace: str
    annotations: dict[str, str]
    labels: dict[str, str]
    created_at: str | None


def _meta(obj: Obj, kind: str) -> _Meta | None:
    metadata = get_map(obj, "metadata")
    name = get_str(metadata, "name") or get_str(metadata, "generateName")
    if name is None:
        return None
    namespace = "-" if kind in CLUSTER_SCOPED else (get_str(metadata, "namespace") or "default")
    return _Meta(
        name=name,
        namespace=namespace,
        annotations=string_map(get_map(metadata, "annotations")),
        labels=string_map(get_map(metadata, "labels")),
        created_at=get_str(metadata, "creationTimestamp"),
    )


def _owned_by_asset(obj: Obj, kind: str) -> bool:
    """A Pod with any controller, or an object whose controller is a kind we report."""
    for ref in maps(get_list(obj, "metadata", "ownerReferences")):
        if ref.get("controller") is True and (
            kind == "Pod" or get_str(ref, "kind") in OWNERS_THAT_ARE_REPRESENTED
        ):
            return True
    return False


def normalize_k8s_object(obj: Mapping[str, Any], **options: Any) -> Asset | None:
    """One Kubernetes object -> Asset, or None when it is not an ML asset; the options of
    ``read_k8s_object``. Templates the object names are not followed: collectors use
    ``read_k8s_object`` and apply the references once every object is read."""
    return read_k8s_object(obj, **options).asset


def read_k8s_object(
    obj: Mapping[str, Any],
    *,
    cluster: str,
    location: Location | None,
    resolver: ResolverConfig,
    namespace_labels: Mapping[str, str] | None = None,
    source: SourceType | None = None,
) -> K8sRead:
    """One Kubernetes object -> its asset (if it is one) and the templates it names or offers.

    ``cluster`` is ``-`` for manifest files; ``source`` defaults to ``file`` when there is a
    location, else ``kubernetes``.
    """
    kind = get_str(obj, "kind")
    if kind is None:
        return _NOTHING
    if kind == NODE and api_group(obj.get("apiVersion")) in {"", None}:
        return K8sRead(_node_asset(obj, cluster, location, resolver, source))
    crd, is_workload = classify_kind(obj.get("apiVersion"), kind)
    if crd is None and not is_workload:
        return _NOTHING
    meta = _meta(obj, kind)
    if meta is None or _owned_by_asset(obj, kind):
        return _NOTHING
    templates = pod_templates(kind, obj)
    main = main_container(containers(templates), designated_containers(kind, obj))
    image = get_str(main, "image")
    acc = accelerator(templates)
    if crd is not None and crd.asset_kind is None:  # a template other objects take fields from
        key = TemplateKey(cluster, kind, meta.namespace, meta.name)
        return K8sRead(references=References(offered={key: TemplateFacts(image, acc)}))

    layers = _layers(meta, templates)
    resolved = resolve(layers, resolver, meta.created_at)
    registry_ref, artifact_uri = _registry_and_artifact(kind, obj, resolved.registry_ref)
    if crd is not None and crd.asset_kind is not None and not crd.conditional:
        asset_kind = crd.asset_kind  # the kind speaks for itself
    else:
        server_image = any(is_model_server_image(get_str(c, "image") or "") for c in containers(templates))
        if not (_has_mlgov_key(meta, templates) or registry_ref or acc or server_image):
            return _NOTHING
        serves_model = server_image or registry_ref is not None
        asset_kind = (crd and crd.asset_kind) or _workload_kind(kind, serves_model, acc is not None)
    asset_kind = _kind_override(layers) or asset_kind

    resolved_from = dict(resolved.resolved_from)
    environment = resolved.environment
    if environment is None:
        found = namespace_environment(meta.namespace, None, resolver)
        if found is not None:
            environment, resolved_from["environment"] = found
    if registry_ref is not None:
        resolved_from.setdefault("registry_ref", registry_ref.via)
    lineage = resolved.lineage(_native_lineage(kind, obj, resolved_from))

    asset = Asset(
        id=f"k8s://{cluster}/{meta.namespace}/{kind}/{meta.name}",
        kind=asset_kind,
        source=source or (SourceType.FILE if location is not None else SourceType.KUBERNETES),
        name=meta.name,
        **resolved.asset_fields(),
        environment=environment or UNKNOWN,
        lineage=lineage,
        registry_ref=registry_ref,
        accelerator=acc,
        artifact_uri=artifact_uri,
        image=image,
        location=location,
        namespace=None if meta.namespace == "-" else meta.namespace,
        tags=public_tags((meta.labels, meta.annotations)),  # annotations win
        created_at=meta.created_at,
        links=declared_links(kind, obj, cluster, meta.namespace),
        resolved_from=resolved_from,
    )
    # one code path with the file collector, which learns namespace labels after the fact
    if namespace_labels is not None:
        asset = apply_namespace_labels(asset, namespace_labels, resolver)
    uses = template_refs(kind, obj, cluster, meta.namespace)
    return K8sRead(asset, References(used={asset.id: uses}) if uses else None)


def _node_asset(
    obj: Obj, cluster: str, location: Location | None, resolver: ResolverConfig, source: SourceType | None
) -> Asset | None:
    """A Node offering accelerators -> a ``compute`` asset (cluster-scoped: namespace ``-``)."""
    meta = _meta(obj, NODE)
    if meta is None:
        return None
    acc = node_accelerator(obj, meta.labels)
    if acc is None:
        return None
    layers = [TagLayer("annotation", meta.annotations), TagLayer("label", meta.labels)]
    resolved = resolve(layers, resolver, meta.created_at)
    return Asset(
        id=f"k8s://{cluster}/-/Node/{meta.name}",
        kind=_kind_override(layers) or K.COMPUTE,
        source=source or (SourceType.FILE if location is not None else SourceType.KUBERNETES),
        name=meta.name,
        **resolved.asset_fields(),
        environment=resolved.environment or UNKNOWN,
        lineage=resolved.lineage(),
        registry_ref=resolved.registry_ref,
        accelerator=acc,
        location=location,
        tags=public_tags((meta.labels, meta.annotations)),
        created_at=meta.created_at,
        resolved_from=dict(resolved.resolved_from),
    )


def _layers(meta: _Meta, templates: list[PodTemplate]) -> list[TagLayer]:
    """Annotations before labels; the object's own metadata before its pod templates'."""
    layers = [TagLayer("annotation", meta.annotations)]
    layers += [TagLayer("pod-annotation", t.annotations) for t in templates if t.annotations]
    layers.append(TagLayer("label", meta.labels))
    layers += [TagLayer("pod-label", t.labels) for t in templates if t.labels]
    return layers


def _has_mlgov_key(meta: _Meta, templates: list[PodTemplate]) -> bool:
    maps_ = [meta.annotations, meta.labels] + [m for t in templates for m in (t.annotations, t.labels)]
    return any(key.lower().startswith(MLGOV_PREFIX) for m in maps_ for key in m)


def _workload_kind(kind: str, serves_model: bool, has_accelerator: bool) -> AssetKind:
    if kind in {"Job", "CronJob"}:
        return K.TRAINING_JOB
    if kind == "DaemonSet":
        return K.COMPUTE
    if serves_model:
        return K.SERVING
    return K.COMPUTE if has_accelerator else K.SERVING


def _kind_override(layers: list[TagLayer]) -> AssetKind | None:
    for layer in layers:
        hit = layer.get(ASSET_KIND_KEY)
        if hit is not None:
            try:
                return AssetKind(hit[1].lower())
            except ValueError:
                return None  # an unknown value is ignored; the raw tag stays visible
    return None


def _isvc_storage_uri(spec: Obj | None) -> str | None:
    predictor = get_map(spec, "predictor")
    return next((u for c in kserve_components(predictor) if (u := get_str(c, "storageUri"))), None)


def _seldon_model_uri(spec: Obj | None) -> str | None:
    predictors = maps(get_list(spec, "predictors"))
    return next((u for p in predictors if (u := get_str(p, "graph", "modelUri"))), None)


# kind -> (the model artifact URI in its spec, the field name a registry link from it is "via")
_ARTIFACTS: dict[str, tuple[Callable[[Obj | None], str | None], str]] = {
    "InferenceService": (_isvc_storage_uri, "storageUri"),
    "LLMInferenceService": (lambda spec: get_str(spec, "model", "uri"), "spec.model.uri"),
    "TrainedModel": (lambda spec: get_str(spec, "model", "storageUri"), "storageUri"),
    "LocalModelCache": (lambda spec: get_str(spec, "sourceModelUri"), "sourceModelUri"),
    "LocalModelNamespaceCache": (lambda spec: get_str(spec, "sourceModelUri"), "sourceModelUri"),
    "Model": (lambda spec: get_str(spec, "storageUri"), "storageUri"),
    "SeldonDeployment": (_seldon_model_uri, "modelUri"),
}


def _registry_and_artifact(
    kind: str, obj: Obj, declared: RegistryRef | None
) -> tuple[RegistryRef | None, str | None]:
    """Registry link (declared tags first, then a ``models:/`` URI) and the model artifact URI."""
    found = _ARTIFACTS.get(kind)
    if found is None:
        return declared, None
    read, via = found
    uri = read(get_map(obj, "spec"))
    ref = declared
    if ref is None and uri is not None:
        ref = registry_ref_from_uri(uri, via)
    return ref, uri


def _native_lineage(kind: str, obj: Obj, resolved_from: dict[str, str]) -> Lineage:
    """Lineage the object itself declares: a Kubeflow TrainJob's dataset and model initializers."""
    if kind != "TrainJob":
        return Lineage()
    spec = get_map(obj, "spec")
    dataset = get_str(spec, "initializer", "dataset", "storageUri") or get_str(
        spec, "datasetConfig", "storageUri"
    )
    base_model = get_str(spec, "initializer", "model", "storageUri") or get_str(
        spec, "modelConfig", "input", "storageUri"
    )
    if dataset:
        resolved_from["lineage"] = "spec.initializer.dataset.storageUri"
    return Lineage(
        datasets=(Dataset(uri=dataset, context="training"),) if dataset else (),
        base_model=base_model,
    )


def apply_namespace_labels(
    asset: Asset, namespace_labels: Mapping[str, str], resolver: ResolverConfig
) -> Asset:
    """Fill what a Namespace's labels say into an asset that does not say it itself.

    Environment: the object's own tags win; a namespace-name guess or nothing is replaced.
    Classification: a namespace labelled ``data-classification: restricted`` classifies the
    objects in it that carry no classification of their own.
    Used by both collectors: the file collector applies it after reading every file (a
    Namespace manifest may come after its workloads), the live collector per object.
    """
    changes: dict[str, Any] = {}
    resolved_from = dict(asset.resolved_from)
    origin = resolved_from.get("environment")
    if origin is None or origin.startswith("namespace:"):
        found = namespace_environment(None, namespace_labels, resolver)
        if found is not None:
            changes["environment"], resolved_from["environment"] = found
    if asset.classification is None:
        hit = first([TagLayer("namespace-label", namespace_labels)], resolver.classification)
        if hit is not None:
            changes["classification"] = hit.value.lower()
            resolved_from["classification"] = hit.where
    if not changes:
        return asset
    return asset.evolve(**changes, resolved_from=resolved_from)
