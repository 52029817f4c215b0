"""Figures over the incidents that match a filter: totals, a daily series, counts per province and
per map cell — computed in the database with GROUP BY, so they cost the same at 100 or 100,000."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from ceasefire.record.incidents import IncidentFilter
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.tables import IncidentRow


@dataclass(frozen=True, slots=True)
class Totals:
    incidents: int
    fatalities_low: int
    fatalities_high: int
    injuries_low: int
    injuries_high: int
    provinces: int


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    incidents: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class ProvinceCount:
    country: str | None
    admin1: str | None
    incidents: int


@dataclass(frozen=True, slots=True)
class Cell:
    """Incidents whose coordinates round to one tenth of a degree."""

    latitude: float
    longitude: float
    incidents: int
    fatalities: int


def _apply(where: IncidentFilter, query: Any) -> Any:
    """The filter on a query of several columns (typed loosely: rows are unpacked by position)."""
    return where.apply(query)


def totals(session: Session, where: IncidentFilter) -> Totals:
    query = select(
        func.count(),
        func.coalesce(func.sum(IncidentRow.fatalities_low), 0),
        func.coalesce(
            func.sum(func.coalesce(IncidentRow.fatalities_high, IncidentRow.fatalities_low)), 0
        ),
        func.coalesce(func.sum(IncidentRow.injuries_low), 0),
        func.coalesce(
            func.sum(func.coalesce(IncidentRow.injuries_high, IncidentRow.injuries_low)), 0
        ),
        func.count(func.distinct(IncidentRow.admin1)),
    ).select_from(IncidentRow)
    row = session.execute(_apply(where, query)).one()
    return Totals(*(int(value or 0) for value in row))


def daily(session: Session, where: IncidentFilter) -> list[Day]:
    query = (
        select(
            IncidentRow.event_date,
            func.count(),
            func.coalesce(func.sum(IncidentRow.fatalities_low), 0),
        )
        .where(IncidentRow.event_date.is_not(None))
        .group_by(IncidentRow.event_date)
        .order_by(IncidentRow.event_date)
    )
    return [Day(day, int(n), int(f)) for day, n, f in session.execute(_apply(where, query))]


def by_province(session: Session, where: IncidentFilter) -> list[ProvinceCount]:
    query = (
        select(IncidentRow.country, IncidentRow.admin1, func.count())
        .group_by(IncidentRow.country, IncidentRow.admin1)
        .order_by(func.count().desc())
    )
    return [ProvinceCount(c, a, int(n)) for c, a, n in session.execute(_apply(where, query))]


def cells(session: Session, where: IncidentFilter) -> list[Cell]:
    latitude = func.round(cast(IncidentRow.latitude, Float) * 10) / 10
    longitude = func.round(cast(IncidentRow.longitude, Float) * 10) / 10
    query = (
        select(
            latitude.label("lat"),
            longitude.label("lon"),
            func.count(),
            func.coalesce(func.sum(IncidentRow.fatalities_low), 0),
        )
        .where(IncidentRow.latitude.is_not(None), IncidentRow.longitude.is_not(None))
        .group_by(latitude, longitude)
    )
    return [
        Cell(float(lat), float(lon), int(n), int(f))
        for lat, lon, n, f in session.execute(_apply(where, query))
    ]


def record_version(session: Session) -> int:
    """The log's size: every write goes through the log, so figures cached under it stay exact."""
    return int(session.scalar(select(func.max(LogEntryRow.seq))) or 0)
