"""botocore exceptions -> coverage error codes a person can act on."""

from __future__ import annotations

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)

from scanner.links import docs_url
from scanner.model import CoverageError

_ACCESS = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"}
_THROTTLED = {"Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"}
_NOT_ENABLED = {"UnrecognizedClientException", "InvalidClientTokenId", "OptInRequired"}


def coverage_error(exc: Exception, where: str) -> CoverageError:
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", "ClientError"))
        message = str(exc.response.get("Error", {}).get("Message", ""))[:300]
        if code in _ACCESS:
            return CoverageError(
                "AccessDenied",
                f"{code}: {message}; grant the policy in {docs_url('docs/aws-iam-policy.json')}",
                where,
            )
        if code in _THROTTLED:
            return CoverageError("throttled", f"{code} after the retry budget: {message}", where)
        if code in _NOT_ENABLED:
            return CoverageError("region_not_enabled", f"{code}: {message}", where)
        return CoverageError(code, message or code, where)
    if isinstance(exc, (EndpointConnectionError, ConnectTimeoutError)):
        return CoverageError("unreachable", f"endpoint unreachable: {type(exc).__name__}", where)
    if isinstance(exc, ReadTimeoutError):
        return CoverageError("timeout", "no answer within the per-call timeout", where)
    if isinstance(exc, NoCredentialsError):
        return CoverageError(
            "no_credentials", "no AWS credentials found; set AWS_PROFILE or --profile", where
        )
    if isinstance(exc, BotoCoreError):
        return CoverageError("botocore_error", type(exc).__name__, where)
    # anything else is a collector bug: recorded, never raised past the other units
    return CoverageError("collector_error", f"{type(exc).__name__} while reading {where}", where)
