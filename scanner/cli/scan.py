"""`mlgov scan`: collect, evaluate, report, exit with the gate's code."""

from __future__ import annotations

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
from scanner.findings.baseline import load_baseline
from scanner.model import UsageError
from scanner.pipeline import ScanRequest, scan
from scanner.text import plural

EXAMPLES = """
\b
Examples:
  mlgov scan examples/                       scan manifests and plans, table on the terminal
  mlgov scan k8s/ plan.json --fail-on high -f sarif -o mlgov.sarif
  helm template ./chart | mlgov scan -       scan rendered manifests from stdin
  mlgov scan --config mlgov.yaml -f json,sarif --output-dir reports/
  mlgov scan k8s/ --waivers waivers.yaml --now 2026-11-22
  mlgov scan k8s/ --baseline main.json       fail only on findings new since main's report
  mlgov scan --source aws --region all       every enabled region of the current account
  mlgov scan --source mlflow --mlflow-uri http://mlflow:5000
  mlgov scan --source gcp --gcp-project ml-prod --gcp-location us-central1
  mlgov scan --source azure --azure-cloud usgov   every Azure ML workspace and registry visible
  mlgov scan --source huggingface --hf-org acme   every model of the acme organisation

\b
Exit codes:
  0  no failing finding at or above --fail-on
  1  failing findings at or above --fail-on
  2  usage, configuration, policy or engine error, or the paths held no Kubernetes object or
     Terraform plan at all (unless --allow-empty): never a silent pass
  3  a source could not be fully read (see coverage), unless --allow-partial
"""


@click.command(epilog=EXAMPLES, context_settings={"max_content_width": 100})
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config file (default: ./mlgov.yaml when present).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FMT[,FMT]",
    help="Report format(s): table (default), json, sarif, ocsf, junit, markdown, html, csv, github, "
    "cyclonedx. "
    "Repeat or comma-separate.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the (single) report to FILE instead of stdout.",
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write every format to DIR as report.json, report.sarif, ...",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    default=None,
    help="Lowest severity that fails the gate (default: high; `none` never fails).",
)
@click.option(
    "--waivers",
    "waivers_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Waivers YAML (each with an expiry).",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A previous `-f json` report: findings already in it are reported but do not fail the gate.",
)
@click.option(
    "--allow-partial", is_flag=True, default=None, help="Do not exit 3 when a source could not be fully read."
)
@allow_empty_option
@click.option(
    "--now",
    "now_text",
    metavar="TIME",
    help="Clock the policies see: RFC 3339 time or YYYY-MM-DD (default: now). Replays a scan.",
)
@click.option(
    "--engine",
    type=click.Choice(list(available_engines())),
    default=None,
    help="Policy engine: embedded (default, in process), opa (local binary), opa-server.",
)
@engine_options
@live_source_options
@policy_dirs_option
@framework_option
@click.option("--disable-rule", "disabled", multiple=True, metavar="ID", help="Skip a rule (repeatable).")
@terraform_stack_option
@click.option(
    "--anchor",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File that findings on assets without a file location point at in SARIF.",
)
@quiet_option
@click.option("--no-color", is_flag=True, help="Plain terminal output (also: NO_COLOR=1).")
def scan_command(
    paths: tuple[str, ...],
    config_path: Path | None,
    formats: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    fail_on: str | None,
    waivers_path: Path | None,
    baseline_path: Path | None,
    allow_partial: bool | None,
    allow_empty: bool | None,
    now_text: str | None,
    engine: str | None,
    engine_options: EngineOptions,
    sources: tuple[str, ...],
    overlays: dict[str, Overlay],
    policy_dirs: tuple[Path, ...],
    framework: str | None,
    disabled: tuple[str, ...],
    stacks: tuple[str, ...],
    anchor: Path | None,
    quiet: bool,
    no_color: bool,
) -> None:
    """Scan Kubernetes manifests, Terraform plans and live sources for ML governance violations.

    PATH is a manifest file (.yaml, .yml, .json), a directory (read recursively), a Terraform
    plan JSON (`terraform show -json plan.out > plan.json`), or `-` for standard input. A broken
    document, a Helm template source or unrendered template text is skipped and listed in the
    report's coverage (exit 3); the other documents are still scanned.

    --source reads AWS (SageMaker, Bedrock, GPU EC2), MLflow, live Kubernetes clusters, Google
    Cloud (Vertex AI, Workbench), Azure Machine Learning and the Hugging Face Hub, configured by
    the flags below or the config file's `sources:`; one inventory links what runs where to the
    registry version it serves. A source that could not be fully read exits 3.
    """
    progress = StderrProgress(enabled=not quiet)
    config = load_config_for(config_path, progress)

    scan_paths = paths or config.paths
    live = live_sources(sources, paths, config.live_sources, overlays)
    if not scan_paths and not live:
        raise UsageError(
            "nothing to scan",
            hint="give a PATH (a manifest, a directory, a plan JSON, or - for stdin), "
            "a live source (--source aws), or list sources in mlgov.yaml",
        )
    plan = output_plan(config, formats, output, output_dir, no_color=no_color, framework=framework)
    fail_on_text = fail_on or config.fail_on or "high"
    threshold = parse_fail_on(fail_on_text)
    waivers_file = waivers_path or config.waivers
    waivers = load_waivers(waivers_file) if waivers_file else ()
    now = parse_now(now_text)
    request = ScanRequest(
        paths=tuple(scan_paths),
        now=now,
        terraform_stacks=terraform_stacks(stacks, config.terraform_stacks),
        engine=engine or config.engine or "embedded",
        engine_options=engine_options,
        policy_dirs=config.policy_dirs + policy_dirs,
        params=config.params,
        rule_settings=rule_settings(config, disabled),
        waivers=waivers,
        resolver=config.resolver_config(),
        fail_on=fail_on_text,
        config_path=anchor or config.path,
        config_digest=config.digest,
        live_sources=live,
        baseline=load_baseline(baseline_path) if baseline_path else frozenset(),
        allow_empty=allow_empty if allow_empty is not None else bool(config.allow_empty),
    )
    stdin = sys.stdin.buffer if "-" in scan_paths else None
    result = scan(request, stdin=stdin, progress=progress, warn=warning)
    progress(
        f"{plural(len(result.assets), 'asset')}, {plural(len(result.findings), 'finding')}, "
        f"{plural(sum(1 for c in result.coverage if not c.complete), 'incomplete source')}"
    )
    write_outputs(result, plan, base_dir=Path.cwd(), quiet=quiet)
    partial = allow_partial if allow_partial is not None else bool(config.allow_partial)
    code = exit_code(result, threshold, allow_partial=partial)
    show_verdict(result, plan, code, quiet=quiet)
    sys.exit(int(code))
