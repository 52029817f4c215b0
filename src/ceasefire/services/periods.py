"""Days and periods a person gives (flags, query parameters, forms): parsed, held within the
record's bounds (1900–2100), and a report's period no longer than the span the settings allow."""

from __future__ import annotations

from datetime import date

from ceasefire.domain.bounds import day_problem
from ceasefire.errors import InputError


def checked_day(value: date | None, *, where: str) -> date | None:
    """``value`` when it is within the bounds; InputError naming ``where`` otherwise."""
    if value is not None:
        problem = day_problem(value)
        if problem:
            raise InputError(problem, where=where)
    return value


def parse_day(text: str | None, *, where: str) -> date | None:
    """A day given as YYYY-MM-DD (None when not given), within the bounds."""
    if text is None:
        return None
    try:
        value = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}", where=where) from exc
    return checked_day(value, where=where)


def checked_period(
    start: date, end: date, *, max_days: int, where_from: str, where_to: str
) -> None:
    """A period of whole days [start, end]: both within the bounds, in order, and at most
    ``max_days`` long (the setting report_max_days)."""
    checked_day(start, where=where_from)
    checked_day(end, where=where_to)
    if end < start:
        raise InputError("the period ends before it starts", where=where_to)
    days = (end - start).days + 1
    if days > max_days:
        raise InputError(
            f"the period is {days} days; a report covers at most {max_days} "
            "(setting report_max_days): give a later start or an earlier end",
            where=where_to,
        )
