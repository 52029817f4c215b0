"""Use case: withdraw what a store written before complaints stopped being extracted still holds of
them (`ceasefire withdraw-complaint-extractions`), through the log like any reviewer's change.

A complaint is a party's confidential evidence and is never extracted (``DocumentKind.extracted``);
a store from before that rule may hold incidents, claims, mentions, aggregates and reported
agreements drawn from one, readable by people not entitled to the complaint. In one transaction:

- an incident reported by complaints alone is discarded, without its claims and mentions
  (``incident_updated``, "withdrawn: drawn from a confidential complaint"); an incident already
  discarded loses them too;
- an incident also reported by other documents loses the complaints' claims and mentions; its
  figures and grade are reconciled again from the claims left (``incident_updated``, "claims of a
  complaint withdrawn"); its other fields stay as a reviewer or matching left them;
- a complaint's extraction run, aggregates and reported agreements are deleted
  (``extraction_withdrawn``);
- the record is assessed again against the agreements given: assessments of withdrawn incidents are
  withdrawn (``assessment_withdrawn``).

The incident summary and the search indexes follow by their triggers: a withdrawn incident leaves
the counts and the dashboard, no search finds it, and a complaint's words lead to no incident.

What it cannot undo: the log is append-only and public. Entries written before keep what they said —
each incident's fields and figures, its claims' sources, offsets, figures and the sha256 of each
quote (never the quote itself), and the aggregates' figures — as do bundles and exports made before.
The quotes and the complaint's text were in the database only, and leave every public view here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ceasefire.domain import DocumentKind, Incident
from ceasefire.domain.agreement import Agreement
from ceasefire.record.complaint_audit import drawn_from_complaints
from ceasefire.record.entries import (
    EXTRACTION_WITHDRAWN,
    INCIDENT_UPDATED,
    extraction_withdrawal_payload,
    incident_update_payload,
)
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.record.tables import (
    AggregateRow,
    DocumentRow,
    ExtractionRunRow,
    ReportedAgreementRow,
)
from ceasefire.services.assessment import reassess
from ceasefire.services.log import hold_log, record_change
from ceasefire.services.resolution import finalise, groups_for

__all__ = ["REASON", "ComplaintWithdrawal", "withdraw_complaint_extractions"]

REASON = (
    "drawn from a party's confidential complaint, which is never extracted: "
    "withdrawn from the record (earlier entries stay, as the log is append-only)"
)


@dataclass(slots=True)
class ComplaintWithdrawal:
    withdrawn: list[str] = field(default_factory=list)  # incidents of complaints alone
    trimmed: list[str] = field(default_factory=list)  # incidents other documents report too
    extractions: int = 0  # complaints whose run, aggregates and agreements were deleted

    @property
    def changed(self) -> bool:
        return bool(self.withdrawn or self.trimmed or self.extractions)


def withdraw_complaint_extractions(
    store: Store, *, author: Author, agreements: Sequence[Agreement] = ()
) -> ComplaintWithdrawal:
    """Withdraws every incident, claim, mention, aggregate and reported agreement drawn from a
    complaint, each change logged, in one transaction. Running it again changes nothing."""
    outcome = ComplaintWithdrawal()
    with store.session() as session:
        hold_log(session)
        found = drawn_from_complaints(session)
        if not found:
            return outcome
        complaints = set(
            session.scalars(
                select(DocumentRow.id).where(DocumentRow.kind == DocumentKind.COMPLAINT.value)
            )
        )
        repository = IncidentRepository(session)
        for _, incident in sorted(repository.get_many(found.incidents).items()):
            _withdraw_claims(session, incident, complaints, author, outcome)
        for document_id in found.documents:
            for table in (AggregateRow, ReportedAgreementRow, ExtractionRunRow):
                session.execute(delete(table).where(table.document_id == document_id))
            payload = extraction_withdrawal_payload(document_id, REASON)
            record_change(session, EXTRACTION_WITHDRAWN, document_id, payload, author)
            outcome.extractions += 1
        reassess(session, agreements, author)
    return outcome


def _withdraw_claims(
    session: Session,
    incident: Incident,
    complaints: set[str],
    author: Author,
    outcome: ComplaintWithdrawal,
) -> None:
    claims = [c for c in incident.claims if c.document_id not in complaints]
    mentions = [m for m in incident.mentions if m.document_id not in complaints]
    readings = [r for r in incident.readings if r.document_id not in complaints]
    if claims or mentions:
        left = replace(incident, claims=claims, mentions=mentions, readings=readings)
        changed = finalise(left, groups_for(session, [left]))
        change = "claims of a complaint withdrawn"
        outcome.trimmed.append(incident.id)
    else:
        status = "discarded" if incident.status == "active" else incident.status
        changed = replace(incident, claims=[], mentions=[], readings=[], status=status)
        change = "withdrawn: drawn from a confidential complaint"
        outcome.withdrawn.append(incident.id)
    IncidentRepository(session).save(changed)
    record_change(
        session,
        INCIDENT_UPDATED,
        changed.id,
        incident_update_payload(changed, change=change, reason=REASON),
        author,
    )
