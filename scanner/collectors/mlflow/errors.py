"""MLflow client failures -> coverage error codes a person can act on.

The messages are mlgov's own: an MLflow exception's text can quote a response body or a URL,
and neither belongs in a report.
"""

from __future__ import annotations

from scanner.collectors.http_status import status_error
from scanner.model import CoverageError

_HINTS = {
    401: "the server refused the credentials; check MLFLOW_TRACKING_TOKEN or "
         "MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD",
    403: "the credentials lack read permission on the registry",
    404: "the server has no model registry API at this URI; check --mlflow-uri",
    429: "rate limited after the retry budget",
}  # fmt: skip


def coverage_error(exc: BaseException, where: str) -> CoverageError:
    status = _http_status(exc)
    found = status_error(status, _HINTS, where) if status is not None else None
    if found is not None:
        return found
    text = str(exc)
    if "timeout" in text.lower():
        return CoverageError("timeout", "no answer within the per-request timeout", where)
    if "failed with exception" in text or isinstance(exc, (ConnectionError, OSError)):
        return CoverageError("unreachable", "the tracking server could not be reached", where)
    # anything else is a collector bug: recorded, never raised past the other tracking URIs
    return CoverageError("collector_error", f"{type(exc).__name__} while reading {where}", where)


def _http_status(exc: BaseException) -> int | None:
    """MlflowException knows the HTTP status its error code stands for; a RestException from a
    JSON error body does too."""
    getter = getattr(exc, "get_http_status_code", None)
    if getter is None or "failed with exception" in str(exc) or "timeout exception" in str(exc):
        return None
    try:
        status = int(getter())
    except (TypeError, ValueError):
        return None
    return status
