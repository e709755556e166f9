"""Counted nouns in messages a person reads: "1 asset", "2 assets", never "1 assets"."""

from __future__ import annotations


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """`plural(1, "asset")` -> "1 asset"; `plural(3, "policy", "policies")` -> "3 policies"."""
    return f"{count:,} {word if count == 1 else (plural_form or word + 's')}"
