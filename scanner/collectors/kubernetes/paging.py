"""List one resource completely: limit/continue paging, restarted from the start on 410 Gone.

A continue token expires (etcd compaction, typically after five minutes). The server then
answers 410; the only consistent answer is a new list from the beginning (the token the 410
carries would resume from a different snapshot, mixing two points in time), so the pages read
so far are dropped and the list restarts, at most ``max_restarts`` times.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scanner.collectors.kubernetes.api import Api
from scanner.collectors.kubernetes.errors import KubeRequestError
from scanner.text import plural

PageHook = Callable[[int, int], None]  # (page number, items so far) after each page


def list_all(
    api: Api,
    path: str,
    *,
    page_size: int,
    max_restarts: int,
    field_selector: str | None = None,
    on_page: PageHook | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """(every item, restarts it took). Raises KubeRequestError ``gone`` past the restarts."""
    restarts = 0
    while True:
        try:
            return _list_once(api, path, page_size, field_selector, on_page), restarts
        except KubeRequestError as exc:
            if exc.code != "gone" or restarts >= max_restarts:
                if exc.code == "gone":
                    exc.message = f"{exc.message} (list restarted {plural(restarts, 'time')})"
                raise
            restarts += 1


def _list_once(
    api: Api, path: str, page_size: int, field_selector: str | None, on_page: PageHook | None
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token: str | None = None
    page = 0
    while True:
        query = [("limit", str(max(1, page_size)))]
        if field_selector:
            query.append(("fieldSelector", field_selector))
        if token:
            query.append(("continue", token))
        body = api.get(path, query)
        found = body.get("items")
        if not isinstance(found, list):
            raise KubeRequestError(
                "bad_response", "the answer has no `items` list", f"{api.context}: GET {path}"
            )
        items.extend(i for i in found if isinstance(i, dict))
        page += 1
        if on_page is not None:
            on_page(page, len(items))
        metadata = body.get("metadata")
        token = metadata.get("continue") if isinstance(metadata, dict) else None
        if not token:
            return items
