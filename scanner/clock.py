"""`--now`: the clock the policies see, so that a scan can be replayed."""

from __future__ import annotations

import datetime as dt

from scanner.model import UsageError


def parse_now(value: str | None) -> dt.datetime:
    """RFC 3339 (``2026-11-22T10:00:00Z``) or a date (``2026-11-22``, midnight UTC); None: now."""
    if value is None:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    text = value.strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"--now {value!r} is neither an RFC 3339 time nor a date",
            hint="write --now 2026-11-22 or --now 2026-11-22T09:00:00Z",
        ) from None
    if parsed.tzinfo is None:
        raise UsageError(
            f"--now {value!r} has no time zone", hint="add Z or an offset, e.g. 2026-11-22T09:00:00Z"
        )
    return parsed.astimezone(dt.timezone.utc)
