"""Render a ScanResult in the requested formats and write each one atomically."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from scanner.cli.console import use_color
from scanner.cli.options import split_formats
from scanner.config import Config
from scanner.findings.exit_code import ExitCode
from scanner.findings.verdict import verdict_line
from scanner.gc_pause import gc_paused
from scanner.model import ScanResult, UsageError
from scanner.reporters.base import ReportOptions
from scanner.reporters.registry import get_reporter
from scanner.reporters.write import write_report


@dataclass(frozen=True)
class OutputPlan:
    formats: tuple[str, ...]
    output: Path | None
    output_dir: Path | None
    no_color: bool = False
    framework: str | None = None  # --framework: json, markdown and html group by its controls

    @property
    def table_on_terminal(self) -> bool:
        """The table went to stdout: it ends with the verdict line already."""
        return "table" in self.formats and not (self.output or self.output_dir)

    def validate(self) -> None:
        for name in self.formats:
            get_reporter(name)  # an unknown format fails before any work is done
        if self.output and self.output_dir:
            raise UsageError("use either -o/--output or --output-dir, not both")
        if self.output and len(self.formats) > 1:
            raise UsageError(
                f"-o writes one format but {len(self.formats)} were requested ({', '.join(self.formats)})",
                hint="pick one with -f FMT, or use --output-dir DIR to write several formats",
            )
        stdout_formats = [f for f in self.formats if not (self.output or self.output_dir)]
        if len(stdout_formats) > 1:
            raise UsageError(
                "several formats cannot share standard output",
                hint="use --output-dir DIR, or -o FILE with one format",
            )


def output_plan(
    config: Config,
    formats: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    *,
    no_color: bool,
    framework: str | None,
) -> OutputPlan:
    """Flags over the config file's `outputs`, validated before any work is done.

    `-o` or `--output-dir` replaces the file's destination (its `output` and `output_dir` both);
    `-f` replaces its formats and, without a destination flag, sends them where `-f` alone sends
    them (stdout), not into the file's `output_dir`: what the command line names, it decides.
    """
    flag_formats = split_formats(formats)
    if output or output_dir:
        destination = (output, output_dir)
    elif flag_formats:
        destination = (None, None)
    else:
        destination = (config.output, config.output_dir)
    plan = OutputPlan(
        formats=flag_formats or config.formats or ("table",),
        output=destination[0],
        output_dir=destination[1],
        no_color=no_color,
        framework=framework,
    )
    try:
        plan.validate()
    except UsageError as exc:
        if flag_formats and destination == (None, None) and (config.output or config.output_dir):
            raise UsageError(
                exc.what,
                where=exc.where,
                hint=f"{exc.hint}; the config file's outputs.output and output_dir apply only without -f",
            ) from None
        raise
    return plan


def write_outputs(
    result: ScanResult, plan: OutputPlan, base_dir: Path | None, *, quiet: bool = False
) -> list[Path]:
    written: list[Path] = []
    for name in plan.formats:
        reporter = get_reporter(name)
        to_stdout = not (plan.output or plan.output_dir)
        options = ReportOptions(
            anchor=result.metadata.anchor,
            base_dir=str(base_dir) if base_dir else None,
            color=to_stdout and use_color(sys.stdout, plan.no_color),
            framework=plan.framework,
        )
        with gc_paused():  # report documents are acyclic: 100,000 assets' JSON in 5.7 s, not 7.5
            data = reporter.render(result, options)
        if to_stdout:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            continue
        target = plan.output if plan.output else (plan.output_dir or Path()) / reporter.default_filename
        write_report(target, data)
        written.append(target)
        if not quiet:
            click.echo(f"wrote {name} report to {target}", err=True)
    return written


def show_verdict(result: ScanResult, plan: OutputPlan, code: ExitCode, *, quiet: bool) -> None:
    """The one-line verdict on stderr (counts, PASS or FAIL, the exit code and why) whenever the
    terminal did not get the table, which ends with it; nothing with -q."""
    if not quiet and not plan.table_on_terminal:
        click.echo(verdict_line(result, code), err=True)
