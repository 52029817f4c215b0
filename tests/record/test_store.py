"""The store on SQLite and PostgreSQL: migrations, documents, locks, newer schemas, no half-writes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect, text

from ceasefire.config import Settings
from ceasefire.domain import Document, DocumentKind, DocumentMeta
from ceasefire.domain.document import document_id
from ceasefire.errors import (
    AmbiguousIdError,
    InputError,
    NotFoundError,
    SchemaTooNewError,
    StoreLockedError,
)
from ceasefire.read.files import ReadResult
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.store import Store
from ceasefire.services import add_document
from ceasefire.services.access import visible_document
from ceasefire.services.accounts import Role, User
from ceasefire.services.extraction import analyse


def _document(body: bytes, **meta: object) -> Document:
    return Document(
        id=document_id(body),
        meta=DocumentMeta(collected_at=datetime.now(UTC), **meta),  # type: ignore[arg-type]
        text=body.decode(),
        size=len(body),
    )


def test_open_applies_migrations(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert {"documents", "alembic_version"} <= names


def test_reopening_is_idempotent(settings: Settings) -> None:
    Store.open(settings).close()
    again = Store.open(settings)
    with again.engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    again.close()
    assert len(versions) == 1


def test_sqlite_uses_wal_and_foreign_keys(sqlite_settings: Settings) -> None:
    store = Store.open(sqlite_settings)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()
    assert (sqlite_settings.data / "ceasefire.db").is_file()


def test_document_round_trip(store: Store) -> None:
    doc = _document(
        b"Shelling reported.",
        kind=DocumentKind.STATEMENT,
        publisher="Example",
        published_at=date(2025, 10, 28),
        language="en",
    )
    with store.session() as session:
        DocumentRepository(session).add(doc)
    with store.session() as session:
        loaded = DocumentRepository(session).get(doc.id)
    assert loaded.meta.kind is DocumentKind.STATEMENT
    assert loaded.meta.published_at == date(2025, 10, 28)
    assert loaded.meta.collected_at is not None
    assert loaded.text == "Shelling reported."
    assert loaded.word_count == 2


def test_find_by_prefix(store: Store) -> None:
    first, second = _document(b"one report"), _document(b"another report")
    with store.session() as session:
        repo = DocumentRepository(session)
        repo.add(first)
        repo.add(second)
    with store.session() as session:
        repo = DocumentRepository(session)
        assert repo.find(first.id[:10]).id == first.id
        with pytest.raises(NotFoundError, match="4 hex"):
            repo.find("ab")
        with pytest.raises(NotFoundError):
            repo.find("0000000000")
    # Two ids sharing a prefix: build the second by searching bytes whose digest shares 4 characters.
    prefix = first.id[:4]
    twin = next(
        body
        for n in range(1_000_000)
        if document_id(body := f"twin {n}".encode()).startswith(prefix)
    )
    with store.session() as session:
        DocumentRepository(session).add(_document(twin))
    with store.session() as session, pytest.raises(AmbiguousIdError):
        DocumentRepository(session).find(prefix)


def test_schema_from_a_newer_version_is_refused(settings: Settings) -> None:
    store = Store.open(settings)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.close()
    with pytest.raises(SchemaTooNewError, match="newer version of ceasefire"):
        Store.open(settings)


def test_locked_sqlite_database_gets_a_clear_error(sqlite_settings: Settings) -> None:
    Store.open(sqlite_settings).close()
    database = sqlite_settings.data / "ceasefire.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.read()",
            str(database),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        store = Store.open(sqlite_settings, migrate=False)
        content = ReadResult(b"A report.", "A report.", "text/plain")
        with pytest.raises(StoreLockedError, match="locked by another process"):
            add_document(
                store, content, DocumentMeta(collected_at=datetime.now(UTC)), source_name="r.txt"
            )
        # The original written before the failed transaction was removed again.
        assert not store.blobs.has(document_id(b"A report."))
        store.close()
    finally:
        holder.communicate("")


def test_failed_write_leaves_no_original_and_no_row(store: Store) -> None:
    # A real database failure in the middle of the transaction: a trigger that rejects the insert.
    with store.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(
                "CREATE TRIGGER reject BEFORE INSERT ON documents "
                "BEGIN SELECT RAISE(ABORT, 'rejected by test'); END"
            )
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION reject() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'rejected by test'; END $$ LANGUAGE plpgsql"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER reject BEFORE INSERT ON documents "
                "FOR EACH ROW EXECUTE FUNCTION reject()"
            )
    body = b"Report that cannot be stored."
    content = ReadResult(body, body.decode(), "text/plain")
    with pytest.raises(Exception, match="rejected by test"):
        add_document(
            store, content, DocumentMeta(collected_at=datetime.now(UTC)), source_name="x.txt"
        )
    assert not store.blobs.has(document_id(body))
    with store.session() as session:
        assert DocumentRepository(session).count() == 0


def test_same_bytes_twice_change_nothing(store: Store) -> None:
    body = b"The same report."
    content = ReadResult(body, body.decode(), "text/plain")
    meta = DocumentMeta(collected_at=datetime.now(UTC))
    first = add_document(store, content, meta, source_name="a.txt")
    second = add_document(store, content, meta, source_name="b.txt")
    assert first == (document_id(body), True)
    assert second == (document_id(body), False)
    assert store.blobs.get(document_id(body)) == body
    stored = store.blobs.path_of(document_id(body))
    assert stored.parent.name == document_id(body)[:2] and stored.name == document_id(body)[2:]


def test_an_extraction_of_a_complaint_is_refused_whoever_ran_it(store: Store) -> None:
    # A worker (or any caller) that hands in an analysis of a complaint: nothing is written.
    body = b"A drone struck a house in Kurram district on 4 November 2025, killing three people."
    meta = DocumentMeta(kind=DocumentKind.COMPLAINT, collected_at=datetime.now(UTC))
    analysis = analyse(document_id(body), body.decode(), date(2025, 11, 5))
    assert analysis.incidents  # the pipeline finds the act: the store must not take it
    content = ReadResult(body, body.decode(), "text/plain")
    with pytest.raises(InputError, match="never extracted"):
        add_document(store, content, meta, source_name="c.txt", analysis=analysis)
    assert not store.blobs.has(document_id(body))
    with store.session() as session:
        assert DocumentRepository(session).count() == 0
    # Without an analysis it is stored, and nothing is extracted from it.
    digest, added = add_document(store, content, meta, source_name="c.txt")
    assert added
    with store.session() as session:
        assert DocumentRepository(session).exists(digest)


def _sharing_a_prefix() -> tuple[bytes, bytes]:
    # Two bodies whose ids share their first 4 hex characters (about 65,536 tries).
    seen: dict[str, bytes] = {}
    for n in range(1_000_000):
        body = f"Report number {n}.".encode()
        prefix = document_id(body)[:4]
        if prefix in seen:
            return seen[prefix], body
        seen[prefix] = body
    raise AssertionError("no shared prefix found")


def test_a_document_one_may_not_read_does_not_make_a_prefix_ambiguous(store: Store) -> None:
    public_body, complaint_body = _sharing_a_prefix()
    prefix = document_id(public_body)[:4]
    for body, kind in ((public_body, DocumentKind.NEWS), (complaint_body, DocumentKind.COMPLAINT)):
        meta = DocumentMeta(kind=kind, collected_at=datetime.now(UTC))
        add_document(store, ReadResult(body, body.decode(), "text/plain"), meta, source_name="r")
    reader = User("reader", Role.PUBLIC)
    # The public reader gets the one document they may read, with no hint of the other.
    assert visible_document(store, reader, prefix).id == document_id(public_body)
    with pytest.raises(NotFoundError):
        visible_document(store, reader, document_id(complaint_body)[:8])
    # The secretariat reads both, so the short prefix is ambiguous to it.
    with pytest.raises(AmbiguousIdError):
        visible_document(store, User("secretariat", Role.SECRETARIAT), prefix)
