"""Keyset paging of the incident list on both backends: walking the list with each page's cursor
gives the incidents of the whole list, in its order (newest first, undated last, then id), each
once, whatever the page size — across days shared by many incidents (ties broken by id), the
undated tail, merged incidents and filters — and the count agrees with the walk."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, insert, text

from ceasefire.config import Settings
from ceasefire.errors import InputError
from ceasefire.record.incidents import Cursor, IncidentFilter, IncidentRepository
from ceasefire.record.store import Store
from ceasefire.record.tables import IncidentRow
from ceasefire.services.incidents import incident_page

DAY = date(2025, 11, 3)


def _row(number: int, day: date | None, country: str, status: str = "active") -> dict[str, object]:
    return {
        "id": f"{(number * 7919) % 1000:03d}{number:05d}".ljust(12, "a"),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "event_date": day,
        "date_precision": "day" if day else "unknown",
        "country": country,
        "admin1": "Kunar" if number % 3 else "Khost",
        "target_categories": [],
        "victims": {"killed": {}, "injured": {}},
        "is_historical": False,
        "is_reviewed": False,
        "status": status,
        "merged_into": None,
    }


@pytest.fixture
def listed(store: Store) -> Store:
    rows = []
    for number in range(60):
        # Twelve incidents on each of three days, twelve on days of their own, twelve undated.
        if number < 36:
            day: date | None = DAY - timedelta(days=number % 3)
        elif number < 48:
            day = DAY - timedelta(days=10 + number)
        else:
            day = None
        country = "Pakistan" if number % 2 else "Afghanistan"
        rows.append(_row(number, day, country, "merged" if number % 11 == 5 else "active"))
    with store.engine.begin() as connection:
        connection.execute(insert(IncidentRow.__table__), rows)
    return store


def _walk(store: Store, where: IncidentFilter | None, size: int) -> list[str]:
    walked: list[str] = []
    cursor: Cursor | None = None
    for _ in range(100):
        with store.read_session() as session:
            page = IncidentRepository(session).after(where, cursor, limit=size)
        assert len(page) <= size
        walked += [incident.id for incident in page]
        if len(page) < size:
            return walked
        cursor = Cursor.parse(str(Cursor.of(page[-1])))  # as a client sends it back
    raise AssertionError("the walk did not end")


@pytest.mark.parametrize(
    "where",
    [None, IncidentFilter(country="Pakistan"), IncidentFilter(admin1="khost")],
    ids=["all", "country", "province"],
)
def test_a_walk_by_cursor_is_the_list_in_order(listed: Store, where: IncidentFilter) -> None:
    with listed.read_session() as session:
        repository = IncidentRepository(session)
        whole = [incident.id for incident in repository.list(where)]
        total = repository.count(where)
    assert total == len(whole) and total > 10
    for size in (1, 2, 5, 7, 12, 500):
        assert _walk(listed, where, size) == whole, size
    # The list's order: newest first, undated last, ties by id.
    with listed.read_session() as session:
        keys = [(i.date.value, i.id) for i in IncidentRepository(session).list(where)]
    dated = [k for k in keys if k[0] is not None]
    assert dated == sorted(dated, key=lambda k: (-k[0].toordinal(), k[1]))  # type: ignore[union-attr]
    assert keys[len(dated) :] == sorted(k for k in keys if k[0] is None)


def test_pages_of_the_service_carry_the_next_cursor(listed: Store) -> None:
    where = IncidentFilter(country="Afghanistan")
    seen: list[str] = []
    page = incident_page(listed, where, limit=4)
    while True:
        assert page.total == incident_page(listed, where, offset=len(seen), limit=4).total
        seen += [incident.id for incident in page.items]
        if page.next is None:
            break
        assert page.next == Cursor.of(page.items[-1])
        page = incident_page(listed, where, limit=4, after=page.next)
    assert len(seen) == len(set(seen)) == page.total
    with pytest.raises(InputError, match="either a cursor"):
        incident_page(listed, where, offset=4, after=Cursor(DAY, "0"))


@pytest.mark.parametrize("text", ["", "2025-11-03", "2025-13-01~abcd", "~ABC;", "x~abcd"])
def test_a_bad_cursor_is_named(text: str) -> None:
    with pytest.raises(InputError) as caught:
        Cursor.parse(text)
    assert caught.value.where == "after"


@pytest.mark.postgres
def test_a_page_walks_the_list_index_without_sorting_on_postgresql(
    postgres_url: str, tmp_path: Path
) -> None:
    """The dated part of a page is asked in the list index's own order (event_date DESC NULLS
    LAST): PostgreSQL then walks the index to the page's end. Asked as DESC alone (NULLs first),
    it read the filter's whole period and sorted it (performance.md). Each statement a page runs,
    explained with its own parameters, has no Sort and reads the list index: with sequential and
    bitmap scans and sorts made dear, the plan a large table gets (a small one is read whole), and
    which no index gave for DESC alone (a Sort, or an Incremental Sort by id, was left)."""
    store = Store.open(Settings(data=tmp_path / "data", db=postgres_url))
    try:
        rows = [
            _row(n, DAY - timedelta(days=n % 40), "Pakistan" if n % 2 else "Afghanistan")
            for n in range(400)
        ]
        with store.engine.begin() as connection:
            connection.execute(insert(IncidentRow.__table__), rows)
            connection.execute(text("ANALYZE incidents"))
        asked: list[tuple[str, object]] = []

        def keep(
            _conn: object, _cursor: object, statement: str, parameters: object, *_: object
        ) -> None:
            if statement.lstrip().upper().startswith("SELECT INCIDENTS.ID"):
                asked.append((statement, parameters))

        event.listen(store.engine, "before_cursor_execute", keep)
        where = IncidentFilter(admin1="kunar", date_from=DAY - timedelta(days=30), date_to=DAY)
        with store.read_session() as session:
            first = IncidentRepository(session).ids_after(where, None, limit=11)
            IncidentRepository(session).ids_after(
                where, Cursor(DAY - timedelta(days=3), first[-1]), limit=11
            )
        event.remove(store.engine, "before_cursor_execute", keep)
        assert len(asked) >= 3, asked
        with store.engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cursor:
                for plan_kind in ("seqscan", "bitmapscan", "sort"):
                    cursor.execute(f"SET enable_{plan_kind} = off")
                for statement, parameters in asked:
                    cursor.execute("EXPLAIN " + statement, parameters)
                    plan = "\n".join(line for (line,) in cursor.fetchall())
                    assert "ix_incidents_list" in plan, plan
                    assert "Sort" not in plan, plan
            connection.rollback()
    finally:
        store.close()
