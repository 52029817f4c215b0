"""What each user may read of cases, findings and documents (the role rules of the web app).

- The secretariat and the monitors read everything.
- A finding is **published** once its case is sent to the parties: from then on the parties and the
  public read it, with the replies as they come.
- A party's liaison reads, besides, the unpublished findings about its own party (the party found
  responsible; for a finding that names none, the party complained against) — never the
  unpublished findings about another party — and the cases its party lodged, with their evidence.
- A complaint document (kind complaint) is read only by those who read every case, and by the party
  that lodged it as evidence: it is evidence under review, not a publication.

A case or finding a user may not read is answered as absent: its existence is not told.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from ceasefire.domain import Document, DocumentKind
from ceasefire.domain.agreement import Case, CaseStep, Finding
from ceasefire.errors import NotFoundError
from ceasefire.record.assessments import CaseRepository
from ceasefire.record.documents import DocumentRepository, to_domain
from ceasefire.record.store import Store
from ceasefire.record.tables import DocumentRow
from ceasefire.services.accounts import Permission, User
from ceasefire.services.cases import CaseView

PUBLISHED_STEPS = frozenset({CaseStep.SENT_TO_PARTIES, CaseStep.RESPONSES_RECORDED})


def is_published(case: Case) -> bool:
    return case.step in PUBLISHED_STEPS


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


def list_visible_documents(
    store: Store, user: User, *, offset: int = 0, limit: int = 50
) -> tuple[list[Document], int]:
    """One page of the documents ``user`` may read, newest first, and how many there are."""
    query = select(DocumentRow)
    counted = select(func.count()).select_from(DocumentRow)
    if not sees_every_case(user):
        own = _own_evidence(store, user.party)
        visible = DocumentRow.kind != DocumentKind.COMPLAINT.value
        if own:
            visible = visible | DocumentRow.id.in_(sorted(own))
        query, counted = query.where(visible), counted.where(visible)
    query = query.order_by(DocumentRow.collected_at.desc(), DocumentRow.id).offset(offset)
    with store.read_session() as session:
        rows = session.scalars(query.limit(limit)).all()
        return [to_domain(row) for row in rows], int(session.scalar(counted) or 0)


def visible_document(store: Store, user: User, prefix: str) -> Document:
    with store.read_session() as session:
        document = DocumentRepository(session).find(prefix)
    if (
        document.meta.kind is DocumentKind.COMPLAINT
        and not sees_every_case(user)
        and document.id not in _own_evidence(store, user.party)
    ):
        raise NotFoundError("no document with this id prefix", where=prefix)
    return document


def readable_documents(
    store: Store, user: User, documents: dict[str, Document]
) -> dict[str, Document]:
    """Those of ``documents`` the user may read (an incident's page shows its documents)."""
    if sees_every_case(user) or all(
        d.meta.kind is not DocumentKind.COMPLAINT for d in documents.values()
    ):
        return documents
    own = _own_evidence(store, user.party)
    return {
        key: d
        for key, d in documents.items()
        if d.meta.kind is not DocumentKind.COMPLAINT or d.id in own
    }
