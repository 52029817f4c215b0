"""The incident filters of `ceasefire incidents`, read from query parameters (API and pages)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query
from pydantic import BeforeValidator

from ceasefire.services.incidents import IncidentFilter
from ceasefire.services.periods import checked_day


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _no_day(value: object) -> object:
    """A form's empty date field is no date."""
    return None if isinstance(value, str) and not value.strip() else value


# A day, or nothing (an empty form field included).
Day = Annotated[date | None, BeforeValidator(_no_day)]
# Yes, no, or either (an empty form field included).
Flag = Annotated[bool | None, BeforeValidator(_no_day)]


def incident_filter(
    date_from: Annotated[Day, Query(description="First day (YYYY-MM-DD).")] = None,
    date_to: Annotated[Day, Query(description="Last day (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, Query(max_length=100)] = None,
    admin1: Annotated[str | None, Query(max_length=100, description="Province.")] = None,
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
) -> IncidentFilter:
    return IncidentFilter(
        date_from=checked_day(date_from, where="date_from"),
        date_to=checked_day(date_to, where="date_to"),
        country=_blank(country),
        admin1=_blank(admin1),
        event_type=_blank(event_type),
        actor=_blank(actor),
        grade=_blank(grade),
        reviewed=reviewed,
        include_historical=include_historical,
    )


Filter = Annotated[IncidentFilter, Depends(incident_filter)]
# Every list of the API is read a page at a time: at most MAX_PAGE items per request.
MAX_PAGE = 500
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Limit = Annotated[
    int, Query(ge=1, le=MAX_PAGE, description=f"Items per page (at most {MAX_PAGE}).")
]
