"""Which documents a user may read: everything but complaints, which only the secretariat, the
monitors and the party that lodged them see (a complaint is evidence under review, not published)."""

from __future__ import annotations

from sqlalchemy import func, select

from ceasefire.domain import Document, DocumentKind
from ceasefire.errors import NotFoundError
from ceasefire.record.documents import DocumentRepository, to_domain
from ceasefire.record.store import Store
from ceasefire.record.tables import DocumentRow
from ceasefire.record.web_tables import ComplaintRow
from ceasefire.services.accounts import Permission, User


def _sees_complaints(user: User) -> bool:
    return user.can(Permission.SEE_ALL_COMPLAINTS)


def list_visible_documents(
    store: Store, user: User, *, offset: int = 0, limit: int = 50
) -> tuple[list[Document], int]:
    """One page of the documents ``user`` may read, newest first, and how many there are."""
    query = select(DocumentRow)
    counted = select(func.count()).select_from(DocumentRow)
    if not _sees_complaints(user):
        own = select(ComplaintRow.document_id).where(ComplaintRow.party == (user.party or ""))
        visible = (DocumentRow.kind != DocumentKind.COMPLAINT.value) | DocumentRow.id.in_(own)
        query, counted = query.where(visible), counted.where(visible)
    query = query.order_by(DocumentRow.collected_at.desc(), DocumentRow.id).offset(offset)
    with store.read_session() as session:
        rows = session.scalars(query.limit(limit)).all()
        return [to_domain(row) for row in rows], int(session.scalar(counted) or 0)


def visible_document(store: Store, user: User, prefix: str) -> Document:
    with store.read_session() as session:
        document = DocumentRepository(session).find(prefix)
        if document.meta.kind is DocumentKind.COMPLAINT and not _sees_complaints(user):
            lodged_by = session.scalars(
                select(ComplaintRow.party).where(ComplaintRow.document_id == document.id)
            ).all()
            if not user.party or user.party not in lodged_by:
                raise NotFoundError("no such document", where=prefix)
        return document
