"""Kubeconfig contexts (or the in-cluster service account) -> one API client per context.

Order of precedence: an explicit kubeconfig; else $KUBECONFIG or ~/.kube/config when such a file
exists; else, inside a pod (KUBERNETES_SERVICE_HOST set), the mounted service-account token.
A context that cannot be loaded (a missing exec plugin, a bad certificate path) is that
context's coverage failure, not the end of the scan.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.collectors.kubernetes.errors import KubeRequestError
from scanner.collectors.kubernetes.settings import ALL_CONTEXTS, IN_CLUSTER, KubernetesSettings
from scanner.lazy import install_hint
from scanner.model import UsageError

INSTALL_HINT = install_hint("kubernetes")


@dataclass(frozen=True)
class Target:
    """One cluster to read: its name in asset ids (the context name) and a client, or why not."""

    name: str
    client: Any = None
    error: KubeRequestError | None = None


def import_client() -> Any:
    try:
        import kubernetes  # noqa: PLC0415 - only --source kubernetes needs the client
    except ImportError as exc:
        raise UsageError(
            "--source kubernetes needs the official Kubernetes Python client", hint=INSTALL_HINT
        ) from exc
    return kubernetes


def kubeconfig_path(settings: KubernetesSettings) -> str | None:
    """The kubeconfig to read, or None when only in-cluster configuration is left."""
    if settings.kubeconfig:
        path = os.path.expanduser(settings.kubeconfig)
        if not os.path.isfile(path):
            raise UsageError(f"kubeconfig not found: {settings.kubeconfig}", hint="check --kubeconfig")
        return path
    env = os.environ.get("KUBECONFIG")
    if env:
        existing = [p for p in env.split(os.pathsep) if p and os.path.isfile(os.path.expanduser(p))]
        if existing:
            return os.pathsep.join(existing)
    default = Path("~/.kube/config").expanduser()
    return str(default) if default.is_file() else None


def targets(settings: KubernetesSettings) -> list[Target]:
    kubernetes = import_client()
    path = kubeconfig_path(settings)
    if path is None:
        if not os.environ.get("KUBERNETES_SERVICE_HOST"):
            raise UsageError(
                "no Kubernetes configuration found",
                hint="pass --kubeconfig FILE, set KUBECONFIG, or run inside a pod",
            )
        if settings.contexts:
            raise UsageError("--context needs a kubeconfig", hint="in-cluster configuration has no contexts")
        return [_in_cluster(kubernetes)]
    try:
        contexts, active = kubernetes.config.list_kube_config_contexts(config_file=path)
    except Exception as exc:
        raise UsageError(
            f"cannot read kubeconfig {path}: {type(exc).__name__}: {str(exc)[:200]}",
            hint="check the file with `kubectl config view`",
        ) from None
    names = [c["name"] for c in contexts or []]
    wanted = _wanted_contexts(settings.contexts, names, active["name"] if active else None, path)
    return [_from_kubeconfig(kubernetes, path, name, settings) for name in wanted]


def _wanted_contexts(asked: tuple[str, ...], names: list[str], active: str | None, path: str) -> list[str]:
    if asked == (ALL_CONTEXTS,):
        return names
    if not asked:
        if active is None:
            raise UsageError(f"{path} has no current-context", hint="pass --context NAME or --context all")
        return [active]
    unknown = [c for c in asked if c not in names]
    if unknown:
        raise UsageError(
            f"context(s) not in {path}: {', '.join(unknown)}",
            hint=f"choose from {', '.join(names) or '(none)'}",
        )
    return list(dict.fromkeys(asked))


def _configuration(kubernetes: Any) -> Any:
    configuration = kubernetes.client.Configuration()
    # retries are ours (bounded, status-aware, per request); urllib3 must not add its own
    configuration.retries = False
    return configuration


def _from_kubeconfig(kubernetes: Any, path: str, context: str, settings: KubernetesSettings) -> Target:
    configuration = _configuration(kubernetes)
    try:
        kubernetes.config.load_kube_config(
            config_file=path, context=context, client_configuration=configuration, persist_config=False
        )
    except Exception as exc:
        return Target(
            context,
            error=KubeRequestError(
                "config_error", f"cannot load context: {type(exc).__name__}: {str(exc)[:200]}", context
            ),
        )
    configuration.retries = False
    configuration.connection_pool_maxsize = max(4, settings.workers)
    return Target(context, client=kubernetes.client.ApiClient(configuration))


def _in_cluster(kubernetes: Any) -> Target:
    configuration = _configuration(kubernetes)
    try:
        kubernetes.config.load_incluster_config(client_configuration=configuration)
    except Exception as exc:
        return Target(
            IN_CLUSTER,
            error=KubeRequestError(
                "config_error", f"in-cluster configuration: {type(exc).__name__}", IN_CLUSTER
            ),
        )
    configuration.retries = False
    return Target(IN_CLUSTER, client=kubernetes.client.ApiClient(configuration))
