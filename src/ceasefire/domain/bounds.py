"""Bounds on what the record takes from outside: days between 1900 and 2100, and counts of people
up to ten million. A value past them is a mistake or an attack (a date that overflows the
calendar when a relative date is resolved against it, a count that overflows a database integer),
never a report."""

from __future__ import annotations

from datetime import date

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
# More than any one report or dataset row has counted, well below a 32-bit column's limit.
MAX_COUNT = 10_000_000


def day_problem(day: date) -> str | None:
    """Why ``day`` is refused, or None when it is within FIRST_DAY..LAST_DAY."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"out of range ({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}): {day.isoformat()}"


def count_problem(count: int) -> str | None:
    """Why a count of people is refused, or None when it is within 0..MAX_COUNT."""
    if count < 0:
        return f"negative: {count}"
    if count > MAX_COUNT:
        return f"too large (at most {MAX_COUNT:,}): {_short(count)}"
    return None


def _short(count: int) -> str:
    text = str(count)
    return text if len(text) <= 24 else f"{text[:12]}… ({len(text)} digits)"
