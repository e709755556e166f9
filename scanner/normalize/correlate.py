"""Correlation: link the assets of one inventory across sources, after collection.

Serving (and compute) assets that reference a model get ``registry_ref.target``: the id of the
registered model version they run, with ``matched_by`` saying how it was found; training jobs get
a ``produced`` link to the versions they produced. Every lookup goes through indexes built once
over the inventory (dicts), so correlation is linear in the number of assets.

How a reference is matched, in order:
1. an ARN or other id that is an asset of the inventory (a SageMaker endpoint's model; Bedrock);
   a SageMaker model that deploys a versioned package is followed to the package
   (`sagemaker:endpoint -> model -> model-package`);
2. MLflow `models:/NAME/VERSION` or `models:/NAME@ALIAS` against the MLflow versions scanned;
3. an Azure ML reference (a Resource Manager id, `azureml://registries/R/models/M/versions/V`,
   `azureml:M:V`) against the Azure ML versions scanned (scanner/normalize/azure_refs.py);
4. a Vertex AI model resource name (``projects/P/locations/L/models/M``, with ``@VERSION`` or
   ``@ALIAS``, or a version key beside it; also as ``//aiplatform.googleapis.com/...`` or a
   regional REST URL) against the Vertex versions scanned; without a version, the registered model;
5. a Hugging Face Hub reference (``hf://ORG/NAME:REV``, ``huggingface.co/ORG/NAME``, or the
   annotation's name with a version key beside it) against the Hub repos and revisions scanned
   (scanner/normalize/correlate_hub.py);
6. a name and version from labels or annotations (`mlgov.io/registered-model` + `model-version`)
   against any registry's versions, MLflow first; a name alone links to the registered model;
7. an artifact URI equal to a version's source / artifact location (a KServe ``gs://`` storage
   URI and a Vertex version's ``artifactUri``);
8. an image pinned by digest equal to a version's image.
Compute is linked to the workloads on it where a source knows placement: the live Kubernetes
collector gives each workload a ``runs_on`` link to the node its Pods run on
(scanner/normalize/k8s_placement.py). Cloud endpoints run on managed capacity that no API maps
to an account's instances, so AWS assets get no such link.
Kubeflow Model Registry ids are kept as written: no Kubeflow registry is scanned, so they resolve
to nothing and their ``registry`` says so (MLG012 judges only references into scanned registries).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from scanner.model import Asset, AssetKind, Link, RegistryRef, SourceType
from scanner.normalize.azure_refs import AzureModelIndex, is_azure_model_ref
from scanner.normalize.correlate_hub import REGISTRY as HUB_REGISTRY
from scanner.normalize.correlate_hub import HubIndex, hub_ref_of

VERSION_KINDS = frozenset({AssetKind.MODEL_VERSION, AssetKind.CUSTOM_MODEL})
LINKED_KINDS = frozenset({AssetKind.SERVING, AssetKind.COMPUTE})
_MODELS_URI = re.compile(r"models:/([^/@\s]+)(?:/([^/\s]+)|@([^/\s]+))?/?")
_DIGEST = re.compile(r"@(sha256:[0-9a-f]{64})")
# a Vertex AI model (or version) resource name, bare or inside a //aiplatform.googleapis.com name or URL
_VERTEX_MODEL = re.compile(
    r"(?:\S*aiplatform\.googleapis\.com/(?:v1(?:beta1)?/)?)?"
    r"(projects/[^/\s]+/locations/[^/\s]+/models/[^/@\s]+)(?:@([^/\s]+))?/?"
)


def vertex_model(ref: RegistryRef) -> tuple[str, str | None] | None:
    """(model resource name, version id or alias) when the reference names a Vertex AI model."""
    for text in (ref.uri or "", ref.name):
        match = _VERTEX_MODEL.fullmatch(text.strip())
        if match:
            return match[1], match[2] or ref.version
    return None


def registry_of(ref: RegistryRef) -> str | None:
    """Which kind of registry a reference points into: mlflow, aws, gcp, azure, huggingface,
    kubeflow, or None (any)."""
    uri = ref.uri or ""
    if uri.startswith("models:/"):
        return "mlflow"
    if uri.startswith("arn:aws") or uri.startswith("terraform://"):
        return "aws"
    if is_azure_model_ref(uri):
        return "azure"
    if vertex_model(ref) is not None:
        return "gcp"
    if hub_ref_of(ref) is not None:
        return HUB_REGISTRY
    if "kubeflow" in ref.via:
        return "kubeflow"
    return None


class _Index:
    def __init__(self, assets: Sequence[Asset]) -> None:
        self.by_id = {a.id: a for a in assets}
        self.mlflow: dict[tuple[str, str], str] = {}  # (name, version or @alias) -> version id
        self.named: dict[tuple[str, str], str] = {}  # (lower name, version) -> version id, any registry
        self.models: dict[str, str] = {}  # lower name -> registered model id
        self.artifacts: dict[str, str] = {}
        self.digests: dict[str, str] = {}
        self.azure = AzureModelIndex()
        self.vertex_aliases: dict[tuple[str, str], str] = {}  # (model name, alias) -> version id
        self.hub = HubIndex()
        # sorted: when two sources hold the same name and version, MLflow's wins, then by id
        for a in sorted(assets, key=lambda a: (a.source is not SourceType.MLFLOW, a.id)):
            if a.kind is AssetKind.REGISTERED_MODEL and a.name:
                self.models.setdefault(a.name.lower(), a.id)
            self.hub.add(a)
            if a.kind not in VERSION_KINDS:
                continue
            if a.source is SourceType.AZURE:
                self.azure.add(a.id)
            if a.name and a.version:
                self.named.setdefault((a.name.lower(), a.version), a.id)
                if a.source is SourceType.MLFLOW:
                    self.mlflow[(a.name, a.version)] = a.id
                    for alias in a.aliases:
                        self.mlflow[(a.name, f"@{alias}")] = a.id
            if a.source is SourceType.GCP and a.parent:
                for alias in a.aliases:
                    self.vertex_aliases[(a.parent, alias)] = a.id
            if a.artifact_uri:
                self.artifacts.setdefault(_uri_key(a.artifact_uri), a.id)
            if a.image and (digest := _DIGEST.search(a.image)):
                self.digests.setdefault(digest[1], a.id)

    def resolve(self, asset: Asset) -> tuple[str, str] | None:
        """(target id, how) for a serving or compute asset, or None."""
        ref = asset.registry_ref
        if ref is not None:
            found = self._by_reference(ref)
            if found:
                return found
        if asset.artifact_uri and (hit := self.artifacts.get(_uri_key(asset.artifact_uri))):
            return hit, "artifact_uri"
        if asset.image and (digest := _DIGEST.search(asset.image)) and (hit := self.digests.get(digest[1])):
            return hit, "image_digest"
        return None

    def _by_reference(self, ref: RegistryRef) -> tuple[str, str] | None:
        uri = ref.uri or ""
        target = self.by_id.get(uri)
        if target is not None:
            package = target.registry_ref.uri if target.registry_ref else None
            if package and package in self.by_id and package != target.id:
                return package, "sagemaker:endpoint -> model -> model-package"
            return target.id, "id"
        if registry_of(ref) == "azure":
            return self.azure.resolve(uri)
        match = _MODELS_URI.fullmatch(uri.strip())
        if match:
            key = match[2] if match[2] else f"@{match[3]}" if match[3] else None
            if key and (hit := self.mlflow.get((match[1], key))):
                return hit, f"mlflow:{uri}"
            if key is None and (hit := self.models.get(match[1].lower())):
                return hit, "mlflow:registered model name"
            return None
        vertex = vertex_model(ref)
        if vertex is not None:
            return self._vertex(*vertex)
        hub = hub_ref_of(ref)
        if hub is not None:
            return self.hub.resolve(hub)
        if registry_of(ref) == "kubeflow":
            return None
        if ref.version and (hit := self.named.get((ref.name.lower(), ref.version))):
            return hit, "registry name and version"
        if ref.version is None and (hit := self.models.get(ref.name.lower())):
            return hit, "registered model name"
        return None

    def _vertex(self, model: str, version: str | None) -> tuple[str, str] | None:
        if version is None:
            return (model, "vertex:registered model") if model in self.by_id else None
        hit = f"{model}@{version}"
        if hit in self.by_id:
            return hit, "vertex:resource name"
        alias = self.vertex_aliases.get((model, version))
        return (alias, "vertex:version alias") if alias else None


def correlate(assets: Sequence[Asset]) -> list[Asset]:
    """The same assets, with serving/compute references resolved and training jobs linked."""
    index = _Index(assets)
    produced = _produced_by(assets, index)
    out: list[Asset] = []
    for asset in assets:
        linked = asset
        if asset.kind in LINKED_KINDS:
            linked = _link_reference(asset, index)
        elif asset.kind is AssetKind.TRAINING_JOB and asset.id in produced:
            # idempotent: correlating a saved, already correlated inventory changes nothing
            kept = tuple(link for link in asset.links if link.rel != "produced")
            links = tuple(Link("produced", target, via) for target, via in produced[asset.id])
            linked = replace(asset, links=kept + links)
        out.append(linked)
    return out


def _link_reference(asset: Asset, index: _Index) -> Asset:
    found = index.resolve(asset)
    ref = asset.registry_ref
    if found is None:
        if ref is None:
            return asset
        return replace(
            asset, registry_ref=replace(ref, target=None, matched_by=None, registry=registry_of(ref))
        )
    target, how = found
    if ref is None:  # matched on artifact or image alone: the reference is the correlation's
        linked = index.by_id[target]
        ref = RegistryRef(name=linked.name or target, version=linked.version, uri=target, via=how)
    return replace(asset, registry_ref=replace(ref, target=target, matched_by=how, registry=registry_of(ref)))


def _produced_by(assets: Iterable[Asset], index: _Index) -> dict[str, list[tuple[str, str]]]:
    """Training job id -> the versions it produced: the version names the job in its lineage, or
    the job's output artifact is the version's artifact."""
    jobs = {a.id: a for a in assets if a.kind is AssetKind.TRAINING_JOB}
    out: dict[str, list[tuple[str, str]]] = {}
    for version in index.by_id.values():
        if version.kind not in VERSION_KINDS:
            continue
        if version.lineage.job in jobs:
            out.setdefault(version.lineage.job, []).append((version.id, "lineage.job"))
    artifacts = {_uri_key(j.artifact_uri): j.id for j in jobs.values() if j.artifact_uri}
    for key, version_id in index.artifacts.items():
        job = artifacts.get(key)
        if job and (version_id, "lineage.job") not in out.get(job, []):
            out.setdefault(job, []).append((version_id, "artifact_uri"))
    return out


def _uri_key(uri: str) -> str:
    return uri.strip().rstrip("/")
