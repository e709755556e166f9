"""`mlgov policy test`: run every `test_` rule of the bundle (and custom policy directories)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner.cli.groups import HelpGroup
from scanner.cli.options import policy_dirs_option
from scanner.policy.bundle import load_bundle
from scanner.policy.opa_testing import run_opa_tests
from scanner.policy.testing import run_policy_tests

TEST_EXAMPLES = """
\b
Examples:
  mlgov policy test                    the built-in bundle's Rego unit tests
  mlgov policy test -p my-policies/    built-in plus custom policies and their *_test.rego
  mlgov policy test -v                 also show each test's duration
  mlgov policy test --engine opa       the same tests, run by `opa test`
"""


@click.group(cls=HelpGroup)
def policy_group() -> None:
    """Work with the Rego policy bundle."""


@policy_group.command("test", epilog=TEST_EXAMPLES)
@policy_dirs_option
@click.option(
    "--engine",
    type=click.Choice(["embedded", "opa"]),
    default="embedded",
    show_default=True,
    help="embedded: regorus runs the test_ rules; opa: `opa test` runs them.",
)
@click.option("--opa-path", metavar="FILE", help="The opa binary for --engine opa (default: on PATH).")
@click.option("-v", "--verbose", is_flag=True, help="Show each test's duration.")
def policy_test_command(
    policy_dirs: tuple[Path, ...], engine: str, opa_path: str | None, verbose: bool
) -> None:
    """Run the bundle's Rego unit tests and print PASS/FAIL per test; exit 1 on any failure."""
    bundle = load_bundle(policy_dirs)  # also checks catalog <-> package consistency
    runners = {"embedded": lambda: run_policy_tests(bundle), "opa": lambda: run_opa_tests(bundle, opa_path)}
    results = runners[engine]()
    failed = 0
    for r in results:
        label = "PASS" if r.passed else "FAIL"
        timing = f" ({r.duration * 1000:.1f} ms)" if verbose else ""
        click.echo(f"{label}  data.{r.package}.{r.name}{timing}")
        if not r.passed:
            failed += 1
            if r.error:
                click.echo(f"      {r.error}")
    click.echo(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed or not results else 0)
