"""The search index on both backends: triggers keep SQLite's FTS5 tables in step with the rows
(insert, update, delete), and a document longer than PostgreSQL's tsvector can hold is stored and
found by its first words."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from ceasefire.domain import DocumentMeta
from ceasefire.read.files import read_bytes
from ceasefire.record.store import Store
from ceasefire.services.documents import add_document


def _found(store: Store, word: str) -> int:
    with store.read_session() as session:
        if session.get_bind().dialect.name == "sqlite":
            query = (
                "SELECT count(*) FROM documents WHERE rowid IN "
                "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q)"
            )
            return int(session.execute(text(query), {"q": f'"{word}"'}).scalar_one())
        query = (
            "SELECT count(*) FROM documents WHERE to_tsvector('english', coalesce(title, '') || "
            "' ' || coalesce(publisher, '') || ' ' || left(coalesce(text, ''), 200000)) "
            "@@ websearch_to_tsquery('english', :q)"
        )
        return int(session.execute(text(query), {"q": word}).scalar_one())


def test_index_follows_the_rows_and_holds_long_documents(store: Store) -> None:
    # About 1.6 MB of distinct words: more than a PostgreSQL tsvector may hold, were it indexed whole.
    body = "Quetzalcoatlus opened the hearing. " + " ".join(f"w{n:07d}" for n in range(200_000))
    meta = DocumentMeta(collected_at=datetime.now(UTC), collected_by="tester", title="Long")
    digest, added = add_document(
        store,
        read_bytes(body.encode(), name="long.txt"),
        meta,
        source_name="long.txt",
        extract=False,
    )
    assert added
    assert _found(store, "quetzalcoatlus") == 1
    with store.session() as session:
        session.execute(
            text("UPDATE documents SET title = 'Pterosaur' WHERE id = :id"), {"id": digest}
        )
    assert _found(store, "pterosaur") == 1
    with store.session() as session:
        # The rows that refer to the document (its near-duplicate bands) go first.
        session.execute(text("DELETE FROM document_bands WHERE document_id = :id"), {"id": digest})
        session.execute(text("DELETE FROM documents WHERE id = :id"), {"id": digest})
    assert _found(store, "quetzalcoatlus") == 0
