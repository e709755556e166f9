"""Every form an Azure ML model reference takes, parsed to the same model version."""

from __future__ import annotations

import pytest

from scanner.normalize.azure_refs import AzureModelIndex, AzureModelRef, parse_model_ref
from scanner.normalize.resolve import registry_ref_from_uri

WS = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws"
REG = "/subscriptions/s2/resourceGroups/rg2/providers/Microsoft.MachineLearningServices/registries/shared"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{WS}/models/fraud/versions/3", AzureModelRef("fraud", "3", None, "ws", "s1", "rg")),
        (f"azureml:{WS}/models/fraud/versions/3", AzureModelRef("fraud", "3", None, "ws", "s1", "rg")),
        (f"{WS.lower()}/models/fraud/versions/3", AzureModelRef("fraud", "3", None, "ws", "s1", "rg")),
        (f"{REG}/models/base/versions/1", AzureModelRef("base", "1", "shared", None, "s2", "rg2")),
        ("azureml://registries/shared/models/base/versions/1", AzureModelRef("base", "1", "shared")),
        ("azureml://registries/shared/models/base/labels/latest", AzureModelRef("base", None, "shared")),
        (
            "azureml://subscriptions/s1/resourcegroups/rg/workspaces/ws/models/fraud/versions/3",
            AzureModelRef("fraud", "3", None, "ws", "s1", "rg"),
        ),
        ("azureml:fraud:3", AzureModelRef("fraud", "3")),
        ("azureml:fraud@latest", AzureModelRef("fraud")),
    ],
)
def test_forms(text: str, expected: AzureModelRef) -> None:
    assert parse_model_ref(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "azureml://datastores/workspaceblobstore/paths/models/fraud/",
        "s3://bucket/model.tar.gz",
        "models:/fraud/3",
        f"{WS}/computes/gpu",
    ],
)
def test_other_uris_are_not_model_references(text: str) -> None:
    assert parse_model_ref(text) is None


def test_index_resolves_every_form_to_the_version_id() -> None:
    index = AzureModelIndex()
    workspace_version, registry_version = f"{WS}/models/fraud/versions/3", f"{REG}/models/base/versions/1"
    index.add(workspace_version)
    index.add(registry_version)
    assert index.resolve(f"azureml:{WS.upper()}/models/fraud/versions/3") == (
        workspace_version,
        "azure:resource id",
    )
    assert index.resolve("azureml://registries/SHARED/models/base/versions/1") == (
        registry_version,
        "azure:registry model version",
    )
    assert index.resolve("azureml:fraud:3") == (workspace_version, "azure:model name and version")
    assert index.resolve("azureml://registries/shared/models/base/versions/2") is None
    assert index.resolve("azureml://registries/shared/models/base/labels/latest") is None  # not pinned


def test_a_storage_uri_naming_an_azure_model_is_a_registry_link() -> None:
    ref = registry_ref_from_uri("azureml://registries/shared/models/base/versions/1", "storageUri")
    assert ref is not None and (ref.name, ref.version, ref.via) == ("base", "1", "storageUri")
    assert registry_ref_from_uri("azureml://datastores/blob/paths/m/", "storageUri") is None
