"""The incident summary (migration 0018) stays exact under every way the record's incidents are
written, on both backends: after ingest, import, merge, split, edit, accept, discard and
reassessment, the stored summary equals the one recomputed from the incidents, the list's counts
(read from the summary) equal the rows the list gives, and `log verify` accepts the record; a row
of the summary altered by hand is named by verify."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, inspect, select, text, update
from sqlalchemy.orm import Session

from ceasefire.domain import Incident
from ceasefire.record.incidents import IncidentFilter, IncidentRepository, by_one_actor
from ceasefire.record.log import Author
from ceasefire.record.statistics import Summary, Totals, cube, summary
from ceasefire.record.store import Store
from ceasefire.record.summary import (
    check_actor_summary,
    check_summary,
    expected_summary,
    stored_summary,
)
from ceasefire.record.tables import IncidentActorSummaryRow, IncidentSummaryRow
from ceasefire.services.incidents import edit_incident, merge_incidents, split_incident
from ceasefire.services.log import verify_store
from ceasefire.services.review import accept_incident, discard_incident
from ceasefire.services.search import facets

from ..conftest import Cli
from .tamper import ACLED, DEMO, DOHA

ME = Author("tester")


def _exact(store: Store, step: str) -> None:
    with store.read_session() as session:
        assert check_summary(session) == [], step
        assert check_actor_summary(session) == [], step
        repository = IncidentRepository(session)
        # Migration 0024: a filter by one actor (and what the summary answers) is summed from the
        # actor summary; a text that matches two actors' names is read from the incidents.
        actors = sorted({a for i in repository.list() for a in (i.actor1, i.actor2) if a})
        unique = [a for a in actors if sum(a.lower() in b.lower() for b in actors) == 1]
        shared = [a for a in actors if sum(a.lower() in b.lower() for b in actors) > 1]
        assert unique, step
        for text, summed in [(a, True) for a in unique[:2]] + [(a, False) for a in shared[:2]]:
            for where in (
                IncidentFilter(actor=text),
                IncidentFilter(actor=text.upper(), reviewed=False, date_from=date(2025, 10, 1)),
            ):
                assert (by_one_actor(session, where) is not None) == summed, (step, where)
                listed = repository.list(where)
                assert repository.count(where) == len(listed), (step, where)
                assert _figures(summary(session, where)) == _counted(listed), (step, where)
        nobody = IncidentFilter(actor="no such actor at all")
        assert by_one_actor(session, nobody) is not None
        assert repository.count(nobody) == 0 == summary(session, nobody).totals.incidents
        for where in (
            IncidentFilter(),
            IncidentFilter(country="Pakistan"),
            IncidentFilter(admin1="a", date_from=date(2025, 10, 1)),
            IncidentFilter(event_type="shelling"),
            IncidentFilter(reviewed=True),  # migration 0024: reviewed is in the summary's key
            IncidentFilter(reviewed=False, country="Pakistan"),
        ):
            assert where.summarised
            listed = repository.list(where)
            assert repository.count(where) == len(listed), (step, where)
            figures = summary(session, where)
            assert figures.totals.incidents == len(listed), (step, where)
            killed = sum(i.fatalities.low or 0 for i in listed)
            assert figures.totals.fatalities_low == killed, (step, where)
            assert _figures(figures) == _counted(listed), (step, where)
            _same_from_the_cube(session, where, step)
        for text in unique[:2]:
            _same_from_the_cube(session, IncidentFilter(actor=text, reviewed=False), step)
        # Filters the summary has no column for are answered from the incidents, the same way.
        for where in (
            IncidentFilter(actor="a", country="Pakistan"),
            IncidentFilter(actor="a", reviewed=True, grade="A1"),
            IncidentFilter(grade="A1", reviewed=False),
        ):
            assert not where.summarised
            assert cube(session, where) is None  # no summary answers it: no cube either
            listed = repository.list(where)
            assert _figures(summary(session, where)) == _counted(listed), (step, where)
        for name, columns in (
            ("countries", ("country",)),
            ("provinces", ("admin1",)),
            ("event_types", ("event_type", "sub_event_type")),
        ):
            counted: dict[str, int] = {}
            for incident in repository.list():
                values = {
                    "country": incident.place.country,
                    "admin1": incident.place.admin1,
                    "event_type": incident.event_type,
                    "sub_event_type": incident.sub_event_type,
                }
                for column in columns:
                    if values[column]:
                        counted[values[column]] = counted.get(values[column], 0) + 1
            assert dict(getattr(facets(store), name)) == counted, (step, name)
    assert verify_store(store).is_clean, step


# Periods that start and end before, on, between and after the days of the demo and the ACLED rows.
PERIODS = [
    (None, None),
    (date(2025, 10, 1), None),
    (None, date(2025, 11, 3)),
    (date(2025, 10, 20), date(2025, 11, 5)),
    (date(2025, 11, 2), date(2025, 11, 2)),
    (date(2026, 1, 1), None),
    (None, date(2020, 1, 1)),
]


def _same_from_the_cube(session: Session, where: IncidentFilter, step: str) -> None:
    """The filter's cube (what the web app reads) gives, for every period, the summary and the
    count that the sums over the summary give for the filter with that period."""
    made = cube(session, where)
    assert made is not None, (step, where)
    repository = IncidentRepository(session)
    days = sorted({i.date.value for i in repository.list() if i.date.value})
    edges = [period for day in days for period in ((day, None), (None, day), (day, day))]
    for first, last in PERIODS + edges:
        period = replace(where, date_from=first, date_to=last)
        assert made.summary(first, last) == summary(session, period), (step, period)
        assert made.count(first, last) == repository.count(period), (step, period)


def _figures(found: Summary) -> tuple[object, ...]:
    """What the dashboard shows of a summary: totals, the series, the provinces' counts."""
    return (
        found.totals,
        [(d.day, d.incidents, d.fatalities) for d in found.days],
        {(p.country, p.admin1): (p.incidents, p.killed, p.injured) for p in found.provinces},
    )


def _high(low: int | None, high: int | None) -> int:
    """The high figure, or the low one when there is none, as the dashboard counts it."""
    return high if high is not None else low or 0


def _counted(listed: list[Incident]) -> tuple[object, ...]:
    """The same figures counted from the incidents the list gives, one by one."""
    days: dict[date, tuple[int, int]] = {}
    places: dict[tuple[str | None, str | None], tuple[int, int, int]] = {}
    for i in listed:
        killed, injured = i.fatalities.low or 0, i.injuries.low or 0
        if i.date.value is not None:
            n, k = days.get(i.date.value, (0, 0))
            days[i.date.value] = (n + 1, k + killed)
        key = (i.place.country, i.place.admin1)
        n, k, j = places.get(key, (0, 0, 0))
        places[key] = (n + 1, k + killed, j + injured)
    totals = Totals(
        len(listed),
        sum(i.fatalities.low or 0 for i in listed),
        sum(_high(i.fatalities.low, i.fatalities.high) for i in listed),
        sum(i.injuries.low or 0 for i in listed),
        sum(_high(i.injuries.low, i.injuries.high) for i in listed),
        len({i.place.admin1.lower() for i in listed if i.place.admin1}),
    )
    return totals, [(day, n, k) for day, (n, k) in sorted(days.items())], places


def _active(store: Store) -> list[str]:
    with store.read_session() as session:
        return [i.id for i in IncidentRepository(session).list()]


def test_every_write_keeps_the_summary_exact(store: Store, run: Cli) -> None:
    assert run("ingest", str(DEMO)).exit_code == 0
    _exact(store, "ingest")
    assert run("import", "acled", "--no-extract", str(ACLED)).exit_code in (0, 1)  # bad rows
    _exact(store, "import")
    with store.read_session() as session:
        counted = sum(n for n, *_ in expected_summary(session).values())
    assert counted == len(_active(store)) >= 4
    first, second, third, fourth = _active(store)[:4]
    merge_incidents(store, first, second, reason="the same shelling", author=ME)
    _exact(store, "merge")
    with store.read_session() as session:
        merged = IncidentRepository(session).find(first)
    assert len(merged.claims) >= 2  # its own and the other's
    split_incident(store, first, [merged.claims[-1].ref], reason="another act", author=ME)
    _exact(store, "split")
    edit_incident(store, third, "fatalities.low", "12", reason="a count corrected", author=ME)
    edit_incident(store, third, "admin1", "Kurram", reason="the province corrected", author=ME)
    edit_incident(store, third, "date", "2025-11-02", reason="the day corrected", author=ME)
    _exact(store, "edit")
    accept_incident(store, fourth, reason=None, author=ME)
    _exact(store, "accept")
    discard_incident(store, fourth, reason="no act reported", author=ME)
    _exact(store, "discard")
    assert fourth not in _active(store)
    assert run("assess", "--agreement", str(DOHA)).exit_code == 0
    _exact(store, "reassess")


def test_verify_names_an_altered_summary(store: Store, run: Cli) -> None:
    assert run("ingest", str(DEMO)).exit_code == 0
    assert verify_store(store).is_clean
    with store.session() as session:
        session.execute(
            update(IncidentSummaryRow)
            .where(
                IncidentSummaryRow.id == select(func.min(IncidentSummaryRow.id)).scalar_subquery()
            )
            .values(fatalities_low=IncidentSummaryRow.fatalities_low + 100)
        )
    said = [str(d) for d in verify_store(store).discrepancies]
    assert len(said) == 1 and "incident summary" in said[0] and "fatalities_low" in said[0], said


def test_verify_names_an_altered_actor_summary(store: Store, run: Cli) -> None:
    assert run("ingest", str(DEMO)).exit_code == 0
    with store.read_session() as session:
        assert session.scalar(select(func.count()).select_from(IncidentActorSummaryRow)), "empty"
    with store.session() as session:
        session.execute(
            update(IncidentActorSummaryRow)
            .where(
                IncidentActorSummaryRow.id
                == select(func.max(IncidentActorSummaryRow.id)).scalar_subquery()
            )
            .values(incidents=IncidentActorSummaryRow.incidents + 1)
        )
    said = [str(d) for d in verify_store(store).discrepancies]
    assert len(said) == 1 and "incident actor summary" in said[0] and "incidents" in said[0], said


def test_the_dashboard_sums_are_read_from_the_figures_index(store: Store, run: Cli) -> None:
    """Migration 0020: the summary's key and figures in one index, which answers the dashboard's
    sums over a period without the table (on SQLite it also serves the triggers' key lookups)."""
    assert run("ingest", str(DEMO)).exit_code == 0
    indexes = {
        i["name"]: i["column_names"] for i in inspect(store.engine).get_indexes("incident_summary")
    }
    assert indexes["ix_incident_summary_figures"][:6] == [
        "event_date",
        "country",
        "admin1",
        "event_type",
        "sub_event_type",
        "is_reviewed",
    ]
    assert set(indexes["ix_incident_summary_figures"][6:]) == {
        "incidents",
        "fatalities_low",
        "fatalities_high",
        "injuries_low",
        "injuries_high",
    }
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            plan = " ".join(
                str(row[-1])
                for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT event_date, sum(incidents), sum(fatalities_low), "
                    "sum(fatalities_high), sum(injuries_low), sum(injuries_high) "
                    "FROM incident_summary WHERE event_date >= '2025-10-19' GROUP BY event_date"
                )
            )
        assert "COVERING INDEX ix_incident_summary_figures" in plan, plan
    _exact(store, "ingest")  # the triggers find their rows through it


def _migrate(store: Store, revision: str, *, up: bool) -> None:
    from alembic import command

    from ceasefire.record.store import _alembic_config

    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.upgrade if up else command.downgrade)(config, revision)


def test_migration_0024_keys_the_summary_by_reviewed_both_ways(store: Store, run: Cli) -> None:
    """Migration 0024 makes the summary again with the reviewed flag in its key, from incidents
    written under the five-key triggers; its downgrade makes the five-key summary again. Each
    time the stored summary is the one recomputed from the incidents."""
    assert run("ingest", str(DEMO)).exit_code == 0
    accept_incident(store, _active(store)[0], reason=None, author=ME)
    _migrate(store, "0023", up=False)
    with store.read_session() as session:
        keys = {c["name"] for c in inspect(session.connection()).get_columns("incident_summary")}
        before = session.execute(text("SELECT sum(incidents) FROM incident_summary")).scalar_one()
    assert "is_reviewed" not in keys
    # Written under the five-key triggers of 0018-0021: an edit that a reviewer makes.
    edit_incident(store, _active(store)[1], "fatalities.low", "7", reason="recount", author=ME)
    _migrate(store, "0024", up=True)
    with store.read_session() as session:
        stored = stored_summary(session)
        assert check_summary(session) == []
    assert sum(figures[0] for _, _, figures in stored) == len(_active(store)) == before
    assert {key[-1] for _, key, _ in stored} == {True, False}  # split by the reviewed flag
    _exact(store, "after 0024")
    _migrate(store, "0023", up=False)
    with store.read_session() as session:
        restored = session.execute(
            text(
                "SELECT event_date, country, admin1, event_type, sub_event_type, incidents "
                "FROM incident_summary"
            )
        ).all()
    assert sum(row[-1] for row in restored) == len(_active(store))
    assert len({tuple(row[:5]) for row in restored}) == len(restored)  # one row a key again
    _migrate(store, "0024", up=True)
