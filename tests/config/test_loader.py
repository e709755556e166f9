from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import discover_config, load_config
from scanner.model import ConfigError, Severity

FULL = """\
version: 1
sources:
  files: [k8s/, plan.json]
policy:
  paths: [custom-policies]
  params:
    max_ttl_days: 180
rules:
  disable: [MLG006]
  severity:
    MLG005: medium
waivers: waivers.yaml
resolver:
  owner: [team, owner]
outputs:
  formats: [json, sarif]
  output_dir: out
fail_on: medium
allow_partial: true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mlgov.yaml"
    path.write_text(text)
    return path


def test_full_config_resolves_relative_paths(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    assert config.paths == (str(tmp_path / "k8s"), str(tmp_path / "plan.json"))
    assert config.policy_dirs == (tmp_path / "custom-policies",)
    assert config.params == {"max_ttl_days": 180}
    assert config.disabled_rules == {"MLG006"}
    assert config.severity_overrides == {"MLG005": Severity.MEDIUM}
    assert config.waivers == tmp_path / "waivers.yaml"
    assert config.resolver == {"owner": ("team", "owner")}
    assert config.formats == ("json", "sarif")
    assert config.output_dir == tmp_path / "out"
    assert config.fail_on == "medium"
    assert config.allow_partial is True
    assert config.digest is not None and config.digest.startswith("sha256:")


@pytest.mark.parametrize(
    ("text", "pointer", "line"),
    [
        ("version: 1\nrules:\n  severity:\n    MLG005: mediun\n", "/rules/severity/MLG005", 4),
        ("version: 1\nfail_on: sometimes\n", "/fail_on", 2),
        ("version: 1\nsources:\n  files: [a]\n  s3: yes\n", "/sources", 2),
        ("version: 1\noutputs:\n  formats: []\n", "/outputs/formats", 3),
        (
            "version: 1\nsources:\n  terraform_stacks:\n    plan.json: a=b\n",
            "/sources/terraform_stacks/plan.json",
            4,
        ),
        ("version: 1\nsources:\n  terraform_stacks: [prod]\n", "/sources/terraform_stacks", 3),
    ],
)
def test_invalid_config_names_pointer_and_line(tmp_path: Path, text: str, pointer: str, line: int) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert f"{path}:{line}" in message
    assert pointer in message


def test_terraform_stacks_are_plans_relative_to_the_file(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, "version: 1\nsources:\n  terraform_stacks:\n    envs/prod/plan.json: prod\n")
    )
    plan = tmp_path / "envs" / "prod" / "plan.json"
    assert config.terraform_stacks.stack_for(str(plan), str(plan)) == "prod"
    assert config.terraform_stacks.required == frozenset()  # a config may name plans a run does not read


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nrules:\n  disable: [MLG001\n")
    with pytest.raises(ConfigError, match=r"mlgov.yaml:\d+: config file is not valid YAML"):
        load_config(path)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path / "nope.yaml")


def test_discovery_prefers_explicit_then_cwd(tmp_path: Path) -> None:
    assert discover_config(None, tmp_path) is None
    path = write(tmp_path, "version: 1\n")
    assert discover_config(None, tmp_path) == path
    assert discover_config(tmp_path / "x.yaml", tmp_path) == tmp_path / "x.yaml"
    assert load_config(path).paths == ()


def test_resolver_overrides_replace_only_the_named_lists(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "version: 1\nresolver:\n  owner: [team]\n"))
    resolver = config.resolver_config()
    assert resolver.owner == ("team",)
    assert resolver.sunset[0] == "mlgov.io/sunset-date"


def test_live_sources_parse_into_their_collectors_settings(tmp_path: Path) -> None:
    path = tmp_path / "mlgov.yaml"
    path.write_text(
        "sources:\n"
        "  aws: {regions: [eu-west-1], workers: 4}\n"
        "  mlflow:\n"
        "    uris: [http://mlflow:5000]\n"
        "    page_size: 50\n"
        "    production_aliases: [live]\n"
    )
    config = load_config(path)
    assert sorted(config.live_sources) == ["aws", "mlflow"]
    aws, mlflow = config.live_sources["aws"], config.live_sources["mlflow"]
    assert (aws.regions, aws.workers) == (("eu-west-1",), 4)
    assert (mlflow.uris, mlflow.page_size, mlflow.markers.aliases, mlflow.markers.stages) == (
        ("http://mlflow:5000",),
        50,
        ("live",),
        ("Production",),
    )


def test_credentials_have_no_place_in_the_mlflow_section(tmp_path: Path) -> None:
    path = tmp_path / "mlgov.yaml"
    path.write_text("sources:\n  mlflow:\n    token: abc\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "/sources/mlflow" in str(caught.value) and "abc" not in str(caught.value)
