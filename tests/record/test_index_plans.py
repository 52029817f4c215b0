"""Every query a page, the API or the matcher runs over the incidents for a filter is read from an
index on SQLite (migration 0026 dropped the indexes no query used): each statement they send,
explained with its own parameters, searches or scans an index of the incidents, never their
table alone. SQLite keeps no statistics here (no ANALYZE), so its plans depend on the schema and
the statement only, not on how many rows the store holds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, text
from sqlalchemy.orm import Session

from ceasefire.config import Settings
from ceasefire.record.incidents import Cursor, IncidentFilter, IncidentRepository
from ceasefire.record.statistics import points, summary
from ceasefire.record.store import Store
from ceasefire.record.tables import IncidentRow
from ceasefire.services.search import facets

DAY = date(2025, 11, 3)
ACTORS = ("Military Forces of Pakistan (2024-)", "Taliban", "Civilians (Afghanistan)")


def _row(number: int) -> dict[str, object]:
    return {
        "id": f"{(number * 7919) % 1000:03d}{number:05d}".ljust(40, "a"),
        "event_type": "Battles" if number % 2 else "Explosions/Remote violence",
        "sub_event_type": "Armed clash" if number % 2 else "Air/drone strike",
        "event_date": DAY - timedelta(days=number % 50) if number % 9 else None,
        "date_precision": "day",
        "country": "Pakistan" if number % 3 else "Afghanistan",
        "admin1": "Kunar" if number % 3 else "Khyber Pakhtunkhwa",
        "admin2": "Bajaur" if number % 4 else None,
        "actor1": ACTORS[number % 3],
        "actor2": ACTORS[(number + 1) % 3],
        "target_categories": [],
        "victims": {"killed": {}, "injured": {}},
        "fatalities_low": number % 4,
        "is_historical": number % 10 == 0,
        "is_reviewed": number % 7 == 0,
        "grade": "A" if number % 5 == 0 else None,
        "review_flag": "fatalities" if number % 13 == 0 else None,
        "reported_on": DAY - timedelta(days=number % 40),
        "status": "merged" if number % 17 == 5 else "active",
    }


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(Settings(data=tmp_path / "data"))
    with store.engine.begin() as connection:
        connection.execute(insert(IncidentRow.__table__), [_row(n) for n in range(300)])
    try:
        yield store
    finally:
        store.close()


FILTERS = {
    "none": IncidentFilter(),
    "days": IncidentFilter(date_from=DAY - timedelta(days=20), date_to=DAY),
    "country": IncidentFilter(country="pakistan"),
    "province": IncidentFilter(admin1="kunar"),
    "district": IncidentFilter(admin2="bajaur"),
    "type": IncidentFilter(event_type="drone"),
    "actor": IncidentFilter(actor="taliban"),
    "actor and days": IncidentFilter(actor="forces", date_from=DAY - timedelta(days=20)),
    "grade": IncidentFilter(grade="A"),
    "reviewed": IncidentFilter(reviewed=True),
    "reviewed and days": IncidentFilter(reviewed=True, date_from=DAY - timedelta(days=9)),
    "not reviewed": IncidentFilter(reviewed=False, country="afghanistan"),
    "needs review": IncidentFilter(needs_review=True),
    "not historical": IncidentFilter(include_historical=False),
    "words": IncidentFilter(q="kunar"),
}


def _page_queries(session: Session, where: IncidentFilter) -> None:
    """What the list page, the API's list, the dashboard and the maps ask for one filter."""
    repository = IncidentRepository(session)
    first = repository.ids_after(where, None, limit=7)
    repository.ids_after(
        where, Cursor(DAY - timedelta(days=3), first[-1] if first else ""), limit=7
    )
    repository.ids_after(where, Cursor(None, "0"), limit=7)
    repository.page_rows(first)
    repository.count(where)
    summary(session, where)
    points(session, where, limit=50)


def _explained(store: Store, run: Callable[[Session], Any]) -> list[tuple[str, list[str]]]:
    """Each statement ``run`` sends that reads the incidents, with its plan's lines."""
    asked: list[tuple[str, Any]] = []

    def keep(_conn: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        if re.search(r"\bFROM incidents\b", statement) and statement.lstrip().upper().startswith(
            ("SELECT", "WITH")
        ):
            asked.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        with store.read_session() as session:
            run(session)
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)
    explained = []
    with store.engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        for statement, parameters in asked:
            lines = [
                row[3] for row in driver.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            ]
            explained.append((statement, lines))
    return explained


def _unindexed(explained: list[tuple[str, list[str]]]) -> list[str]:
    """The plans that read the incidents' table with no index (a full scan of its rows)."""
    return [
        f"{line}\n  in: {statement}"
        for statement, lines in explained
        for line in lines
        if re.match(r"SCAN incidents\b", line) and "INDEX" not in line
    ]


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_of_the_pages_is_read_from_an_index(sqlite_store: Store, name: str) -> None:
    where = FILTERS[name]
    explained = _explained(sqlite_store, lambda session: _page_queries(session, where))
    assert len(explained) >= 3, explained  # the page's ids at least, read from the incidents
    assert _unindexed(explained) == []
    # The page's ids walk the list's keyset index (newest first) whatever the filter; the review
    # queue's walk its own partial index (only the flagged incidents are in it).
    index = "ix_incidents_review_queue" if where.needs_review else "ix_incidents_list"
    ids = [
        lines
        for statement, lines in explained
        if re.match(r"SELECT incidents\.id\s+FROM", statement)
    ]
    assert len(ids) >= 3 and all(any(index in line for line in lines) for lines in ids), ids


def test_the_filters_choices_and_the_matcher_read_indexes(sqlite_store: Store) -> None:
    def run(session: Session) -> None:
        IncidentRepository(session).candidates(country="Pakistan", around=DAY, days=7)
        IncidentRepository(session).candidates(country=None, around=DAY, days=7)

    explained = _explained(sqlite_store, run)
    assert len(explained) == 2 and _unindexed(explained) == []
    assert any("ix_incidents_match" in line for line in explained[0][1]), explained[0]
    # The choices of districts and actors are grouped in an index's order (no table read).
    chosen = _explained(sqlite_store, lambda _session: facets(sqlite_store))
    assert {"admin2", "actor1", "actor2"} <= {
        re.sub(r".*SELECT incidents\.(\w+).*", r"\1", statement, flags=re.S)
        for statement, _ in chosen
    }
    assert _unindexed(chosen) == []
    for statement, lines in chosen:
        assert any("COVERING INDEX ix_incidents_facet_" in line for line in lines), (
            statement,
            lines,
        )


def test_the_indexes_no_query_reads_are_gone(sqlite_store: Store) -> None:
    """Migration 0026: the single-column indexes the filters could not use (they compare lower()
    of the column, or a pattern), and those a wider index begins with, are not in the schema."""
    with sqlite_store.engine.connect() as connection:
        names = set(
            connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'")
            ).scalars()
        )
    for gone in (
        "ix_incidents_event_type",
        "ix_incidents_admin1",
        "ix_incidents_country",
        "ix_incidents_actor1",
        "ix_incidents_status",
        "ix_documents_duplicate_group",
    ):
        assert gone not in names
    assert {"ix_incidents_list", "ix_incidents_match", "ix_incidents_dashboard"} <= names
