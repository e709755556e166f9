"""Collectors by name, imported on first use (no import side effects, no if-chains).

Adding a source is one new module and one line here (``aws``, ``mlflow``, ``kubernetes``).
"""

from __future__ import annotations

from typing import Any

from scanner.collectors.base import Collector
from scanner.lazy import load
from scanner.model import UsageError

_COLLECTORS: dict[str, str] = {
    "files": "scanner.collectors.files:FileCollector",
    "aws": "scanner.collectors.aws.collector:AwsCollector",
    "mlflow": "scanner.collectors.mlflow.collector:MlflowCollector",
    "kubernetes": "scanner.collectors.kubernetes.collector:KubernetesCollector",
    "huggingface": "scanner.collectors.huggingface.collector:HuggingFaceCollector",
}

# Live sources: collectors built as Collector(settings=..., resolver=..., progress=...).
LIVE_SOURCES: tuple[str, ...] = ("aws", "mlflow", "kubernetes", "huggingface")
# Names accepted by --source besides the canonical ones.
SOURCE_ALIASES: dict[str, str] = {"k8s": "kubernetes", "hf": "huggingface"}


def canonical_source(name: str) -> str:
    """`k8s` -> `kubernetes`; a canonical name is returned as given."""
    return SOURCE_ALIASES.get(name, name)


def available_collectors() -> tuple[str, ...]:
    return tuple(sorted(_COLLECTORS))


def get_collector(name: str, **options: Any) -> Collector:
    target = _COLLECTORS.get(name)
    if target is None:
        raise UsageError(
            f"unknown collector {name!r}",
            hint=f"choose one of: {', '.join(available_collectors())}",
        )
    collector: Collector = load(target)(**options)
    return collector
