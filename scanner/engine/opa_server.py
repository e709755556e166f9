"""The `opa-server` engine: a running OPA server, through opa-python-client.

The bundle is pushed under a path of its own for this run and removed afterwards (or, with
--opa-policies-preloaded, the server's own policies are trusted), then the whole inventory is
POSTed once to /v1/data/mlgov/rules. The client's defaults are not allowed to leak: its 1.5 s
timeout is replaced by one sized for large inputs, and its automatic v0-to-v1 policy rewrite is
off, so the server evaluates exactly the Rego we ship.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scanner.engine.base import violations_from_rules_tree
from scanner.engine.options import EngineOptions
from scanner.lazy import install_hint
from scanner.model import EngineError, UsageError, Violation

if TYPE_CHECKING:
    from scanner.policy.bundle import PolicyBundle

RULES_PATH = "mlgov/rules"


class OpaServerEngine:
    name = "opa-server"

    def __init__(self, options: EngineOptions | None = None) -> None:
        options = options or EngineOptions()
        if not options.opa_url:
            raise UsageError(
                "--engine opa-server needs --opa-url", hint="e.g. --opa-url http://opa.internal:8181"
            )
        parts = urlsplit(options.opa_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path.strip("/"):
            raise UsageError(
                f"--opa-url {options.opa_url!r} is not http(s)://host[:port]",
                hint="give the server's base URL without a path, e.g. https://opa.internal:8181",
            )
        self.url = (
            f"{parts.scheme}://{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 8181)}"
        )
        self._options = options
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 8181)
        self._version: str | None = None

    def _client(self) -> Any:
        try:
            from opa_client.opa import OpaClient  # noqa: PLC0415 - optional dependency
        except ImportError as exc:
            raise EngineError(
                "the opa-server engine needs opa-python-client",
                hint=install_hint("opa-server"),
            ) from exc
        # `ssl` doubles as requests' `verify`: a CA bundle path, or True for the system store
        verify: bool | str = (self._options.opa_ca_bundle or True) if self._https else False
        return OpaClient(
            host=self._host,
            port=self._port,
            ssl=verify,
            token=self._options.opa_token,
            retries=2,
            timeout=self._options.timeout,
        )

    def version(self) -> str:
        if self._version is None:
            with self._client() as client:
                self._version = _provenance_version(self._query(client, {}, "system/mlgov_version_probe"))
        return f"opa {self._version} at {self.url}"

    def _query(self, client: Any, input_doc: dict[str, Any], path: str) -> Any:
        # provenance carries the server's version into the report
        return self._call(client.query_rule, input_doc, path, query_params={"provenance": True})

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        import requests  # noqa: PLC0415 - comes with opa-python-client

        try:
            return method(*args, **kwargs)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            hint = "check --opa-token" if status in (401, 403) else "see the OPA server's log"
            raise EngineError(f"OPA server answered HTTP {status}", where=self.url, hint=hint) from exc
        except requests.ConnectionError as exc:
            raise EngineError(
                "OPA server is unreachable", where=self.url, hint="check --opa-url and that the server runs"
            ) from exc
        except requests.Timeout as exc:
            raise EngineError(
                f"OPA server did not answer within {self._options.timeout:.0f} s", where=self.url
            ) from exc
        except requests.RequestException as exc:
            raise EngineError(
                f"request to the OPA server failed: {type(exc).__name__}", where=self.url
            ) from exc
        except Exception as exc:  # the client raises its own error types for rejected policies
            detail = str(getattr(exc, "args", [exc])[-1])[:500]
            raise EngineError(f"OPA server rejected the request: {detail}", where=self.url) from exc

    def evaluate(self, bundle: PolicyBundle, input_doc: Mapping[str, Any]) -> list[Violation]:
        with self._client() as client:
            pushed: list[str] = []
            try:
                if not self._options.opa_policies_preloaded:
                    # a plain authenticated read first: its failure carries the HTTP status
                    # (the client's policy upload reports only the server's message)
                    self._call(client.get_policies_list)
                    run = uuid.uuid4().hex[:12]
                    for index, module in enumerate(bundle.modules):
                        policy_id = f"mlgov/{run}/{index:04d}"
                        self._call(
                            client.update_policy_from_string, module.source, policy_id, rego_compat=False
                        )
                        pushed.append(policy_id)
                answer = self._query(client, dict(input_doc), RULES_PATH)
            finally:
                for policy_id in pushed:  # leave the shared server as we found it
                    try:
                        client.delete_policy(policy_id)
                    except Exception:  # noqa: S112 - best effort; the scan result stands
                        continue
        self._version = _provenance_version(answer)
        if "result" not in answer:
            raise EngineError(
                f"data.{RULES_PATH.replace('/', '.')} is undefined on the server",
                where=self.url,
                hint="with --opa-policies-preloaded the server itself must hold the mlgov bundle",
            )
        return violations_from_rules_tree(answer["result"], self.url)


def _provenance_version(answer: Any) -> str:
    if isinstance(answer, dict):
        version = answer.get("provenance", {}).get("version")
        if isinstance(version, str):
            return version
    return "unknown"
