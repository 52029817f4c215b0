"""The incident filters of `ceasefire incidents`, read from query parameters (API and pages).

The dependencies here are ``async``: they only read the query, and FastAPI runs an ``async``
dependency in the event loop, where a plain one would be sent to a worker thread and back (a cost
on every request of the list, measured in docs/explanation/performance.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query
from pydantic import BeforeValidator

from ceasefire.services.incidents import Cursor, IncidentFilter
from ceasefire.services.periods import checked_day
from ceasefire.services.search import MAX_QUERY, checked_filter


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _no_day(value: object) -> object:
    """A form's empty date field is no date."""
    return None if isinstance(value, str) and not value.strip() else value


# A day, or nothing (an empty form field included).
Day = Annotated[date | None, BeforeValidator(_no_day)]
# Yes, no, or either (an empty form field included).
Flag = Annotated[bool | None, BeforeValidator(_no_day)]


async def given_filter(
    date_from: Annotated[Day, Query(description="First day (YYYY-MM-DD).")] = None,
    date_to: Annotated[Day, Query(description="Last day (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, Query(max_length=100)] = None,
    admin1: Annotated[
        str | None, Query(max_length=100, description="Province (or part of its name).")
    ] = None,
    admin2: Annotated[
        str | None, Query(max_length=100, description="District (or part of its name).")
    ] = None,
    event_type: Annotated[
        str | None, Query(max_length=64, description="Event or sub-event type.")
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="Part of an actor's name.")
    ] = None,
    grade: Annotated[str | None, Query(max_length=16)] = None,
    reviewed: Annotated[
        Flag, Query(description="true: reviewed by a person; false: machine output only.")
    ] = None,
    include_historical: Annotated[bool, Query(description="Acts long before the report.")] = True,
    needs_review: Annotated[
        bool,
        Query(
            description="Only reviewed incidents on which a re-extraction (`ceasefire reprocess`) "
            "reads other values than the reviewer set."
        ),
    ] = False,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_QUERY,
            description="Words to find in the incident or its documents (all of them).",
        ),
    ] = None,
) -> IncidentFilter:
    """The filter as given (days within bounds), not yet checked as a whole: a page shows its
    problem beside the field; the API refuses it (:func:`incident_filter`)."""
    return IncidentFilter(
        date_from=checked_day(date_from, where="date_from"),
        date_to=checked_day(date_to, where="date_to"),
        country=_blank(country),
        admin1=_blank(admin1),
        admin2=_blank(admin2),
        q=_blank(q),
        event_type=_blank(event_type),
        actor=_blank(actor),
        grade=_blank(grade),
        reviewed=reviewed,
        include_historical=include_historical,
        needs_review=needs_review,
    )


async def incident_filter(
    where: Annotated[IncidentFilter, Depends(given_filter)],
) -> IncidentFilter:
    """The filter, refused (422, naming the field) when it cannot keep anything."""
    return checked_filter(where)


Filter = Annotated[IncidentFilter, Depends(incident_filter)]
GivenFilter = Annotated[IncidentFilter, Depends(given_filter)]
# Every list of the API is read a page at a time: at most MAX_PAGE items per request.
MAX_PAGE = 500
Offset = Annotated[
    int,
    Query(
        ge=0,
        le=10_000_000,
        description="Items skipped (slower the deeper: walk a long list with `after`).",
    ),
]


async def page_cursor(
    after: Annotated[
        str | None,
        Query(
            max_length=160,
            description="Start after this cursor: the `next` of the page before (keyset paging).",
        ),
    ] = None,
) -> Cursor | None:
    """The cursor of ``after`` (422 naming it when it is not one)."""
    return Cursor.parse(after) if after else None


After = Annotated[Cursor | None, Depends(page_cursor)]
Limit = Annotated[
    int, Query(ge=1, le=MAX_PAGE, description=f"Items per page (at most {MAX_PAGE}).")
]
