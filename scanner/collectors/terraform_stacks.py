"""Which stack each Terraform plan belongs to: the first part of its resources' ids.

Two stacks often share addresses (``module.ml.aws_sagemaker_endpoint.main`` in staging and in
production), so an address alone does not identify a resource across a scan. A plan's stack is
the name given for it (``--terraform-stack PLAN=NAME``, ``sources.terraform_stacks`` in
mlgov.yaml, or ``--terraform-stack NAME`` when the scan reads one plan), else the plan's path as
given (``-`` for standard input).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from scanner.collectors.identity import STDIN_KEY, path_key
from scanner.model import UsageError

OPTION = "--terraform-stack"


def plan_key(target: str) -> str:
    """A plan file as stack names are looked up: its real path (``-`` for standard input)."""
    return target if target == STDIN_KEY else os.path.realpath(target)


@dataclass(frozen=True)
class TerraformStacks:
    named: Mapping[str, str] = field(default_factory=dict)  # plan_key -> stack name
    # plan keys named on the command line: each must be read as a plan, or it was a typo
    required: frozenset[str] = frozenset()
    only: str | None = None  # `--terraform-stack NAME`: the name of the scan's one plan
    written: Mapping[str, str] = field(default_factory=dict)  # plan_key -> PLAN as the user wrote it

    def stack_for(self, target: str, display: str) -> str:
        return self.named.get(plan_key(target)) or self.only or path_key(display)

    def merged_over(self, base: TerraformStacks) -> TerraformStacks:
        """These names (the command line's) over ``base`` (the config file's)."""
        return TerraformStacks(
            named={**base.named, **self.named},
            required=base.required | self.required,
            only=self.only or base.only,
            written={**base.written, **self.written},
        )

    def check(self, plans: Sequence[tuple[str, str]]) -> None:
        """After the scan: ``plans`` is (target, stack) for every plan read. A name that named no
        plan, or named several, is a usage error: ids would otherwise silently be paths."""
        read = {plan_key(target) for target, _ in plans}
        if self.only is not None and len(plans) != 1:
            found = ", ".join(t for t, _ in plans) or "none"
            raise UsageError(
                "names the stack of the scan's one Terraform plan, "
                f"but {len(plans)} plans were read ({found})",
                where=f"{OPTION} {self.only}",
                hint="name each plan's stack with --terraform-stack PLAN=NAME",
            )
        for key in sorted(self.required - read):
            plan = self.written.get(key, key)
            raise UsageError(
                f"no Terraform plan was read from {plan}",
                where=f"{OPTION} {plan}={self.named[key]}",
                hint="give the plan's path as the scan reads it (or - for standard input)",
            )
        owners: dict[str, str] = {}
        for target, stack in plans:
            if stack in owners:
                raise UsageError(
                    f"plans {owners[stack]} and {target} are both named stack {stack}",
                    where=f"{OPTION} (or sources.terraform_stacks)",
                    hint="give each plan its own stack name: resources of two stacks would share ids",
                )
            owners[stack] = target


def parse_stacks(values: Iterable[str], *, required: bool = True, base_dir: str = "") -> TerraformStacks:
    """``PLAN=NAME`` values (paths relative to ``base_dir``), or one bare ``NAME``.

    ``required``: the plans must be read by the scan (command-line values); a config file names
    stacks for more runs than one and is not held to that."""
    named: dict[str, str] = {}
    written: dict[str, str] = {}
    only: str | None = None
    for value in values:
        plan, sep, name = value.rpartition("=")
        name = name.strip()
        if not name or (sep and not plan.strip()):
            raise UsageError(
                "expected NAME or PLAN=NAME",
                where=f"{OPTION} {value!r}",
                hint="e.g. --terraform-stack prod, or --terraform-stack envs/prod/plan.json=prod",
            )
        if not sep:
            if only is not None:
                raise UsageError(
                    f"given twice without a plan ({only}, {name})",
                    where=OPTION,
                    hint="name each plan's stack with --terraform-stack PLAN=NAME",
                )
            only = name
            continue
        target = plan.strip()
        if target != STDIN_KEY:
            target = os.path.join(base_dir, os.path.expanduser(target))
        named[plan_key(target)] = name
        written[plan_key(target)] = plan.strip()
    return TerraformStacks(
        named=named, required=frozenset(named) if required else frozenset(), only=only, written=written
    )


def stacks_from_config(entries: Mapping[str, str], base_dir: str) -> TerraformStacks:
    """``sources.terraform_stacks`` in mlgov.yaml: plan path (relative to the file) -> stack."""
    return parse_stacks(
        (f"{plan}={name}" for plan, name in entries.items()), required=False, base_dir=base_dir
    )
