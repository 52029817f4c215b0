"""Use cases of complaints, cases and findings as a logged-in user performs them from the web app:
each checks the user's role (and party), then calls :mod:`ceasefire.services.cases` — the same
functions as `ceasefire cases …` and `ceasefire findings …`.

A party's liaison lodges a complaint: an allegation and its evidence (a pasted text or a file, kept
as a document of kind complaint), which becomes a case at the step ``received`` in the document's
transaction. Monitors move the case through its steps and record its finding, citing a commitment
clause; once the finding is sent to the parties, each party replies (right of reply). What each
user may read is decided in :mod:`ceasefire.services.access`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from ceasefire.config import Settings
from ceasefire.domain import Document, DocumentMeta, EvidenceSubmission
from ceasefire.domain.agreement import Agreement, Case, Finding, Reply
from ceasefire.errors import InputError, NotFoundError, PermissionDeniedError
from ceasefire.record.assessments import NO_CASE, NO_FINDING
from ceasefire.record.store import Store
from ceasefire.services import cases
from ceasefire.services.access import may_see_case, may_see_finding, without_hidden_finding
from ceasefire.services.accounts import Permission, Role, User, require
from ceasefire.services.cases import CaseView, Decision, FindingView
from ceasefire.services.documents import add_document, submit_evidence
from ceasefire.services.intake import Submission, meta_of, read_submission

__all__ = [
    "Decision",
    "Lodging",
    "advance_case",
    "case_for",
    "cases_for",
    "choose_agreement",
    "finding_for",
    "findings_for",
    "lodge_complaint",
    "record_finding",
    "reply_to_finding",
]


@dataclass(frozen=True, slots=True)
class Lodging:
    """A complaint as a party hands it in: what it alleges, against whom, under which clause, about
    which incident, and its evidence (a text or a file, stored as a document of kind complaint)."""

    allegation: str
    evidence: Submission
    against: str | None = None
    clause: str | None = None
    incident: str | None = None
    on_behalf_of: str | None = None  # the secretariat lodges for a party (recorded as such)


def choose_agreement(agreements: Sequence[Agreement], agreement_id: str | None) -> Agreement:
    """The agreement of this id; with none given, the only one there is."""
    if not agreements:
        raise InputError("no agreement is configured (CEASEFIRE_AGREEMENTS)", where="agreement")
    if not agreement_id:
        if len(agreements) == 1:
            return agreements[0]
        names = ", ".join(a.id for a in agreements)
        raise InputError(f"name the agreement (one of: {names})", where="agreement")
    for agreement in agreements:
        if agreement.id == agreement_id:
            return agreement
    raise NotFoundError("no such agreement", where=agreement_id)


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def lodge_complaint(store: Store, user: User, agreement: Agreement, lodging: Lodging) -> Case:
    """The evidence document and the case it opens, with their log entries, in one transaction.

    The evidence is not run through extraction: it is kept for the case, and what it alleges
    enters the record of incidents through the monitors, not straight from a party."""
    require(user, Permission.LODGE_COMPLAINT)
    complainant = user.party or "secretariat"
    note = "complaint lodged"
    if user.party and agreement.party(user.party) is None:
        raise PermissionDeniedError(
            f"{user.party} is not a party to {agreement.id}", where="agreement"
        )
    behalf = _blank(lodging.on_behalf_of)
    if behalf is not None:
        if user.role is not Role.SECRETARIAT:
            raise PermissionDeniedError(
                "only the secretariat lodges on a party's behalf", where="on_behalf_of"
            )
        party = agreement.party(behalf)
        if party is None:
            names = ", ".join(p.id for p in agreement.parties)
            raise InputError(f"not a party to the agreement ({names})", where="on_behalf_of")
        complainant = party.id
        note = f"complaint lodged by the secretariat ({user.name}) on behalf of {party.name}"
    complaint = cases.Complaint(
        complainant,
        lodging.allegation,
        _blank(lodging.against),
        _blank(lodging.clause),
        _blank(lodging.incident),
        note=note,
    )
    cases.check_complaint(agreement, complaint)
    content, name = read_submission(lodging.evidence)
    given = {**(lodging.evidence.meta or {}), "kind": "complaint"}
    meta = meta_of(Submission(meta=given), content, user)
    opened: list[Case] = []

    def open_with(session: Session, document: Document) -> None:
        opened.append(
            _open_with_evidence(session, agreement, complaint, document.id, meta, name, user)
        )

    digest, added = add_document(
        store,
        content,
        meta,
        source_name=name,
        extract=False,
        author=user.author,
        on_added=open_with,
    )
    if not added:  # the same bytes again: one original, but this case and submission are new
        with store.session() as session:
            opened.append(
                _open_with_evidence(session, agreement, complaint, digest, meta, name, user)
            )
    return opened[0]


def _open_with_evidence(
    session: Session,
    agreement: Agreement,
    complaint: cases.Complaint,
    document_id: str,
    meta: DocumentMeta,
    source_name: str | None,
    user: User,
) -> Case:
    """The case, and the submission of its evidence as this submitter gave it (who, when, title…),
    with their sealed log entries, in the caller's transaction."""
    case = cases.open_case(
        session, agreement, replace(complaint, evidence=(document_id,)), user.author
    )
    submission = EvidenceSubmission(
        id=f"{case.id}-E1",
        document=document_id,
        case=case.id,
        party=complaint.complainant,
        by=user.name,
        at=case.steps[0].at,
        meta=meta,
        source_name=source_name,
    )
    submit_evidence(session, submission, user.author)
    return case


def advance_case(
    store: Store, user: User, case_id: str, *, to: str | None, reason: str | None
) -> Case:
    require(user, Permission.REVIEW_CASES)
    return cases.advance(store, case_id, to=_blank(to), reason=reason, author=user.author)


def record_finding(store: Store, user: User, case_id: str, decision: Decision) -> Finding:
    require(user, Permission.REVIEW_CASES)
    return cases.record_finding(store, case_id, decision, user.author)


def reply_to_finding(
    store: Store, user: User, finding_id: str, *, text: str | None, party: str | None = None
) -> Reply:
    """A party replies for itself only; the secretariat records a reply on a party's behalf."""
    require(user, Permission.REPLY)
    party = _blank(party)
    if user.party:
        if party is not None and party != user.party:
            raise PermissionDeniedError(f"{user.name} replies for {user.party} only", where="party")
        party = user.party
    if party is None:
        raise InputError("name the party that replies", where="party")
    finding_for(store, user, finding_id)  # one the user may not read is absent
    return cases.reply(store, finding_id, party=party, text=text, author=user.author)


def _may_list_cases(user: User) -> None:
    if not user.can(Permission.LODGE_COMPLAINT):
        require(user, Permission.SEE_ALL_CASES)


def cases_for(
    store: Store, settings: Settings, user: User, *, step: str | None = None, overdue: bool = False
) -> list[CaseView]:
    """The cases the user may read: every one, or those its party lodged."""
    _may_list_cases(user)
    views = cases.list_cases(store, settings, step=step, overdue=overdue)
    return [without_hidden_finding(user, v) for v in views if may_see_case(user, v.case)]


def case_for(store: Store, settings: Settings, user: User, case_id: str) -> CaseView:
    _may_list_cases(user)
    view = cases.show_case(store, settings, case_id)
    if not may_see_case(user, view.case):
        raise NotFoundError(NO_CASE, where=case_id)
    return without_hidden_finding(user, view)


def findings_for(store: Store, user: User, *, open_only: bool = False) -> list[FindingView]:
    """The findings the user may read (published ones, for everyone)."""
    views = cases.list_findings(store, open_only=open_only)
    return [v for v in views if may_see_finding(user, v.finding, v.case)]


def finding_for(store: Store, user: User, finding_id: str) -> FindingView:
    view = cases.show_finding(store, finding_id)
    if not may_see_finding(user, view.finding, view.case):
        raise NotFoundError(NO_FINDING, where=finding_id)
    return view
