"""Which Azure cloud: its Entra authority host and its Resource Manager endpoint.

The cloud comes from `--azure-cloud` (sources.azure.cloud), else from the authority host that
azure-identity itself reads (AZURE_AUTHORITY_HOST), else the public cloud. An authority host or
Resource Manager endpoint outside the known clouds (Azure Stack, a private cloud, the test
server) must be given together with the other: mlgov never guesses a Resource Manager endpoint.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from scanner.model import UsageError


@dataclass(frozen=True)
class Cloud:
    name: str
    authority_host: str  # https URL of the Entra authority
    arm_endpoint: str  # https URL of Resource Manager

    @property
    def scope(self) -> str:
        """The OAuth scope of a Resource Manager token."""
        return f"{self.arm_endpoint.rstrip('/')}/.default"

    @property
    def known_authority(self) -> bool:
        """An authority Microsoft's instance discovery knows; any other one is the user's word."""
        return any(_host(c.authority_host) == _host(self.authority_host) for c in CLOUDS.values())


CLOUDS: Mapping[str, Cloud] = {
    "public": Cloud("public", "https://login.microsoftonline.com", "https://management.azure.com"),
    "usgov": Cloud("usgov", "https://login.microsoftonline.us", "https://management.usgovcloudapi.net"),
    "china": Cloud("china", "https://login.chinacloudapi.cn", "https://management.chinacloudapi.cn"),
}
AUTHORITY_ENV = "AZURE_AUTHORITY_HOST"


def _host(url: str) -> str:
    return (urlsplit(url if "://" in url else f"https://{url}").hostname or "").lower()


def _https(url: str, what: str) -> str:
    text = url if "://" in url else f"https://{url}"
    if urlsplit(text).scheme != "https":
        raise UsageError(
            f"{what} must be an https URL: {url}",
            where=f"sources.azure.{what}",
            hint="Azure refuses bearer tokens over plain http; give the https URL",
        )
    return text.rstrip("/")


def resolve_cloud(
    name: str | None,
    arm_endpoint: str | None,
    authority_host: str | None,
    environ: Mapping[str, str] | None = None,
) -> Cloud:
    env = os.environ if environ is None else environ
    authority = authority_host or env.get(AUTHORITY_ENV) or None
    if name is not None:
        if name not in CLOUDS:
            raise UsageError(
                f"unknown Azure cloud {name!r}", where="--azure-cloud", hint=f"choose {', '.join(CLOUDS)}"
            )
        base = CLOUDS[name]
    else:
        by_authority = [
            c for c in CLOUDS.values() if authority and _host(c.authority_host) == _host(authority)
        ]
        base = by_authority[0] if by_authority else CLOUDS["public"]
        if authority and not by_authority and not arm_endpoint:
            raise UsageError(
                f"the authority host {authority} belongs to no known Azure cloud, so its Resource "
                "Manager endpoint is unknown",
                where="AZURE_AUTHORITY_HOST" if not authority_host else "sources.azure.authority_host",
                hint="set sources.azure.arm_endpoint (or --azure-arm-endpoint), or --azure-cloud",
            )
    return Cloud(
        base.name,
        _https(authority, "authority_host") if authority else base.authority_host,
        _https(arm_endpoint, "arm_endpoint") if arm_endpoint else base.arm_endpoint,
    )
