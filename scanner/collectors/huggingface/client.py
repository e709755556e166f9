"""Requests to the Hub, bounded: a timeout on every request, a retry budget, a cap on Retry-After.

huggingface_hub's listing methods cannot be bounded: its shared HTTP client has no timeout (a
silent server holds a scan forever), `list_models` retries five times and sleeps for whatever
Retry-After says, and `list_repo_refs` never retries. So mlgov makes the same GET requests itself,
with huggingface_hub's own pieces for everything else: its shared session (proxies and CA settings
a user configured through it apply), its headers (the token from HF_TOKEN or the token file, and
its user agent), its error classes (`hf_raise_for_status`) and its parsers (`ModelInfo`,
`GitRefInfo`, in entities.py). The token is only ever in a request header.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from scanner.collectors.huggingface.settings import HuggingFaceSettings
from scanner.lazy import install_hint
from scanner.model import UsageError

INSTALL_HINT = install_hint("huggingface")
DEFAULT_ENDPOINT = "https://huggingface.co"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# The model properties mlgov reads: the listing returns only these (huggingface_hub's
# ExpandModelProperty_T names them; the test server refuses any other, as the Hub does).
EXPAND = (
    "author",
    "cardData",
    "createdAt",
    "disabled",
    "gated",
    "lastModified",
    "private",
    "sha",
    "siblings",
    "tags",
)


class UnexpectedAnswer(ValueError):
    """An answer that is not the Hub's shape; the message is mlgov's own, never the answer's text."""


class PagingLoop(UnexpectedAnswer):
    """The listing's next link goes back to a page already read: stopped rather than looping
    (coverage code `paging_loop`, as for the Google APIs)."""


class RetryAfterTooLong(Exception):
    """The Hub asked to wait longer than ``max_retry_after``: the request is given up, not slept on."""

    def __init__(self, status: int, seconds: float) -> None:
        super().__init__(f"HTTP {status} with Retry-After {seconds:.0f}s")
        self.status = status
        self.seconds = seconds


def hub_module() -> Any:
    """huggingface_hub, or a UsageError with the install command when the extra is missing."""
    try:
        import huggingface_hub  # noqa: PLC0415 - the optional extra, only for --source huggingface
    except ImportError as exc:
        raise UsageError(
            "--source huggingface needs the Hub client (huggingface_hub)", hint=INSTALL_HINT
        ) from exc
    return huggingface_hub


def endpoint_of(settings: HuggingFaceSettings) -> str:
    """--hf-endpoint / sources.huggingface.endpoint, else HF_ENDPOINT (read now, not when
    huggingface_hub was imported), else the public Hub."""
    return (settings.endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


@dataclass
class HubClient:
    endpoint: str
    settings: HuggingFaceSettings

    def __post_init__(self) -> None:
        hub = hub_module()
        self._session = hub.get_session
        self._raise_for_status = hub.hf_raise_for_status
        self._headers: Mapping[str, str] = hub.utils.build_hf_headers(library_name="mlgov")
        self.has_token = "authorization" in {k.lower() for k in self._headers}

    def models(self, author: str) -> Iterator[list[dict[str, Any]]]:
        """The author's models, page by page (the Hub's Link header, as GitHub pages)."""
        params: list[tuple[str, str]] = [("author", author), *(("expand", p) for p in EXPAND)]
        url: str | None = f"{self.endpoint}/api/models"
        seen: set[str] = set()
        while url is not None:
            response = self.get(url, params)
            page = response.json()
            if not isinstance(page, list):
                raise UnexpectedAnswer("the model listing is not a JSON array")
            yield page
            seen.add(url)
            url = response.links.get("next", {}).get("url")
            params = []  # the next link carries the query
            if url is not None:
                self._check_next(url, seen)

    def _check_next(self, url: str, seen: set[str]) -> None:
        """A next link goes to the same endpoint (the token goes with it) and never back."""
        if urlsplit(url)[:2] != urlsplit(self.endpoint)[:2]:
            raise UnexpectedAnswer("the listing's next link leaves the endpoint: not followed")
        if url in seen:
            raise PagingLoop("the listing's next link repeats a page: not followed")

    def refs(self, repo_id: str) -> Any:
        return self.get(f"{self.endpoint}/api/models/{quote(repo_id, safe='/')}/refs", []).json()

    def exists(self, author: str) -> bool:
        """Whether an organisation or a user of that name exists (an empty listing says neither)."""
        for kind in ("organizations", "users"):
            response = self._request(f"{self.endpoint}/api/{kind}/{quote(author, safe='')}/overview", [])
            if response.status_code == 404:
                continue
            self._raise_for_status(response)
            return True
        return False

    def get(self, url: str, params: Sequence[tuple[str, str]]) -> Any:
        response = self._request(url, params)
        self._raise_for_status(response)
        return response

    def _request(self, url: str, params: Sequence[tuple[str, str]]) -> Any:
        """One GET, retried on connection errors, timeouts, 429 and 5xx within the budget."""
        import httpx2  # noqa: PLC0415 - huggingface_hub's HTTP library

        attempts = max(1, self.settings.max_attempts)
        backoff = 0.5
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                # no params at all for a next link: an empty list would replace its query
                response = self._session().get(
                    url,
                    params=list(params) or None,
                    headers=dict(self._headers),
                    timeout=self.settings.timeout,
                )
            except (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError):
                if last:
                    raise
                time.sleep(backoff)
                backoff = min(backoff * 2, 8.0)
                continue
            if response.status_code not in RETRY_STATUSES or last:
                return response
            wait = _retry_after(response.headers)
            if wait is not None and wait > self.settings.max_retry_after:
                raise RetryAfterTooLong(response.status_code, wait)
            time.sleep(backoff if wait is None else wait)
            backoff = min(backoff * 2, 8.0)
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Retry-After in seconds (the delay form; the Hub sends no dates)."""
    value = str(headers.get("retry-after") or "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
