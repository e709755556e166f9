"""The one registry of Terraform resource handlers (scanner/normalize/terraform.py): every
provider's handlers are in it, and it reads exactly the resource types docs/assets.md lists."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from scanner.normalize import terraform_aws, terraform_azure, terraform_gcp
from scanner.normalize.terraform import RESOURCE_HANDLERS

ASSETS_DOC = Path(__file__).resolve().parents[2] / "docs" / "assets.md"


def test_every_public_handler_of_a_provider_module_is_registered() -> None:
    registered = set(RESOURCE_HANDLERS.values())
    for module in (terraform_aws, terraform_gcp, terraform_azure):
        handlers = {
            f
            for name, f in inspect.getmembers(module, inspect.isfunction)
            if f.__module__ == module.__name__
            and not name.startswith("_")
            and list(inspect.signature(f).parameters) == ["ctx", "r"]
        }
        assert handlers, module.__name__
        assert handlers <= registered, sorted(f.__name__ for f in handlers - registered)


def test_the_registry_reads_the_resource_types_the_docs_list() -> None:
    section = ASSETS_DOC.read_text().split("## Terraform plans", 1)[1].split("\n## ", 1)[0]
    documented: set[str] = set()
    rows = re.findall(r"^\| (`(?:aws|google|azurerm)_[a-z_]+`(?:, `[a-z_]+`)*) \| ([^|]+) \|", section, re.M)
    for row in rows:
        if not row[1].strip().startswith("none"):  # an endpoint configuration enriches, is no asset
            documented |= set(re.findall(r"`([a-z_]+)`", row[0]))
    assert documented == set(RESOURCE_HANDLERS)
