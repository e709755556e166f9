from __future__ import annotations

import datetime as dt

import pytest

from scanner.clock import parse_now
from scanner.model import UsageError


def test_date_is_midnight_utc() -> None:
    assert parse_now("2026-11-22") == dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)


def test_rfc3339_with_offset_is_converted_to_utc() -> None:
    assert parse_now("2026-11-22T01:30:00+02:00") == dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.timezone.utc)
    assert parse_now("2026-11-22T09:00:00Z").hour == 9


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", "2026-11-22T09:00:00"])
def test_bad_now_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError, match="--now"):
        parse_now(bad)


def test_default_is_the_wall_clock() -> None:
    delta = dt.datetime.now(dt.timezone.utc) - parse_now(None)
    assert abs(delta.total_seconds()) < 5
