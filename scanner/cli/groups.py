"""Command groups that answer a bare invocation with their help."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from scanner.lazy import load


class HelpGroup(click.Group):
    """`mlgov` or `mlgov rules` alone prints the group's help on stdout and exits 0, as kubectl,
    trivy and docker do: asking what a tool does is not a usage error (click's default exits 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["invoke_without_command"] = True
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        result = super().invoke(ctx)
        if ctx.invoked_subcommand is None:
            click.echo(ctx.get_help())
        return result


class LazyGroup(HelpGroup):
    """Subcommands named as "module:attribute", imported when invoked: `mlgov diff` does not pay
    for the collectors, the config schema and the engines that `mlgov scan` imports (each CLI
    start imported every command's dependencies, about 0.3 s of a short run)."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.lazy_commands, *super().list_commands(ctx)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_commands.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        command: click.Command = load(target)
        return command
