"""Repository of documents: rows to domain objects and back, look-up by id prefix."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, func, or_, select
from sqlalchemy.orm import Session

from ceasefire.domain import Document, DocumentKind, DocumentMeta
from ceasefire.errors import AmbiguousIdError, NotFoundError
from ceasefire.record.bulk import BulkRow, insert_rows, insert_values, one_of
from ceasefire.record.deferred import DOCUMENTS, triggers_deferred
from ceasefire.record.tables import DocumentRow


def to_row(document: Document) -> DocumentRow:
    return DocumentRow(**row_values(document))


def row_values(document: Document) -> dict[str, Any]:
    meta = document.meta
    return {
        "id": document.id,
        "kind": meta.kind.value,
        "publisher": meta.publisher,
        "url": meta.url,
        "published_at": meta.published_at,
        "collected_at": meta.collected_at,
        "collected_by": meta.collected_by,
        "language": meta.language,
        "title": meta.title,
        "source_name": document.source_name,
        "media_type": document.media_type,
        "size": document.size,
        "word_count": document.word_count,
        "text": document.text,
        "duplicate_group": document.duplicate_group,
        "minhash": document.minhash,
    }


def to_domain(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        meta=DocumentMeta(
            kind=DocumentKind(row.kind),
            publisher=row.publisher,
            url=row.url,
            published_at=row.published_at,
            collected_at=row.collected_at,
            collected_by=row.collected_by,
            language=row.language,
            title=row.title,
        ),
        text=row.text,
        source_name=row.source_name,
        size=row.size,
        media_type=row.media_type,
        duplicate_group=row.duplicate_group,
        minhash=bytes(row.minhash) if row.minhash is not None else None,
    )


class DocumentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def groups_of(self, document_ids: Sequence[str]) -> dict[str, str]:
        """Each document's duplicate group (its own id when it has none)."""
        rows = self.session.execute(
            select(DocumentRow.id, DocumentRow.duplicate_group).where(
                DocumentRow.id.in_(list(document_ids))
            )
        )
        return {row[0]: row[1] or row[0] for row in rows}

    def exists(self, document_id: str) -> bool:
        return self.session.get(DocumentRow, document_id) is not None

    def add(self, document: Document) -> None:
        self.add_many([document])

    def add_many(self, documents: Sequence[Document]) -> None:
        """Adds the rows of many documents with one flush (a batch of an import)."""
        self.session.add_all([to_row(document) for document in documents])
        self.session.flush()

    def insert_many(self, documents: Sequence[Document]) -> None:
        """:meth:`add_many` with one INSERT of many rows and no ORM objects; the search index
        takes them in one pass (:mod:`ceasefire.record.deferred`)."""
        if documents:
            table = cast(Table, DocumentRow.__table__)
            rows = [row_values(d) for d in documents]
            with triggers_deferred(self.session, DOCUMENTS, [d.id for d in documents]):
                insert_rows(self.session, table, rows)

    def insert_ready(
        self, names: Sequence[str], rows: Sequence[BulkRow], ids: Sequence[str]
    ) -> None:
        """New documents (``ids``) from their rows' values, ready (:func:`row_values` through
        :class:`~ceasefire.record.bulk.Columns`), with one INSERT and no ORM objects (a batch
        import); the search index takes them in one pass (:mod:`ceasefire.record.deferred`)."""
        if rows:
            with triggers_deferred(self.session, DOCUMENTS, ids):
                insert_values(self.session, cast(Table, DocumentRow.__table__), names, rows)

    def existing(self, document_ids: Sequence[str]) -> set[str]:
        """Which of these documents are stored (by primary key)."""
        if not document_ids:
            return set()
        query = select(DocumentRow.id).where(one_of(self.session, DocumentRow.id, document_ids))
        return set(self.session.scalars(query))

    def get(self, document_id: str) -> Document:
        row = self.session.get(DocumentRow, document_id)
        if row is None:
            raise NotFoundError("no such document", where=document_id)
        return to_domain(row)

    def find(self, prefix: str, *, among: ColumnElement[bool] | None = None) -> Document:
        """The one document whose id starts with ``prefix`` (at least 4 hex characters), among
        those ``among`` admits (the documents a user may read: one that user may not read is
        neither found nor makes the prefix ambiguous)."""
        prefix = prefix.strip().lower()
        if len(prefix) < 4 or any(c not in "0123456789abcdef" for c in prefix):
            raise NotFoundError("a document id prefix is at least 4 hex characters", where=prefix)
        query = select(DocumentRow).where(DocumentRow.id.startswith(prefix, autoescape=True))
        if among is not None:
            query = query.where(among)
        rows = self.session.scalars(query.limit(2)).all()
        if not rows:
            raise NotFoundError("no document with this id prefix", where=prefix)
        if len(rows) > 1:
            raise AmbiguousIdError("more than one document has this id prefix", where=prefix)
        return to_domain(rows[0])

    def list(self, *, limit: int | None = None) -> Sequence[Document]:
        query = select(DocumentRow).order_by(
            DocumentRow.published_at.desc().nulls_last(), DocumentRow.id
        )
        if limit is not None:
            query = query.limit(limit)
        return [to_domain(row) for row in self.session.scalars(query)]

    def ids_since(
        self, since: date | None, *, skip_kinds: Sequence[str] = ()
    ) -> builtins.list[str]:
        """Ids of the documents published (else collected) on or after ``since`` (all when None),
        in the order they were collected."""
        query = select(DocumentRow.id).order_by(DocumentRow.collected_at, DocumentRow.id)
        if skip_kinds:
            query = query.where(DocumentRow.kind.not_in(list(skip_kinds)))
        if since is not None:
            start = datetime.combine(since, time.min, tzinfo=UTC)
            query = query.where(
                or_(
                    DocumentRow.published_at >= since,
                    and_(DocumentRow.published_at.is_(None), DocumentRow.collected_at >= start),
                )
            )
        return builtins.list(self.session.scalars(query))

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(DocumentRow)) or 0)
