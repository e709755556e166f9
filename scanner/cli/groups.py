"""Command groups that answer a bare invocation with their help."""

from __future__ import annotations

from typing import Any

import click


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
