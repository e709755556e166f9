"""Hub failures -> coverage error codes a person can act on.

The messages are mlgov's own: a huggingface_hub exception quotes the request URL and the Hub's
error text, and its request object holds the Authorization header; none of it belongs in a report.
"""

from __future__ import annotations

from scanner.collectors.http_status import status_error
from scanner.collectors.huggingface.client import PagingLoop, RetryAfterTooLong, UnexpectedAnswer
from scanner.links import docs_url
from scanner.model import CoverageError

TOKEN_DOC = docs_url("docs/huggingface.md#permissions")
_HINTS = {
    401: "the Hub refused the token; check HF_TOKEN (a read-only fine-grained token with read "
         f"access to the organisation's repos: {TOKEN_DOC})",
    403: f"the token may not read this; grant it read access to the organisation's repos ({TOKEN_DOC})",
    404: "no such organisation, user or repo, or a private one the token cannot see",
    429: "rate limited by the Hub after the retry budget; lower `workers` or scan later",
}  # fmt: skip


def coverage_error(exc: BaseException, where: str) -> CoverageError:
    name = type(exc).__name__
    if name == "GatedRepoError":
        return CoverageError(
            "forbidden", "gated repo: the token's account has not been granted access to it", where
        )
    if isinstance(exc, RetryAfterTooLong):
        code = "throttled" if exc.status == 429 else "server_error"
        return CoverageError(code, f"{exc}, longer than max_retry_after: not retried", where)
    status = _http_status(exc)
    if status is not None:
        found = status_error(status, _HINTS, where)
        return found or CoverageError("http_error", f"HTTP {status} from the Hub", where)
    if name == "OfflineModeIsEnabled":
        return CoverageError("unreachable", "HF_HUB_OFFLINE is set: huggingface_hub sends no request", where)
    if "Timeout" in name:
        return CoverageError("timeout", "no answer within the per-request timeout", where)
    if name in {"ConnectError", "NetworkError", "RemoteProtocolError", "ReadError", "WriteError"}:
        return CoverageError(
            "unreachable", "the Hub endpoint could not be reached (connection, DNS or TLS)", where
        )
    if isinstance(exc, PagingLoop):
        return CoverageError("paging_loop", str(exc), where)
    if isinstance(exc, UnexpectedAnswer):
        return CoverageError("bad_response", str(exc), where)
    if isinstance(exc, (ValueError, KeyError, TypeError)):
        return CoverageError("bad_response", f"unexpected answer from the Hub ({name})", where)
    # anything else is a collector bug: recorded, never raised past the other organisations
    return CoverageError("collector_error", f"{name} while reading {where}", where)


def _http_status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None
