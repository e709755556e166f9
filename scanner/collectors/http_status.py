"""An HTTP status from a registry's API -> a coverage error code, shared by the HTTP sources
(MLflow, the Hugging Face Hub); each source supplies its own hint of what to do."""

from __future__ import annotations

from collections.abc import Mapping

from scanner.model import CoverageError

CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 429: "throttled"}


def status_error(status: int, hints: Mapping[int, str], where: str) -> CoverageError | None:
    """The coverage error for a failed status, or None for one that is not a failure code mlgov
    names (the caller decides)."""
    if status in CODES:
        return CoverageError(CODES[status], f"HTTP {status}: {hints[status]}", where)
    if status >= 500:
        return CoverageError("server_error", f"HTTP {status} after the retry budget", where)
    return None
