"""The Azure SDK, bounded: one credential, and Resource Manager clients with mlgov's policies.

Policies are given explicitly rather than taken from the SDK's defaults, for two reasons:
- the default ARM pipeline registers a missing resource provider on a 409 (a POST to
  `.../providers/Microsoft.MachineLearningServices/register`): a write, which a read-only
  scanner must never attempt;
- the default retry policy sleeps for any Retry-After a server sends (an hour, if told so);
  here a Retry-After longer than `max_retry_after` ends the retries and the unit is `throttled`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from scanner.collectors.azure.clouds import Cloud
from scanner.collectors.azure.settings import AzureSettings
from scanner.lazy import install_hint
from scanner.model import UsageError

INSTALL_HINT = install_hint("azure")
SUBSCRIPTIONS_API = "2022-12-01"  # Microsoft.Resources: GET /subscriptions
_NULL = logging.NullHandler()


def require_sdk() -> None:
    """Fail fast, with the install command, when the extra is missing."""
    try:
        import azure.identity  # noqa: PLC0415 - the optional extra, only for --source azure
        import azure.mgmt.machinelearningservices  # noqa: F401, PLC0415
    except ImportError as exc:
        raise UsageError(
            "--source azure needs the Azure SDK (azure-mgmt-machinelearningservices, azure-identity)",
            hint=INSTALL_HINT,
        ) from exc


def credential(cloud: Cloud) -> Any:
    """DefaultAzureCredential for the cloud's authority. Instance discovery can only refuse an
    authority Microsoft does not list, so it is off for one the user named (Azure Stack, tests)."""
    from azure.identity import DefaultAzureCredential  # noqa: PLC0415

    # azure-identity logs each failed credential as a warning that quotes the token endpoint's
    # answer; without a handler of the application's own, Python would print it on stderr
    logging.getLogger("azure").addHandler(_NULL)
    extra = {} if cloud.known_authority else {"disable_instance_discovery": True}
    try:
        return DefaultAzureCredential(authority=cloud.authority_host, **extra)
    except ValueError as exc:  # an AZURE_TOKEN_CREDENTIALS value azure-identity does not know
        raise UsageError(
            "azure-identity refused its configuration",
            where="AZURE_TOKEN_CREDENTIALS",
            hint="use prod, dev or one credential name such as EnvironmentCredential",
        ) from exc


def first_token(credential: Any, cloud: Cloud) -> None:
    """Get the Resource Manager token once before any call (the clients reuse it from the
    credential's cache), so that a missing or refused credential is one clear failure instead of
    the same error on every unit. Raises CredentialUnavailableError when no credential in the
    chain was even configured, ClientAuthenticationError when one was refused."""
    from azure.core.exceptions import ClientAuthenticationError  # noqa: PLC0415
    from azure.identity import CredentialUnavailableError  # noqa: PLC0415

    try:
        credential.get_token(cloud.scope)
    except ClientAuthenticationError as exc:
        # DefaultAzureCredential raises one error type for both; a refused credential says
        # "Authentication failed", an unconfigured chain only lists unavailable credentials
        if "authentication failed" not in str(exc).lower():
            raise CredentialUnavailableError(message="no credential configured") from None
        raise


def _policies(credential: Any, cloud: Cloud, settings: AzureSettings) -> list[Any]:
    from azure.core.pipeline import policies  # noqa: PLC0415
    from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy, ARMHttpLoggingPolicy  # noqa: PLC0415

    class BoundedRetryPolicy(policies.RetryPolicy):  # type: ignore[type-arg]
        def is_retry(self, retry_settings: Any, response: Any) -> bool:
            wait = self.get_retry_after(response)
            if wait is not None and wait > settings.max_retry_after:
                return False
            return bool(super().is_retry(retry_settings, response))

    return [
        policies.RequestIdPolicy(),
        policies.HeadersPolicy(),
        policies.UserAgentPolicy(user_agent="mlgov"),
        policies.ProxyPolicy(),
        policies.ContentDecodePolicy(),
        policies.RedirectPolicy(),
        BoundedRetryPolicy(retry_total=max(0, settings.max_attempts - 1), retry_backoff_factor=0.5),
        ARMChallengeAuthenticationPolicy(credential, cloud.scope),
        policies.CustomHookPolicy(),
        policies.NetworkTraceLoggingPolicy(),
        ARMHttpLoggingPolicy(),
    ]


def _transport_options(settings: AzureSettings) -> dict[str, Any]:
    return {"connection_timeout": settings.timeout, "read_timeout": settings.timeout}


def ml_client(credential: Any, cloud: Cloud, settings: AzureSettings, subscription: str) -> Any:
    """A MachineLearningServicesMgmtClient for one subscription (thread-safe: shared by its units)."""
    from azure.mgmt.machinelearningservices import MachineLearningServicesMgmtClient  # noqa: PLC0415

    return MachineLearningServicesMgmtClient(
        credential,
        subscription,
        base_url=cloud.arm_endpoint,
        credential_scopes=[cloud.scope],
        policies=_policies(credential, cloud, settings),
        **_transport_options(settings),
    )


def subscriptions(credential: Any, cloud: Cloud, settings: AzureSettings) -> Iterator[dict[str, Any]]:
    """Every subscription the credential can see (GET /subscriptions, following nextLink)."""
    from azure.core.exceptions import HttpResponseError  # noqa: PLC0415
    from azure.core.rest import HttpRequest  # noqa: PLC0415
    from azure.mgmt.core import ARMPipelineClient  # noqa: PLC0415

    client: ARMPipelineClient[HttpRequest, Any] = ARMPipelineClient(
        base_url=cloud.arm_endpoint,
        policies=_policies(credential, cloud, settings),
        **_transport_options(settings),
    )
    with client:
        url: str | None = f"{cloud.arm_endpoint}/subscriptions?api-version={SUBSCRIPTIONS_API}"
        while url:
            response = client.send_request(HttpRequest("GET", url))
            if response.status_code != 200:
                raise HttpResponseError(response=response)
            page = response.json()
            yield from (s for s in page.get("value") or [] if isinstance(s, dict))
            url = page.get("nextLink") or None
