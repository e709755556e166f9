"""What to read from Kubernetes, and how hard to try."""

from __future__ import annotations

from dataclasses import dataclass

ALL_CONTEXTS = "all"
IN_CLUSTER = "in-cluster"  # the cluster segment of asset ids when running inside a pod


@dataclass(frozen=True)
class KubernetesSettings:
    kubeconfig: str | None = None  # else $KUBECONFIG, else ~/.kube/config, else in-cluster
    contexts: tuple[str, ...] = ()  # empty: the current context; ("all",): every context in the file
    namespaces: tuple[str, ...] = ()  # empty: every namespace
    exclude_namespaces: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # empty: every kind mlgov reads (see kinds.py); names or plurals
    page_size: int = 500  # `limit` of each list call
    workers: int = 8  # threads across (context, kind) units
    max_attempts: int = 5  # per request, on 429, 5xx, connection errors and timeouts
    timeout: float = 30.0  # seconds, per connection and per read of one request
    max_restarts: int = 3  # restarts of one list after 410 Gone (an expired continue token)
