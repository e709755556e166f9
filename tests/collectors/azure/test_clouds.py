"""Which cloud, authority and Resource Manager endpoint a scan uses."""

from __future__ import annotations

import pytest

from scanner.collectors.azure.clouds import resolve_cloud
from scanner.model import UsageError


@pytest.mark.parametrize(
    ("name", "environ", "authority", "arm"),
    [
        (None, {}, "https://login.microsoftonline.com", "https://management.azure.com"),
        ("usgov", {}, "https://login.microsoftonline.us", "https://management.usgovcloudapi.net"),
        ("china", {}, "https://login.chinacloudapi.cn", "https://management.chinacloudapi.cn"),
        # the AZURE_AUTHORITY_HOST convention of azure-identity picks the cloud
        (None, {"AZURE_AUTHORITY_HOST": "login.microsoftonline.us"}, "https://login.microsoftonline.us",
         "https://management.usgovcloudapi.net"),
        (None, {"AZURE_AUTHORITY_HOST": "https://login.chinacloudapi.cn/"}, "https://login.chinacloudapi.cn",
         "https://management.chinacloudapi.cn"),
    ],
)  # fmt: skip
def test_known_clouds(name: str | None, environ: dict[str, str], authority: str, arm: str) -> None:
    cloud = resolve_cloud(name, None, None, environ)
    assert (cloud.authority_host, cloud.arm_endpoint, cloud.scope) == (authority, arm, f"{arm}/.default")
    assert cloud.known_authority


def test_a_private_cloud_needs_both_endpoints_and_skips_instance_discovery() -> None:
    environ = {"AZURE_AUTHORITY_HOST": "https://login.stack.example"}
    with pytest.raises(UsageError, match="arm_endpoint"):
        resolve_cloud(None, None, None, environ)
    cloud = resolve_cloud(None, "https://management.stack.example/", None, environ)
    assert (cloud.authority_host, cloud.arm_endpoint) == (
        "https://login.stack.example",
        "https://management.stack.example",
    )
    assert not cloud.known_authority


def test_plain_http_and_unknown_names_are_refused() -> None:
    with pytest.raises(UsageError, match="https"):
        resolve_cloud(None, "http://127.0.0.1:8080", None, {})
    with pytest.raises(UsageError, match="unknown Azure cloud"):
        resolve_cloud("mars", None, None, {})
