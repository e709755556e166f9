"""GET one Kubernetes API path as JSON: per-request timeouts, bounded retries, errors as codes.

The official client's ApiClient supplies authentication (tokens, exec plugins, client
certificates) and TLS; we send raw GETs through it and keep the JSON as plain dicts. The typed
models would cost a deserialization pass per object and reject objects that lack a field the
OpenAPI spec calls required; the normalizer wants the object as the server sent it, exactly as
it would read it from a manifest.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from scanner.collectors.kubernetes.errors import KubeRequestError, code_for_status

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 5.0
RequestHook = Callable[[str, str], None]  # (context, path) for every request sent


class Api:
    """One context's API server. Thread-safe: urllib3's pool serves the worker threads."""

    def __init__(
        self,
        client: Any,
        context: str,
        *,
        timeout: float,
        max_attempts: int,
        on_request: RequestHook | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.context = context
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.on_request = on_request
        self.sleep = sleep

    def get(self, path: str, query: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
        """The JSON object at ``path``; KubeRequestError once the retry budget is spent."""
        where = f"{self.context}: GET {path}"
        last: KubeRequestError | None = None
        for attempt in range(self.max_attempts):
            if attempt:
                self.sleep(_backoff(attempt, last))
            try:
                return self._once(path, query, where)
            except KubeRequestError as exc:
                last = exc
                if not _retried(exc):
                    raise
        assert last is not None
        raise last

    def _once(self, path: str, query: Sequence[tuple[str, str]], where: str) -> dict[str, Any]:
        import urllib3  # noqa: PLC0415 - installed with the kubernetes client
        from kubernetes.client.exceptions import ApiException  # noqa: PLC0415

        if self.on_request is not None:
            self.on_request(self.context, path)
        request = self.client.param_serialize(
            method="GET",
            resource_path=path,
            query_params=list(query),
            header_params={"Accept": "application/json"},
            auth_settings=["BearerToken"],
        )
        try:
            response = self.client.call_api(*request, _request_timeout=(self.timeout, self.timeout))
            data = response.read()
        except ApiException as exc:  # the client wraps TLS failures as status 0
            raise KubeRequestError("tls_error", str(exc.reason).splitlines()[0][:200], where) from None
        except urllib3.exceptions.ReadTimeoutError:
            raise KubeRequestError("timeout", f"no answer within {self.timeout:g}s", where) from None
        except urllib3.exceptions.ConnectTimeoutError:
            raise KubeRequestError("unreachable", f"no connection within {self.timeout:g}s", where) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise KubeRequestError(
                "unreachable", f"connection failed ({type(exc).__name__})", where
            ) from None
        status = int(response.status)
        if not 200 <= status < 300:
            raise KubeRequestError(
                code_for_status(status), _status_message(status, data), where, status
            ).with_retry_after(response.headers.get("Retry-After"))
        try:
            parsed = json.loads(data)
        except ValueError:
            raise KubeRequestError("bad_response", "the answer is not JSON", where, status) from None
        if not isinstance(parsed, dict):
            raise KubeRequestError("bad_response", "the answer is not a JSON object", where, status)
        return parsed


def _status_message(status: int, data: bytes) -> str:
    """The server's Status message (it names the verb, resource and user), else the code."""
    try:
        body = json.loads(data)
    except ValueError:
        body = None
    message = body.get("message") if isinstance(body, dict) else None
    return f"HTTP {status}: {str(message)[:300]}" if message else f"HTTP {status}"


def _retried(exc: KubeRequestError) -> bool:
    if exc.status is not None:
        return exc.status in RETRIED_STATUSES
    return exc.code in {"unreachable", "timeout"}


def _backoff(attempt: int, last: KubeRequestError | None) -> float:
    """Exponential with jitter; a server's Retry-After (429) is honoured up to MAX_BACKOFF."""
    retry_after = last.retry_after if last is not None else None
    if retry_after is not None:
        return min(MAX_BACKOFF, retry_after)
    return min(MAX_BACKOFF, 0.1 * float(2**attempt)) * (0.5 + random.random() / 2)  # noqa: S311 - jitter
