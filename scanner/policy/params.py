"""Policy parameters: the defaults Rego sees as input.params, and config overrides.

The Rego test fixture (policies/lib/fixtures_test.rego) mirrors these defaults; a test keeps the
two equal.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scanner.model import ConfigError
from scanner.policy.owners import load_owner_directory

# An e-mail address, or a team/group slug such as `team-ml-platform` or `group:fraud`:
# something a ticket can be routed to. Free text like "John Smith" is not.
OWNER_PATTERN = (
    r"^([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|([a-z][a-z0-9-]*:)?[a-z0-9][a-z0-9._-]*[a-z0-9])$"
)

DEFAULT_PARAMS: dict[str, Any] = {
    "owner_pattern": OWNER_PATTERN,
    "owner_directory_entries": [],
    "production_environments": ["production"],
    "inactive_lifecycles": ["retired", "archived", "deleted"],
    "max_ttl_days": 365,
    "warning_days": 30,
    "allowed_classifications": ["public", "internal", "confidential", "restricted"],
    "classification_levels": {"public": 0, "internal": 1, "confidential": 2, "restricted": 3},
    "environment_max_classification": {"development": "internal", "staging": "confidential"},
    "approved_statuses": ["approved"],
    "retired_lifecycles": ["deprecated", "retired", "archived"],
    "running_lifecycles": ["inservice", "running", "inprogress", "pending"],
    "notebook_idle_days": 30,
    "training_max_days": 14,
    "high_risk_tiers": ["high", "critical", "unacceptable"],
}

_LIST_OF_STR = (
    "owner_directory_entries",
    "production_environments",
    "inactive_lifecycles",
    "allowed_classifications",
    "approved_statuses",
    "retired_lifecycles",
    "running_lifecycles",
    "high_risk_tiers",
)
_NON_NEGATIVE_INT = ("max_ttl_days", "warning_days", "notebook_idle_days", "training_max_days")


def merge_params(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults with the config's `policy.params` on top. Known keys are type-checked; unknown keys
    pass through for custom policies. `owner_directory` (a file path) is read here and its owners
    join `owner_directory_entries`."""
    merged = copy.deepcopy(DEFAULT_PARAMS)
    for key, value in overrides.items():
        _check(key, value)
        merged[key] = value
    directory = merged.pop("owner_directory", None)
    if directory is not None:
        listed = load_owner_directory(Path(directory))
        merged["owner_directory_entries"] = [*merged["owner_directory_entries"], *listed]
    return merged


def _fail(key: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(
        f"policy parameter {key} must be {expected}, got {value!r}",
        where=f"policy.params.{key}",
        hint="see README.md, section Configuration",
    )


def _check(key: str, value: Any) -> None:
    if key in _LIST_OF_STR and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise _fail(key, "a list of strings", value)
    if key in _NON_NEGATIVE_INT and not (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
    ):
        raise _fail(key, "a whole number of days (0 or more)", value)
    if key == "owner_directory" and not (isinstance(value, str) and value):
        raise _fail(key, "the path of a CSV or JSON export of owners", value)
    if key == "owner_pattern":
        if not isinstance(value, str):
            raise _fail(key, "a regular expression string", value)
        try:
            re.compile(value)
        except re.error as exc:
            raise _fail(key, f"a valid regular expression ({exc})", value) from None
    if key == "classification_levels" and not (
        isinstance(value, dict)
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value.values())
    ):
        raise _fail(key, "a mapping of classification to a whole-number rank", value)
    if key == "environment_max_classification" and not (
        isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    ):
        raise _fail(key, "a mapping of environment to classification", value)
