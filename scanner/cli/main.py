"""The `mlgov` command group and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
import traceback

import click

from scanner import __version__
from scanner.cli.console import error
from scanner.cli.groups import LazyGroup
from scanner.model import MlgovError

HELP = """mlgov: policy-as-code compliance for machine-learning models as IT assets.

\b
It reads model and ML-compute metadata (Kubernetes manifests, Terraform plans, and live from AWS,
Kubernetes clusters and MLflow registries), links it across sources, checks it against Rego
policies (owner, sunset date, lineage, classification, shadow AI, approvals...) and writes
terminal, JSON, SARIF, OCSF, JUnit, Markdown, HTML, CSV, CycloneDX or GitHub reports, with exit
codes a CI gate can trust.

\b
Start here:
  mlgov scan examples/            scan the shipped examples
  mlgov inventory examples/ -o inv.json   collect only; `mlgov evaluate inv.json` replays it
  mlgov diff old.json new.json    what changed between two scans
  mlgov rules list                the built-in rules
  mlgov rules show MLG001         why a rule exists and how to fix a finding
  mlgov policy test               run the Rego unit tests of the bundle
"""


# in the order `mlgov --help` lists them; each module is imported only when its command runs
COMMANDS = {
    "scan": "scanner.cli.scan:scan_command",
    "inventory": "scanner.cli.inventory:inventory_command",
    "evaluate": "scanner.cli.inventory:evaluate_command",
    "diff": "scanner.cli.diff:diff_command",
    "policy": "scanner.cli.policy:policy_group",
    "rules": "scanner.cli.rules:rules_group",
    "version": "scanner.cli.version:version_command",
}


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="mlgov")
def cli() -> None:
    pass


def main(argv: list[str] | None = None) -> None:
    """Entry point: MlgovError -> its message and exit 2; anything unexpected fails closed too."""
    try:
        cli.main(args=argv, prog_name="mlgov", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        error("aborted")
        sys.exit(2)
    except click.ClickException as exc:  # usage errors: click's own message, exit 2
        exc.show()
        sys.exit(2)
    except MlgovError as exc:
        error(exc.render())
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except BaseException as exc:  # fail closed: an internal error must never look like a pass
        if os.environ.get("MLGOV_DEBUG"):
            traceback.print_exc()
        error(f"internal error: {type(exc).__name__}: {exc}\n  hint: rerun with MLGOV_DEBUG=1 and report it")
        sys.exit(2)
    sys.exit(0)
