"""`sources.gcp` in mlgov.yaml and the --gcp-* flags on top of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from scanner.cli.sources import Overlay, gcp_options
from scanner.collectors.gcp.settings import GcpSettings
from scanner.config import load_config
from scanner.model import ConfigError


def test_the_gcp_section_parses_into_settings(tmp_path: Path) -> None:
    path = tmp_path / "mlgov.yaml"
    path.write_text(
        "sources:\n  gcp:\n    projects: [ml-prod, ml-dev]\n    locations: [us-central1, europe-west4]\n"
        "    services: [vertex]\n    workers: 4\n    timeout: 10\n    max_retry_after: 5\n"
        "    endpoint: https://{location}-aiplatform.googleapis.com\n"
    )
    gcp = load_config(path).live_sources["gcp"]
    assert isinstance(gcp, GcpSettings)
    assert (gcp.projects, gcp.locations, gcp.services, gcp.workers, gcp.timeout) == (
        ("ml-prod", "ml-dev"),
        ("us-central1", "europe-west4"),
        ("vertex",),
        4,
        10.0,
    )
    assert gcp.max_attempts == GcpSettings().max_attempts
    assert gcp.max_retry_after == 5.0


@pytest.mark.parametrize(
    ("section", "pointer"),
    [
        ("credentials_file: /keys/sa.json", "/sources/gcp"),  # credentials never live in this file
        ("locations: [US_CENTRAL]", "/sources/gcp/locations/0"),
        ("services: [vertex, bigquery]", "/sources/gcp/services/1"),
        ("endpoint: aiplatform.googleapis.com", "/sources/gcp/endpoint"),
        ("max_retry_after: -1", "/sources/gcp/max_retry_after"),
    ],
)
def test_bad_gcp_settings_name_the_key(tmp_path: Path, section: str, pointer: str) -> None:
    path = tmp_path / "mlgov.yaml"
    path.write_text(f"sources:\n  gcp:\n    {section}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert pointer in str(caught.value) and "/keys/sa.json" not in str(caught.value)


def test_flags_replace_the_config_files_lists() -> None:
    seen: dict[str, Any] = {}

    @click.command()
    @gcp_options
    def command(overlays: dict[str, Overlay]) -> None:
        configured = GcpSettings(projects=("from-file",), locations=("europe-west4",), workers=3)
        seen["flags"] = overlays["gcp"](configured)
        seen["none"] = overlays["gcp"](None)

    result = CliRunner().invoke(command, ["--gcp-project", "a", "--gcp-project", "b"])
    assert result.exit_code == 0, result.output
    assert (seen["flags"].projects, seen["flags"].locations, seen["flags"].workers) == (
        ("a", "b"),
        ("europe-west4",),
        3,
    )
    assert seen["none"].locations == ("all",)
