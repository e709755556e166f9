"""Test-side access to the real kube-apiserver: create objects as admin, mint tokens for narrower
users (TokenRequest on a ServiceAccount), write kubeconfigs for the collector to read."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
import yaml

from scanner.collectors.kubernetes.kinds import KINDS
from tests.services.processes import Service

# What the tests create besides the kinds the collector reads: (group, kind) -> (plural, namespaced)
_OTHER_KINDS = {
    ("", "Secret"): ("secrets", True),
    ("", "ConfigMap"): ("configmaps", True),
    ("", "ServiceAccount"): ("serviceaccounts", True),
    ("rbac.authorization.k8s.io", "ClusterRole"): ("clusterroles", False),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): ("clusterrolebindings", False),
}
_PLURALS = {(k.group, k.kind): (k.resource, k.namespaced) for k in KINDS} | _OTHER_KINDS


class Kube:
    """Admin (or any token's) REST calls, TLS verified against the test cluster's CA."""

    def __init__(self, service: Service, token: str | None = None) -> None:
        self.url = service.url
        self.ca = str(Path(service.extra["state"]) / "ca.crt")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token or service.token}"
        self.session.verify = self.ca

    def request(self, method: str, path: str, body: Any = None) -> Any:
        response = self.session.request(method, self.url + path, json=body, timeout=60, verify=self.ca)
        if response.status_code >= 400:
            raise AssertionError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response.json()

    @staticmethod
    def collection(obj: dict[str, Any]) -> str:
        api_version, kind = obj["apiVersion"], obj["kind"]
        base = f"/api/{api_version}" if "/" not in api_version else f"/apis/{api_version}"
        plural, namespaced = _PLURALS[(api_version.rpartition("/")[0], kind)]
        if not namespaced:
            return f"{base}/{plural}"
        namespace = obj["metadata"].get("namespace", "default")
        return f"{base}/namespaces/{namespace}/{plural}"

    def create(self, obj: dict[str, Any]) -> Any:
        return self.request("POST", self.collection(obj), obj)

    def create_all(self, objs: Iterable[dict[str, Any]], workers: int = 8) -> list[Any]:
        objs = list(objs)
        # (a session-level `verify` loses to REQUESTS_CA_BUNDLE in requests: pass it per call)
        # namespaces first: everything else lives in them
        first = [o for o in objs if o["kind"] == "Namespace"]
        out = [self.create(o) for o in first]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            out += list(pool.map(self.create, [o for o in objs if o["kind"] != "Namespace"]))
        return out

    def exists(self, path: str) -> bool:
        return self.session.get(self.url + path, timeout=30, verify=self.ca).status_code == 200

    def service_account_token(self, namespace: str, name: str) -> str:
        """A token for system:serviceaccount:NAMESPACE:NAME (created when missing)."""
        if not self.exists(f"/api/v1/namespaces/{namespace}"):
            self.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}})
        if not self.exists(f"/api/v1/namespaces/{namespace}/serviceaccounts/{name}"):
            self.create(
                {
                    "apiVersion": "v1",
                    "kind": "ServiceAccount",
                    "metadata": {"name": name, "namespace": namespace},
                }
            )
        answer = self.request(
            "POST",
            f"/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token",
            {
                "apiVersion": "authentication.k8s.io/v1",
                "kind": "TokenRequest",
                "spec": {"expirationSeconds": 3600},
            },
        )
        return str(answer["status"]["token"])

    def bind_cluster_role(self, role: dict[str, Any], namespace: str, account: str) -> None:
        self.create(role)
        name = role["metadata"]["name"]
        self.create(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRoleBinding",
                "metadata": {"name": name},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name},
                "subjects": [{"kind": "ServiceAccount", "name": account, "namespace": namespace}],
            }
        )


def write_kubeconfig(
    path: Path, contexts: dict[str, tuple[str, str]], ca: str | None, current: str | None = None
) -> Path:
    """contexts: name -> (server URL, bearer token); ``ca`` None for plain-http servers."""
    config: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [],
        "users": [],
        "contexts": [],
        "current-context": current or next(iter(contexts)),
    }
    for name, (server, token) in contexts.items():
        cluster: dict[str, Any] = {"server": server}
        if ca is not None:
            cluster["certificate-authority"] = ca
        config["clusters"].append({"name": name, "cluster": cluster})
        config["users"].append({"name": name, "user": {"token": token}})
        config["contexts"].append({"name": name, "context": {"cluster": name, "user": name}})
    path.write_text(yaml.safe_dump(config))
    return path
