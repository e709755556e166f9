"""`mlgov inventory` (collect and correlate, no policies) and `mlgov evaluate` (policies over a
saved inventory): together, a scan an auditor can replay."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from scanner.cli.console import StderrProgress, load_config_for, warning
from scanner.cli.options import (
    FAIL_ON_CHOICES,
    allow_empty_option,
    engine_options,
    framework_option,
    parse_fail_on,
    policy_dirs_option,
    quiet_option,
    rule_settings,
    terraform_stack_option,
    terraform_stacks,
)
from scanner.cli.output import output_plan, show_verdict, write_outputs
from scanner.cli.sources import Overlay, live_source_options, live_sources
from scanner.clock import parse_now
from scanner.engine import available_engines
from scanner.engine.options import EngineOptions
from scanner.findings import exit_code, load_waivers
from scanner.findings.exit_code import ExitCode
from scanner.inventory_file import inventory_bytes, inventory_document, load_inventory
from scanner.model import UsageError
from scanner.pipeline import ScanRequest, collect, evaluate
from scanner.reporters.csv_report import inventory_csv
from scanner.reporters.write import write_report
from scanner.text import plural

INVENTORY_EXAMPLES = """
\b
Examples:
  mlgov inventory examples/ -o inventory.json
  mlgov inventory examples/ -f csv -o inventory.csv
  mlgov inventory --source aws --region all --source mlflow --mlflow-uri http://mlflow:5000 -o q4.json
  mlgov inventory k8s/ --source gcp --source azure --source hf -c org.yaml -o q4.json
  mlgov evaluate q4.json --now 2026-11-22 -f json      replay: same inventory, bundle and --now,
                                                      same findings as the scan

\b
Exit codes: 0 written; 2 usage or configuration error, or the paths held no Kubernetes object or
Terraform plan (unless --allow-empty); 3 a source could not be fully read (the
inventory is still written; --allow-partial makes it 0).
"""


@click.command(epilog=INVENTORY_EXAMPLES, context_settings={"max_content_width": 100})
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option("-c", "--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Config file (default: ./mlgov.yaml when present).")  # fmt: skip
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              help="json (`mlgov evaluate` reads it back) or csv (one row per asset).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the inventory to FILE instead of stdout.")  # fmt: skip
@live_source_options
@terraform_stack_option
@click.option(
    "--allow-partial", is_flag=True, default=None, help="Exit 0 even when a source could not be fully read."
)
@allow_empty_option
@quiet_option
def inventory_command(
    paths: tuple[str, ...],
    config_path: Path | None,
    fmt: str,
    output: Path | None,
    sources: tuple[str, ...],
    overlays: dict[str, Overlay],
    stacks: tuple[str, ...],
    allow_partial: bool | None,
    allow_empty: bool | None,
    quiet: bool,
) -> None:
    """Collect and correlate assets from files and live sources, and write the inventory (JSON or
    CSV) without evaluating any policy."""
    progress = StderrProgress(enabled=not quiet)
    config = load_config_for(config_path, progress)
    scan_paths = paths or config.paths
    live = live_sources(sources, paths, config.live_sources, overlays)
    if not scan_paths and not live:
        raise UsageError(
            "nothing to collect", hint="give a PATH or a live source (--source aws|mlflow|k8s|huggingface)"
        )
    now = dt.datetime.now(dt.timezone.utc)
    request = ScanRequest(
        paths=tuple(scan_paths),
        now=now,
        terraform_stacks=terraform_stacks(stacks, config.terraform_stacks),
        params=config.params,
        resolver=config.resolver_config(),
        live_sources=live,
        allow_empty=allow_empty if allow_empty is not None else bool(config.allow_empty),
    )
    stdin = sys.stdin.buffer if "-" in scan_paths else None
    inventory = collect(request, stdin=stdin, progress=progress, warn=warning)
    scope = (*request.paths, *(f"source:{name}" for name in live))
    writers = {
        "json": lambda: inventory_bytes(
            inventory_document(inventory, collected_at=now, scope=scope, config_digest=config.digest)
        ),
        "csv": lambda: inventory_csv(inventory.assets),
    }
    data = writers[fmt]()
    if output:
        write_report(output, data)
        progress(f"wrote inventory of {plural(len(inventory.assets), 'asset')} to {output}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    partial = allow_partial if allow_partial is not None else bool(config.allow_partial)
    sys.exit(int(ExitCode.OK if inventory.complete or partial else ExitCode.INCOMPLETE))


EVALUATE_EXAMPLES = """
\b
Examples:
  mlgov evaluate inventory.json --now 2026-11-22
  mlgov evaluate q4.json -f json,sarif --output-dir reports/ --waivers waivers.yaml

\b
Exit codes: as `mlgov scan` (0 pass, 1 failing findings, 2 error, 3 the inventory records a source
that could not be fully read, unless --allow-partial).
"""


@click.command(epilog=EVALUATE_EXAMPLES, context_settings={"max_content_width": 100})
@click.argument("inventory_path", metavar="INVENTORY.json", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-c", "--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Config file (default: ./mlgov.yaml): params, rules, waivers, outputs.")  # fmt: skip
@click.option("-f", "--format", "formats", multiple=True, metavar="FMT[,FMT]",
              help="Report format(s), as for `mlgov scan`.")  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to FILE."
)
@click.option(
    "--output-dir", type=click.Path(path_type=Path, file_okay=False), help="Write every format to DIR."
)
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default=None,
              help="Lowest severity that fails the gate (default: high).")  # fmt: skip
@click.option(
    "--waivers", "waivers_path", type=click.Path(path_type=Path, dir_okay=False), help="Waivers YAML."
)
@click.option("--allow-partial", is_flag=True, default=None, help="Do not exit 3 for incomplete coverage.")
@click.option("--now", "now_text", metavar="TIME",
              help="Clock the policies see (default: now). Use the scan's --now to replay it.")  # fmt: skip
@click.option("--engine", type=click.Choice(list(available_engines())), default=None, help="Policy engine.")
@engine_options
@policy_dirs_option
@framework_option
@click.option("--disable-rule", "disabled", multiple=True, metavar="ID", help="Skip a rule (repeatable).")
@quiet_option
@click.option("--no-color", is_flag=True, help="Plain terminal output.")
def evaluate_command(
    inventory_path: Path,
    config_path: Path | None,
    formats: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    fail_on: str | None,
    waivers_path: Path | None,
    allow_partial: bool | None,
    now_text: str | None,
    engine: str | None,
    engine_options: EngineOptions,
    policy_dirs: tuple[Path, ...],
    framework: str | None,
    disabled: tuple[str, ...],
    quiet: bool,
    no_color: bool,
) -> None:
    """Evaluate the policies over a saved inventory (`mlgov inventory`, or a `mlgov scan -f json`
    report) without reading any source."""
    progress = StderrProgress(enabled=not quiet)
    config = load_config_for(config_path, progress)
    plan = output_plan(config, formats, output, output_dir, no_color=no_color, framework=framework)
    fail_on_text = fail_on or config.fail_on or "high"
    threshold = parse_fail_on(fail_on_text)
    waivers_file = waivers_path or config.waivers
    inventory = load_inventory(inventory_path)
    progress(f"read {plural(len(inventory.assets), 'asset')} from {inventory_path}")
    request = ScanRequest(
        paths=(str(inventory_path),),
        now=parse_now(now_text),
        engine=engine or config.engine or "embedded",
        engine_options=engine_options,
        policy_dirs=config.policy_dirs + policy_dirs,
        params=config.params,
        rule_settings=rule_settings(config, disabled),
        waivers=load_waivers(waivers_file) if waivers_file else (),
        fail_on=fail_on_text,
        config_path=config.path,
        config_digest=config.digest,
    )
    result = evaluate(request, inventory, progress=progress)
    write_outputs(result, plan, base_dir=Path.cwd(), quiet=quiet)
    partial = allow_partial if allow_partial is not None else bool(config.allow_partial)
    code = exit_code(result, threshold, allow_partial=partial)
    show_verdict(result, plan, code, quiet=quiet)
    sys.exit(int(code))
