"""Evidence submissions: who handed an original in for which case, when, and with what metadata.

A document is its original bytes; a complaint's evidence is one submission of it. When two parties
hand in the same bytes, there is one document and two submissions, each keeping what its submitter
gave (title, publisher…), so that neither sees the other's. Each submission is an
``evidence_submitted`` log entry, sealed (:mod:`ceasefire.record.sealing`): it is confidential.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ceasefire.domain import DocumentKind, DocumentMeta, EvidenceSubmission
from ceasefire.record.assessments import aware
from ceasefire.record.entries import utc_text
from ceasefire.record.tables import Base

EVIDENCE_SUBMITTED = "evidence_submitted"


class SubmissionRow(Base):
    """One submission of an original as a case's evidence (schema: migration 0008)."""

    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    case_id: Mapped[str] = mapped_column(String(16), index=True)
    party: Mapped[str] = mapped_column(String(64))
    submitted_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(16))
    source_name: Mapped[str | None] = mapped_column(Text)


def submission_payload(submission: EvidenceSubmission) -> dict[str, Any]:
    """``evidence_submitted``: the document, the case, who handed it in, when, as what."""
    meta = submission.meta
    return {
        "id": submission.id,
        "document": submission.document,
        "case": submission.case,
        "party": submission.party,
        "by": submission.by,
        "at": utc_text(submission.at),
        "title": meta.title,
        "publisher": meta.publisher,
        "url": meta.url,
        "published_at": meta.published_at.isoformat() if meta.published_at else None,
        "language": meta.language,
        "source_name": submission.source_name,
    }


def _submission(row: SubmissionRow) -> EvidenceSubmission:
    at = aware(row.submitted_at)
    return EvidenceSubmission(
        id=row.id,
        document=row.document_id,
        case=row.case_id,
        party=row.party,
        by=row.submitted_by,
        at=at,
        meta=DocumentMeta(
            kind=DocumentKind.COMPLAINT,
            publisher=row.publisher,
            url=row.url,
            published_at=row.published_at,
            collected_at=at,
            collected_by=row.submitted_by,
            language=row.language,
            title=row.title,
        ),
        source_name=row.source_name,
    )


class EvidenceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, submission: EvidenceSubmission) -> None:
        meta = submission.meta
        self.session.add(
            SubmissionRow(
                id=submission.id,
                document_id=submission.document,
                case_id=submission.case,
                party=submission.party,
                submitted_by=submission.by,
                submitted_at=submission.at,
                title=meta.title,
                publisher=meta.publisher,
                url=meta.url,
                published_at=meta.published_at,
                language=meta.language,
                source_name=submission.source_name,
            )
        )
        self.session.flush()

    def submissions(
        self, *, document: str | None = None, party: str | None = None
    ) -> list[EvidenceSubmission]:
        query = select(SubmissionRow).order_by(SubmissionRow.submitted_at, SubmissionRow.id)
        if document is not None:
            query = query.where(SubmissionRow.document_id == document)
        if party is not None:
            query = query.where(SubmissionRow.party == party)
        return [_submission(row) for row in self.session.scalars(query)]
