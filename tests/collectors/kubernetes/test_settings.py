"""Kubernetes settings without a cluster: kind selection, config file, CLI flags, missing client."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scanner.collectors.kubernetes.collector import KubernetesCollector
from scanner.collectors.kubernetes.kinds import KINDS, select_kinds
from scanner.collectors.kubernetes.settings import KubernetesSettings
from scanner.collectors.registry import LIVE_SOURCES, canonical_source
from scanner.config import load_config
from scanner.model import UsageError
from tests.conftest import MlgovRunner


def test_kind_selection_by_name_or_plural_always_keeps_namespaces() -> None:
    assert select_kinds(()) == KINDS
    chosen = [k.kind for k in select_kinds(("deployments", "inferenceservice", "Node"))]
    assert chosen == ["Namespace", "Node", "Deployment", "InferenceService"]
    with pytest.raises(UsageError, match="unknown Kubernetes kind 'Secret'"):
        select_kinds(("Secret",))
    assert not {k.resource for k in KINDS} & {"secrets", "configmaps"}


def test_a_selected_kind_brings_the_templates_it_takes_fields_from() -> None:
    assert [k.kind for k in select_kinds(("TrainJob",))] == [
        "Namespace",
        "TrainJob",
        "TrainingRuntime",
        "ClusterTrainingRuntime",
    ]
    assert [k.kind for k in select_kinds(("servers.mlops.seldon.io",))] == [
        "Namespace",
        "Server",
        "ServerConfig",
    ]


def test_kinds_of_the_same_name_are_told_apart_by_group() -> None:
    labels = [k.label for k in KINDS]
    assert len(labels) == len(set(labels))  # coverage scopes are unique
    assert {"Experiment.mlops.seldon.io", "Experiment.kubeflow.org"} <= set(labels)
    assert "InferenceService" in labels  # unique names stay short
    katib = [k.group for k in select_kinds(("experiment.kubeflow.org",)) if k.kind == "Experiment"]
    assert katib == ["kubeflow.org"]
    assert len([k for k in select_kinds(("experiments",)) if k.kind == "Experiment"]) == 2
    cluster_wide = {k.kind for k in KINDS if not k.namespaced}
    assert cluster_wide == {
        "Namespace",
        "Node",
        "LocalModelCache",
        "ClusterTrainingRuntime",
        "ClusterWorkflowTemplate",
    }


def test_registry_knows_k8s() -> None:
    assert "kubernetes" in LIVE_SOURCES and canonical_source("k8s") == "kubernetes"


def test_config_section(tmp_path: Path) -> None:
    config = tmp_path / "mlgov.yaml"
    config.write_text(
        "sources:\n  kubernetes:\n    kubeconfig: /etc/kc\n    contexts: [all]\n    namespaces: [prod]\n"
        "    exclude_namespaces: [kube-system]\n    kinds: [Deployment]\n    page_size: 50\n    timeout: 5\n"
    )
    settings = load_config(config).live_sources["kubernetes"]
    assert settings == KubernetesSettings(
        kubeconfig="/etc/kc",
        contexts=("all",),
        namespaces=("prod",),
        exclude_namespaces=("kube-system",),
        kinds=("Deployment",),
        page_size=50,
        timeout=5.0,
    )
    config.write_text("sources:\n  kubernetes:\n    page_size: 0\n")
    with pytest.raises(Exception, match="page_size"):
        load_config(config)


def test_without_the_client_the_source_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "kubernetes", None)  # what `import kubernetes` sees when absent
    with pytest.raises(UsageError) as raised:
        KubernetesCollector(KubernetesSettings(kubeconfig="/nonexistent")).collect()
    assert "pip install 'mlgov[kubernetes]'" in str(raised.value.hint)


@pytest.mark.slow
def test_no_configuration_at_all_is_a_usage_error(mlgov: MlgovRunner, tmp_path: Path) -> None:
    env = {"KUBECONFIG": str(tmp_path / "none"), "HOME": str(tmp_path), "KUBERNETES_SERVICE_HOST": ""}
    run = mlgov("scan", "--source", "k8s", env=env)
    assert run.code == 2 and "no Kubernetes configuration found" in run.stderr
    run = mlgov("scan", "--source", "k8s", "--kubeconfig", str(tmp_path / "missing"), env=env)
    assert run.code == 2 and "kubeconfig not found" in run.stderr
