"""What a new user meets in the first hour, through the real entry point: bare commands, the
verdict when reports go to files, hints that name something that exists, counted nouns."""

from __future__ import annotations

import pytest

from tests.cli.conftest import MlgovRunner


@pytest.mark.parametrize("group", [(), ("rules",), ("policy",)])
def test_a_bare_group_prints_its_help_and_exits_0(mlgov: MlgovRunner, group: tuple[str, ...]) -> None:
    run = mlgov(*group)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith(f"Usage: mlgov {' '.join(group)}".rstrip() + " [OPTIONS]")
    assert "Commands:" in run.stdout and run.stderr == ""


def test_an_unknown_command_is_still_a_usage_error(mlgov: MlgovRunner) -> None:
    run = mlgov("scna")
    assert run.code == 2 and "No such command 'scna'" in run.stderr
