"""What each user may read of cases, findings and documents (the role rules of the web app).

- The secretariat and the monitors read everything.
- A finding is **published** once its case is sent to the parties: from then on the parties and the
  public read it, with the replies as they come.
- A party's liaison reads, besides, the unpublished findings about its own party (the party found
  responsible; for a finding that names none, the party complained against) — never the
  unpublished findings about another party — and the cases its party lodged, with their evidence.
- A complaint document (kind complaint) is read only by those who read every case, and by the party
  that lodged it as evidence: it is evidence under review, not a publication. The same original
  handed in by two parties is one document and two submissions; a party sees it with its own
  submission's metadata, never the other's.
- The log is public, but the payload of a sealed entry (a case, an unpublished finding, a
  complaint's evidence and its submissions) is opened only for those who may read its subject.

A case or finding a user may not read is answered as absent: its existence is not told.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ceasefire.assess.cases import is_published as is_published
from ceasefire.domain import Document, DocumentKind, DocumentMeta, EvidenceSubmission
from ceasefire.domain.agreement import Case, Finding
from ceasefire.record.assess_entries import (
    CASE_ADVANCED,
    CASE_LODGED,
    FINDING_RECORDED,
    REPLY_RECORDED,
)
from ceasefire.record.assessments import CaseRepository
from ceasefire.record.documents import DocumentRepository, to_domain
from ceasefire.record.entries import DOCUMENT_ADDED
from ceasefire.record.evidence import EVIDENCE_SUBMITTED, EvidenceRepository
from ceasefire.record.log import LogEntry
from ceasefire.record.sealing import Opening, SealedPayloads
from ceasefire.record.store import Store
from ceasefire.record.tables import DocumentRow
from ceasefire.services.accounts import Permission, User
from ceasefire.services.cases import CaseView
from ceasefire.services.log import is_sealed, log_entries


def is_about(finding: Finding, case: Case, party: str) -> bool:
    """Whether the finding concerns ``party``: the party it finds responsible, else (a finding
    that names none) the party the complaint is against."""
    return (finding.party or case.against) == party


def sees_every_case(user: User) -> bool:
    return user.can(Permission.SEE_ALL_CASES)


def may_see_case(user: User, case: Case) -> bool:
    return sees_every_case(user) or (bool(user.party) and case.complainant == user.party)


def may_see_finding(user: User, finding: Finding, case: Case) -> bool:
    if sees_every_case(user) or is_published(case):
        return True
    return bool(user.party) and is_about(finding, case, user.party or "")


def without_hidden_finding(user: User, view: CaseView) -> CaseView:
    """The case view without a finding the user may not read: a party sees that its case has
    reached a finding, not the finding."""
    if view.finding is not None and not may_see_finding(user, view.finding, view.case):
        return replace(view, finding=None)
    return view


def _own_evidence(store: Store, party: str | None) -> set[str]:
    """The documents a party lodged as evidence of its complaints."""
    if not party:
        return set()
    with store.read_session() as session:
        cases = CaseRepository(session).cases()
    return {d for case in cases if case.complainant == party for d in case.evidence}


def as_seen_by(session: Session, user: User, document: Document) -> Document:
    """The document as ``user`` sees it. A complaint's original may have been handed in by more
    than one submitter: a party sees it with the metadata of its own submission (title, publisher,
    who and when), never another's; without a submission of its own, with none at all."""
    if document.meta.kind is not DocumentKind.COMPLAINT or sees_every_case(user):
        return document
    own = EvidenceRepository(session).submissions(document=document.id, party=user.party or "")
    if not own:
        return replace(document, meta=DocumentMeta(kind=DocumentKind.COMPLAINT), source_name=None)
    return replace(document, meta=own[0].meta, source_name=own[0].source_name)


def list_visible_documents(
    store: Store, user: User, *, offset: int = 0, limit: int = 50
) -> tuple[list[Document], int]:
    """One page of the documents ``user`` may read, newest first, and how many there are."""
    query = select(DocumentRow)
    counted = select(func.count()).select_from(DocumentRow)
    visible = _readable(store, user)
    if visible is not None:
        query, counted = query.where(visible), counted.where(visible)
    query = query.order_by(DocumentRow.collected_at.desc(), DocumentRow.id).offset(offset)
    with store.read_session() as session:
        rows = session.scalars(query.limit(limit)).all()
        documents = [as_seen_by(session, user, to_domain(row)) for row in rows]
        return documents, int(session.scalar(counted) or 0)


def _readable(store: Store, user: User) -> ColumnElement[bool] | None:
    """The condition on documents ``user`` may read (None: every one)."""
    if sees_every_case(user):
        return None
    own = _own_evidence(store, user.party)
    visible = DocumentRow.kind != DocumentKind.COMPLAINT.value
    return visible | DocumentRow.id.in_(sorted(own)) if own else visible


def visible_document(store: Store, user: User, prefix: str) -> Document:
    """The document of ``prefix`` among those ``user`` may read: one they may not read is neither
    shown nor named, not even by making a prefix ambiguous."""
    with store.read_session() as session:
        document = DocumentRepository(session).find(prefix, among=_readable(store, user))
        return as_seen_by(session, user, document)


def visible_submissions(store: Store, user: User, document_id: str) -> list[EvidenceSubmission]:
    """The submissions of a document the user may read: every one for those who read every case,
    a party's own for its liaison, none for anyone else."""
    if not sees_every_case(user) and not user.party:
        return []
    with store.read_session() as session:
        party = None if sees_every_case(user) else user.party
        return EvidenceRepository(session).submissions(document=document_id, party=party)


def readable_documents(
    store: Store, user: User, documents: dict[str, Document]
) -> dict[str, Document]:
    """Those of ``documents`` the user may read (an incident's page shows its documents), each as
    the user sees it."""
    if sees_every_case(user) or all(
        d.meta.kind is not DocumentKind.COMPLAINT for d in documents.values()
    ):
        return documents
    own = _own_evidence(store, user.party)
    with store.read_session() as session:
        return {
            key: as_seen_by(session, user, d)
            for key, d in documents.items()
            if d.meta.kind is not DocumentKind.COMPLAINT or d.id in own
        }


# What the log shows each user


@dataclass(frozen=True, slots=True)
class EntryView:
    """A log entry as everyone sees it, and, for a sealed entry the user may read, its opening
    (the salt and the payload, which the user can hash to the entry's commitment)."""

    entry: LogEntry
    opening: Opening | None = None

    @property
    def is_sealed(self) -> bool:
        return is_sealed(self.entry)


def log_entries_for(
    store: Store, user: User, *, start: int = 1, limit: int = 100
) -> list[EntryView]:
    """Entries from ``start`` on: every entry is public (sealed ones as their commitments); a
    sealed entry is opened for a user entitled to read its subject."""
    entries = log_entries(store, start=start, limit=limit)
    sealed = [e for e in entries if is_sealed(e)]
    if not sealed or not (sees_every_case(user) or user.party):
        return [EntryView(e) for e in entries]
    with store.read_session() as session:
        openings = SealedPayloads(session).of(e.seq for e in sealed)
        entitled = _Entitlement(session, user)
        opened = {e.seq: openings.get(e.seq) for e in sealed if entitled.may_open(e)}
    return [EntryView(e, opened.get(e.seq)) for e in entries]


class _Entitlement:
    """Who may read the payload of a sealed entry: whoever may read its subject."""

    def __init__(self, session: Session, user: User) -> None:
        self.user = user
        self.everything = sees_every_case(user)
        if self.everything:
            return
        repository = CaseRepository(session)
        self.cases = {c.id: c for c in repository.cases()}
        self.findings = {f.id: f for f in repository.findings()}
        self.replies = {r.id: r.finding for r in repository.replies()}
        submissions = EvidenceRepository(session).submissions()
        self.submitters = {s.id: s.party for s in submissions}
        self.first_submitter: dict[str, str] = {}
        for submission in submissions:  # in the order they were made
            self.first_submitter.setdefault(submission.document, submission.party)

    def may_open(self, entry: LogEntry) -> bool:
        if self.everything:
            return True
        party = self.user.party
        if not party:
            return False
        kind, subject = entry.kind, entry.subject
        if kind in (CASE_LODGED, CASE_ADVANCED):
            case = self.cases.get(subject)
            return case is not None and may_see_case(self.user, case)
        if kind == REPLY_RECORDED:
            subject, kind = self.replies.get(subject, ""), FINDING_RECORDED
        if kind == FINDING_RECORDED:
            finding = self.findings.get(subject)
            if finding is None:
                return False
            case = self.cases.get(finding.case)
            return case is not None and may_see_finding(self.user, finding, case)
        if kind == EVIDENCE_SUBMITTED:
            return self.submitters.get(subject) == party
        if kind == DOCUMENT_ADDED:
            # The entry carries the metadata of the first submission: only its submitter's.
            return self.first_submitter.get(subject) == party
        return False
