"""What of the record was drawn from a complaint, which is never extracted (``DocumentKind.extracted``):
found for `ceasefire withdraw-complaint-extractions` and named by `ceasefire log verify`.

A store written before that rule held may keep incidents, claims and mentions quoting a party's
confidential evidence, and its aggregates and reported agreements: each is readable by people not
entitled to the complaint. The rows agree with their log entries, so no other checker names them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.domain import DocumentKind
from ceasefire.record.checkers import AfterReplay, CheckerRegistry, Coverage, Discrepancy
from ceasefire.record.tables import (
    AggregateRow,
    ClaimRow,
    DocumentRow,
    ExtractionRunRow,
    MentionRow,
    ReadingRow,
    ReportedAgreementRow,
)

REMEDY = "`ceasefire withdraw-complaint-extractions` withdraws it"


@dataclass(frozen=True, slots=True)
class ComplaintExtractions:
    """The incidents (any status) with a claim or mention of a complaint, and the complaints with an
    extraction run, aggregates or reported agreements, each in id order."""

    incidents: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.incidents or self.documents)


def drawn_from_complaints(session: Session) -> ComplaintExtractions:
    complaints = select(DocumentRow.id).where(DocumentRow.kind == DocumentKind.COMPLAINT.value)
    incidents: set[str] = set()
    for table in (ClaimRow, MentionRow, ReadingRow):
        incidents |= set(
            session.scalars(select(table.incident_id).where(table.document_id.in_(complaints)))
        )
    documents: set[str] = set()
    for rows in (ExtractionRunRow, AggregateRow, ReportedAgreementRow):
        documents |= set(
            session.scalars(select(rows.document_id).where(rows.document_id.in_(complaints)))
        )
    return ComplaintExtractions(sorted(incidents), sorted(documents))


def check_complaints(session: Session) -> list[Discrepancy]:
    """Each incident drawn from a complaint, and how many complaints have extraction rows (the
    complaints are not named: their own entries are sealed)."""
    found = drawn_from_complaints(session)
    named = [
        Discrepancy(
            f"incident {incident}",
            f"drawn from a confidential complaint, which is never extracted: {REMEDY}",
        )
        for incident in found.incidents
    ]
    if found.documents:
        named.append(
            Discrepancy(
                f"extraction of {len(found.documents)} complaint(s)",
                f"aggregates, agreements or runs drawn from confidential evidence: {REMEDY}",
            )
        )
    return named


def register(registry: CheckerRegistry) -> None:
    registry.add(
        Coverage(
            "complaints never extracted",
            tables=(),
            store=lambda session, _blobs: AfterReplay(session, check_complaints),
        )
    )
