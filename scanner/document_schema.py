"""mlgov's published JSON Schemas (reports/report.schema.json, reports/inventory.schema.json) as
validators for the documents mlgov reads back: saved inventories, reports, baselines.

The compiled validator is jsonschema-rs (about 1 us per asset: 0.1 s for a 100,000-asset
inventory). python-jsonschema, a pure-Python implementation of the same draft (about 200 us per
asset: 20 s), is the fallback for a platform jsonschema-rs publishes no wheel for. Both say the
same thing, tested side by side (tests/test_document_schema.py): whether the document is valid and
the JSON pointer of its first error, the errors taken in document path order. Their messages are their own
words. Formats (``date``, ``date-time``) are annotations in draft 2020-12 and asserted by neither.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from scanner.resources import data_dir

KINDS = ("report", "inventory")
MESSAGE_LIMIT = 300


@dataclass(frozen=True)
class SchemaError:
    """The first error of a document: where (a JSON pointer) and what the validator said."""

    pointer: str
    message: str


# (path of the instance, message) of each error a validator finds
Errors = Callable[[Any], Iterable[tuple[list[str | int], str]]]


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    return {name: json.loads((data_dir("reports") / f"{name}.schema.json").read_text()) for name in KINDS}


@cache
def native_errors(kind: str) -> Errors:
    """jsonschema-rs; ImportError where it is not installed."""
    import jsonschema_rs  # noqa: PLC0415 - optional: the fallback covers a platform without its wheel

    schemas = _schemas()
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values()])
    validator = jsonschema_rs.Draft202012Validator(schemas[kind], registry=registry, validate_formats=False)

    def errors(data: Any) -> Iterable[tuple[list[str | int], str]]:
        return ((list(e.instance_path), e.message) for e in validator.iter_errors(data))

    return errors


@cache
def python_errors(kind: str) -> Errors:
    """python-jsonschema: the pure-Python fallback."""
    import jsonschema  # noqa: PLC0415 - imported only where jsonschema-rs is missing (or tested)
    from referencing import Registry, Resource  # noqa: PLC0415

    schemas = _schemas()
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values()
    )
    validator = jsonschema.Draft202012Validator(schemas[kind], registry=registry)

    def errors(data: Any) -> Iterable[tuple[list[str | int], str]]:
        return ((list(e.absolute_path), e.message) for e in validator.iter_errors(data))

    return errors


def _errors(kind: str) -> Errors:
    try:
        return native_errors(kind)
    except ImportError:  # a platform without its wheel (tests/test_document_schema.py hides it)
        return python_errors(kind)


def first_error(kind: str, data: Any, errors: Errors | None = None) -> SchemaError | None:
    """The first schema error of ``data`` as a mlgov ``kind`` document, or None when it is valid.
    ``errors`` chooses the validator (default: the native one where installed)."""
    found = list((errors or _errors(kind))(data))
    if not found:
        return None
    # paths compare part by part; two paths first differ inside one container, so the parts
    # compared are both keys or both indexes (numeric: /assets/9 before /assets/10)
    path, message = min(found, key=lambda e: e[0])
    pointer = "".join(f"/{_escaped(p)}" for p in path) or "/"
    return SchemaError(pointer, message[:MESSAGE_LIMIT])


def _escaped(part: str | int) -> str:
    # RFC 6901: a key holding ~ or / is written ~0 / ~1
    return str(part).replace("~", "~0").replace("/", "~1")
