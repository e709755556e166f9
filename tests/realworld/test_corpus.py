"""Every case of the real-world regression corpus gives exactly the assets, findings, coverage
errors and exit code its expected.yaml lists (tests/realworld/corpus.py has the format)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.realworld.corpus import Case, load_cases, run_case

CASES = load_cases()


def test_the_corpus_has_cases() -> None:
    assert len(CASES) >= 1


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_scans_as_expected(case: Case, tmp_path: Path) -> None:
    outcome = run_case(case, tmp_path)
    assert outcome.problems == [], f"{case.name}: {case.description}"
