"""Use cases of complaints, cases, findings and replies: each owns its transaction and log entries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from ceasefire.assess.cases import Wait as Wait
from ceasefire.assess.cases import check_move, is_published, next_step, waits
from ceasefire.assess.cases import duration_text as duration_text
from ceasefire.config import Settings
from ceasefire.domain.agreement import (
    Agreement,
    Case,
    CaseStep,
    Finding,
    FindingStatus,
    Reply,
    StepRecord,
)
from ceasefire.errors import CaseError
from ceasefire.record.assess_entries import (
    CASE_ADVANCED,
    CASE_LODGED,
    FINDING_RECORDED,
    REPLY_RECORDED,
    case_payload,
    finding_payload,
    reply_payload,
)
from ceasefire.record.assessments import CaseRepository
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import Author
from ceasefire.record.log_tables import KeyRow
from ceasefire.record.store import Store
from ceasefire.services.log import disclose, hold_log, record_change, record_sealed

GRADES = ("confirmed", "fair", "weak", "contested", "discounted")


def _now() -> datetime:
    return datetime.now(UTC)


def _text(value: str | None, field: str) -> str:
    if value is None or not value.strip():
        raise CaseError("must not be empty", where=field)
    return value.strip()


@dataclass(frozen=True, slots=True)
class Complaint:
    """What a complainant lodges: an allegation, its evidence, and what it is about."""

    complainant: str
    allegation: str
    against: str | None = None
    clause: str | None = None
    incident: str | None = None
    evidence: tuple[str, ...] = ()
    note: str = "complaint lodged"  # the reason of the first step: who lodged it, for whom


def check_complaint(agreement: Agreement, complaint: Complaint) -> None:
    """Raises CaseError naming the field when the complaint cannot become a case of the agreement
    (what can be told without the store)."""
    party_ids = [p.id for p in agreement.parties]
    complainant = _text(complaint.complainant, "--by")
    allowed = [*party_ids, "monitor", "public", "secretariat"]
    if complainant not in allowed:
        raise CaseError(f"must be one of: {', '.join(allowed)}", where="--by")
    _text(complaint.allegation, "--allegation")
    if complaint.against is not None and complaint.against not in party_ids:
        raise CaseError(f"unknown party (parties: {', '.join(party_ids)})", where="--against")
    if complaint.against is not None and complaint.against == complainant:
        raise CaseError("a party cannot lodge a case against itself", where="--against")
    clause_ids = [c.id for c in agreement.commitments]
    if complaint.clause is not None and complaint.clause not in clause_ids:
        raise CaseError(f"unknown clause (clauses: {', '.join(clause_ids)})", where="--clause")


def lodge(store: Store, agreement: Agreement, complaint: Complaint, author: Author) -> Case:
    """Opens a case at the step ``received``, with a ``case_lodged`` entry."""
    check_complaint(agreement, complaint)
    with store.session() as session:
        return open_case(session, agreement, complaint, author)


def open_case(session: Session, agreement: Agreement, complaint: Complaint, author: Author) -> Case:
    """:func:`lodge` in the caller's transaction: a complaint lodged with a new evidence document
    opens its case in the document's transaction."""
    check_complaint(agreement, complaint)
    hold_log(session)  # the next case id is read below
    incident = None
    if complaint.incident:
        incident = IncidentRepository(session).find(complaint.incident).id
    documents = DocumentRepository(session)
    evidence = tuple(dict.fromkeys(documents.find(p).id for p in complaint.evidence))
    cases = CaseRepository(session)
    case = Case(
        id="C0000",
        agreement=agreement.id,
        parties=tuple(p.id for p in agreement.parties),
        clauses=tuple(c.id for c in agreement.commitments),
        complainant=complaint.complainant.strip(),
        allegation=complaint.allegation.strip(),
        against=complaint.against,
        clause=complaint.clause,
        incident=incident,
        evidence=evidence,
        steps=(StepRecord(CaseStep.RECEIVED, _now(), author.name, complaint.note),),
    )
    case = replace(case, id=cases.next_case_id())
    cases.add_case(case)
    # A case is never public (its allegation and evidence are the complainant's and the
    # mechanism's): its entries are commitments, opened for those who may read the case.
    record_sealed(session, CASE_LODGED, case.id, case_payload(case), author)
    return case


def _move(session: Session, case: Case, step: CaseStep, reason: str, author: Author) -> Case:
    record = StepRecord(step, _now(), author.name, reason)
    CaseRepository(session).add_step(case.id, record)
    moved = replace(case, steps=(*case.steps, record))
    record_sealed(session, CASE_ADVANCED, case.id, case_payload(moved), author)
    if is_published(moved) and not is_published(case):
        _publish(session, moved, author)
    return moved


def _publish(session: Session, case: Case, author: Author) -> None:
    """The case's finding is sent to the parties: its sealed entries (and its replies', if any)
    are disclosed in the log, for everyone to check against their commitments."""
    cases = CaseRepository(session)
    for finding in cases.findings(case=case.id):
        disclose(session, finding.id, author)
        for answer in cases.replies(finding.id):
            disclose(session, answer.id, author)


def advance(
    store: Store, case_id: str, *, to: str | None, reason: str | None, author: Author
) -> Case:
    """Moves a case to its next step (or ``to``), saying why; a ``case_advanced`` entry."""
    why = _text(reason, "--reason")
    with store.session() as session:
        hold_log(session)  # the case's step is read below
        case = CaseRepository(session).find_case(case_id)
        if to is None:
            step = next_step(case)
        else:
            try:
                step = CaseStep(to)
            except ValueError as exc:
                names = ", ".join(s.value for s in CaseStep)
                raise CaseError(f"unknown step (steps: {names})", where="--to") from exc
        check_move(case, step)
        return _move(session, case, step, why, author)


@dataclass(frozen=True, slots=True)
class Decision:
    status: str
    clause: str | None
    rationale: str | None
    party: str | None = None
    grade: str | None = None


def record_finding(store: Store, case_id: str, decision: Decision, author: Author) -> Finding:
    """Records the finding of a case under preliminary check or investigation, and moves the case
    to the finding step: ``finding_recorded`` and ``case_advanced`` entries."""
    try:
        status = FindingStatus(decision.status)
    except ValueError as exc:
        names = ", ".join(s.value for s in FindingStatus)
        raise CaseError(f"must be one of: {names}", where="--status") from exc
    rationale = _text(decision.rationale, "--rationale")
    if decision.grade is not None and decision.grade not in GRADES:
        raise CaseError(f"must be one of: {', '.join(GRADES)}", where="--grade")
    with store.session() as session:
        hold_log(session)
        cases = CaseRepository(session)
        case = cases.find_case(case_id)
        clause = decision.clause or case.clause
        if clause is None:
            raise CaseError("a finding cites the clause it concerns", where="--clause")
        if clause not in case.clauses:
            raise CaseError(
                f"unknown clause (clauses: {', '.join(case.clauses)})", where="--clause"
            )
        if decision.party is not None and decision.party not in case.parties:
            raise CaseError(f"unknown party (parties: {', '.join(case.parties)})", where="--party")
        check_move(case, CaseStep.FINDING, by_finding=True)
        finding = Finding(
            id="F" + case.id[1:],
            case=case.id,
            status=status,
            clause=clause,
            party=decision.party,
            rationale=rationale,
            decided_by=author.name,
            decided_at=_now(),
            grade=decision.grade,
        )
        cases.add_finding(finding)
        # Unpublished until the case is sent to the parties: a commitment until then.
        record_sealed(session, FINDING_RECORDED, finding.id, finding_payload(finding), author)
        _move(session, case, CaseStep.FINDING, f"finding {finding.id}: {status.value}", author)
    return finding


def _key_party(session: Session, author: Author) -> str | None:
    """The party of the author's key, when the author signs with a party's key."""
    if author.signer is None:
        return None
    row = session.get(KeyRow, author.signer.name)
    return row.party if row is not None and row.role == "party" else None


def reply(store: Store, finding_id: str, *, party: str, text: str | None, author: Author) -> Reply:
    """Attaches a party's reply to a finding sent to the parties (``reply_recorded``). A reply is
    never edited: a party that wants to say more adds another. Once every party has replied the
    case moves to ``responses_recorded``."""
    body = _text(text, "--text")
    with store.session() as session:
        hold_log(session)
        cases = CaseRepository(session)
        finding = cases.find_finding(finding_id)
        case = cases.find_case(finding.case)
        if party not in case.parties:
            raise CaseError(f"unknown party (parties: {', '.join(case.parties)})", where="--party")
        own = _key_party(session, author)
        if own is not None and own != party:
            raise CaseError(
                f"the key {author.name!r} is {own}'s: a party replies only for itself",
                where="--party",
            )
        if case.step not in (CaseStep.SENT_TO_PARTIES, CaseStep.RESPONSES_RECORDED):
            raise CaseError(
                f"case {case.id} is at {case.step.value}: replies come once the finding is sent "
                "to the parties",
                where=finding.id,
            )
        answer = Reply(
            id=cases.next_reply_id(finding.id),
            finding=finding.id,
            party=party,
            text=body,
            by=author.name,
            at=_now(),
        )
        cases.add_reply(answer)
        record = record_change if is_published(case) else record_sealed
        record(session, REPLY_RECORDED, answer.id, reply_payload(answer), author)
        replied = {r.party for r in cases.replies(finding.id)}
        if case.step == CaseStep.SENT_TO_PARTIES and replied >= set(case.parties):
            _move(session, case, CaseStep.RESPONSES_RECORDED, "every party has replied", author)
    return answer


@dataclass(frozen=True, slots=True)
class CaseView:
    case: Case
    waits: list[Wait]
    finding: Finding | None

    @property
    def is_overdue(self) -> bool:
        return bool(self.waits) and self.waits[-1].is_overdue


def _deadlines(settings: Settings) -> dict[CaseStep, timedelta]:
    return {CaseStep(name): value for name, value in settings.case_deadlines.items()}


def _views(session: Session, cases: list[Case], settings: Settings) -> list[CaseView]:
    now = _now()
    findings = {f.case: f for f in CaseRepository(session).findings()}
    deadlines = _deadlines(settings)
    return [CaseView(c, waits(c, now, deadlines), findings.get(c.id)) for c in cases]


def list_cases(
    store: Store, settings: Settings, *, step: str | None = None, overdue: bool = False
) -> list[CaseView]:
    if step is not None and step not in {s.value for s in CaseStep}:
        raise CaseError(
            f"unknown step (steps: {', '.join(s.value for s in CaseStep)})", where="--step"
        )
    with store.read_session() as session:
        views = _views(session, CaseRepository(session).cases(step=step), settings)
    return [v for v in views if v.is_overdue] if overdue else views


def show_case(store: Store, settings: Settings, case_id: str) -> CaseView:
    with store.read_session() as session:
        return _views(session, [CaseRepository(session).find_case(case_id)], settings)[0]


@dataclass(frozen=True, slots=True)
class FindingView:
    finding: Finding
    case: Case
    replies: list[Reply]


def list_findings(store: Store, *, open_only: bool = False) -> list[FindingView]:
    with store.read_session() as session:
        cases = CaseRepository(session)
        by_id = {c.id: c for c in cases.cases()}
        replies: dict[str, list[Reply]] = {}
        for answer in cases.replies():
            replies.setdefault(answer.finding, []).append(answer)
        views = [FindingView(f, by_id[f.case], replies.get(f.id, [])) for f in cases.findings()]
    if open_only:
        views = [v for v in views if v.case.step != CaseStep.RESPONSES_RECORDED]
    return views


def show_finding(store: Store, finding_id: str) -> FindingView:
    with store.read_session() as session:
        cases = CaseRepository(session)
        finding = cases.find_finding(finding_id)
        return FindingView(finding, cases.find_case(finding.case), cases.replies(finding.id))
