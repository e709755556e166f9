"""Load and validate mlgov.yaml. An invalid file names the JSON pointer and the line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.collectors.aws.settings import AwsSettings
from scanner.collectors.azure.settings import AzureSettings
from scanner.collectors.gcp.settings import GcpSettings
from scanner.collectors.huggingface.settings import HuggingFaceSettings
from scanner.collectors.kubernetes.settings import KubernetesSettings
from scanner.collectors.mlflow.settings import MlflowSettings
from scanner.collectors.terraform_stacks import TerraformStacks, stacks_from_config
from scanner.links import docs_url
from scanner.model import ConfigError, Severity
from scanner.normalize.mlflow import ProductionMarkers
from scanner.normalize.resolve import ResolverConfig
from scanner.text import plural
from scanner.yamlio import read_yaml_file

if TYPE_CHECKING:  # imported by _validator: a config file is the only reason to pay for it
    import jsonschema

DEFAULT_CONFIG_NAME = "mlgov.yaml"
_SCHEMA = Path(__file__).parent / "schema.json"  # installed with the package, so a path that exists


@dataclass(frozen=True)
class Config:
    """The file's values, with relative paths resolved against the file's directory."""

    path: Path | None = None
    digest: str | None = None
    paths: tuple[str, ...] = ()
    terraform_stacks: TerraformStacks = field(default_factory=TerraformStacks)
    engine: str | None = None
    policy_dirs: tuple[Path, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    disabled_rules: frozenset[str] = frozenset()
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    waivers: Path | None = None
    resolver: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    formats: tuple[str, ...] = ()
    output: Path | None = None
    output_dir: Path | None = None
    fail_on: str | None = None
    allow_partial: bool | None = None
    allow_empty: bool | None = None
    # sources.<live source> present in the file, parsed into that collector's settings
    live_sources: Mapping[str, Any] = field(default_factory=dict)

    def resolver_config(self) -> ResolverConfig:
        """The default tag-key alias lists with this file's `resolver` overrides applied."""
        # the schema admits only ResolverConfig's key-list fields, each a list of strings
        overrides: dict[str, Any] = dict(self.resolver)
        return replace(ResolverConfig(), **overrides)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # noqa: PLC0415 - see the TYPE_CHECKING import

    schema = json.loads(_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _pointer(parts: Any) -> str:
    return "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in parts)


def load_config(path: Path) -> Config:
    loaded = read_yaml_file(path, "config file", "check the --config path")
    data, lines, raw = loaded.data, loaded.lines, loaded.raw
    if data is None:
        data = {}
    errors = sorted(
        _validator().iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path)))
    )
    if errors:
        error = errors[0]
        pointer = _pointer(error.absolute_path)
        line = lines.get(pointer) or lines.get("") or 1
        more = f" (and {plural(len(errors) - 1, 'more problem')})" if len(errors) > 1 else ""
        raise ConfigError(
            f"{pointer or '/'}: {error.message}{more}",
            where=f"{path}:{line}",
            hint=f"every key and its type: {docs_url('README.md#configuration')}, "
            f"or the file's JSON Schema, {_SCHEMA}",
        )
    return _to_config(data, path, hashlib.sha256(raw).hexdigest())


def _to_config(data: dict[str, Any], path: Path, digest: str) -> Config:
    base = path.parent

    def resolve(p: str) -> Path:
        candidate = Path(p).expanduser()
        return candidate if candidate.is_absolute() else base / candidate

    sources = data.get("sources", {})
    policy = data.get("policy", {})
    rules = data.get("rules", {})
    outputs = data.get("outputs", {})
    waivers = data.get("waivers")
    return Config(
        path=path,
        digest=f"sha256:{digest}",
        paths=tuple(str(resolve(p)) if p != "-" else p for p in sources.get("files", [])),
        terraform_stacks=stacks_from_config(sources.get("terraform_stacks", {}), str(base)),
        engine=policy.get("engine"),
        policy_dirs=tuple(resolve(p) for p in policy.get("paths", [])),
        params=_params(policy.get("params", {}), resolve),
        disabled_rules=frozenset(rules.get("disable", [])),
        severity_overrides={k: Severity(v) for k, v in rules.get("severity", {}).items()},
        waivers=resolve(waivers) if waivers else None,
        resolver={k: tuple(v) for k, v in data.get("resolver", {}).items()},
        formats=tuple(outputs.get("formats", [])),
        output=resolve(outputs["output"]) if "output" in outputs else None,
        output_dir=resolve(outputs["output_dir"]) if "output_dir" in outputs else None,
        fail_on=data.get("fail_on"),
        live_sources={
            name: parse(sources[name]) for name, parse in _LIVE_SETTINGS.items() if name in sources
        },
        allow_partial=data.get("allow_partial"),
        allow_empty=data.get("allow_empty"),
    )


def _params(raw: dict[str, Any], resolve: Callable[[str], Path]) -> dict[str, Any]:
    """policy.params, with the owner directory's path made relative to the config file."""
    params = dict(raw)
    if isinstance(params.get("owner_directory"), str) and params["owner_directory"]:
        params["owner_directory"] = str(resolve(params["owner_directory"]))
    return params


def _aws_settings(raw: dict[str, Any]) -> AwsSettings:
    defaults = AwsSettings()
    return AwsSettings(
        regions=tuple(raw.get("regions", defaults.regions)),
        profile=raw.get("profile"),
        accounts=tuple(raw.get("accounts", defaults.accounts)),
        role_arn_template=raw.get("role_arn_template", defaults.role_arn_template),
        external_id=raw.get("external_id"),
        services=tuple(raw.get("services", defaults.services)),
        workers=raw.get("workers", defaults.workers),
        max_attempts=raw.get("max_attempts", defaults.max_attempts),
        timeout=float(raw.get("timeout", defaults.timeout)),
    )


def _mlflow_settings(raw: dict[str, Any]) -> MlflowSettings:
    defaults = MlflowSettings()
    return MlflowSettings(
        uris=tuple(raw.get("uris", defaults.uris)),
        page_size=raw.get("page_size", defaults.page_size),
        max_attempts=raw.get("max_attempts", defaults.max_attempts),
        timeout=float(raw.get("timeout", defaults.timeout)),
        workers=raw.get("workers", defaults.workers),
        markers=ProductionMarkers(
            aliases=tuple(raw.get("production_aliases", defaults.markers.aliases)),
            stages=tuple(raw.get("production_stages", defaults.markers.stages)),
        ),
    )


def _kubernetes_settings(raw: dict[str, Any]) -> KubernetesSettings:
    defaults = KubernetesSettings()
    return KubernetesSettings(
        kubeconfig=raw.get("kubeconfig"),
        contexts=tuple(raw.get("contexts", defaults.contexts)),
        namespaces=tuple(raw.get("namespaces", defaults.namespaces)),
        exclude_namespaces=tuple(raw.get("exclude_namespaces", defaults.exclude_namespaces)),
        kinds=tuple(raw.get("kinds", defaults.kinds)),
        page_size=raw.get("page_size", defaults.page_size),
        workers=raw.get("workers", defaults.workers),
        max_attempts=raw.get("max_attempts", defaults.max_attempts),
        timeout=float(raw.get("timeout", defaults.timeout)),
    )


def _gcp_settings(raw: dict[str, Any]) -> GcpSettings:
    defaults = GcpSettings()
    return GcpSettings(
        projects=tuple(raw.get("projects", defaults.projects)),
        locations=tuple(raw.get("locations", defaults.locations)),
        services=tuple(raw.get("services", defaults.services)),
        workers=raw.get("workers", defaults.workers),
        max_attempts=raw.get("max_attempts", defaults.max_attempts),
        timeout=float(raw.get("timeout", defaults.timeout)),
        max_retry_after=float(raw.get("max_retry_after", defaults.max_retry_after)),
        page_size=raw.get("page_size", defaults.page_size),
        endpoint=raw.get("endpoint", defaults.endpoint),
        workbench_endpoint=raw.get("workbench_endpoint", defaults.workbench_endpoint),
    )


def _azure_settings(raw: dict[str, Any]) -> AzureSettings:
    defaults = AzureSettings()
    return AzureSettings(
        subscriptions=tuple(raw.get("subscriptions", defaults.subscriptions)),
        workspaces=tuple(raw.get("workspaces", defaults.workspaces)),
        registries=tuple(raw.get("registries", defaults.registries)),
        cloud=raw.get("cloud"),
        arm_endpoint=raw.get("arm_endpoint"),
        authority_host=raw.get("authority_host"),
        reads=tuple(raw.get("reads", defaults.reads)),
        workers=raw.get("workers", defaults.workers),
        fanout=raw.get("fanout", defaults.fanout),
        max_attempts=raw.get("max_attempts", defaults.max_attempts),
        timeout=float(raw.get("timeout", defaults.timeout)),
        max_retry_after=float(raw.get("max_retry_after", defaults.max_retry_after)),
    )


def _huggingface_settings(raw: dict[str, Any]) -> HuggingFaceSettings:
    defaults = HuggingFaceSettings()
    return HuggingFaceSettings(
        orgs=tuple(raw.get("orgs", defaults.orgs)),
        endpoint=raw.get("endpoint"),
        tags=raw.get("tags", defaults.tags),
        workers=raw.get("workers", defaults.workers),
        max_attempts=raw.get("max_attempts", defaults.max_attempts),
        timeout=float(raw.get("timeout", defaults.timeout)),
        max_retry_after=float(raw.get("max_retry_after", defaults.max_retry_after)),
    )


# One parser per live source's section under `sources:` (the schema has already checked the types).
_LIVE_SETTINGS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "aws": _aws_settings,
    "mlflow": _mlflow_settings,
    "kubernetes": _kubernetes_settings,
    "gcp": _gcp_settings,
    "azure": _azure_settings,
    "huggingface": _huggingface_settings,
}


def discover_config(explicit: Path | None, cwd: Path) -> Path | None:
    """--config wins; else ./mlgov.yaml when present (as trivy reads ./trivy.yaml)."""
    if explicit is not None:
        return explicit
    candidate = cwd / DEFAULT_CONFIG_NAME
    return candidate if candidate.is_file() else None
