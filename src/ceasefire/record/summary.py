"""Verification of the incident summary (table ``incident_summary``, migration 0018): derived data,
recomputed from the incidents by `ceasefire log verify` and compared row by row.

The dashboard's figures and the list's counts are read from it (:mod:`ceasefire.record.statistics`,
:meth:`ceasefire.record.incidents.IncidentRepository.count`), so a row altered, deleted or added in
the database would change what the pages say without touching an incident: this names it. The
incidents themselves are checked against the log by their own checker.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ceasefire.record.checkers import AfterReplay, CheckerRegistry, Coverage, Discrepancy
from ceasefire.record.tables import IncidentRow, IncidentSummaryRow

_SHOWN = 20  # rows named one by one; more are counted

Key = tuple[date | None, str | None, str | None, str, str, bool]
Figures = tuple[int, int, int, int, int]
FIGURES = ("incidents", "fatalities_low", "fatalities_high", "injuries_low", "injuries_high")


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


def check_summary(session: Session) -> list[Discrepancy]:
    """The stored summary against the one recomputed from the incidents: each row altered,
    missing, doubled, or counting incidents that are not there."""
    expected = expected_summary(session)
    found: list[Discrepancy] = []
    seen: set[Key] = set()
    for _, key, figures in stored_summary(session):
        if key in seen:
            found.append(Discrepancy(_named(key), "stored twice (derived data altered)"))
            continue
        seen.add(key)
        wanted = expected.get(key)
        if wanted is None:
            found.append(
                Discrepancy(_named(key), "counts incidents that are not on record as active")
            )
        elif wanted != figures:
            changed = [n for n, a, b in zip(FIGURES, figures, wanted, strict=True) if a != b]
            found.append(
                Discrepancy(
                    _named(key),
                    f"{', '.join(changed)} differ from the incidents' (derived data altered)",
                )
            )
    missing = [key for key in expected if key not in seen]
    for key in missing[:_SHOWN]:
        found.append(Discrepancy(_named(key), "missing from the store"))
    if len(missing) > _SHOWN:
        found.append(Discrepancy("incident summary", f"{len(missing) - _SHOWN} more rows missing"))
    return found


def register(registry: CheckerRegistry) -> None:
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
