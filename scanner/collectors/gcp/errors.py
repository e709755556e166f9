"""Google API client failures -> coverage error codes a person can act on.

The messages are mlgov's own: a Google error body quotes resource names and permission
strings, and a credentials error can quote a token endpoint's answer; none of that belongs in a
report. Only the error's status enum (``PERMISSION_DENIED``) and ErrorInfo reason
(``SERVICE_DISABLED``), both upper-case words, are read from a body.
"""

from __future__ import annotations

import json
import re
import socket
from typing import Any

from scanner.links import docs_url
from scanner.model import CoverageError

ROLE_HINT = (
    f"grant the custom role in {docs_url('docs/gcp-custom-role.json')} "
    "(or roles/aiplatform.viewer and roles/notebooks.viewer)"
)
NO_ADC = (
    "no Application Default Credentials found; run `gcloud auth application-default login` "
    "or set GOOGLE_APPLICATION_CREDENTIALS"
)
_WORD = re.compile(r"[A-Z][A-Z_]{1,63}")

_BY_STATUS = {
    400: ("invalid_argument", "the API refused the request (is the location a Vertex AI region?)"),
    401: ("unauthorized", "the credentials were refused; run `gcloud auth application-default login` "
          "or set GOOGLE_APPLICATION_CREDENTIALS"),
    403: ("forbidden", f"the credentials lack a read permission; {ROLE_HINT}"),
    404: ("not_found", "the project or location does not exist, or is not visible to these credentials"),
    429: ("throttled", "rate limited after the retry budget"),
}  # fmt: skip


def coverage_error(exc: BaseException, where: str) -> CoverageError:
    status = _http_status(exc)
    if status is not None:
        return _http_error(exc, status, where)
    kind = type(exc).__name__
    module = type(exc).__module__
    if kind == "DefaultCredentialsError":
        return CoverageError("no_credentials", NO_ADC, where)
    if kind == "PagingLoop":
        return CoverageError("paging_loop", "the API repeated a page token; the listing was stopped", where)
    if kind == "RefreshError":  # the token endpoint refused the credentials (as on Azure)
        return CoverageError(
            "authentication_failed", "the credentials could not obtain an access token", where
        )
    if isinstance(exc, (socket.timeout, TimeoutError)) or "timed out" in str(exc).lower():
        return CoverageError("timeout", "no answer within the per-call timeout", where)
    if (
        kind == "ServerNotFoundError"
        or isinstance(exc, (ConnectionError, OSError))
        or (module.startswith("google.auth") and kind == "TransportError")
    ):
        return CoverageError("unreachable", f"the API endpoint could not be reached ({kind})", where)
    # anything else is a collector bug: recorded, never raised past the other units
    return CoverageError("collector_error", f"{kind} while reading {where}", where)


def _http_error(exc: BaseException, status: int, where: str) -> CoverageError:
    state, reason = _body_words(getattr(exc, "content", b""))
    label = " ".join(w for w in (f"HTTP {status}", state, reason) if w)
    if status == 403 and reason == "SERVICE_DISABLED":
        return CoverageError(
            "service_disabled",
            f"{label}: the API is not enabled in this project; enable it, or leave the service out "
            "(sources.gcp.services)",
            where,
        )
    if status in _BY_STATUS:
        code, message = _BY_STATUS[status]
        return CoverageError(code, f"{label}: {message}", where)
    if status >= 500:
        return CoverageError("server_error", f"{label} after the retry budget", where)
    return CoverageError("http_error", label, where)


def _http_status(exc: BaseException) -> int | None:
    response: Any = getattr(exc, "resp", None)
    status = getattr(response, "status", None)
    return status if isinstance(status, int) else None


def _body_words(content: Any) -> tuple[str, str]:
    """(error.status, the first ErrorInfo reason) from a Google error body, enum words only."""
    try:
        error = json.loads(content or b"{}").get("error") or {}
    except (ValueError, AttributeError, TypeError):
        return "", ""
    if not isinstance(error, dict):
        return "", ""
    state = error.get("status")
    reasons = [
        d.get("reason")
        for d in error.get("details") or ()
        if isinstance(d, dict) and str(d.get("@type", "")).endswith("ErrorInfo")
    ]
    reason = reasons[0] if reasons else None
    return (
        state if isinstance(state, str) and _WORD.fullmatch(state) else "",
        reason if isinstance(reason, str) and _WORD.fullmatch(reason) else "",
    )
