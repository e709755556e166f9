from __future__ import annotations

import datetime as dt

import pytest

from scanner.normalize.tags import MAX_TAG_VALUE, is_secretish_key, public_tags, scalar_text, string_map


@pytest.mark.parametrize(
    "key",
    [
        "db-password",
        "dbPassword",
        "OPENAI_API_KEY",
        "api.key",
        "github-token",
        "client_secret",
        "vault.hashicorp.com/agent-inject-secret-db",
        "kubectl.kubernetes.io/last-applied-configuration",
        "kapp.k14s.io/original",
        "Authorization",
        "aws_access_key_id",
    ],
)
def test_secretish_keys_are_dropped(key: str) -> None:
    assert is_secretish_key(key)
    assert public_tags([{key: "v"}]) == {}


@pytest.mark.parametrize(
    "key",
    ["mlgov.io/owner", "app.kubernetes.io/name", "author", "tokenizer", "environment", "CostCenter", "Name"],
)
def test_ordinary_keys_are_kept(key: str) -> None:
    assert not is_secretish_key(key)
    assert public_tags([{key: "v"}]) == {key: "v"}


@pytest.mark.parametrize(
    "value",
    [
        "AKIAIOSFODNN7EXAMPLE",
        "-----BEGIN RSA PRIVATE KEY-----",
        "ghp_" + "a" * 36,
        "hf_" + "b" * 34,
        "https://user:pa55@example.com/x",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig",
    ],
)
def test_credential_looking_values_are_dropped(value: str) -> None:
    assert public_tags([{"note": value}]) == {}


def test_oversized_values_are_dropped_and_later_layers_win() -> None:
    assert public_tags([{"a": "x" * (MAX_TAG_VALUE + 1)}]) == {}
    assert public_tags([{"k": "label", "b": "1"}, {"k": "annotation"}]) == {"b": "1", "k": "annotation"}


def test_scalar_text_turns_yaml_scalars_back_into_text() -> None:
    assert scalar_text(dt.date(2027, 6, 30)) == "2027-06-30"
    assert scalar_text(dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.timezone.utc)) == "2026-01-01T08:00:00Z"
    assert scalar_text(dt.datetime(2026, 1, 1, 8, 0)) == "2026-01-01T08:00:00Z"
    assert scalar_text(True) == "true"
    assert scalar_text(3) == "3"
    assert scalar_text(["a"]) is None
    assert scalar_text({"a": 1}) is None
    assert scalar_text(None) is None


def test_string_map_skips_collections_and_non_string_keys() -> None:
    shared: list[object] = []
    shared.append(shared)  # a recursive structure: must not be str()-ed
    assert string_map({"a": 1, "b": shared, 3: "x", "c": None}) == {"a": "1"}
    assert string_map(["not", "a", "map"]) == {}
