"""Seed a real MLflow server through the real client: registered models, versions, runs with
dataset inputs, aliases, tags and (deprecated) stages, as a team's registry would hold."""

from __future__ import annotations

import json
import warnings
import zlib
from dataclasses import dataclass
from typing import Any

from mlflow import MlflowClient
from mlflow.entities import Dataset, DatasetInput, InputTag

GOVERNED = {
    "owner": "fraud-team@example.com",
    "sunset-date": "2027-06-30",
    "data-classification": "confidential",
}


@dataclass(frozen=True)
class Spec:
    name: str
    model_tags: dict[str, str]
    versions: int = 2
    datasets: bool = True  # log a training dataset on each version's run
    aliases: dict[str, int] | None = None  # alias -> version number
    stage: tuple[int, str] | None = None  # (version, deprecated stage)
    version_tags: dict[str, str] | None = None  # on the last version


def experiment(client: MlflowClient, name: str) -> str:
    found = client.get_experiment_by_name(name)
    return found.experiment_id if found else client.create_experiment(name)


def seed(client: MlflowClient, specs: list[Spec], experiment_name: str) -> None:
    exp = experiment(client, experiment_name)
    for spec in specs:
        client.create_registered_model(spec.name, tags=spec.model_tags)
        for number in range(1, spec.versions + 1):
            run = client.create_run(
                exp, tags={"mlflow.source.git.commit": f"{zlib.crc32(spec.name.encode()):08x}{number}"}
            )
            run_id = run.info.run_id
            if spec.datasets:
                log_dataset(client, run_id, spec.name, number)
            client.set_terminated(run_id)
            tags = spec.version_tags if spec.version_tags and number == spec.versions else {}
            client.create_model_version(
                spec.name, source=f"s3://models/{spec.name}/{number}", run_id=run_id, tags=tags
            )
        for alias, number in (spec.aliases or {}).items():
            client.set_registered_model_alias(spec.name, alias, str(number))
        if spec.stage:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # stages are deprecated; some registries still use them
                client.transition_model_version_stage(spec.name, str(spec.stage[0]), spec.stage[1])


def dataset_uri(model: str, number: int) -> str:
    return f"s3://datasets/{model}/train-v{number}"


def dataset_digest(model: str, number: int) -> str:
    return f"{zlib.crc32(f'{model}/{number}'.encode()):08x}"


def log_dataset(client: MlflowClient, run_id: str, model: str, number: int) -> None:
    # mlflow-skinny has no numpy, so no mlflow.data: log the dataset entity directly
    source = json.dumps({"uri": dataset_uri(model, number)})
    dataset = Dataset(f"{model}-train", dataset_digest(model, number), "s3", source)
    client.log_inputs(
        run_id, datasets=[DatasetInput(dataset, tags=[InputTag("mlflow.data.context", "training")])]
    )


def fleet(prefix: str) -> list[Spec]:
    """25 registered models, 2 or 3 versions each, governance varying with the index."""
    specs = []
    for i in range(25):
        tags: dict[str, Any] = {}
        if i % 5:
            tags["owner"] = f"team-{i % 3}@example.com"
        if i % 4:
            tags["data-classification"] = ("internal", "confidential", "restricted")[i % 3]
        if i % 3:
            tags["sunset-date"] = "2027-06-30"
        specs.append(
            Spec(
                name=f"{prefix}-{i:02d}",
                model_tags=tags,
                versions=2 + i % 2,
                datasets=i % 3 != 1,
                aliases={"champion": 2} if i % 2 == 0 else ({"staging": 1} if i % 3 == 0 else None),
                stage=(1, "Production") if i == 3 else None,
                version_tags={"environment": "staging"} if i == 4 else None,
            )
        )
    return specs
