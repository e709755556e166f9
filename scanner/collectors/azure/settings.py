"""What to read from Azure Machine Learning, where, and how hard to try."""

from __future__ import annotations

from dataclasses import dataclass

# What a workspace unit reads; a registry unit reads models only.
READS = ("models", "endpoints", "compute", "jobs")


@dataclass(frozen=True)
class AzureSettings:
    subscriptions: tuple[str, ...] = ()  # empty: every subscription the credential can see
    workspaces: tuple[str, ...] = ()  # filter: workspace names or RESOURCE_GROUP/NAME; empty: all
    registries: tuple[str, ...] = ()  # filter: registry names; empty: all; ("none",): no registry
    cloud: str | None = None  # public, usgov, china; None: from AZURE_AUTHORITY_HOST, else public
    arm_endpoint: str | None = None  # Resource Manager URL; overrides the cloud's (Azure Stack, tests)
    authority_host: str | None = None  # Entra authority; else AZURE_AUTHORITY_HOST, else the cloud's
    reads: tuple[str, ...] = READS
    workers: int = 8  # threads across (subscription, workspace) and (subscription, registry) units
    fanout: int = 4  # concurrent per-model version listings inside one unit
    max_attempts: int = 4  # per request, on 408, 429, 5xx and connection errors
    timeout: float = 30.0  # seconds, per connection and per read
    max_retry_after: float = 60.0  # a longer Retry-After is not waited for: the unit is throttled


NO_REGISTRIES = "none"
