"""Figures over the (active) incidents that match a filter: totals, a daily series and counts per
province, summed in the database (from the summary table when the filter allows), and the located
incidents the interactive map marks."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ceasefire.errors import StoreError
from ceasefire.record.incidents import IncidentFilter, by_one_actor
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.store import Store
from ceasefire.record.summary import summed_figures
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


def _summarised(
    session: Session, where: IncidentFilter
) -> tuple[type[IncidentSummaryRow] | type[IncidentActorSummaryRow], Callable[[Any], Any]] | None:
    """The summary table that answers ``where`` and the filter on its rows: the summary for a
    filter by day, place, type and reviewed only (migration 0018, a row per day, place, type and
    reviewed flag; read from its covering index, migration 0020); the actor summary for such a
    filter and one actor (migration 0024, :func:`~ceasefire.record.incidents.by_one_actor`);
    None for any other filter, which only the incidents answer."""
    if where.summarised:
        return IncidentSummaryRow, partial(where.apply, on=IncidentSummaryRow)
    one_actor = by_one_actor(session, where)
    if one_actor is None:
        return None
    return IncidentActorSummaryRow, one_actor


def summary(session: Session, where: IncidentFilter) -> Summary:
    """Totals, the daily series and the counts per province (incidents, killed, injured).

    For a filter a summary table answers (:func:`_summarised`), two sums over it: one grouped by
    day (the series, and the totals as their sum), one by province. They read every summary row
    of the period — about 75 a day here, however many incidents a day has — and return a few
    hundred rows, so a miss costs the same at 100,000 incidents as at a million. Any other filter
    is answered over the incidents in one query grouped by day and province, which the dashboard
    index (migration 0007) serves for the day range (see :func:`_over_incidents`). The web app
    reads the same figures from a :class:`Cube` of the filter instead (:func:`cube`), which
    answers every period of it."""
    found = _summarised(session, where)
    if found is None:
        return _over_incidents(session, where)
    s, keep = found
    by_day = keep(select(s.event_date, *summed_figures(s)).group_by(s.event_date))
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


# The five figures of a summary row, in this order, everywhere below.
_FIGURES = 5


@dataclass(frozen=True, slots=True)
class _Province:
    """One province's dated figures in a :class:`Cube`: its days in order (as ordinals), the
    running sums of its incidents, killed and injured up to each of them (one more entry than
    days: 0 first), and those of its undated incidents."""

    days: array[int]
    running: tuple[array[int], array[int], array[int]]
    undated: tuple[int, int, int]


def _running(values: Iterable[int]) -> array[int]:
    """0, then the sums of ``values`` up to each of them (64-bit: machine integers, a few bytes
    each, so that a cube of many days and places stays small in a worker's cache)."""
    sums = array("q", [0])
    for value in values:
        sums.append(sums[-1] + value)
    return sums


@dataclass(frozen=True, slots=True)
class Cube:
    """The figures of one filter over every day at once: per day and per province, as running
    sums, so that :meth:`summary` of any period is a few bisections and subtractions. Built by
    :func:`cube` from one grouped sum over a summary table (the filter without its days), it gives
    the same :class:`Summary` as :func:`summary` of the filter with those days. About 250 KB for
    400 days and 15 provinces."""

    days: array[int]  # the ordinals of every day with a summary row, in order
    incidents: array[int]  # per day of ``days``
    killed: array[int]  # per day: fatalities_low
    running: tuple[array[int], ...]  # the five figures summed up to each day (0 first)
    undated: tuple[int, ...]  # the five figures of the undated incidents
    provinces: dict[tuple[str | None, str | None], _Province]

    def summary(self, first: date | None, last: date | None) -> Summary:
        """:func:`summary` of the filter kept from ``first`` to ``last`` (None: unbounded; a
        bound keeps dated incidents only, as the filter does)."""
        start, end = _span(self.days, first, last)
        undated = first is None and last is None
        totals = [r[end] - r[start] for r in self.running]
        if undated:
            totals = [a + b for a, b in zip(totals, self.undated, strict=True)]
        days = [
            Day(date.fromordinal(day), n, killed)
            for day, n, killed in zip(
                self.days[start:end],
                self.incidents[start:end],
                self.killed[start:end],
                strict=True,
            )
            if n
        ]
        provinces = []
        for (country, admin1), place in self.provinces.items():
            a, b = _span(place.days, first, last)
            n, killed, injured = (r[b] - r[a] for r in place.running)
            if undated:
                n += place.undated[0]
                killed += place.undated[1]
                injured += place.undated[2]
            if n:
                provinces.append(ProvinceCount(country, admin1, n, killed, injured))
        return _summed(totals, days, provinces)

    def count(self, first: date | None, last: date | None) -> int:
        """The incidents of :meth:`summary`'s totals, without the rest."""
        start, end = _span(self.days, first, last)
        n = self.running[0][end] - self.running[0][start]
        return n + (self.undated[0] if first is None and last is None else 0)


def _span(days: array[int], first: date | None, last: date | None) -> tuple[int, int]:
    """Where the days from ``first`` to ``last`` (None: unbounded) start and end in ``days``."""
    start = 0 if first is None else bisect_left(days, first.toordinal())
    end = len(days) if last is None else bisect_right(days, last.toordinal())
    return start, max(start, end)


def cube(session: Session, where: IncidentFilter) -> Cube | None:
    """The :class:`Cube` of ``where`` without its days, from the summary table that answers it
    (:func:`_summarised`: one sum grouped by day and province, about 15 rows a day here, read
    from the table's covering index); None when no summary answers the filter."""
    undated_filter = replace(where, date_from=None, date_to=None)
    found = _summarised(session, undated_filter)
    if found is None:
        return None
    s, keep = found
    query = keep(
        select(s.event_date, s.country, s.admin1, *summed_figures(s)).group_by(
            s.event_date, s.country, s.admin1
        )
    )
    by_day: dict[int, list[int]] = {}
    undated = [0] * _FIGURES
    places: dict[tuple[str | None, str | None], dict[int | None, tuple[int, int, int]]] = {}
    for day, country, admin1, *summed in session.execute(query):
        figures = [int(v) for v in summed]
        ordinal = None if day is None else day.toordinal()
        if ordinal is None:
            undated = [a + b for a, b in zip(undated, figures, strict=True)]
        else:
            on_day = by_day.setdefault(ordinal, [0] * _FIGURES)
            for index, value in enumerate(figures):
                on_day[index] += value
        place = places.setdefault((country, admin1), {})
        before = place.get(ordinal, (0, 0, 0))
        place[ordinal] = (before[0] + figures[0], before[1] + figures[1], before[2] + figures[3])
    days = sorted(by_day)
    provinces = {}
    for key, figures_of in places.items():
        dated = sorted(d for d in figures_of if d is not None)
        provinces[key] = _Province(
            array("l", dated),
            (
                _running(figures_of[d][0] for d in dated),
                _running(figures_of[d][1] for d in dated),
                _running(figures_of[d][2] for d in dated),
            ),
            figures_of.get(None, (0, 0, 0)),
        )
    return Cube(
        array("l", days),
        array("q", (by_day[d][0] for d in days)),
        array("q", (by_day[d][1] for d in days)),
        tuple(_running(by_day[d][index] for d in days) for index in range(_FIGURES)),
        tuple(undated),
        provinces,
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


# The record's version, as the driver reads it (log_tables.LogEntryRow's table and key).
_VERSION_SQL = "SELECT max(seq) FROM log_entries"


def current_version(store: Store) -> int:
    """:func:`record_version` in one statement on a pooled driver connection, outside any
    transaction: it is read on every request of a cached page, where the engine's connection,
    its events and a transaction's BEGIN and ROLLBACK cost more than the read itself (most of a
    cached page's time, measured in docs/explanation/performance.md). On SQLite the driver's
    connection is in autocommit mode (record/store.py): the read neither takes the write lock nor
    queues behind writers. On PostgreSQL it is read in autocommit mode too, so that returning
    the connection to the pool sends no ROLLBACK."""
    raw = store.engine.raw_connection()
    driver: Any = raw.driver_connection
    is_postgres = store.engine.dialect.name == "postgresql"
    try:
        if is_postgres:
            driver.rollback()  # sends nothing when idle; ends the pool's ping's transaction
            driver.autocommit = True
        cursor = raw.cursor()
        try:
            cursor.execute(_VERSION_SQL)
            found = cursor.fetchone()
        finally:
            cursor.close()
    except store.engine.dialect.loaded_dbapi.Error as exc:
        raise StoreError(str(exc).strip().splitlines()[0], where=store.description) from exc
    finally:
        if is_postgres:
            driver.autocommit = False
        raw.close()
    return int(found[0] or 0) if found else 0


def record_version(session: Session) -> int:
    """The log's size: every write goes through the log, so figures cached under it stay exact."""
    return int(session.scalar(select(func.max(LogEntryRow.seq))) or 0)
