"""Verification of the incident summary (table ``incident_summary``, migration 0018): derived data,
recomputed from the incidents by `ceasefire log verify` and compared row by row.

The dashboard's figures and the list's counts are read from it (:mod:`ceasefire.record.statistics`,
:meth:`ceasefire.record.incidents.IncidentRepository.count`), so a row altered, deleted or added in
the database would change what the pages say without touching an incident: this names it. The
incidents themselves are checked against the log by their own checker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session

from ceasefire.record.checkers import AfterReplay, CheckerRegistry, Coverage, Discrepancy
from ceasefire.record.tables import IncidentActorSummaryRow, IncidentRow, IncidentSummaryRow

_SHOWN = 20  # rows named one by one; more are counted

Key = tuple[date | None, str | None, str | None, str, str, bool]
Figures = tuple[int, int, int, int, int]
FIGURES = ("incidents", "fatalities_low", "fatalities_high", "injuries_low", "injuries_high")


def summed_figures(s: Any) -> tuple[Any, ...]:
    """The five figures of summary rows summed, in their order (incidents, fatalities low and
    high, injuries low and high): ``s`` a summary table or a subquery with its column names."""
    return (
        func.sum(s.incidents),
        func.sum(s.fatalities_low),
        func.sum(s.fatalities_high),
        func.sum(s.injuries_low),
        func.sum(s.injuries_high),
    )


def expected_summary(session: Session) -> dict[Key, Figures]:
    """The summary recomputed from the active incidents (what the triggers keep)."""
    i = IncidentRow
    query = (
        select(
            i.event_date,
            i.country,
            i.admin1,
            i.event_type,
            i.sub_event_type,
            i.is_reviewed,
            func.count(),
            func.coalesce(func.sum(func.coalesce(i.fatalities_low, 0)), 0),
            func.coalesce(func.sum(func.coalesce(i.fatalities_high, i.fatalities_low, 0)), 0),
            func.coalesce(func.sum(func.coalesce(i.injuries_low, 0)), 0),
            func.coalesce(func.sum(func.coalesce(i.injuries_high, i.injuries_low, 0)), 0),
        )
        .where(i.status == "active")
        .group_by(i.event_date, i.country, i.admin1, i.event_type, i.sub_event_type, i.is_reviewed)
    )
    return {
        (day, country, admin1, kind, sub, bool(reviewed)): (int(n), int(a), int(b), int(c), int(d))
        for day, country, admin1, kind, sub, reviewed, n, a, b, c, d in session.execute(query)
    }


def stored_summary(session: Session) -> list[tuple[int, Key, Figures]]:
    s = IncidentSummaryRow
    query = select(
        s.id,
        s.event_date,
        s.country,
        s.admin1,
        s.event_type,
        s.sub_event_type,
        s.is_reviewed,
        s.incidents,
        s.fatalities_low,
        s.fatalities_high,
        s.injuries_low,
        s.injuries_high,
    ).order_by(s.id)
    return [
        (
            row[0],
            (row[1], row[2], row[3], row[4], row[5], bool(row[6])),
            tuple(int(v) for v in row[7:]),  # type: ignore[misc]
        )
        for row in session.execute(query)
    ]


def _named(key: Key) -> str:
    day, country, admin1, kind, sub, reviewed = key
    place = ", ".join(p for p in (admin1, country) if p) or "no place"
    when = day.isoformat() if day else "undated"
    return (
        f"incident summary ({when}, {place}, {kind} / {sub}, "
        f"{'reviewed' if reviewed else 'not reviewed'})"
    )


ActorKey = tuple[str, date | None, str | None, str | None, str, str, bool]


def expected_actor_summary(session: Session) -> dict[ActorKey, Figures]:
    """The actor summary recomputed from the active incidents: each under actor1, and under
    actor2 when it is another actor (what the triggers of migration 0024 keep)."""
    i = IncidentRow
    keys = (i.event_date, i.country, i.admin1, i.event_type, i.sub_event_type, i.is_reviewed)
    figures: tuple[Any, ...] = (
        literal_column("1").label("incidents"),
        func.coalesce(i.fatalities_low, 0).label("fatalities_low"),
        func.coalesce(i.fatalities_high, i.fatalities_low, 0).label("fatalities_high"),
        func.coalesce(i.injuries_low, 0).label("injuries_low"),
        func.coalesce(i.injuries_high, i.injuries_low, 0).label("injuries_high"),
    )
    sides = union_all(
        select(i.actor1.label("actor"), *keys, *figures).where(
            i.status == "active", i.actor1.is_not(None)
        ),
        select(i.actor2.label("actor"), *keys, *figures).where(
            i.status == "active",
            i.actor2.is_not(None),
            or_(i.actor1.is_(None), i.actor2 != i.actor1),
        ),
    ).subquery()
    c = sides.c
    grouped = (c.actor, c.event_date, c.country, c.admin1, c.event_type, c.sub_event_type)
    query = select(*grouped, c.is_reviewed, *summed_figures(c)).group_by(*grouped, c.is_reviewed)
    return {
        (*row[:6], bool(row[6])): tuple(int(v) for v in row[7:])  # type: ignore[misc]
        for row in session.execute(query)
    }


def stored_actor_summary(session: Session) -> list[tuple[int, ActorKey, Figures]]:
    a = IncidentActorSummaryRow
    query = select(
        a.id,
        a.actor,
        a.event_date,
        a.country,
        a.admin1,
        a.event_type,
        a.sub_event_type,
        a.is_reviewed,
        a.incidents,
        a.fatalities_low,
        a.fatalities_high,
        a.injuries_low,
        a.injuries_high,
    ).order_by(a.id)
    return [
        (row[0], (*row[1:7], bool(row[7])), tuple(int(v) for v in row[8:]))  # type: ignore[misc]
        for row in session.execute(query)
    ]


def _actor_named(key: ActorKey) -> str:
    actor, *rest = key
    named = _named(tuple(rest))  # type: ignore[arg-type]
    return named.replace("incident summary (", f"incident actor summary ({actor}, ", 1)


def check_summary(session: Session) -> list[Discrepancy]:
    """The stored summary against the one recomputed from the incidents: each row altered,
    missing, doubled, or counting incidents that are not there."""
    return _compare(expected_summary(session), stored_summary(session), _named, "incident summary")


def check_actor_summary(session: Session) -> list[Discrepancy]:
    """The same for the actor summary."""
    return _compare(
        expected_actor_summary(session),
        stored_actor_summary(session),
        _actor_named,
        "incident actor summary",
    )


def _compare(
    expected: dict[Any, Figures],
    stored: list[tuple[int, Any, Figures]],
    named: Callable[[Any], str],
    table: str,
) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    seen: set[Any] = set()
    for _, key, figures in stored:
        if key in seen:
            found.append(Discrepancy(named(key), "stored twice (derived data altered)"))
            continue
        seen.add(key)
        wanted = expected.get(key)
        if wanted is None:
            found.append(
                Discrepancy(named(key), "counts incidents that are not on record as active")
            )
        elif wanted != figures:
            changed = [n for n, a, b in zip(FIGURES, figures, wanted, strict=True) if a != b]
            found.append(
                Discrepancy(
                    named(key),
                    f"{', '.join(changed)} differ from the incidents' (derived data altered)",
                )
            )
    missing = [key for key in expected if key not in seen]
    for key in missing[:_SHOWN]:
        found.append(Discrepancy(named(key), "missing from the store"))
    if len(missing) > _SHOWN:
        found.append(Discrepancy(table, f"{len(missing) - _SHOWN} more rows missing"))
    return found


def register(registry: CheckerRegistry) -> None:
    registry.add(
        Coverage(
            "incident actor summary",
            tables=("incident_actor_summary",),
            store=lambda session, _blobs: AfterReplay(session, check_actor_summary),
            derived="the same figures per actor (an incident under each of its actors, once "
            "when both are the same), kept by triggers on incidents: recomputed from the "
            "incidents and compared row by row",
            unchecked={
                "incident_actor_summary.id": "a row number with no meaning: rows are compared by "
                "their actor, day, place, type and reviewed flag"
            },
        )
    )
    registry.add(
        Coverage(
            "incident summary",
            tables=("incident_summary",),
            store=lambda session, _blobs: AfterReplay(session, check_summary),
            derived="the number of active incidents and their fatalities and injuries per day, "
            "place, type and whether reviewed, kept by triggers on incidents: recomputed from the incidents and "
            "compared row by row",
            unchecked={
                "incident_summary.id": "a row number with no meaning: rows are compared by their "
                "day, place, type and reviewed flag"
            },
        )
    )
