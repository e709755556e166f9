"""Flag parsing helpers shared by commands."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from scanner.collectors.terraform_stacks import TerraformStacks, parse_stacks
from scanner.config import Config
from scanner.engine.options import EngineOptions
from scanner.findings import RuleSettings
from scanner.findings.frameworks import FRAMEWORKS
from scanner.model import Severity, UsageError
from scanner.model.severity import FAIL_ON_NONE

FAIL_ON_CHOICES = [*(s.value for s in Severity), FAIL_ON_NONE]


def split_formats(values: Iterable[str]) -> tuple[str, ...]:
    """`-f json,sarif -f html` -> ("json", "sarif", "html"), order kept, duplicates dropped."""
    out: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if name:
                out[name] = None
    return tuple(out)


def rule_settings(config: Config, disabled_flags: tuple[str, ...]) -> RuleSettings:
    """The config file's `rules` with --disable-rule on top; each id remembers where it was named,
    so that a typo in a flag is not blamed on the file."""
    in_file = str(config.path) if config.path else "config"
    flags = frozenset(rule_id.upper() for rule_id in disabled_flags)
    origins = {
        **{rule_id: f"{in_file}: rules.severity" for rule_id in config.severity_overrides},
        **{rule_id: f"{in_file}: rules.disable" for rule_id in config.disabled_rules},
        **{rule_id: "--disable-rule" for rule_id in flags},
    }
    return RuleSettings(
        disabled=config.disabled_rules | flags, severity=config.severity_overrides, origins=origins
    )


def parse_fail_on(value: str) -> Severity | None:
    if value == FAIL_ON_NONE:
        return None
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise UsageError(str(exc), where="--fail-on") from None


framework_option = click.option(
    "--framework",
    type=click.Choice(sorted(FRAMEWORKS)),
    default=None,
    help="Also group results by this framework's controls (json, markdown, html).",
)

quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help='Only errors (and warnings of lost input) on stderr: no progress, no "wrote" lines, no verdict.',
)

allow_empty_option = click.option(
    "--allow-empty",
    is_flag=True,
    default=None,
    help="Do not exit 2 when the paths hold no Kubernetes object or Terraform plan at all "
    "(an empty stdin, a directory of docs).",
)
terraform_stack_option = click.option(
    "--terraform-stack",
    "stacks",
    multiple=True,
    metavar="[PLAN=]NAME",
    help="Name a Terraform plan's stack; its resources get ids terraform://NAME/ADDRESS (default: "
    "the plan's path). PLAN=NAME per plan (repeatable; - is stdin), or NAME alone for the scan's one plan.",
)


def terraform_stacks(values: tuple[str, ...], config: TerraformStacks) -> TerraformStacks:
    """--terraform-stack values over the config file's ``sources.terraform_stacks``."""
    return parse_stacks(values).merged_over(config)


policy_dirs_option = click.option(
    "-p",
    "--policy",
    "policy_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Extra directory of custom .rego policies and their tests (repeatable).",
)


def engine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The engine flags (OPA's and --jobs), folded into one ``engine_options: EngineOptions``
    argument: every command that evaluates policies takes the same flags."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        kwargs["engine_options"] = EngineOptions(
            opa_path=kwargs.pop("opa_path"),
            opa_url=kwargs.pop("opa_url"),
            opa_token=kwargs.pop("opa_token"),
            opa_ca_bundle=kwargs.pop("opa_ca_bundle"),
            opa_policies_preloaded=kwargs.pop("opa_policies_preloaded"),
            jobs=kwargs.pop("jobs"),
        )
        return command(*args, **kwargs)

    for option in (
        click.option(
            "--jobs",
            type=click.IntRange(min=1),
            envvar="MLGOV_JOBS",
            metavar="N",
            help=(
                "Evaluation processes for the embedded engine (or MLGOV_JOBS). Default: one per CPU"
                " from 10,000 assets up, else 1."
            ),
        ),
        click.option(
            "--opa-policies-preloaded",
            is_flag=True,
            help="Evaluate the policies the OPA server already holds instead of pushing mlgov's bundle.",
        ),
        click.option(
            "--opa-ca-bundle",
            type=click.Path(exists=True, dir_okay=False),
            help="CA bundle for an https OPA server.",
        ),
        click.option(
            "--opa-token",
            envvar="MLGOV_OPA_TOKEN",
            metavar="TOKEN",
            help="Bearer token for the OPA server (or MLGOV_OPA_TOKEN, which keeps it out of `ps`).",
        ),
        click.option(
            "--opa-url", metavar="URL", help="OPA server for --engine opa-server, e.g. http://opa:8181."
        ),
        click.option(
            "--opa-path", metavar="FILE", help="The opa binary for --engine opa (default: on PATH)."
        ),
    ):
        wrapped = option(wrapped)
    return wrapped
