"""Per-source flags of `mlgov scan`, one decorator per live source.

Each decorator adds its source's flags to the command and folds their values into one overlay
function, ``settings_from_config -> settings``, under ``overlays[source]``; the command applies
the overlay to the config file's section. Adding a live source touches one decorator here and
one line on the command, never the command's body.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import click

from scanner.collectors.aws.settings import AwsSettings
from scanner.collectors.azure.clouds import CLOUDS
from scanner.collectors.azure.settings import AzureSettings
from scanner.collectors.gcp.settings import GcpSettings
from scanner.collectors.huggingface.settings import HuggingFaceSettings
from scanner.collectors.kubernetes.settings import KubernetesSettings
from scanner.collectors.mlflow.settings import MlflowSettings
from scanner.collectors.registry import LIVE_SOURCES, SOURCE_ALIASES, canonical_source

Overlay = Callable[[Any], Any]  # the config file's settings for the source (or None) -> settings
Command = Callable[..., Any]


def live_sources(
    named: tuple[str, ...],
    paths: tuple[str, ...],
    config_sources: Mapping[str, Any],
    overlays: Mapping[str, Overlay],
) -> dict[str, Any]:
    """The live sources to read, each with its settings (the config file's section, flags on top).

    --source names them; without it, the config file's live sources run when no PATH was given
    either (`mlgov scan` with just a config file reads everything it lists)."""
    chosen = tuple(canonical_source(s) for s in named)
    live = tuple(dict.fromkeys(chosen or (tuple(config_sources) if not paths else ())))
    return {name: overlays[name](config_sources.get(name)) for name in live}


def _with_overlay(
    command: Command, source: str, flags: tuple[str, ...], build: Callable[..., Overlay]
) -> Command:
    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        values = {flag: kwargs.pop(flag) for flag in flags}
        overlays: dict[str, Overlay] = kwargs.setdefault("overlays", {})
        overlays[source] = build(**values)
        return command(*args, **kwargs)

    return wrapped


def aws_options(command: Command) -> Command:
    def build(regions: tuple[str, ...], profile: str | None) -> Overlay:
        def overlay(settings: AwsSettings | None) -> AwsSettings:
            out = settings or AwsSettings()
            if regions:
                out = replace(out, regions=regions)
            if profile:
                out = replace(out, profile=profile)
            return out

        return overlay

    wrapped = _with_overlay(command, "aws", ("regions", "profile"), build)
    wrapped = click.option(
        "--profile", metavar="NAME", help="AWS profile (default: AWS_PROFILE or the default chain)."
    )(wrapped)
    return click.option(
        "--region", "regions", multiple=True, metavar="REGION", help="AWS region (repeatable, or `all`)."
    )(wrapped)


def mlflow_options(command: Command) -> Command:
    def build(mlflow_uris: tuple[str, ...]) -> Overlay:
        def overlay(settings: MlflowSettings | None) -> MlflowSettings:
            out = settings or MlflowSettings()
            return replace(out, uris=mlflow_uris) if mlflow_uris else out

        return overlay

    wrapped = _with_overlay(command, "mlflow", ("mlflow_uris",), build)
    return click.option(
        "--mlflow-uri",
        "mlflow_uris",
        multiple=True,
        metavar="URI",
        help="MLflow tracking server (repeatable; default: MLFLOW_TRACKING_URI). Credentials: "
        "MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD.",
    )(wrapped)


def kubernetes_options(command: Command) -> Command:
    flags = ("kubeconfig", "contexts", "namespaces", "exclude_namespaces", "kinds")

    def build(
        kubeconfig: str | None,
        contexts: tuple[str, ...],
        namespaces: tuple[str, ...],
        exclude_namespaces: tuple[str, ...],
        kinds: tuple[str, ...],
    ) -> Overlay:
        def overlay(settings: KubernetesSettings | None) -> KubernetesSettings:
            out = settings or KubernetesSettings()
            if kubeconfig:
                out = replace(out, kubeconfig=kubeconfig)
            # a flag given on the command line replaces the config file's list
            return replace(
                out,
                contexts=contexts or out.contexts,
                namespaces=namespaces or out.namespaces,
                exclude_namespaces=exclude_namespaces or out.exclude_namespaces,
                kinds=kinds or out.kinds,
            )

        return overlay

    wrapped = _with_overlay(command, "kubernetes", flags, build)
    for decorator in (
        click.option(
            "--kind", "kinds", multiple=True, metavar="KIND", help="Kubernetes kind to read (repeatable)."
        ),
        click.option(
            "--exclude-namespace", "exclude_namespaces", multiple=True, metavar="NS", help="Skip a namespace."
        ),
        click.option(
            "--namespace",
            "namespaces",
            multiple=True,
            metavar="NS",
            help="Read only this namespace (repeatable).",
        ),
        click.option(
            "--context",
            "contexts",
            multiple=True,
            metavar="NAME",
            help="Kubeconfig context (repeatable, or `all`).",
        ),
        click.option(
            "--kubeconfig",
            metavar="FILE",
            help="Kubeconfig (default: KUBECONFIG, ~/.kube/config, else in-cluster).",
        ),
    ):
        wrapped = decorator(wrapped)
    return wrapped


def source_option(command: Command) -> Command:
    aliases = ", ".join(f"{alias} for {name}" for alias, name in SOURCE_ALIASES.items())
    return click.option(
        "-s",
        "--source",
        "sources",
        multiple=True,
        type=click.Choice([*LIVE_SOURCES, *SOURCE_ALIASES]),
        help=f"Also collect from a live source (repeatable): {', '.join(LIVE_SOURCES)} ({aliases}). "
        "Each needs its extra: pip install 'mlgov[SOURCE]'.",
    )(command)


def gcp_options(command: Command) -> Command:
    def build(gcp_projects: tuple[str, ...], gcp_locations: tuple[str, ...]) -> Overlay:
        def overlay(settings: GcpSettings | None) -> GcpSettings:
            out = settings or GcpSettings()
            # a flag given on the command line replaces the config file's list
            return replace(
                out, projects=gcp_projects or out.projects, locations=gcp_locations or out.locations
            )

        return overlay

    wrapped = _with_overlay(command, "gcp", ("gcp_projects", "gcp_locations"), build)
    wrapped = click.option(
        "--gcp-location",
        "gcp_locations",
        multiple=True,
        metavar="LOCATION",
        help="Vertex AI region (repeatable, or `all`: every location the project sees; the default).",
    )(wrapped)
    return click.option(
        "--gcp-project",
        "gcp_projects",
        multiple=True,
        metavar="PROJECT",
        help="Google Cloud project (repeatable; default: the Application Default Credentials' project). "
        "Credentials: Application Default Credentials.",
    )(wrapped)


def azure_options(command: Command) -> Command:
    flags = (
        "azure_subscriptions",
        "azure_workspaces",
        "azure_registries",
        "azure_cloud",
        "azure_arm_endpoint",
    )

    def build(
        azure_subscriptions: tuple[str, ...],
        azure_workspaces: tuple[str, ...],
        azure_registries: tuple[str, ...],
        azure_cloud: str | None,
        azure_arm_endpoint: str | None,
    ) -> Overlay:
        def overlay(settings: AzureSettings | None) -> AzureSettings:
            out = settings or AzureSettings()
            # a flag given on the command line replaces the config file's value
            return replace(
                out,
                subscriptions=azure_subscriptions or out.subscriptions,
                workspaces=azure_workspaces or out.workspaces,
                registries=azure_registries or out.registries,
                cloud=azure_cloud or out.cloud,
                arm_endpoint=azure_arm_endpoint or out.arm_endpoint,
            )

        return overlay

    wrapped = _with_overlay(command, "azure", flags, build)
    for decorator in (
        click.option(
            "--azure-arm-endpoint",
            metavar="URL",
            help="Azure Resource Manager endpoint outside the known clouds (Azure Stack).",
        ),
        click.option(
            "--azure-cloud",
            type=click.Choice(sorted(CLOUDS)),
            help="Azure cloud (default: the cloud of AZURE_AUTHORITY_HOST, else public).",
        ),
        click.option(
            "--azure-registry",
            "azure_registries",
            multiple=True,
            metavar="NAME",
            help="Read only this Azure ML registry (repeatable, or `none`).",
        ),
        click.option(
            "--azure-workspace",
            "azure_workspaces",
            multiple=True,
            metavar="[RG/]NAME",
            help="Read only this Azure ML workspace (repeatable).",
        ),
        click.option(
            "--azure-subscription",
            "azure_subscriptions",
            multiple=True,
            metavar="ID",
            help="Azure subscription (repeatable; default: every one the credential sees). "
            "Credentials: DefaultAzureCredential.",
        ),
    ):
        wrapped = decorator(wrapped)
    return wrapped


def huggingface_options(command: Command) -> Command:
    def build(hf_orgs: tuple[str, ...], hf_endpoint: str | None) -> Overlay:
        def overlay(settings: HuggingFaceSettings | None) -> HuggingFaceSettings:
            out = settings or HuggingFaceSettings()
            if hf_orgs:
                out = replace(out, orgs=hf_orgs)
            return replace(out, endpoint=hf_endpoint) if hf_endpoint else out

        return overlay

    wrapped = _with_overlay(command, "huggingface", ("hf_orgs", "hf_endpoint"), build)
    wrapped = click.option(
        "--hf-endpoint",
        metavar="URL",
        help="Hugging Face Hub endpoint of a private hub (default: HF_ENDPOINT, else huggingface.co).",
    )(wrapped)
    return click.option(
        "--hf-org",
        "hf_orgs",
        multiple=True,
        metavar="ORG",
        help="Hugging Face organisation or user whose models are read (repeatable). Credentials: HF_TOKEN "
        "or huggingface_hub's token file.",
    )(wrapped)


def live_source_options(command: Command) -> Command:
    """``--source`` and every live source's flags, in the same order on every command that
    collects (scan, inventory)."""
    decorators = (
        source_option,
        aws_options,
        mlflow_options,
        kubernetes_options,
        gcp_options,
        azure_options,
        huggingface_options,
    )
    for decorator in reversed(decorators):  # as if written top to bottom above the command
        command = decorator(command)
    return command
