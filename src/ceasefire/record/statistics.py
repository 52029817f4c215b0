"""Figures over the (active) incidents that match a filter: totals, a daily series, counts per province and
per map cell — computed in the database with GROUP BY, so they cost the same at 100 or 100,000."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from ceasefire.record.incidents import IncidentFilter
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.store import READ_ONLY, Store
from ceasefire.record.tables import IncidentRow, IncidentSummaryRow


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
    """Incidents of one country and province as the record names them, and the killed and injured
    they report (at least)."""

    country: str | None
    admin1: str | None
    incidents: int
    killed: int = 0
    injured: int = 0


@dataclass(frozen=True, slots=True)
class Cell:
    """Incidents whose coordinates round to one tenth of a degree."""

    latitude: float
    longitude: float
    incidents: int
    fatalities: int


def _apply(where: IncidentFilter, query: Any) -> Any:
    """The filter on a query of several columns (typed loosely: rows are unpacked by position),
    over the active incidents: one merged into another is counted in that one."""
    return where.apply(query.where(IncidentRow.status == "active"))


@dataclass(frozen=True, slots=True)
class Summary:
    totals: Totals
    days: list[Day]
    provinces: list[ProvinceCount]


def summary(session: Session, where: IncidentFilter) -> Summary:
    """Totals, the daily series and the counts per province (incidents, killed, injured) from one query grouped by day and
    province: over the summary table (migration 0018, a row per day, place and type) when the
    filter is by those only, else over the incidents, which the dashboard index (migration 0007)
    answers without reading the table."""
    query: Any
    if where.summarised:
        s = IncidentSummaryRow
        query = where.apply(
            select(  # type: ignore[arg-type]
                s.event_date,
                s.country,
                s.admin1,
                func.sum(s.incidents),
                func.sum(s.fatalities_low),
                func.sum(s.fatalities_high),
                func.sum(s.injuries_low),
                func.sum(s.injuries_high),
            ).group_by(s.event_date, s.country, s.admin1),
            on=s,
        )
    else:
        query = _apply(
            where,
            select(
                IncidentRow.event_date,
                IncidentRow.country,
                IncidentRow.admin1,
                func.count(),
                func.coalesce(func.sum(IncidentRow.fatalities_low), 0),
                func.coalesce(
                    func.sum(
                        func.coalesce(IncidentRow.fatalities_high, IncidentRow.fatalities_low)
                    ),
                    0,
                ),
                func.coalesce(func.sum(IncidentRow.injuries_low), 0),
                func.coalesce(
                    func.sum(func.coalesce(IncidentRow.injuries_high, IncidentRow.injuries_low)),
                    0,
                ),
            ).group_by(IncidentRow.event_date, IncidentRow.country, IncidentRow.admin1),
        )
    incidents = killed_low = killed_high = injured_low = injured_high = 0
    days: dict[date, list[int]] = {}
    provinces: dict[tuple[str | None, str | None], list[int]] = {}
    for day, country, admin1, count, k_low, k_high, i_low, i_high in session.execute(query):
        count, k_low = int(count), int(k_low)
        incidents += count
        killed_low += k_low
        killed_high += int(k_high)
        injured_low += int(i_low)
        injured_high += int(i_high)
        if day is not None:
            figures = days.setdefault(day, [0, 0])
            figures[0] += count
            figures[1] += k_low
        place = provinces.setdefault((country, admin1), [0, 0, 0])
        place[0] += count
        place[1] += k_low
        place[2] += int(i_low)
    named = {admin1.lower() for (_, admin1) in provinces if admin1}
    return Summary(
        Totals(incidents, killed_low, killed_high, injured_low, injured_high, len(named)),
        [Day(day, n, f) for day, (n, f) in sorted(days.items())],
        [
            ProvinceCount(country, admin1, n, killed, injured)
            for (country, admin1), (n, killed, injured) in sorted(
                provinces.items(), key=lambda item: -item[1][0]
            )
        ],
    )


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


@dataclass(frozen=True, slots=True)
class Point:
    """One located incident as the map marks it."""

    id: str
    latitude: float
    longitude: float
    country: str | None
    event_type: str
    sub_event_type: str
    day: date | None
    location: str | None
    admin1: str | None
    fatalities: int | None


def points(session: Session, where: IncidentFilter, *, limit: int) -> list[Point]:
    """The located incidents the filter keeps, newest first, at most ``limit``: only the columns
    a map mark needs."""
    query = (
        select(
            IncidentRow.id,
            IncidentRow.latitude,
            IncidentRow.longitude,
            IncidentRow.country,
            IncidentRow.event_type,
            IncidentRow.sub_event_type,
            IncidentRow.event_date,
            IncidentRow.location,
            IncidentRow.admin1,
            IncidentRow.fatalities_high,
        )
        .where(IncidentRow.latitude.is_not(None), IncidentRow.longitude.is_not(None))
        .order_by(IncidentRow.event_date.desc().nulls_last(), IncidentRow.id)
        .limit(limit)
    )
    return [
        Point(row[0], float(row[1]), float(row[2]), *row[3:])
        for row in session.execute(_apply(where, query))
    ]


def current_version(store: Store) -> int:
    """:func:`record_version` in one autocommit statement: no transaction to begin and end, which on
    PostgreSQL saves two round trips on every cached page. Marked as a read: on SQLite it then
    begins with a plain BEGIN, not BEGIN IMMEDIATE, so that this read on every request neither
    takes the write lock nor queues behind writers (it did, and failed as "database is locked"
    under load)."""
    with store.engine.connect().execution_options(
        isolation_level="AUTOCOMMIT", **{READ_ONLY: True}
    ) as connection:
        return int(connection.scalar(select(func.max(LogEntryRow.seq))) or 0)


def record_version(session: Session) -> int:
    """The log's size: every write goes through the log, so figures cached under it stay exact."""
    return int(session.scalar(select(func.max(LogEntryRow.seq))) or 0)
