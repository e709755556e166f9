"""Vertex AI and Workbench answers -> Assets, and the field names the normalizer reads checked
against the published API description (the discovery documents google-api-python-client ships):
a field mlgov reads that the real API does not have fails here, even when no test seeds it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scanner.model import Accelerator
from scanner.normalize import gcp as normalize
from scanner.normalize.gcp_accelerators import accelerator_type, machine_accelerator
from scanner.normalize.resolve import ResolverConfig
from tests.collectors.gcp.discovery import Discovery, discovery
from tests.collectors.gcp.seed import seed_location, seed_workbench
from tests.collectors.gcp.server import VertexServer

Path = tuple[str, ...]


class Recording(dict[str, Any]):
    """A dict that writes down every key path read from it ("[]" for list items, "*" for a map's
    keys iterated as a whole)."""

    def __init__(self, data: dict[str, Any], path: Path, log: set[Path]) -> None:
        super().__init__(data)
        self._path, self._log = path, log

    def _wrap(self, key: str, value: Any) -> Any:
        path = (*self._path, key)
        if isinstance(value, dict):
            return Recording(value, path, self._log)
        if isinstance(value, list):
            return [Recording(v, (*path, "[]"), self._log) if isinstance(v, dict) else v for v in value]
        return value

    def get(self, key: str, default: Any = None) -> Any:
        self._log.add((*self._path, key))
        return self._wrap(key, super().get(key, default))

    def __getitem__(self, key: str) -> Any:
        self._log.add((*self._path, key))
        return self._wrap(key, super().__getitem__(key))

    def items(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        self._log.add((*self._path, "*"))
        return iter([(k, self._wrap(k, v)) for k, v in super().items()])

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        self._log.add((*self._path, "*"))
        return iter([self._wrap(k, v) for k, v in super().items()])


def undeclared(api: Discovery, schema: str, paths: set[Path]) -> list[str]:
    """The recorded paths that the schema does not declare."""
    bad = []
    for path in paths:
        node: dict[str, Any] = api.schema(schema)
        for key in path:
            while "$ref" in node:
                node = api.schema(node["$ref"])
            if key == "[]" and node.get("type") == "array":
                node = node["items"]
            elif key == "*" or ("additionalProperties" in node and "properties" not in node):
                node = node.get("additionalProperties", {})
            elif key in node.get("properties", {}):
                node = node["properties"][key]
            elif node.get("type") == "any" or (node.get("type") == "object" and "properties" not in node):
                break  # free-form (Struct, metadata maps): any key is the user's
            else:
                bad.append("/".join(path))
                break
    return sorted(bad)


@pytest.fixture(scope="module")
def seeded() -> VertexServer:
    server = VertexServer()
    seed_location(server, "p", "us-central1")
    seed_workbench(server, "p", "us-central1-a")
    return server


def vertex(server: VertexServer, collection: str) -> list[Any]:
    return list(server.projects["p"].vertex["us-central1"][collection])


def test_every_field_read_exists_in_the_published_schema(seeded: VertexServer) -> None:
    resolver = ResolverConfig()
    aiplatform, notebooks = discovery("aiplatform", "v1"), discovery("notebooks", "v2")
    reads: dict[str, set[Path]] = {}

    def record(schema: str, item: dict[str, Any]) -> Recording:
        return Recording(item, (), reads.setdefault(schema, set()))

    for versions in vertex(seeded, "models"):
        normalize.registered_model(record("GoogleCloudAiplatformV1Model", versions[0]), resolver)
        for version in versions:
            normalize.model_version(record("GoogleCloudAiplatformV1Model", version), resolver)
    for pipeline in vertex(seeded, "trainingPipelines"):
        normalize.training_pipeline(record("GoogleCloudAiplatformV1TrainingPipeline", pipeline), resolver)
        normalize.model_version(
            vertex(seeded, "models")[0][0],
            resolver,
            record("GoogleCloudAiplatformV1TrainingPipeline", pipeline),
        )
    for job in vertex(seeded, "pipelineJobs"):
        detail = seeded.pipeline_details[job["name"]]
        full = record("GoogleCloudAiplatformV1PipelineJob", {**job, "jobDetail": detail})
        normalize.pipeline_job(full, resolver)
    for job in vertex(seeded, "customJobs"):
        normalize.custom_job(record("GoogleCloudAiplatformV1CustomJob", job), resolver)
    for endpoint in vertex(seeded, "endpoints"):
        normalize.deployed_models(record("GoogleCloudAiplatformV1Endpoint", endpoint), resolver)
    for instance in seeded.projects["p"].instances:
        normalize.workbench_instance(record("Instance", instance), resolver)

    assert ("deployedModels", "[]", "dedicatedResources", "machineSpec", "acceleratorType") in reads[
        "GoogleCloudAiplatformV1Endpoint"
    ]
    assert ("jobDetail", "taskDetails", "[]", "inputs", "*") in reads["GoogleCloudAiplatformV1PipelineJob"]
    for schema, paths in reads.items():
        api = notebooks if schema == "Instance" else aiplatform
        assert undeclared(api, schema, paths) == [], schema


def test_the_schema_check_catches_a_misspelt_field() -> None:
    api = discovery("aiplatform", "v1")
    paths = {("trainingPipeline",), ("trainingPipelin",), ("labels", "*"), ("deployedModels",)}
    assert undeclared(api, "GoogleCloudAiplatformV1Model", paths) == ["trainingPipelin"]


def test_description_lines_are_a_key_layer() -> None:
    text = "Scores card fraud.\nowner: fraud-team@example.com\nsunset-date = 2027-06-30\n  risk-tier: high  "
    assert normalize.description_keys(text) == {
        "owner": "fraud-team@example.com",
        "sunset-date": "2027-06-30",
        "risk-tier": "high",
    }
    assert normalize.description_keys("owner: a@example.com; mlgov.io/classification: restricted") == {
        "owner": "a@example.com",
        "mlgov.io/classification": "restricted",
    }
    assert normalize.description_keys("A sentence with: a colon in it") == {}
    assert normalize.description_keys(None) == {}


def test_labels_alone_express_owner_sunset_and_classification() -> None:
    """Label values are `[a-z0-9_-]`: a team slug, an ISO date and a class all fit."""
    model = {
        "name": "projects/p/locations/l/models/m",
        "versionId": "3",
        "labels": {"owner": "team-fraud", "sunset-date": "2027-06-30", "data-classification": "restricted"},
    }
    asset = normalize.model_version(model, ResolverConfig())
    assert (asset.owner, asset.sunset_date, asset.classification) == (
        "team-fraud",
        "2027-06-30",
        "restricted",
    )
    assert (
        asset.id == "projects/p/locations/l/models/m@3" and asset.parent == "projects/p/locations/l/models/m"
    )


def test_the_description_outranks_the_labels_and_times_lose_their_nanoseconds() -> None:
    model = {
        "name": "projects/p/locations/l/models/m",
        "versionId": "1",
        "versionDescription": "owner: alice@example.com",
        "labels": {"owner": "team-fraud"},
        "versionCreateTime": "2026-03-04T05:06:07.123456789Z",
    }
    asset = normalize.model_version(model, ResolverConfig())
    assert (asset.owner, asset.resolved_from["owner"]) == ("alice@example.com", "description:owner")
    assert asset.created_at == "2026-03-04T05:06:07Z"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("JOB_STATE_RUNNING", "running"),
        ("PIPELINE_STATE_SUCCEEDED", "succeeded"),
        ("JOB_STATE_UNSPECIFIED", None),
        (None, None),
    ],
)
def test_job_states_read_as_lifecycles(state: str | None, expected: str | None) -> None:
    assert normalize.lifecycle(state) == expected


@pytest.mark.parametrize(
    ("machine", "accelerator", "count", "expected"),
    [
        ("n1-standard-8", "NVIDIA_TESLA_T4", 2, Accelerator("nvidia", "T4", 2)),
        ("n1-standard-8", "nvidia-tesla-v100", 1, Accelerator("nvidia", "V100", 1)),
        ("n1-standard-8", "NVIDIA_TESLA_T4_VWS", 1, Accelerator("nvidia", "T4", 1)),
        ("a2-highgpu-4g", None, None, Accelerator("nvidia", "A100", 4)),
        ("a2-megagpu-16g", None, None, Accelerator("nvidia", "A100", 16)),
        ("a2-ultragpu-8g", None, None, Accelerator("nvidia", "A100-80GB", 8)),
        ("a3-highgpu-8g", None, None, Accelerator("nvidia", "H100", 8)),
        ("a3-megagpu-8g", "NVIDIA_H100_MEGA_80GB", 8, Accelerator("nvidia", "H100-MEGA", 8)),
        ("a3-ultragpu-8g", None, None, Accelerator("nvidia", "H200", 8)),
        ("a4-highgpu-8g", None, None, Accelerator("nvidia", "B200", 8)),
        ("g2-standard-4", None, None, Accelerator("nvidia", "L4", 1)),
        ("g2-standard-24", None, None, Accelerator("nvidia", "L4", 2)),
        ("g2-standard-96", None, None, Accelerator("nvidia", "L4", 8)),
        ("ct5lp-hightpu-4t", None, None, Accelerator("google", "TPU v5e", 4)),
        ("ct5lp-hightpu-4t", "TPU_V5_LITEPOD", 4, Accelerator("google", "TPU v5e", 4)),
        ("ct5p-hightpu-4t", None, None, Accelerator("google", "TPU v5p", 4)),
        ("ct6e-standard-8t", None, None, Accelerator("google", "TPU v6e", 8)),
        ("cloud-tpu", "TPU_V3", 8, Accelerator("google", "TPU v3", 8)),
        ("a2-highgpu-3g", None, None, Accelerator("nvidia", "A100", 0)),  # unknown size: count unknown
        ("n1-standard-8", "NVIDIA_FUTURE_X1", 1, Accelerator("nvidia", "FUTURE-X1", 1)),
        ("n1-standard-8", None, None, None),
        ("e2-standard-4", "ACCELERATOR_TYPE_UNSPECIFIED", 0, None),
        (None, None, None, None),
    ],
)
def test_gcp_machine_and_accelerator_types(
    machine: str | None, accelerator: str | None, count: int | None, expected: Accelerator | None
) -> None:
    assert machine_accelerator(machine, accelerator, count) == expected


def test_every_accelerator_type_vertex_and_workbench_publish_is_known() -> None:
    """The enums of the published API: none falls through to the generic rule or to nothing."""
    spec = discovery("aiplatform", "v1").schema("GoogleCloudAiplatformV1MachineSpec")
    workbench = discovery("notebooks", "v2").schema("AcceleratorConfig")
    names = set(spec["properties"]["acceleratorType"]["enum"]) | set(workbench["properties"]["type"]["enum"])
    unknown = sorted(n for n in names if not n.endswith("UNSPECIFIED") and accelerator_type(n) is None)
    assert unknown == []
    from scanner.normalize.gcp_accelerators import ACCELERATOR_TYPES

    generic = sorted(
        n for n in names if not n.endswith("UNSPECIFIED") and n.removesuffix("_VWS") not in ACCELERATOR_TYPES
    )
    assert generic == []


def test_string_entries_of_model_metadata_are_a_layer_after_the_description() -> None:
    model = {
        "name": "projects/p/locations/l/models/m",
        "versionId": "1",
        "versionDescription": "owner: alice@example.com",
        "metadata": {"owner": "bob@example.com", "data-classification": "internal", "nested": {"x": 1}},
        "labels": {"data-classification": "public"},
    }
    asset = normalize.model_version(model, ResolverConfig())
    assert (asset.owner, asset.classification) == ("alice@example.com", "internal")
    assert asset.resolved_from["classification"] == "metadata:data-classification"
