"""Bulk inserts with the per-row triggers deferred (record/deferred.py; migration 0021 on PostgreSQL),
on SQLite and PostgreSQL: incidents and documents written in bulk leave the incident summary and the keyword
search exactly as incidents written one by one through the triggers do — summary keys both new and
already present, inactive incidents left out — the triggers are back, as they were, for the next
writer (also after a bulk insert that failed), and SQLite's FTS5 indexes pass their own integrity
check against the rows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import psycopg
import pytest
from sqlalchemy import func, select, text

from ceasefire.domain import (
    Claim,
    Document,
    DocumentKind,
    DocumentMeta,
    Estimate,
    EventDate,
    Incident,
    Place,
    Quantity,
    Stance,
)
from ceasefire.domain.event import DatePrecision
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.incidents import IncidentFilter, IncidentRepository
from ceasefire.record.store import Store
from ceasefire.record.summary import check_summary, expected_summary, stored_summary

PLACES = ("Chaman", "Bannu", "Barmal", "Kurram", "Torkham")


def _document(number: int) -> Document:
    return Document(
        id=f"{number:064x}",
        meta=DocumentMeta(
            kind=DocumentKind.DATASET_ROW,
            publisher="ACLED",
            collected_at=datetime(2026, 1, 1, tzinfo=UTC),
            title=f"ACLED row {number}",
        ),
        text=f"Row {number}: shelling near {PLACES[number % 5]}, word{number} reported.",
    )


def _incident(number: int, document: Document) -> Incident:
    killed = number % 4
    return Incident(
        id=f"inc{number:017d}",
        event_type="Battles" if number % 3 else "Explosions/Remote violence",
        sub_event_type="Armed clash" if number % 3 else "Shelling/artillery/missile attack",
        date=EventDate(date(2025, 10, 1 + number % 6), DatePrecision.DAY),
        place=Place(
            country="Pakistan" if number % 2 else "Afghanistan",
            admin1=None if number % 7 == 0 else f"Province{number % 3}",
            location=f"{PLACES[number % 5]} place{number}",
        ),
        fatalities=Estimate(killed, killed, killed + 1 if number % 5 else None),
        claims=[
            Claim(
                document_id=document.id,
                start=0,
                end=len(document.text),
                quote=document.text,
                source="ACLED",
                source_kind="dataset",
                stance=Stance.ASSERTS,
                fatalities=Quantity(killed, killed),
            )
        ],
        status="merged" if number % 11 == 0 else "active",
    )


def _write(store: Store, numbers: range, *, bulk: bool) -> None:
    documents = [_document(n) for n in numbers]
    incidents = [_incident(n, d) for n, d in zip(numbers, documents, strict=True)]
    with store.session() as session:
        if bulk:
            DocumentRepository(session).insert_many(documents)
            IncidentRepository(session).insert_many(incidents)
        else:
            DocumentRepository(session).add_many(documents)
            IncidentRepository(session).add_many(incidents)


def _found(store: Store, words: str) -> set[str]:
    with store.read_session() as session:
        return {i.id for i in IncidentRepository(session).list(IncidentFilter(q=words))}


def _schema(store: Store) -> list[tuple[str, str]]:
    query = {
        "sqlite": "SELECT name, sql FROM sqlite_master ORDER BY name",
        "postgresql": "SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'incident%' "
        "ORDER BY proname",
    }[store.engine.dialect.name]
    with store.read_session() as session:
        return [(str(name), str(sql)) for name, sql in session.execute(text(query))]


def test_bulk_inserts_keep_the_summary_and_search_as_the_triggers_do(store: Store) -> None:
    schema = _schema(store)
    assert any("summary" in name for name, _ in schema)
    _write(store, range(0, 40), bulk=False)  # through the triggers
    with store.read_session() as session:
        before = {key for _, key, _ in stored_summary(session)}
    _write(store, range(40, 70), bulk=True)  # keys already summed, and new ones (day 6 …)
    # A second batch right after the first, on the same connection: its groups go into the
    # temporary table the first one made and dropped (record/deferred.py).
    _write(store, range(70, 100), bulk=True)
    _write(store, range(100, 110), bulk=False)  # the triggers again, after a bulk write
    with store.read_session() as session:
        assert check_summary(session) == []
        expected = expected_summary(session)
        stored = {key: figures for _, key, figures in stored_summary(session)}
        assert stored == expected
        assert len(stored) == len(expected) > len(before) > 0
        active = session.scalar(text("SELECT count(*) FROM incidents WHERE status = 'active'"))
        assert sum(figures[0] for figures in stored.values()) == active < 110
        if store.engine.dialect.name == "sqlite":
            for index in ("incidents_fts", "documents_fts"):
                # FTS5 compares its index with the rows of the table it indexes.
                session.execute(text(f"INSERT INTO {index}({index}) VALUES('integrity-check')"))
            indexed = session.scalar(text("SELECT count(*) FROM incidents_fts"))
            assert indexed == session.scalar(select(func.count()).select_from(text("incidents")))
    for number in (3, 41, 78, 97, 105):  # active ones (the list leaves out merged ones)
        # By the incident's own place, and by a word only its document holds.
        assert _found(store, f"place{number}") == {_incident(number, _document(number)).id}
        assert _found(store, f"word{number}") == {_incident(number, _document(number)).id}
    assert len(_found(store, "Chaman")) == len([n for n in range(0, 110, 5) if n % 11])
    assert _schema(store) == schema  # the triggers stepped aside and came back as they were


def test_a_failed_bulk_insert_leaves_nothing_behind(store: Store) -> None:
    schema = _schema(store)
    _write(store, range(0, 5), bulk=False)
    document = _document(1)  # stored already: the primary key refuses the row
    # The driver's own error (the bulk writer talks to the driver, not through SQLAlchemy).
    refused = (sqlite3.IntegrityError, psycopg.errors.IntegrityError)
    with pytest.raises(refused), store.session() as session:
        DocumentRepository(session).insert_many([_document(7), document])
    with store.read_session() as session:
        assert session.scalar(text("SELECT count(*) FROM documents")) == 5
        assert check_summary(session) == []
    assert _schema(store) == schema
    _write(store, range(7, 8), bulk=False)  # the triggers work for the next writer
    assert _found(store, "word7") == {_incident(7, _document(7)).id}
