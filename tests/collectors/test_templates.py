"""Recognising unrendered template text: template sources and placeholders left in values."""

from __future__ import annotations

import pytest

from scanner.collectors.templates import brace_placeholder, placeholder, template_line


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("seldon-deployment-{{workflow.name}}", "{{workflow.name}}"),  # kubeflow pipelines samples
        ("{{ .Values.image.repository }}:{{ .Values.image.tag }}", "{{ .Values.image.repository }}"),
        ("$VLLM_IMAGE", "$VLLM_IMAGE"),  # kuberay vllm samples
        ("${REGISTRY}/server:v1", "${REGISTRY}"),
        ("$(IMAGE)", "$(IMAGE)"),
        ("<your-image>", "<your-image>"),
        ("docker.io/{username}/torchserve:latest", "{username}"),
        ("s3://${bucket}/models/llama", "${bucket}"),
        ("name-with-}-brace", "name-with-}-brace"),  # never valid in a name or image: all of it
        ("kserve/sklearnserver:v0.14.0", None),
        ("nvcr.io/nvidia/tritonserver@sha256:abc", None),
        ("fraud-scorer", None),
        ("", None),
        (None, None),
    ],
)
def test_placeholder(value: str | None, found: str | None) -> None:
    assert placeholder(value) == found


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("{{- if .Values.enabled }}\nkind: Pod\n", 1),
        ("# {{ .Values.x }} in a comment\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n", 4),
        ("kind: Pod\nmetadata:\n  name: '{{ .Release.Name }}'\n", 3),  # quoted Go action
        ('kind: Pod\nlabels:\n  {{- include "labels" . | nindent 2 }}\n', 3),
        ("kind: Pod\nmetadata:\n  name: {{ graph_name }}\n", 3),  # unquoted where a node starts
        ("items:\n  - {{ item }}\n", 2),
        ("{{/* comment */}}\n", 1),
        ("{% for x in y %}\n", 1),
        ('args: ["{{inputs.parameters.x}}"]\nname: run-{{workflow.name}}\n', None),  # Argo
        ("kind: Pod\nspec: {containers: [{name: a}]}\n", None),
    ],
)
def test_template_line(text: str, line: int | None) -> None:
    assert template_line(text) == line


def test_brace_placeholder_only_where_a_value_starts() -> None:
    assert brace_placeholder("    - image: {username}/torchserve-gpu:latest") == "{username}"
    assert brace_placeholder("  image: {a}") is None  # a valid flow mapping, not a placeholder
    assert brace_placeholder("  image: 'x/{a}/b'") is None
    assert brace_placeholder("  labels: {app: x}") is None
