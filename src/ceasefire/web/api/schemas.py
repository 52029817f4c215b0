"""Response bodies of the API, for the OpenAPI document; incidents are the schema's records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from ceasefire.domain import Document, EvidenceSubmission, Incident
from ceasefire.domain.agreement import Agreement, Assessment, Reply
from ceasefire.services import TreeHead
from ceasefire.services.access import EntryView
from ceasefire.services.assessment import AgreementView, AssessOutcome
from ceasefire.services.cases import CaseView, FindingView
from ceasefire.services.incidents import HistoryStep, IncidentDetail, incident_record


class UserOut(BaseModel):
    name: str | None
    role: str
    party: str | None


class SubmissionOut(BaseModel):
    """One handing-in of a complaint's evidence: by whom, when, for which case, as what."""

    id: str
    case: str
    party: str
    by: str
    at: datetime
    title: str | None
    publisher: str | None
    source_name: str | None

    @classmethod
    def of(cls, submission: EvidenceSubmission) -> SubmissionOut:
        return cls(
            id=submission.id,
            case=submission.case,
            party=submission.party,
            by=submission.by,
            at=submission.at,
            title=submission.meta.title,
            publisher=submission.meta.publisher,
            source_name=submission.source_name,
        )


class DocumentOut(BaseModel):
    id: str
    kind: str
    title: str | None
    publisher: str | None
    url: str | None
    published_at: date | None
    collected_at: datetime | None
    collected_by: str | None
    language: str | None
    source_name: str | None
    media_type: str
    size: int
    text: str | None = None
    submissions: list[SubmissionOut] | None = Field(
        default=None,
        description="A complaint's evidence: the submissions of it the user may read.",
    )

    @classmethod
    def of(cls, document: Document, *, with_text: bool = False) -> DocumentOut:
        meta = document.meta
        return cls(
            id=document.id,
            kind=meta.kind.value,
            title=meta.title,
            publisher=meta.publisher,
            url=meta.url,
            published_at=meta.published_at,
            collected_at=meta.collected_at,
            collected_by=meta.collected_by,
            language=meta.language,
            source_name=document.source_name,
            media_type=document.media_type,
            size=document.size,
            text=document.text if with_text else None,
        )


class DocumentPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[DocumentOut]


class Added(BaseModel):
    id: str
    added: bool


class IncidentPageOut(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[dict[str, Any]]
    next: str | None = Field(
        default=None,
        description="The cursor of the page after this one (pass it as `after`); null on the last.",
    )


class FacetOut(BaseModel):
    value: str
    incidents: int


class FacetsOut(BaseModel):
    """The values the filters offer, from the record, each with its number of active incidents;
    a filter given one of them keeps the incidents whose value contains it, in any case."""

    countries: list[FacetOut]
    provinces: list[FacetOut]
    districts: list[FacetOut]
    event_types: list[FacetOut]
    actors: list[FacetOut]

    @classmethod
    def of(cls, facets: Any) -> FacetsOut:
        def out(pairs: list[tuple[str, int]]) -> list[FacetOut]:
            return [FacetOut(value=v, incidents=n) for v, n in pairs]

        return cls(
            countries=out(facets.countries),
            provinces=out(facets.provinces),
            districts=out(facets.districts),
            event_types=out(facets.event_types),
            actors=out(facets.actors),
        )


class OpeningOut(BaseModel):
    """What opens a sealed entry's commitment: sha256(bytes.fromhex(salt) ‖ canonical payload)."""

    salt: str
    payload: Any


class LogEntryOut(BaseModel):
    seq: int
    kind: str
    subject: str
    payload: Any = Field(
        description='As logged; a sealed entry\'s is {"commitment": HEX} (a confidential subject).'
    )
    actor: str
    created_at: str
    prev_state_hash: str
    entry_hash: str
    signature: str | None
    key_id: str | None
    opening: OpeningOut | None = Field(
        default=None, description="The payload of a sealed entry, for a user entitled to it."
    )

    @classmethod
    def of(cls, view: EntryView) -> LogEntryOut:
        opening = OpeningOut(**view.opening.to_json()) if view.opening is not None else None
        return cls(**view.entry.to_json(), opening=opening)


class HistoryStepOut(BaseModel):
    """One state of an incident, from its log entry: what changed, who, when and why."""

    seq: int
    at: str
    actor: str
    change: str
    reason: str | None
    state: dict[str, Any]

    @classmethod
    def of(cls, step: HistoryStep) -> HistoryStepOut:
        return cls(
            seq=step.seq,
            at=step.at,
            actor=step.actor,
            change=step.change,
            reason=step.reason,
            state=step.state,
        )


class AssessmentOut(BaseModel):
    """An incident held against a commitment: a possible violation, by whom (null: unknown)."""

    id: str
    agreement: str
    commitment: str
    incident: str
    party: str | None
    rule: str
    explanation: str

    @classmethod
    def of(cls, assessment: Assessment) -> AssessmentOut:
        return cls(
            id=assessment.id,
            agreement=assessment.agreement,
            commitment=assessment.commitment,
            incident=assessment.incident,
            party=assessment.party,
            rule=assessment.rule.value,
            explanation=assessment.explanation,
        )


class IncidentOut(BaseModel):
    """The incident as the schema's record, its state in the record (active, or merged into
    another), the refs of its claims (for a split), its assessments and its history."""

    incident: dict[str, Any]
    status: str
    merged_into: str | None
    reviewed: bool
    claim_refs: list[str]
    assessments: list[AssessmentOut]
    history: list[HistoryStepOut]

    @classmethod
    def of(cls, detail: IncidentDetail) -> IncidentOut:
        incident = detail.incident
        return cls(
            incident=incident_record(incident),
            status=incident.status,
            merged_into=incident.merged_into,
            reviewed=incident.is_reviewed,
            claim_refs=[claim.ref for claim in incident.claims],
            assessments=[AssessmentOut.of(a) for a in detail.assessments],
            history=[HistoryStepOut.of(step) for step in detail.history],
        )


class IncidentChanged(BaseModel):
    """An incident as a reviewer's change left it (a split: also the new one)."""

    incident: dict[str, Any]
    status: str
    new: dict[str, Any] | None = None

    @classmethod
    def of(cls, incident: Incident, new: Incident | None = None) -> IncidentChanged:
        return cls(
            incident=incident_record(incident),
            status=incident.status,
            new=incident_record(new) if new is not None else None,
        )


class StepOut(BaseModel):
    step: str
    at: datetime
    by: str
    reason: str
    waited_seconds: int
    deadline_seconds: int | None
    overdue: bool


class CaseOut(BaseModel):
    id: str
    agreement: str
    complainant: str
    allegation: str
    against: str | None
    clause: str | None
    incident: str | None
    evidence: list[str]
    step: str
    overdue: bool
    steps: list[StepOut]
    finding: str | None

    @classmethod
    def of(cls, view: CaseView) -> CaseOut:
        case = view.case
        return cls(
            id=case.id,
            agreement=case.agreement,
            complainant=case.complainant,
            allegation=case.allegation,
            against=case.against,
            clause=case.clause,
            incident=case.incident,
            evidence=list(case.evidence),
            step=case.step.value,
            overdue=view.is_overdue,
            steps=[
                StepOut(
                    step=record.step.value,
                    at=record.at,
                    by=record.by,
                    reason=record.reason,
                    waited_seconds=int(wait.waited.total_seconds()),
                    deadline_seconds=int(wait.deadline.total_seconds()) if wait.deadline else None,
                    overdue=wait.is_overdue,
                )
                for record, wait in zip(case.steps, view.waits, strict=True)
            ],
            finding=view.finding.id if view.finding else None,
        )


class ReplyOut(BaseModel):
    id: str
    finding: str
    party: str
    text: str
    by: str
    at: datetime

    @classmethod
    def of(cls, reply: Reply) -> ReplyOut:
        return cls(
            id=reply.id,
            finding=reply.finding,
            party=reply.party,
            text=reply.text,
            by=reply.by,
            at=reply.at,
        )


class FindingOut(BaseModel):
    id: str
    case: str
    agreement: str
    status: str
    clause: str
    party: str | None
    grade: str | None
    rationale: str
    decided_by: str
    decided_at: datetime
    case_step: str
    published: bool
    replies: list[ReplyOut]

    @classmethod
    def of(cls, view: FindingView, *, published: bool) -> FindingOut:
        finding = view.finding
        return cls(
            id=finding.id,
            case=finding.case,
            agreement=view.case.agreement,
            status=finding.status.value,
            clause=finding.clause,
            party=finding.party,
            grade=finding.grade,
            rationale=finding.rationale,
            decided_by=finding.decided_by,
            decided_at=finding.decided_at,
            case_step=view.case.step.value,
            published=published,
            replies=[ReplyOut.of(r) for r in view.replies],
        )


class PartyOut(BaseModel):
    id: str
    name: str
    country: str
    actors: list[str]


class QuoteOut(BaseModel):
    document: str
    start: int
    end: int
    text: str | None
    problem: str | None


class CommitmentOut(BaseModel):
    id: str
    title: str
    text: str
    obligated: list[str]
    rule: str
    event_types: list[str]
    sub_event_types: list[str]
    target_categories: list[str]
    territory: str
    armed_groups: list[str]
    sources: list[QuoteOut]


class AgreementOut(BaseModel):
    id: str
    title: str
    venue: str
    signed_at: datetime
    effective_at: datetime
    parties: list[PartyOut]
    mediators: list[str]
    commitments: list[CommitmentOut]

    @classmethod
    def of(cls, agreement: Agreement, view: AgreementView | None = None) -> AgreementOut:
        quotes = view.quotes if view is not None else {}
        return cls(
            id=agreement.id,
            title=agreement.title,
            venue=agreement.venue,
            signed_at=agreement.signed_at,
            effective_at=agreement.effective_at,
            parties=[
                PartyOut(id=p.id, name=p.name, country=p.country, actors=list(p.actors))
                for p in agreement.parties
            ],
            mediators=list(agreement.mediators),
            commitments=[
                CommitmentOut(
                    id=c.id,
                    title=c.title,
                    text=c.text,
                    obligated=list(c.obligated),
                    rule=c.rule.value,
                    event_types=list(c.event_types),
                    sub_event_types=list(c.sub_event_types),
                    target_categories=list(c.target_categories),
                    territory=c.territory.value,
                    armed_groups=list(c.armed_groups),
                    sources=[
                        QuoteOut(
                            document=q.pointer.document,
                            start=q.pointer.start,
                            end=q.pointer.end,
                            text=q.text,
                            problem=q.problem,
                        )
                        for q in quotes.get(c.id, [])
                    ],
                )
                for c in agreement.commitments
            ],
        )


class AssessOutcomeOut(BaseModel):
    agreement: str
    incidents: int
    added: int
    updated: int
    withdrawn: int
    unchanged: int
    possible_breaches: int  # once per incident and direct commitment
    reviewed_breaches: int
    third_party_engagements: int  # once per incident and third-party commitment

    @classmethod
    def of(cls, outcome: AssessOutcome) -> AssessOutcomeOut:
        return cls(
            agreement=outcome.agreement.id,
            incidents=outcome.incidents,
            added=outcome.added,
            updated=outcome.updated,
            withdrawn=outcome.withdrawn,
            unchanged=outcome.unchanged,
            possible_breaches=len(outcome.tally.breaches),
            reviewed_breaches=outcome.tally.reviewed_breaches,
            third_party_engagements=len(outcome.tally.engagements),
        )


class ClaimOut(BaseModel):
    incident: str
    claim: dict[str, Any]


class HeadOut(BaseModel):
    size: int
    root_hash: str
    created_at: str
    key_id: str | None
    signature: str | None
    public_key: str | None

    @classmethod
    def of(cls, head: TreeHead) -> HeadOut:
        return cls(
            size=head.size,
            root_hash=head.root_hash,
            created_at=head.created_at,
            key_id=head.key_id,
            signature=head.signature,
            public_key=head.public_key,
        )


class HeadsOut(BaseModel):
    current: HeadOut
    latest_issued: HeadOut | None
