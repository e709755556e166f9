"""sources.huggingface: parsed into HuggingFaceSettings, with no place for a token; flags on top."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from scanner.cli.sources import Overlay, huggingface_options, live_sources
from scanner.collectors.huggingface.settings import HuggingFaceSettings
from scanner.config import load_config
from scanner.model import ConfigError


def test_the_section_parses_into_the_collectors_settings(tmp_path: Path) -> None:
    path = tmp_path / "mlgov.yaml"
    path.write_text(
        "sources:\n"
        "  huggingface:\n"
        "    orgs: [acme, jdoe]\n"
        "    endpoint: https://hub.acme.internal\n"
        "    tags: false\n"
        "    workers: 2\n"
        "    max_attempts: 6\n"
        "    timeout: 10\n"
        "    max_retry_after: 5\n"
    )
    settings = load_config(path).live_sources["huggingface"]
    assert settings == HuggingFaceSettings(
        orgs=("acme", "jdoe"),
        endpoint="https://hub.acme.internal",
        tags=False,
        workers=2,
        max_attempts=6,
        timeout=10.0,
        max_retry_after=5.0,
    )


@pytest.mark.parametrize(
    ("section", "pointer"),
    [
        ("token: hf_abcdefghijklmnopqrstuvwxyz0123456789", "/sources/huggingface"),  # never in a file
        ("orgs: ['acme/fraud-llm']", "/sources/huggingface/orgs/0"),  # an org, not a repo
        ("endpoint: huggingface.co", "/sources/huggingface/endpoint"),  # a URL with its scheme
        ("max_retry_after: -1", "/sources/huggingface/max_retry_after"),
    ],
)
def test_bad_values_are_refused_with_their_pointer(tmp_path: Path, section: str, pointer: str) -> None:
    path = tmp_path / "mlgov.yaml"
    path.write_text(f"sources:\n  huggingface:\n    {section}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f": {pointer}: " in str(caught.value) and "hf_abcdef" not in str(caught.value)


def test_flags_replace_the_files_organisations_and_endpoint() -> None:
    seen: dict[str, Any] = {}

    @click.command()
    @huggingface_options
    def command(overlays: dict[str, Overlay]) -> None:
        chosen = live_sources(
            ("hf",), (), {"huggingface": HuggingFaceSettings(orgs=("acme",), workers=3)}, overlays
        )
        seen.update(chosen)

    result = CliRunner().invoke(
        command, ["--hf-org", "other", "--hf-org", "more", "--hf-endpoint", "http://h:1"]
    )
    assert result.exit_code == 0, result.output
    assert seen == {
        "huggingface": HuggingFaceSettings(orgs=("other", "more"), endpoint="http://h:1", workers=3)
    }
    CliRunner().invoke(command, [])
    assert seen["huggingface"] == HuggingFaceSettings(orgs=("acme",), workers=3)  # no flag: the file's
