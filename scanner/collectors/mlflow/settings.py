"""What to read from MLflow, and how hard to try."""

from __future__ import annotations

from dataclasses import dataclass, field

from scanner.normalize.mlflow import ProductionMarkers


@dataclass(frozen=True)
class MlflowSettings:
    # tracking URIs; empty: MLFLOW_TRACKING_URI. Credentials never go here: MLflow's own
    # variables (MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME/PASSWORD, TLS options) apply.
    uris: tuple[str, ...] = ()
    page_size: int = 500  # results per search page (registered models, model versions)
    max_attempts: int = 3  # per request, on connection errors, 429 and 5xx
    timeout: float = 30.0  # seconds per request
    workers: int = 8  # threads fetching runs and logged models for lineage
    markers: ProductionMarkers = field(default_factory=ProductionMarkers)
