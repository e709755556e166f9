"""Saved inventories and reports are validated by jsonschema-rs, with python-jsonschema as the
fallback where no wheel exists: both must find the same first error (its JSON pointer) in every
kind of damage, and `read_document` must refuse each with that pointer."""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scanner.collectors.files import FileCollector
from scanner.document_schema import first_error, native_errors, python_errors
from scanner.inventory_file import inventory_bytes, inventory_document, read_document
from scanner.model import InputError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOW = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def inventory() -> dict[str, Any]:
    collected = FileCollector([str(EXAMPLES)]).collect()
    document = inventory_document(collected, collected_at=NOW, scope=("examples",), config_digest=None)
    loaded: dict[str, Any] = json.loads(inventory_bytes(document))
    assert len(loaded["assets"]) >= 5
    return loaded


def _set(path: list[str | int], value: Any) -> Callable[[dict[str, Any]], None]:
    def damage(document: dict[str, Any]) -> None:
        target: Any = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return damage


def _drop(path: list[str | int]) -> Callable[[dict[str, Any]], None]:
    def damage(document: dict[str, Any]) -> None:
        target: Any = document
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return damage


# (damage, the JSON pointer the error must name)
DAMAGES: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "unknown asset kind": (_set(["assets", 1, "kind"], "spaceship"), "/assets/1/kind"),
    "wrong type": (_set(["assets", 0, "location", "line"], "twelve"), "/assets/0/location/line"),
    "missing required field": (_drop(["assets", 2, "id"]), "/assets/2"),
    "unknown field in an asset": (_set(["assets", 3, "colour"], "blue"), "/assets/3"),
    "unknown top-level field": (_set(["extra"], 1), "/"),
    "schema version": (_set(["schema_version"], "0"), "/schema_version"),
    "coverage status": (_set(["coverage", 0, "status"], "fine"), "/coverage/0/status"),
    "negative count": (
        _set(["assets", 0, "accelerator"], {"vendor": "nvidia", "count": -1}),
        "/assets/0/accelerator/count",
    ),
    "date pattern": (_set(["assets", 4, "sunset_date"], "31/12/2027"), "/assets/4/sunset_date"),
    "tag value not a string": (
        _set(["assets", 0, "tags"], {"mlgov.io/owner": 7}),
        "/assets/0/tags/mlgov.io~1owner",
    ),
    "assets not a list": (_set(["assets"], {"a": 1}), "/assets"),
    "indexes compare as numbers": (
        lambda d: (
            d["assets"].extend(copy.deepcopy(d["assets"][:1]) * 12),
            _set(["assets", 10, "kind"], 1)(d),
            _set(["assets", 9, "kind"], 1)(d),
        ),
        "/assets/9/kind",
    ),
    "first error in path order": (
        lambda d: (_set(["assets", 4, "kind"], 1)(d), _set(["assets", 2, "source"], "ftp")(d)),
        "/assets/2/source",
    ),
}


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_both_validators_name_the_same_place(inventory: dict[str, Any], name: str, tmp_path: Path) -> None:
    damage, pointer = DAMAGES[name]
    document = copy.deepcopy(inventory)
    damage(document)
    native = first_error("inventory", document, native_errors("inventory"))
    python = first_error("inventory", document, python_errors("inventory"))
    assert native is not None and python is not None
    assert native.pointer == python.pointer == pointer
    path = tmp_path / "inv.json"
    path.write_text(json.dumps(document))
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.where == str(path)
    assert f"not a valid mlgov inventory at {pointer}:" in str(info.value)


def test_a_valid_inventory_and_report_pass_both(inventory: dict[str, Any]) -> None:
    for errors in (native_errors, python_errors):
        assert first_error("inventory", inventory, errors("inventory")) is None
    report = {"schema_version": "1", "findings": [{"id": 3}]}
    native = first_error("report", report, native_errors("report"))
    python = first_error("report", report, python_errors("report"))
    assert native is not None and python is not None and native.pointer == python.pointer


def test_a_root_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    for text in ("[]", '"inventory"', "null"):
        path = tmp_path / "x.json"
        path.write_text(text)
        with pytest.raises(InputError, match="not a valid mlgov inventory at /:"):
            read_document(path)


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('{\n  "schema_version": "1",\n  "assets": [\n')
    with pytest.raises(InputError, match=r"not valid JSON: .*line 4"):
        read_document(path)
    path.write_bytes(b'{"schema_version": "1", "assets": [], "sources": ["\xff"]}')
    with pytest.raises(InputError, match="not valid JSON"):
        read_document(path)


def test_without_the_native_wheel_the_python_validator_refuses_the_same(
    inventory: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A platform jsonschema-rs publishes no wheel for: importing it fails (simulated here by
    hiding the module, since every platform this runs on has the wheel)."""
    document = copy.deepcopy(inventory)
    document["assets"][1]["kind"] = "spaceship"
    path = tmp_path / "inv.json"
    path.write_text(json.dumps(document))
    native_errors.cache_clear()
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # `import jsonschema_rs` raises ImportError
    try:
        with pytest.raises(ImportError):
            native_errors("inventory")
        with pytest.raises(InputError, match="not a valid mlgov inventory at /assets/1/kind:"):
            read_document(path)
    finally:
        native_errors.cache_clear()
