"""RBAC with the documented minimal ClusterRole, the role covering every list call, the CLI's
exit codes on a forbidden kind, parity with the manifest collector, and the normalizer's output
for live objects (managedFields, status, defaults) equal to the manifest's."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import time
from pathlib import Path
from typing import Any

import yaml

from scanner.collectors.kubernetes.collector import KubernetesCollector
from scanner.collectors.kubernetes.kinds import KINDS
from scanner.collectors.kubernetes.settings import KubernetesSettings
from scanner.model import CoverageStatus
from scanner.normalize.kubernetes import normalize_k8s_object
from scanner.normalize.resolve import ResolverConfig
from scanner.pipeline import ScanRequest, scan
from tests.collectors.kubernetes.cluster import Kube, write_kubeconfig
from tests.collectors.kubernetes.conftest import CONTEXT
from tests.collectors.kubernetes.fault_proxy import Faults, fault_proxy
from tests.collectors.kubernetes.seed import ASSET_NAMES, NAMESPACES, all_objects, expected_ids
from tests.conftest import MlgovRunner
from tests.services.processes import Service

ROLE_FILE = Path(__file__).parents[3] / "docs" / "kubernetes-clusterrole.yaml"
NOW = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)


def minimal_role(name: str) -> dict[str, Any]:
    role: dict[str, Any] = yaml.safe_load(ROLE_FILE.read_text())
    role["metadata"]["name"] = name
    return role


def role_grants(role: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (group, resource, verb)
        for rule in role["rules"]
        for group in rule["apiGroups"]
        for resource in rule["resources"]
        for verb in rule["verbs"]
    }


def reader_kubeconfig(seeded: Service, tmp_path: Path, role: dict[str, Any], account: str) -> Path:
    admin = Kube(seeded)
    admin.bind_cluster_role(role, "mlgov-system", account)
    token = admin.service_account_token("mlgov-system", account)
    ca = str(Path(seeded.extra["state"]) / "ca.crt")
    return write_kubeconfig(tmp_path / f"{account}.kubeconfig", {CONTEXT: (seeded.url, token)}, ca=ca)


def test_the_documented_clusterrole_alone_gives_complete_coverage(seeded: Service, tmp_path: Path) -> None:
    role = minimal_role("mlgov-reader-test")
    assert not {("", "secrets"), ("", "configmaps")} & {(g, r) for g, r, _ in role_grants(role)}
    assert {v for _, _, v in role_grants(role)} == {"get", "list"}  # no watch
    kubeconfig = reader_kubeconfig(seeded, tmp_path, role, "mlgov-reader")
    inventory = KubernetesCollector(KubernetesSettings(kubeconfig=str(kubeconfig))).collect()
    assert all(c.status is CoverageStatus.OK for c in inventory.coverage), inventory.coverage
    assert expected_ids(CONTEXT) <= {a.id for a in inventory.assets}

    # a --namespace scan GETs each namespace: also covered by the role
    scoped = KubernetesCollector(
        KubernetesSettings(kubeconfig=str(kubeconfig), namespaces=("dev",))
    ).collect()
    assert all(c.complete for c in scoped.coverage) and len(scoped.assets) == len(ASSET_NAMES)


def test_every_list_call_is_granted_by_the_clusterrole(seeded: Service, tmp_path: Path) -> None:
    faults = Faults()
    assert seeded.token is not None
    with fault_proxy(seeded.url, str(Path(seeded.extra["state"]) / "ca.crt"), faults) as url:
        kubeconfig = write_kubeconfig(tmp_path / "kc", {CONTEXT: (url, seeded.token)}, ca=None)
        KubernetesCollector(KubernetesSettings(kubeconfig=str(kubeconfig))).collect()
        KubernetesCollector(KubernetesSettings(kubeconfig=str(kubeconfig), namespaces=("prod",))).collect()
    called: set[tuple[str, str, str]] = set()
    discovery = re.compile(r"^/(api|apis)(/[^/]+)?(/[^/]+)?$")  # /api, /api/v1, /apis, /apis/g/v
    for _, path, query in faults.requests:
        if discovery.match(path) and not path.startswith("/api/v1/"):
            continue
        parts = path.strip("/").split("/")
        group, rest = ("", parts[2:]) if parts[0] == "api" else (parts[1], parts[3:])
        if rest[0] == "namespaces" and len(rest) > 2:
            rest = rest[2:]  # namespaced collection
        verb = "list" if len(rest) == 1 else "get"
        assert "watch" not in query
        called.add((group, rest[0], verb))
    grants = role_grants(minimal_role("x"))
    assert called <= grants, called - grants
    # and the role grants nothing the collector does not use
    assert {(g, r) for g, r, _ in grants} == {(g, r) for g, r, _ in called}
    assert {(k.group, k.resource) for k in KINDS} == {(g, r) for g, r, _ in grants}
    assert ("", "namespaces", "get") in called  # the --namespace scan


def test_a_role_missing_one_kind_fails_that_kind_only_and_exits_3(
    seeded: Service, tmp_path: Path, mlgov: MlgovRunner
) -> None:
    role = minimal_role("mlgov-reader-no-deployments")
    for rule in role["rules"]:
        if rule["apiGroups"] == ["apps"]:
            rule["resources"] = [r for r in rule["resources"] if r != "deployments"]
    kubeconfig = reader_kubeconfig(seeded, tmp_path, role, "mlgov-no-deploy")
    inventory = KubernetesCollector(KubernetesSettings(kubeconfig=str(kubeconfig))).collect()
    failed = [c for c in inventory.coverage if not c.complete]
    assert [(c.scope, c.errors[0].code) for c in failed] == [(f"{CONTEXT}/Deployment", "forbidden")]
    assert "deployments" in failed[0].errors[0].message and "clusterrole" in failed[0].errors[0].message
    assert not [a for a in inventory.assets if "/Deployment/" in a.id]
    assert f"k8s://{CONTEXT}/prod/StatefulSet/triton" in {a.id for a in inventory.assets}

    out = tmp_path / "report.json"
    run = mlgov(
        "scan",
        "--source",
        "k8s",
        "--kubeconfig",
        str(kubeconfig),
        "-f",
        "json",
        "-o",
        str(out),
        "--now",
        "2026-11-22",
    )
    assert run.code == 3, run.stderr
    report = json.loads(out.read_text())
    bad = [c for c in report["coverage"] if c["status"] != "ok"]
    assert [(c["scope"], c["errors"][0]["code"]) for c in bad] == [(f"{CONTEXT}/Deployment", "forbidden")]
    assert "kubernetes:" in run.stderr  # progress on stderr
    allowed = mlgov(
        "scan",
        "--source",
        "k8s",
        "--kubeconfig",
        str(kubeconfig),
        "--allow-partial",
        "-q",
        "--now",
        "2026-11-22",
    )
    assert allowed.code == 1  # the seed has high-severity violations


def _write_manifests(directory: Path) -> None:
    directory.mkdir()
    for index, obj in enumerate(all_objects()):
        (directory / f"{index:03d}-{obj['kind'].lower()}.yaml").write_text(yaml.safe_dump(obj))


def test_live_findings_equal_manifest_findings(seeded: Service, tmp_path: Path) -> None:
    manifests = tmp_path / "manifests"
    _write_manifests(manifests)
    offline = scan(ScanRequest(paths=(str(manifests),), now=NOW))
    live = scan(
        ScanRequest(
            paths=(),
            now=NOW,
            live_sources={"kubernetes": KubernetesSettings(kubeconfig=str(seeded.kubeconfig))},
        )
    )
    wanted = {i.replace(f"k8s://{CONTEXT}/", "k8s://-/") for i in expected_ids(CONTEXT)}

    def keyed(findings: Any) -> set[tuple[str, str]]:
        out = {(f.rule_id, re.sub(r"^k8s://[^/]+/", "k8s://-/", f.asset_id)) for f in findings}
        return {k for k in out if k[1] in wanted}

    assert {a.id for a in offline.assets} == wanted
    assert len(keyed(offline.findings)) > 20
    assert keyed(live.findings) == keyed(offline.findings)


def test_live_objects_normalize_like_their_manifests(seeded: Service) -> None:
    """Objects as the server returns them (managedFields, status, uid, defaulted fields) give
    the same asset as the manifest they came from; only created_at (the server sets it) differs."""
    admin = Kube(seeded)
    resolver = ResolverConfig()
    compared = 0
    for manifest in all_objects():
        if manifest["kind"] in {"Namespace", "Secret", "ConfigMap"}:
            continue
        meta = manifest["metadata"]
        path = Kube.collection(manifest) + f"/{meta['name']}"
        live = admin.request("GET", path)
        assert live["metadata"].get("managedFields") and "uid" in live["metadata"]
        labels = NAMESPACES.get(meta.get("namespace", ""))
        from_live = normalize_k8s_object(
            live, cluster="-", location=None, resolver=resolver, namespace_labels=labels
        )
        from_file = normalize_k8s_object(
            copy.deepcopy(manifest), cluster="-", location=None, resolver=resolver, namespace_labels=labels
        )
        if from_file is None:
            assert from_live is None, path
            continue
        assert from_live is not None, path
        assert from_live.created_at == live["metadata"]["creationTimestamp"]
        assert from_live.evolve(created_at=None) == from_file, path
        compared += 1
    assert compared == len(expected_ids(CONTEXT))


def test_a_crd_that_is_not_installed_is_absent_not_an_error(seeded: Service) -> None:
    """Removes the TFJob CRD for the length of the test (and restores it with its objects)."""
    admin = Kube(seeded)
    crd_path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/tfjobs.kubeflow.org"
    crd = admin.request("GET", crd_path)
    admin.request("DELETE", crd_path)
    try:
        for _ in range(100):
            if "tfjobs" not in json.dumps(admin.request("GET", "/apis/kubeflow.org/v1")):
                break
            time.sleep(0.2)
        messages: list[str] = []
        inventory = KubernetesCollector(
            KubernetesSettings(kubeconfig=str(seeded.kubeconfig)), progress=messages.append
        ).collect()
        tfjob = [c for c in inventory.coverage if c.scope == f"{CONTEXT}/TFJob"]
        assert [(c.status, c.assets, c.errors) for c in tfjob] == [(CoverageStatus.OK, 0, ())]
        assert all(c.complete for c in inventory.coverage)
        assert any("not installed" in m and "TFJob" in m for m in messages)
        assert f"k8s://{CONTEXT}/prod/PyTorchJob/train-bert" in {a.id for a in inventory.assets}
    finally:
        for _ in range(150):  # deletion finishes asynchronously (the CRD's objects go first)
            if not admin.exists(crd_path):
                break
            time.sleep(0.2)
        crd["metadata"] = {"name": crd["metadata"]["name"]}
        crd.pop("status", None)
        admin.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)
        for _ in range(150):
            if admin.exists("/apis/kubeflow.org/v1/tfjobs"):
                break
            time.sleep(0.2)
        admin.create_all(o for o in all_objects() if o["kind"] == "TFJob")
