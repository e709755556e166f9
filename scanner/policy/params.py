"""Policy parameters: the defaults Rego sees as input.params, and config overrides.

The Rego test fixture (policies/lib/fixtures_test.rego) mirrors these defaults; a test keeps the
two equal.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Mapping, Sequence
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


def merge_params(overrides: Mapping[str, Any], policies: Sequence[str] | None = None) -> dict[str, Any]:
    """Defaults with the config's `policy.params` on top. Known keys are type-checked; other keys
    pass through for custom policies. With ``policies`` (the Rego sources a scan evaluates), a key
    that no built-in rule and no policy reads is an error: a misspelt `max_ttl_day` would
    otherwise leave the default in force without a word. `owner_directory` (a file path) is read
    here and its owners join `owner_directory_entries`."""
    if policies is not None:
        _reject_unread(overrides, policies)
    merged = copy.deepcopy(DEFAULT_PARAMS)
    for key, value in overrides.items():
        _check(key, value)
        merged[key] = value
    directory = merged.pop("owner_directory", None)
    if directory is not None:
        listed = load_owner_directory(Path(directory))
        merged["owner_directory_entries"] = [*merged["owner_directory_entries"], *listed]
    return merged


def _reject_unread(overrides: Mapping[str, Any], policies: Sequence[str]) -> None:
    known = {*DEFAULT_PARAMS, "owner_directory"}
    unread = [key for key in overrides if key not in known and not _read_by(key, policies)]
    if not unread:
        return
    close = difflib.get_close_matches(unread[0], sorted(known), n=1)
    raise ConfigError(
        f"unknown policy parameter {', '.join(unread)}: no built-in rule or loaded policy reads it",
        where=f"policy.params.{unread[0]}",
        hint=(f"did you mean {close[0]}? " if close else "")
        + f"known: {', '.join(sorted(known))}; a custom policy's parameter is accepted once that "
        "policy is loaded (-p DIR or policy.paths) and reads input.params.<name>",
    )


def _read_by(key: str, policies: Sequence[str]) -> bool:
    """Some policy refers to the key as a field: `params.key`, `p.key` or `p["key"]`."""
    reference = re.compile(rf"\.{re.escape(key)}\b|\[\s*\"{re.escape(key)}\"\s*\]")
    return any(reference.search(source) for source in policies)


def _fail(key: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(
        f"policy parameter {key} must be {expected}, got {value!r}",
        where=f"policy.params.{key}",
        hint=f"the default is {DEFAULT_PARAMS[key]!r}" if key in DEFAULT_PARAMS else None,
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
