"""The independent validators of the OCSF and CycloneDX reports, shared by the reporter tests and
the CLI tests: ocsf-json-schema's per-class OCSF 1.5.0 schemas, cyclonedx-python-lib's strict 1.6
validator, and the checks a JSON Schema cannot make (ids computed from each other, references)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

from scanner.reporters.ocsf import OCSF_VERSION

# What a consumer of an ML-BOM expects each asset kind to be; written out here, not imported from
# the reporter, so that a change of mapping has to be a change of the tests too.
EXPECTED_COMPONENT_TYPE = {
    "registered_model": "machine-learning-model",
    "model_version": "machine-learning-model",
    "custom_model": "machine-learning-model",
    "serving": "application",
    "training_job": "application",
    "notebook": "application",
    "compute": "platform",
}
OCSF_CLASSES = {2003: "compliance_finding", 6007: "scan_activity"}
OCSF_CATEGORIES = {2003: 2, 6007: 6}


@cache
def _ocsf_validator(class_name: str, profiles: tuple[str, ...]) -> jsonschema.Draft202012Validator:
    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(OCSF_VERSION)).get_class_schema(
        class_name, list(profiles)
    )
    return jsonschema.Draft202012Validator(schema)


def ocsf_schema_errors(event: dict[str, Any]) -> list[str]:
    """What the schema of the event's class (with the profiles it declares) rejects in it."""
    profiles = tuple(event["metadata"].get("profiles", []))
    found = _ocsf_validator(OCSF_CLASSES[event["class_uid"]], profiles).iter_errors(event)
    return [e.message for e in sorted(found, key=str)]


def assert_valid_ocsf(event: dict[str, Any]) -> None:
    errors = ocsf_schema_errors(event)
    assert not errors, (event["metadata"].get("event_code"), errors[:3])
    assert event["type_uid"] == event["class_uid"] * 100 + event["activity_id"]
    assert event["category_uid"] == OCSF_CATEGORIES[event["class_uid"]]


def assert_valid_bom(text: str) -> None:
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    doc = json.loads(text)
    refs = [c["bom-ref"] for c in doc["components"]]
    assert len(refs) == len(set(refs))
    for dep in doc["dependencies"]:  # every dependency names a component of this BOM
        assert dep["ref"] in refs and dep["dependsOn"] and set(dep["dependsOn"]) <= set(refs), dep
