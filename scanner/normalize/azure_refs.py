"""How a model of Azure Machine Learning is named, wherever it is named.

A deployment's `model`, a batch deployment's asset reference, a KServe `storageUri`, a
Kubernetes annotation may name an Azure ML model version in any of these forms:

- its Resource Manager id, with or without the `azureml:` prefix:
  `/subscriptions/S/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/W/models/M/versions/V`
  (or `.../registries/R/models/M/versions/V`);
- a registry URI: `azureml://registries/R/models/M/versions/V` (or `/labels/latest`: not pinned);
- a workspace URI: `azureml://subscriptions/S/resourceGroups/RG/workspaces/W/models/M/versions/V`;
- the short form the CLI accepts inside a workspace: `azureml:M:V` (or `azureml:M@latest`).

Resource Manager ids are case-insensitive: keys are compared lower-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.model import RegistryRef

_ARM = re.compile(
    r"(?:azureml:)?/subscriptions/(?P<sub>[^/]+)/resourcegroups/(?P<rg>[^/]+)"
    r"/providers/microsoft\.machinelearningservices/(?P<scope>workspaces|registries)/(?P<owner>[^/]+)"
    r"/models/(?P<name>[^/]+)(?:/versions/(?P<version>[^/]+))?/?",
    re.IGNORECASE,
)
_REGISTRY_URI = re.compile(
    r"azureml://registries/(?P<owner>[^/]+)/models/(?P<name>[^/]+)"
    r"(?:/versions/(?P<version>[^/]+)|/labels/(?P<label>[^/]+))?/?",
    re.IGNORECASE,
)
_WORKSPACE_URI = re.compile(
    r"azureml://subscriptions/(?P<sub>[^/]+)/resourcegroups/(?P<rg>[^/]+)/workspaces/(?P<owner>[^/]+)"
    r"/models/(?P<name>[^/]+)(?:/versions/(?P<version>[^/]+))?/?",
    re.IGNORECASE,
)
_SHORT = re.compile(
    r"azureml:(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]*)(?::(?P<version>[^:@/\s]+)|@(?P<label>\S+))?"
)


@dataclass(frozen=True)
class AzureModelRef:
    name: str
    version: str | None = None
    registry: str | None = None  # the registry holding it, for registry models
    workspace: str | None = None  # the workspace holding it, when the reference says
    subscription: str | None = None
    resource_group: str | None = None

    @property
    def arm_id(self) -> str | None:
        """The version's Resource Manager id, when the reference carries enough to build it."""
        if not (self.subscription and self.resource_group and self.version):
            return None
        scope, owner = ("registries", self.registry) if self.registry else ("workspaces", self.workspace)
        if not owner:
            return None
        return (
            f"/subscriptions/{self.subscription}/resourceGroups/{self.resource_group}"
            f"/providers/Microsoft.MachineLearningServices/{scope}/{owner}"
            f"/models/{self.name}/versions/{self.version}"
        )


def parse_model_ref(text: str) -> AzureModelRef | None:
    """Any of the forms above -> AzureModelRef; anything else (a datastore path, s3://) -> None."""
    uri = text.strip()
    match = _ARM.fullmatch(uri)
    if match:
        registry = match["owner"] if match["scope"].lower() == "registries" else None
        return AzureModelRef(
            name=match["name"],
            version=match["version"],
            registry=registry,
            workspace=None if registry else match["owner"],
            subscription=match["sub"],
            resource_group=match["rg"],
        )
    match = _REGISTRY_URI.fullmatch(uri)
    if match:
        return AzureModelRef(name=match["name"], version=match["version"], registry=match["owner"])
    match = _WORKSPACE_URI.fullmatch(uri)
    if match:
        return AzureModelRef(
            name=match["name"],
            version=match["version"],
            workspace=match["owner"],
            subscription=match["sub"],
            resource_group=match["rg"],
        )
    match = _SHORT.fullmatch(uri)
    if match:
        return AzureModelRef(name=match["name"], version=match["version"])
    return None


def is_azure_model_ref(text: str) -> bool:
    return parse_model_ref(text) is not None


def registry_ref(text: str, via: str) -> RegistryRef | None:
    """An Azure ML model reference -> RegistryRef (the version None when not pinned)."""
    parsed = parse_model_ref(text)
    if parsed is None:
        return None
    return RegistryRef(name=parsed.name, version=parsed.version, uri=text.strip(), via=via)


class AzureModelIndex:
    """Azure ML model versions of an inventory, by every form a reference may take."""

    def __init__(self) -> None:
        self._by_id: dict[str, str] = {}  # lower-cased Resource Manager id -> asset id
        self._by_owner: dict[tuple[str, str, str], str] = {}  # (registry or workspace, name, version)
        self._by_name: dict[tuple[str, str], str] = {}  # (name, version), any workspace or registry

    def add(self, asset_id: str) -> None:
        parsed = parse_model_ref(asset_id)
        if parsed is None or parsed.version is None:
            return
        self._by_id.setdefault(asset_id.lower(), asset_id)
        owner = f"registry:{parsed.registry}" if parsed.registry else f"workspace:{parsed.workspace}"
        self._by_owner.setdefault((owner.lower(), parsed.name.lower(), parsed.version), asset_id)
        self._by_name.setdefault((parsed.name.lower(), parsed.version), asset_id)

    def resolve(self, reference: str) -> tuple[str, str] | None:
        """(asset id, how) for a reference in any Azure ML form, or None."""
        parsed = parse_model_ref(reference)
        if parsed is None or parsed.version is None:
            return None
        arm_id = parsed.arm_id
        if arm_id and (hit := self._by_id.get(arm_id.lower())):
            return hit, "azure:resource id"
        if parsed.registry or parsed.workspace:
            scope = "registry" if parsed.registry else "workspace"
            owner = f"{scope}:{parsed.registry or parsed.workspace}"
            hit = self._by_owner.get((owner.lower(), parsed.name.lower(), parsed.version))
            return (hit, f"azure:{scope} model version") if hit else None
        hit = self._by_name.get((parsed.name.lower(), parsed.version))
        return (hit, "azure:model name and version") if hit else None


_DATA = re.compile(
    r"(?:azureml:)?(?:/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.machinelearningservices"
    r"/workspaces/[^/]+/data/(?P<name>[^/]+)/versions/(?P<version>[^/]+)"
    r"|(?P<short>[A-Za-z0-9][A-Za-z0-9_.-]*):(?P<short_version>[^:@/\s]+))/?",
    re.IGNORECASE,
)


def parse_data_ref(text: str) -> tuple[str, str] | None:
    """A job input naming a data asset of its own workspace -> (name, version): `azureml:NAME:V`
    or the data version's Resource Manager id. A datastore path or URL -> None."""
    uri = text.strip()
    if not uri.lower().startswith(("azureml:", "/subscriptions/")) or uri.lower().startswith("azureml://"):
        return None
    match = _DATA.fullmatch(uri.removeprefix("azureml:") if uri.startswith("azureml:/") else uri)
    if match is None:
        return None
    if match["name"]:
        return match["name"], match["version"]
    return match["short"], match["short_version"]
