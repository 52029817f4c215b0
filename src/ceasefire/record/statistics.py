"""Figures over the (active) incidents that match a filter: totals, a daily series and counts per
province, summed in the database (from the summary table when the filter allows), and the located
incidents the interactive map marks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ceasefire.record.incidents import IncidentFilter, by_one_actor
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.store import READ_ONLY, Store
from ceasefire.record.tables import IncidentActorSummaryRow, IncidentRow, IncidentSummaryRow


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
    """Totals, the daily series and the counts per province (incidents, killed, injured).

    For a filter by day, place and type only, two sums over the summary table (migration 0018, a
    row per day, place and type; read from its covering index, migration 0020): one grouped by day
    (the series, and the totals as their sum), one by province. They read every summary row of
    the period — about 75 a day here, however many incidents a day has — and return a few hundred
    rows, so a miss costs the same at 100,000 incidents as at a million. Any other filter is
    answered over the incidents in one query grouped by day and province, which the dashboard
    index (migration 0007) serves for the day range (see :func:`_over_incidents`) — unless it is
    such a filter and one actor, which the actor summary answers the same way (migration 0024,
    :func:`~ceasefire.record.incidents.by_one_actor`)."""
    s: type[IncidentSummaryRow] | type[IncidentActorSummaryRow] = IncidentSummaryRow
    keep: Callable[[Any], Any] = partial(where.apply, on=IncidentSummaryRow)
    if not where.summarised:
        one_actor = by_one_actor(session, where)
        if one_actor is None:
            return _over_incidents(session, where)
        s, keep = IncidentActorSummaryRow, one_actor
    by_day = keep(
        select(
            s.event_date,
            func.sum(s.incidents),
            func.sum(s.fatalities_low),
            func.sum(s.fatalities_high),
            func.sum(s.injuries_low),
            func.sum(s.injuries_high),
        ).group_by(s.event_date)
    )
    by_province = keep(
        select(
            s.country,
            s.admin1,
            func.sum(s.incidents),
            func.sum(s.fatalities_low),
            func.sum(s.injuries_low),
        ).group_by(s.country, s.admin1)
    )
    totals = [0, 0, 0, 0, 0]
    days: list[Day] = []
    for day, *figures in session.execute(by_day):
        counted = [int(v) for v in figures]
        totals = [a + b for a, b in zip(totals, counted, strict=True)]
        if day is not None and counted[0]:
            days.append(Day(day, counted[0], counted[1]))
    provinces = [
        ProvinceCount(country, admin1, int(n), int(killed), int(injured))
        for country, admin1, n, killed, injured in session.execute(by_province)
        if n
    ]
    return _summed(totals, days, provinces)


def _summed(totals: list[int], days: list[Day], provinces: list[ProvinceCount]) -> Summary:
    named = {p.admin1.lower() for p in provinces if p.admin1}
    return Summary(
        Totals(totals[0], totals[1], totals[2], totals[3], totals[4], len(named)),
        sorted(days, key=lambda d: d.day),
        sorted(provinces, key=lambda p: (-p.incidents, p.country or "", p.admin1 or "")),
    )


def _over_incidents(session: Session, where: IncidentFilter) -> Summary:
    """The figures of a filter the summary has no column for (actor, reviewed, grade, words…):
    one query over the incidents grouped by day and province. The dashboard index (status,
    event_date, place, figures) bounds it to the period's rows; the filter's own column is read
    from the table row by row, so it costs what the period holds (about 1 µs an incident on
    SQLite here)."""
    i = IncidentRow
    query = _apply(
        where,
        select(
            i.event_date,
            i.country,
            i.admin1,
            func.count(),
            func.coalesce(func.sum(i.fatalities_low), 0),
            func.coalesce(func.sum(func.coalesce(i.fatalities_high, i.fatalities_low)), 0),
            func.coalesce(func.sum(i.injuries_low), 0),
            func.coalesce(func.sum(func.coalesce(i.injuries_high, i.injuries_low)), 0),
        ).group_by(i.event_date, i.country, i.admin1),
    )
    totals = [0, 0, 0, 0, 0]
    days: dict[date, list[int]] = {}
    provinces: dict[tuple[str | None, str | None], list[int]] = {}
    for day, country, admin1, *figures in session.execute(query):
        counted = [int(v) for v in figures]
        totals = [a + b for a, b in zip(totals, counted, strict=True)]
        if day is not None:
            on_day = days.setdefault(day, [0, 0])
            on_day[0] += counted[0]
            on_day[1] += counted[1]
        place = provinces.setdefault((country, admin1), [0, 0, 0])
        place[0] += counted[0]
        place[1] += counted[1]
        place[2] += counted[3]
    return _summed(
        totals,
        [Day(day, n, killed) for day, (n, killed) in days.items()],
        [
            ProvinceCount(country, admin1, n, killed, injured)
            for (country, admin1), (n, killed, injured) in provinces.items()
        ],
    )


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
