"""`mlgov rules list|show`: the rule catalog, for people deciding what to fix."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.cli.groups import HelpGroup
from scanner.cli.options import policy_dirs_option
from scanner.links import docs_url
from scanner.model import Rule, UsageError
from scanner.policy.bundle import load_bundle


@click.group(cls=HelpGroup)
def rules_group() -> None:
    """Browse the rule catalog."""


def _status(rule: Rule) -> str:
    if rule.planned:
        return "planned"
    return "custom" if rule.custom else "built-in"


LIST_EXAMPLES = """
\b
Examples:
  mlgov rules list
  mlgov rules list -p my-policies/     include custom rules
"""

SHOW_EXAMPLES = """
\b
Examples:
  mlgov rules show MLG004
  mlgov rules show org001 -p my-policies/
"""


@rules_group.command("list", epilog=LIST_EXAMPLES)
@policy_dirs_option
def rules_list_command(policy_dirs: tuple[Path, ...]) -> None:
    """List every rule: id, severity, status and title."""
    rules = sorted(load_bundle(policy_dirs).rules, key=lambda r: r.id)
    click.echo(f"{'ID':<8} {'SEVERITY':<9} {'STATUS':<9} TITLE")
    for r in rules:
        click.echo(f"{r.id:<8} {r.severity.value:<9} {_status(r):<9} {r.title}")


@rules_group.command("show", epilog=SHOW_EXAMPLES)
@click.argument("rule_id")
@policy_dirs_option
def rules_show_command(rule_id: str, policy_dirs: tuple[Path, ...]) -> None:
    """Show a rule's description, rationale, remediation and framework controls."""
    rules = {r.id: r for r in load_bundle(policy_dirs).rules}
    rule = rules.get(rule_id.upper())
    if rule is None:
        raise UsageError(f"no rule {rule_id!r}", hint="run `mlgov rules list` for the valid ids")
    click.echo("\n".join(_rule_page(rule)))


def _rule_page(rule: Rule) -> list[str]:
    """Only the parts the rule has: a custom rule described by `# METADATA` alone has a title
    and a description, and no empty "How to fix" heading is printed for it."""
    lines = [f"{rule.id}: {rule.title}", f"severity: {rule.severity.value}   status: {_status(rule)}"]
    if rule.applies_to:
        lines.append(f"applies to: {', '.join(rule.applies_to)}")
    description, rationale = rule.description.strip(), rule.rationale.strip()
    if description:
        lines += ["", description]
    if rationale and rationale != description:  # METADATA rules reuse the description
        lines += ["", "Why it matters", rationale]
    if rule.remediation.strip():
        lines += ["", "How to fix", rule.remediation.strip()]
    if rule.controls:
        lines += ["", "Controls: " + ", ".join(rule.controls)]
    if rule.help_uri:  # a docs/ path means nothing to a pip-installed mlgov: the page on the web
        lines += [f"More: {docs_url(rule.help_uri)}"]
    return lines
