"""azure-core and azure-identity failures -> coverage error codes a person can act on.

Messages are mlgov's own plus the Resource Manager error code (``AuthorizationFailed``...):
an exception's text can quote a response body, a token endpoint's answer or a URL with a
signature, and none of those belongs in a report.
"""

from __future__ import annotations

from scanner.links import docs_url
from scanner.model import CoverageError

ROLE_HINT = f"grant the custom role in {docs_url('docs/azure-custom-role.json')}"
_BY_STATUS = {
    401: ("unauthorized", "Resource Manager refused the token; check the tenant and the credential"),
    403: ("forbidden", f"the credential lacks read permission; {ROLE_HINT}"),
    404: ("not_found", "no such subscription, resource group, workspace or registry"),
    409: ("conflict", "Resource Manager refused the request in the resource's current state"),
    429: ("throttled", "rate limited after the retry budget"),
}


def coverage_error(exc: BaseException, where: str) -> CoverageError:
    # the SDK is imported here, not at module level: without the extra, the collector must still
    # import, to raise its UsageError with the install hint
    from azure.core.exceptions import (  # noqa: PLC0415
        ClientAuthenticationError,
        HttpResponseError,
        ServiceRequestError,
        ServiceRequestTimeoutError,
        ServiceResponseError,
        ServiceResponseTimeoutError,
    )
    from azure.identity import CredentialUnavailableError  # noqa: PLC0415

    if isinstance(exc, CredentialUnavailableError):
        return CoverageError(
            "no_credentials",
            "no Azure credential found: set AZURE_CLIENT_ID/AZURE_TENANT_ID with a secret or "
            "certificate, use a managed or workload identity, or `az login`",
            where,
        )
    status = getattr(exc, "status_code", None)
    if isinstance(exc, HttpResponseError) and isinstance(status, int):
        arm_code = _arm_code(exc)
        if status in _BY_STATUS:
            code, message = _BY_STATUS[status]
            return CoverageError(code, f"HTTP {status}{arm_code}: {message}", where)
        if status >= 500:
            return CoverageError("server_error", f"HTTP {status}{arm_code} after the retry budget", where)
        return CoverageError("http_error", f"HTTP {status}{arm_code}", where)
    if isinstance(exc, ClientAuthenticationError):
        # no status: the token request itself failed (wrong secret, unknown tenant, no network)
        return CoverageError(
            "authentication_failed",
            "the credential could not get a Resource Manager token; check the tenant, client id "
            "and secret, and the authority host (--azure-cloud, AZURE_AUTHORITY_HOST)",
            where,
        )
    if isinstance(exc, (ServiceRequestTimeoutError, ServiceResponseTimeoutError)):
        return CoverageError("timeout", "no answer within the per-request timeout", where)
    if isinstance(exc, (ServiceRequestError, ServiceResponseError)):
        return CoverageError("unreachable", "Resource Manager could not be reached", where)
    # anything else is a collector bug: recorded, never raised past the other units
    return CoverageError("collector_error", f"{type(exc).__name__} while reading {where}", where)


def _arm_code(exc: BaseException) -> str:
    """The Resource Manager error code (a short identifier, never the message text)."""
    code = getattr(getattr(exc, "error", None), "code", None)
    if isinstance(code, str) and code.replace(".", "").replace("_", "").isalnum() and len(code) <= 80:
        return f" {code}"
    return ""
