"""MLflow client entities -> plain dicts (the normalizer's input; no mlflow import there)."""

from __future__ import annotations

from typing import Any

from scanner.normalize.mlflow import GIT_COMMIT_TAG


def registered_model_fields(model: Any) -> dict[str, Any]:
    return {
        "name": model.name,
        "tags": dict(model.tags or {}),
        "aliases": dict(model.aliases or {}),  # alias -> version number
        "creation_timestamp": model.creation_timestamp,
        "last_updated_timestamp": model.last_updated_timestamp,
    }


def model_version_fields(version: Any) -> dict[str, Any]:
    return {
        "name": version.name,
        "version": str(version.version),
        "tags": dict(version.tags or {}),
        "current_stage": version.current_stage,
        "status": version.status,
        "source": version.source,
        "run_id": version.run_id or None,
        "model_id": getattr(version, "model_id", None) or None,
        "creation_timestamp": version.creation_timestamp,
        "last_updated_timestamp": version.last_updated_timestamp,
    }


def run_fields(run: Any) -> dict[str, Any]:
    """Only the run's dataset inputs and tags: never params, metrics or artifacts."""
    inputs = getattr(run.inputs, "dataset_inputs", None) or []
    commit = (run.data.tags or {}).get(GIT_COMMIT_TAG)
    return {
        "tags": {GIT_COMMIT_TAG: commit} if commit else {},
        "dataset_inputs": [
            {
                "name": item.dataset.name,
                "digest": item.dataset.digest,
                "source": item.dataset.source,
                "tags": {tag.key: tag.value for tag in item.tags or []},
            }
            for item in inputs
        ],
    }
