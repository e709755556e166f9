"""Google's discovery-based API client (google-api-python-client), REST only, with bounded retries.

Why this client and not google-cloud-aiplatform's generated ``aiplatform_v1`` clients: measured on
this project's machine, ``import google.cloud.aiplatform_v1`` takes ~10 s (its package imports
every service and proto type) and the package brings 299 MB in 48 distributions (grpcio,
pydantic, google-genai, BigQuery, Cloud Storage); Workbench would need google-cloud-notebooks and
grpcio on top. google-api-python-client is 172 MB in 24 distributions, imports in under 1 s, and
serves Vertex AI and Workbench alike from the discovery documents it ships
(``discovery_cache/documents``: no network to build a client). Requests are built from those
documents, so a method or parameter name that does not exist fails before a request is sent.

Retries are ours, not the client's: its ``num_retries`` ignores ``Retry-After``. 429 and 5xx
answers and connection failures are tried ``max_attempts`` times in all; a 429's Retry-After is
honoured up to ``max_retry_after`` (a longer one ends the retries: the unit is `throttled`, as on
Azure and the Hub), else the wait doubles from 0.5 s (capped at 8 s).
"""

from __future__ import annotations

import email.utils
import functools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from scanner.lazy import install_hint
from scanner.model import UsageError

SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)


class PagingLoop(Exception):
    """The API handed back a page token it had already given: stop rather than loop forever."""


def require_client() -> None:
    """Fail fast, with the install hint, when the gcp extra is missing."""
    try:
        import google.auth  # noqa: F401, PLC0415
        import google_auth_httplib2  # noqa: F401, PLC0415
        import googleapiclient.discovery  # noqa: F401, PLC0415
        import httplib2  # noqa: F401, PLC0415
    except ImportError as exc:
        raise UsageError(
            "--source gcp needs the Google API client (google-api-python-client)",
            hint=install_hint("gcp"),
        ) from exc


def default_credentials() -> tuple[Any, str | None]:
    """Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's application
    default login, or the metadata server. mlgov never opens a key file itself."""
    import google.auth  # noqa: PLC0415

    credentials, project = google.auth.default(scopes=list(SCOPES))
    return credentials, project


@functools.cache
def _document(name: str, version: str) -> dict[str, Any]:
    """The discovery document shipped inside google-api-python-client, parsed once per process."""
    from googleapiclient.discovery_cache import get_static_doc  # noqa: PLC0415

    text = get_static_doc(name, version)
    if text is None:
        raise UsageError(
            f"the installed google-api-python-client has no {name} {version} discovery document",
            hint=f"{install_hint('gcp')}: it pins a version that ships it",
        )
    document: dict[str, Any] = json.loads(text)
    return document


@dataclass
class Api:
    """One API (aiplatform v1 or notebooks v2) at one endpoint, with its own HTTP connection:
    httplib2 is not thread-safe, so every unit builds its own."""

    resource: Any
    max_attempts: int
    max_retry_after: float  # seconds: a longer Retry-After is not waited for
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def build(
        cls,
        name: str,
        version: str,
        *,
        endpoint: str,
        credentials: Any,
        timeout: float,
        max_attempts: int,
        max_retry_after: float,
    ) -> Api:
        import google_auth_httplib2  # noqa: PLC0415
        import httplib2  # noqa: PLC0415
        from googleapiclient.discovery import build_from_document  # noqa: PLC0415

        http = google_auth_httplib2.AuthorizedHttp(credentials, http=httplib2.Http(timeout=timeout))
        resource = build_from_document(
            _document(name, version), http=http, client_options={"api_endpoint": endpoint}
        )
        return cls(resource, max(1, max_attempts), max_retry_after)

    def call(self, request: Any) -> dict[str, Any]:
        """Execute one request, retrying 429, 5xx and connection failures within the budget."""
        from googleapiclient.errors import HttpError  # noqa: PLC0415

        attempt = 0
        while True:
            attempt += 1
            try:
                answer: dict[str, Any] = request.execute(num_retries=0)
                return answer
            except HttpError as exc:
                status = int(getattr(exc.resp, "status", 0) or 0)
                if attempt >= self.max_attempts or not (status == 429 or status >= 500):
                    raise
                wait = retry_after(exc.resp) if status == 429 else None
                if wait is not None and wait > self.max_retry_after:
                    raise  # not slept on: the unit is throttled
                self.sleep(wait if wait is not None else backoff(attempt))
            except OSError:  # refused, reset, timed out: the socket errors
                if attempt >= self.max_attempts:
                    raise
                self.sleep(backoff(attempt))

    def pages(
        self,
        method: Callable[..., Any],
        key: str,
        on_page: Callable[[dict[str, Any]], None] | None = None,
        **params: Any,
    ) -> Iterator[dict[str, Any]]:
        """Every item under ``key`` across pages (``pageToken`` / ``nextPageToken``); ``on_page``
        sees each whole page (for fields beside the items, such as ``unreachable``)."""
        seen: set[str] = set()
        token: str | None = None
        while True:
            page = self.call(method(**params, pageToken=token) if token else method(**params))
            if on_page is not None:
                on_page(page)
            items = page.get(key) or []
            yield from (item for item in items if isinstance(item, dict))
            token = page.get("nextPageToken") or None
            if token is None:
                return
            if token in seen:
                raise PagingLoop(key)
            seen.add(token)


def backoff(attempt: int) -> float:
    return float(min(0.5 * 2 ** (attempt - 1), 8.0))


def retry_after(response: Any) -> float | None:
    """Retry-After in seconds (delta-seconds or an HTTP date); None when absent."""
    value = response.get("retry-after") if hasattr(response, "get") else None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)
