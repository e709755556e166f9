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
    "gcp": "scanner.collectors.gcp.collector:GcpCollector",
    "azure": "scanner.collectors.azure.collector:AzureCollector",
    "huggingface": "scanner.collectors.huggingface.collector:HuggingFaceCollector",
}

# The optional dependency group (pyproject's extras) whose packages each collector imports.
_EXTRAS: dict[str, str] = {
    "aws": "aws",
    "mlflow": "mlflow",
    "kubernetes": "kubernetes",
    "gcp": "gcp",
    "azure": "azure",
    "huggingface": "huggingface",
}

# Live sources: collectors built as Collector(settings=..., resolver=..., progress=...).
LIVE_SOURCES: tuple[str, ...] = ("aws", "mlflow", "kubernetes", "gcp", "azure", "huggingface")
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
    factory = load(target, extra=_EXTRAS.get(name), needed_by=f"--source {name}")
    collector: Collector = factory(**options)
    return collector
