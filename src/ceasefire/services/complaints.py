"""Use cases of complaints: a party liaison lodges one (a document of kind complaint, with the
incident it is about), a monitor reviews it.

The web app and the API speak to :class:`ComplaintService` only. :class:`DocumentComplaints` is the
first implementation: a complaint is its document plus a review state. When cases and findings
(received → acknowledged → … → finding) exist, another implementation of the same interface turns a
lodged complaint into a case and a review into a case step, and the routes stay as they are.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.domain import Document
from ceasefire.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from ceasefire.record.entries import (
    COMPLAINT_LODGED,
    COMPLAINT_REVIEWED,
    complaint_payload,
    complaint_review_payload,
)
from ceasefire.record.store import Store
from ceasefire.record.web_tables import ComplaintRow
from ceasefire.services.accounts import Permission, User, require
from ceasefire.services.documents import add_document
from ceasefire.services.intake import Submission, meta_of, read_submission
from ceasefire.services.log import record_change


class ReviewState(StrEnum):
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    VERIFIED = "verified"
    NOT_A_VIOLATION = "not_a_violation"
    INCONCLUSIVE = "inconclusive"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES


FINAL_STATES = frozenset(
    {ReviewState.VERIFIED, ReviewState.NOT_A_VIOLATION, ReviewState.INCONCLUSIVE}
)


@dataclass(frozen=True, slots=True)
class Complaint:
    id: str
    document_id: str
    party: str
    lodged_by: str
    lodged_at: str
    title: str
    incident_id: str | None
    state: ReviewState
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    review_note: str | None = None


@dataclass(frozen=True, slots=True)
class Lodging:
    """A complaint as a party hands it in: a title, the incident it concerns, its evidence."""

    title: str
    evidence: Submission
    incident_id: str | None = None


class ComplaintService(Protocol):
    """What the web app needs of complaints; each method checks the user's role and party."""

    def lodge(self, user: User, lodging: Lodging) -> Complaint: ...

    def review(
        self, user: User, complaint_id: str, *, state: ReviewState, note: str | None
    ) -> Complaint: ...

    def list(self, user: User, *, state: ReviewState | None = None) -> list[Complaint]: ...

    def get(self, user: User, complaint_id: str) -> Complaint: ...


def _to_complaint(row: ComplaintRow) -> Complaint:
    return Complaint(
        id=row.id,
        document_id=row.document_id,
        party=row.party,
        lodged_by=row.lodged_by,
        lodged_at=row.lodged_at,
        title=row.title,
        incident_id=row.incident_id,
        state=ReviewState(row.state),
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        review_note=row.review_note,
    )


def _may_see(user: User, row: ComplaintRow) -> bool:
    if user.can(Permission.SEE_ALL_COMPLAINTS):
        return True
    return user.can(Permission.LODGE_COMPLAINT) and user.party == row.party


class DocumentComplaints:
    """Complaints as documents of kind complaint with a review state (no cases yet)."""

    def __init__(self, store: Store, *, extract: bool = True) -> None:
        self.store = store
        self.extract = extract

    def lodge(self, user: User, lodging: Lodging) -> Complaint:
        require(user, Permission.LODGE_COMPLAINT)
        if not user.party:
            raise PermissionDeniedError("only a party's liaison lodges complaints", where=user.name)
        title = lodging.title.strip()
        if not title:
            raise InputError("a complaint needs a title", where="title")
        content, name = read_submission(lodging.evidence)
        submission = Submission(meta={**(lodging.evidence.meta or {}), "kind": "complaint"})
        meta = meta_of(submission, content, user)
        complaint_id = uuid.uuid4().hex[:16]
        made: list[Complaint] = []

        def write(session: Session, document: Document) -> None:
            made.append(self._write(session, user, complaint_id, document.id, title, lodging))

        digest, added = add_document(
            self.store,
            content,
            meta,
            source_name=name,
            extract=self.extract,
            author=user.author,
            on_added=write,
        )
        if not added:  # the same evidence again: the document is there, the complaint is new
            with self.store.session() as session:
                made.append(self._write(session, user, complaint_id, digest, title, lodging))
        return made[0]

    @staticmethod
    def _write(
        session: Session,
        user: User,
        complaint_id: str,
        document_id: str,
        title: str,
        lodging: Lodging,
    ) -> Complaint:
        assert user.party is not None
        payload = complaint_payload(
            complaint_id=complaint_id,
            document_id=document_id,
            party=user.party,
            lodged_by=user.name,
            title=title,
            incident_id=lodging.incident_id or None,
        )
        entry = record_change(session, COMPLAINT_LODGED, complaint_id, payload, user.author)
        row = ComplaintRow(
            id=complaint_id,
            document_id=document_id,
            party=user.party,
            lodged_by=user.name,
            lodged_at=entry.created_at,
            title=title,
            incident_id=lodging.incident_id or None,
            state=ReviewState.RECEIVED.value,
        )
        session.add(row)
        session.flush()
        return _to_complaint(row)

    def review(
        self, user: User, complaint_id: str, *, state: ReviewState, note: str | None
    ) -> Complaint:
        require(user, Permission.REVIEW_COMPLAINT)
        state = ReviewState(state)
        if state is ReviewState.RECEIVED:
            raise InputError("a review moves a complaint on from received", where="state")
        with self.store.session() as session:
            row = session.get(ComplaintRow, complaint_id)
            if row is None:
                raise NotFoundError("no such complaint", where=complaint_id)
            if ReviewState(row.state).is_final:
                raise ConflictError(f"the complaint is closed ({row.state})", where=complaint_id)
            note = (note or "").strip() or None
            if state.is_final and not note:
                raise InputError("a closing review needs a note saying why", where="note")
            payload = complaint_review_payload(
                complaint_id=complaint_id, state=state.value, note=note, reviewed_by=user.name
            )
            entry = record_change(session, COMPLAINT_REVIEWED, complaint_id, payload, user.author)
            row.state = state.value
            row.review_note = note
            row.reviewed_by = user.name
            row.reviewed_at = entry.created_at
            return _to_complaint(row)

    def list(self, user: User, *, state: ReviewState | None = None) -> list[Complaint]:
        if not (user.can(Permission.SEE_ALL_COMPLAINTS) or user.can(Permission.LODGE_COMPLAINT)):
            require(user, Permission.SEE_ALL_COMPLAINTS)
        query = select(ComplaintRow).order_by(ComplaintRow.lodged_at.desc(), ComplaintRow.id)
        if state is not None:
            query = query.where(ComplaintRow.state == ReviewState(state).value)
        if not user.can(Permission.SEE_ALL_COMPLAINTS):
            query = query.where(ComplaintRow.party == user.party)
        with self.store.read_session() as session:
            return [_to_complaint(row) for row in session.scalars(query)]

    def get(self, user: User, complaint_id: str) -> Complaint:
        with self.store.read_session() as session:
            row = session.get(ComplaintRow, complaint_id)
            # A complaint the user may not see is answered as absent: its existence is not told.
            if row is None or not _may_see(user, row):
                if row is not None and user.is_anonymous:
                    require(user, Permission.SEE_ALL_COMPLAINTS)
                raise NotFoundError("no such complaint", where=complaint_id)
            return _to_complaint(row)
