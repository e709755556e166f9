"""Settings for every engine in one record, so the CLI and config pass them without if-chains."""

from __future__ import annotations

from dataclasses import dataclass, field

# Parsing a 100,000-asset input takes OPA tens of seconds; a hung server must still fail the run.
DEFAULT_TIMEOUT_SECONDS = 600.0


@dataclass(frozen=True)
class EngineOptions:
    opa_path: str | None = None  # `opa` engine: the binary (default: on PATH)
    opa_url: str | None = None  # `opa-server` engine: http(s)://host:port
    opa_token: str | None = field(default=None, repr=False)  # bearer token: kept out of reprs and logs
    opa_ca_bundle: str | None = None  # CA bundle for an https server with a private CA
    opa_policies_preloaded: bool = False  # trust the server's policies instead of pushing ours
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    jobs: int | None = None  # `embedded` engine: worker processes (None: one per CPU for large inputs)
