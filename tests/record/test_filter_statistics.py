"""Migration 0025, on SQLite and PostgreSQL: PostgreSQL keeps statistics of the lower-cased text
columns the filters compare (so that it walks the list's index instead of reading the whole
table for a filter by type or place); the pages and counts of every filter are the same rows
before and after it, both ways; SQLite is left as it was."""

from __future__ import annotations

from sqlalchemy import text

from ceasefire.record.incidents import Cursor, IncidentFilter, IncidentRepository
from ceasefire.record.statistics import points
from ceasefire.record.store import Store

from ..conftest import Cli
from .tamper import ACLED, DEMO
from .test_summary import _migrate

FILTERS = [
    IncidentFilter(),
    IncidentFilter(country="pakistan"),
    IncidentFilter(admin1="khyber"),
    IncidentFilter(event_type="Battles"),
    IncidentFilter(event_type="shelling"),
    IncidentFilter(actor="taliban"),
    IncidentFilter(country="Afghanistan", reviewed=False),
]
STATISTICS = {
    f"st_incidents_lower_{c}"
    for c in ("country", "admin1", "admin2", "event_type", "sub_event_type", "actor1", "actor2")
}


def _rows(store: Store) -> list[tuple[list[str], list[str], int, list[str]]]:
    """Each filter's first page, the page after its second incident, its count and its marks."""
    found = []
    with store.read_session() as session:
        repository = IncidentRepository(session)
        for where in FILTERS:
            first = repository.ids_after(where, None, limit=4)
            after = []
            if len(first) > 2:
                second = repository.page_rows([first[1]]).incidents[0]
                after = repository.ids_after(where, Cursor(second.event_date, second.id), limit=4)
            marks = [p.id for p in points(session, where, limit=50)]
            found.append((first, after, repository.count(where), marks))
    return found


def _statistics(store: Store) -> set[str]:
    with store.engine.connect() as connection:
        return set(connection.execute(text("SELECT stxname FROM pg_statistic_ext")).scalars())


def test_migration_0025_keeps_every_page_and_count_both_ways(store: Store, run: Cli) -> None:
    assert run("ingest", str(DEMO)).exit_code == 0
    assert run("import", "acled", "--no-extract", str(ACLED)).exit_code in (0, 1)  # bad rows
    now = _rows(store)
    assert now[0][2] >= 6 and len(now[0][0]) == 4 and len(now[0][1]) == 4  # a page after a page
    assert [len(first) > 0 for first, _, _, _ in now] == [True] * len(FILTERS)
    postgres = store.engine.dialect.name == "postgresql"
    if postgres:
        assert _statistics(store) >= STATISTICS
        with store.engine.connect() as connection:
            # The store was made empty (the migration's ANALYZE saw no row): gathered again as
            # autovacuum does after enough writes.
            connection.execute(text("ANALYZE incidents"))
            common = connection.execute(
                text(
                    "SELECT most_common_vals::text FROM pg_stats_ext_exprs "
                    "WHERE statistics_name = 'st_incidents_lower_country'"
                )
            ).scalar_one()
        assert "pakistan" in common and "afghanistan" in common  # gathered, lower-cased
    _migrate(store, "0024", up=False)
    if postgres:
        assert not STATISTICS & _statistics(store)
    assert _rows(store) == now
    _migrate(store, "0025", up=True)
    assert _rows(store) == now
