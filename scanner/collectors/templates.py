"""Unrendered template text: Helm/Go-template and Jinja sources, and placeholders left in values.

Two shapes reach a manifest scan:

- a template *source* (a Helm chart's ``templates/``, an operator's Go templates, Jinja test
  resources): ``{{ .Values.x }}``, ``{{- if }}``, ``{{ include }}``, ``{% if %}`` where YAML
  expects a node make the document invalid YAML (``{{`` opens a flow mapping whose key is a
  mapping). When such a document fails to parse, the failure is a template, not a syntax error;
  see :func:`template_line` and :func:`brace_placeholder`.
- a document that parses although it still holds template text in a string
  (``name: seldon-deployment-{{workflow.name}}``, ``image: $VLLM_IMAGE``, ``<your-image>``):
  valid YAML, so only the values tell. :func:`placeholder` finds such text in a name or an
  image. Argo Workflows' ``{{inputs.parameters.x}}`` inside other strings is ordinary data.

Kubernetes names (DNS-1123) and image references can never hold ``{ } $ < >``, so any of those
characters in a name, namespace or image is unrendered text, never a real value.
"""

from __future__ import annotations

import re

TEMPLATE_HINT = "render with helm template first and scan the output"
PLACEHOLDER_HINT = "substitute or render it first (helm template, envsubst, kustomize...) and scan the output"

# Template actions that mark a template *source*: Go-template syntax (`{{ .Values.x }}`,
# `{{- if`, `{{ $v }}`, `{{/* */}}`, `{{ include`...), or any `{{`/`{%` unquoted where a YAML node
# starts (`name: {{ graph_name }}`, `- {{ x }}`, `{% if %}`). Argo Workflows' expressions
# (`"{{inputs.parameters.x}}"`, `app-{{workflow.name}}`) are neither: they live inside strings.
_GO_ACTION = re.compile(
    r"\{\{-?\s*(?:\.|\$|/\*|(?:if|else|end|range|with|define|template|include|block|toYaml|tpl"
    r"|printf|default|quote|required|lookup|and|or|not|eq|ne)\b)"
)
_AT_NODE_START = re.compile(r"^[ \t]*(?:- +)*(?:[^\s'\"#{\[][^#\n]*?:[ \t]+)?(?:- +)?\{[{%]", re.MULTILINE)
# the placeholder spellings people leave in names and images, most specific first
_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}"  # {{ .Values.image }}, {{workflow.name}}
    r"|\{%.*?%\}"  # {% if %}
    r"|\$\{[^}]*\}"  # ${IMAGE} (envsubst, shell)
    r"|\$\([A-Za-z_][A-Za-z0-9_]*\)"  # $(VAR)
    r"|\$[A-Za-z_][A-Za-z0-9_]*"  # $VLLM_IMAGE
    r"|<[^<>]*>"  # <your-image>
    r"|\{[A-Za-z_][A-Za-z0-9_.-]*\}"  # {username}
)
_NEVER_IN_A_NAME_OR_IMAGE = re.compile(r"[{}$<>]")
# `{username}` where a YAML node starts: libyaml reads a flow mapping, then fails on the rest
_BRACE_VALUE = re.compile(r"(?:^|[:\-]\s+)(\{[A-Za-z_][A-Za-z0-9_.-]*\})\S")


def template_line(text: str) -> int | None:
    """1-based line of the first template-source action, outside comment lines, or None.
    Called on documents that failed to parse, never on every manifest."""
    starts = [m.start() for m in _GO_ACTION.finditer(text)]
    starts += [m.end() - 2 for m in _AT_NODE_START.finditer(text)]  # where its `{{` or `{%` is
    for start in sorted(starts):
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].lstrip().startswith("#"):
            return text.count("\n", 0, start) + 1
    return None


def brace_placeholder(line_text: str) -> str | None:
    """A ``{name}`` placeholder where a YAML value starts (``image: {username}/server``)."""
    match = _BRACE_VALUE.search(line_text)
    return match.group(1) if match else None


def placeholder(value: str | None) -> str | None:
    """The unrendered template text in a name, namespace or image, or None."""
    if not value or _NEVER_IN_A_NAME_OR_IMAGE.search(value) is None:
        return None
    match = _PLACEHOLDER.search(value)
    return match.group(0) if match else value
