"""Where the project's documentation lives on the web. Messages point here, not at docs/ paths:
a pip-installed mlgov has no checkout to open them in."""

from __future__ import annotations

import urllib.parse

PROJECT_URL = "https://github.com/mlgov/mlgov"
_DOCS_BASE = f"{PROJECT_URL}/blob/main/"


def docs_url(path: str) -> str:
    """`docs_url("README.md#configuration")` -> the page on the project's site; an absolute URL
    (a custom rule's help_uri) is returned unchanged."""
    if urllib.parse.urlsplit(path).scheme:
        return path
    return urllib.parse.urljoin(_DOCS_BASE, path.lstrip("/"))
