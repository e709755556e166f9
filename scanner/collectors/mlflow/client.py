"""The MLflow client, bounded: retries, backoff and timeout for the duration of a collection.

MLflow's REST layer reads its retry and timeout settings from environment variables on every
request (defaults: 7 retries with backoff factor 2 and a 120 s timeout, i.e. minutes against a
dead server). ``bounded`` sets them from MlflowSettings and restores the previous values after.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from scanner.collectors.mlflow.settings import MlflowSettings
from scanner.lazy import install_hint
from scanner.model import UsageError

_ENV_LOCK = threading.Lock()
INSTALL_HINT = install_hint("mlflow")


def client_class() -> Any:
    """MlflowClient, or a UsageError with the install command when the extra is missing."""
    try:
        from mlflow import MlflowClient  # noqa: PLC0415 - the optional extra, only for --source mlflow
    except ImportError as exc:
        raise UsageError("--source mlflow needs the MLflow client", hint=INSTALL_HINT) from exc
    return MlflowClient


def client_for(uri: str) -> Any:
    return client_class()(tracking_uri=uri, registry_uri=uri)


@contextmanager
def bounded(settings: MlflowSettings) -> Iterator[None]:
    values = {
        "MLFLOW_HTTP_REQUEST_MAX_RETRIES": str(max(0, settings.max_attempts - 1)),
        "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1",  # an int: MLflow parses it with int()
        "MLFLOW_HTTP_REQUEST_TIMEOUT": str(max(1, round(settings.timeout))),
        # no usage telemetry from a compliance scanner
        "MLFLOW_DISABLE_TELEMETRY": "true",
    }
    with _ENV_LOCK:
        saved = {key: os.environ.get(key) for key in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for key, old in saved.items():
                if old is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = old


def pages(search: Callable[..., Any], page_size: int, **kwargs: Any) -> Iterator[Any]:
    """Every item of a paged MLflow search, following page tokens."""
    token: str | None = None
    while True:
        page = search(max_results=page_size, page_token=token, **kwargs)
        yield from page
        token = getattr(page, "token", None)
        if not token:
            return
