"""The bulk writer's pieces on both backends: a look-up of thousands of keys bound as one
parameter finds exactly the stored ones, by index; values made ready by ``Columns`` for a dialect
named in another process read back as SQLAlchemy's own insert writes them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import cast

from sqlalchemy import Table, insert, select

from ceasefire.record.bulk import Columns, dialect_name, dialect_named, insert_values, one_of
from ceasefire.record.interop import IMPORT_KEYS, ImportKeys
from ceasefire.record.store import Store
from ceasefire.record.tables import DocumentRow


def test_one_of_thousands_of_keys_finds_the_stored_ones_by_index(store: Store) -> None:
    with store.connection() as connection, store.session(connection) as session:
        keys = ImportKeys(session)
        keys.create()
        keys.add(f"K{n}" for n in range(0, 6000, 2))
        asked = [f"K{n}" for n in range(3000, 9000)] + ["K3000", "k3000", "K 3000", "", "K'1"]
        assert keys.read_before(asked) == {f"K{n}" for n in range(3000, 6000, 2)}
        assert keys.read_before([]) == set()
        if session.get_bind().dialect.name == "sqlite":
            query = select(IMPORT_KEYS.c.key).where(one_of(session, IMPORT_KEYS.c.key, asked))
            compiled = query.compile(session.get_bind())
            plan = (
                session.connection()
                .exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", (json.dumps(asked),))
                .all()
            )
            assert any("USING" in str(row[-1]) and "INDEX" in str(row[-1]) for row in plan), plan
        keys.drop()


def test_values_made_ready_read_back_as_sqlalchemy_writes_them(store: Store) -> None:
    table = cast(Table, DocumentRow.__table__)
    moment = datetime(2025, 10, 19, 8, 30, 1, 250, tzinfo=UTC)
    row = {
        "id": "a" * 64,
        "kind": "dataset_row",
        "publisher": "ACLED",
        "published_at": date(2025, 10, 18),
        "collected_at": moment,
        "collected_by": "tester",
        "language": "en",
        "title": "ACLED PAK1",
        "source_name": "acled.csv:2",
        "media_type": "text/csv",
        "size": 10,
        "word_count": 3,
        # What COPY's text format escapes (tab, newline, carriage return, backslash), and text
        # that is not ASCII.
        "text": "Notes, with ü;\ta tab,\na newline,\r\\N and a backslash \\.",
    }
    with store.session() as session:
        dialect = session.get_bind().dialect
        # Made where no engine is: the dialect named as a worker gets it.
        columns = Columns(table, list(row), dialect_named(dialect_name(dialect)))
        insert_values(session, table, columns.names, [columns.ready(list(row.values()))])
        session.execute(insert(table).values({**row, "id": "b" * 64}))
        # The form a worker sends (a line of COPY text on PostgreSQL; NULLs are the import's
        # test's), beside a row of values in the same statement, and an empty text.
        assert isinstance(columns.bulk(list(row.values())), bytes) == (dialect.name == "postgresql")
        ready = columns.ready(list({**row, "id": "d" * 64}.values()))
        insert_values(
            session,
            table,
            columns.names,
            [ready, columns.bulk(["c" * 64, *list(row.values())[1:]])],
        )
        insert_values(
            session, table, columns.names, [columns.bulk(["e" * 64, *list(row.values())[1:-1], ""])]
        )
    with store.read_session() as session:
        read = {
            found["id"][0]: dict(found)
            for found in session.execute(
                select(table).where(table.c.id.in_([c * 64 for c in "abcde"]))
            )
            .mappings()
            .all()
        }
    assert set(read) == set("abcde")
    for other in "bcd":
        assert {**read["a"], "id": other * 64} == read[other]
    assert read["a"]["published_at"] == date(2025, 10, 18)
    assert read["a"]["text"] == row["text"]
    assert read["e"]["text"] == ""
