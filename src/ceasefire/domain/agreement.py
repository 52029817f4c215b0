"""Agreements as data, and what the mechanism makes of them: assessments, cases, findings, replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class SourcePointer:
    """Where a commitment comes from: a document (sha256 of its original) and a character span
    [start, end) of its stored text. The repository never holds the sentence; tools resolve it."""

    document: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Party:
    """A party to an agreement, and the actor names (canonical or aliases) that stand for it."""

    id: str
    name: str
    country: str
    actors: tuple[str, ...] = ()


class RuleKind(StrEnum):
    """How a commitment is tested against an incident."""

    DIRECT = "direct"  # an act by an obligated party itself
    THIRD_PARTY = "third_party"  # an act by an armed group that is no party, on a party's territory


class Territory(StrEnum):
    """Where a forbidden act counts."""

    ANY = "any"
    COUNTERPARTY = "counterparty"  # on another party's territory, or against another party's forces


@dataclass(frozen=True, slots=True)
class Commitment:
    """One obligation of named parties, written so that it can be tested against incidents."""

    id: str
    title: str
    text: str
    obligated: tuple[str, ...]
    rule: RuleKind = RuleKind.DIRECT
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    target_categories: tuple[str, ...] = ()
    territory: Territory = Territory.COUNTERPARTY
    armed_groups: tuple[str, ...] = ()
    sources: tuple[SourcePointer, ...] = ()


@dataclass(frozen=True, slots=True)
class Meeting:
    place: str
    on: date
    purpose: str = ""


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    title: str
    venue: str
    signed_at: datetime
    effective_at: datetime
    parties: tuple[Party, ...]
    mediators: tuple[str, ...]
    commitments: tuple[Commitment, ...]
    follow_ups: tuple[Meeting, ...] = ()
    sources: tuple[SourcePointer, ...] = ()

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def commitment(self, commitment_id: str) -> Commitment | None:
        return next((c for c in self.commitments if c.id == commitment_id), None)


@dataclass(frozen=True, slots=True)
class Assessment:
    """An incident held against a commitment: a possible violation, by whom (None: unknown), why."""

    id: str
    agreement: str
    commitment: str
    incident: str
    party: str | None
    rule: RuleKind
    explanation: str


class CaseStep(StrEnum):
    """The steps of a case, in order (see :data:`NEXT_STEPS`)."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    PRELIMINARY_CHECK = "preliminary_check"
    INVESTIGATION = "investigation"
    FINDING = "finding"
    SENT_TO_PARTIES = "sent_to_parties"
    RESPONSES_RECORDED = "responses_recorded"


# Which steps may follow each one. A preliminary check may conclude without an investigation (a
# complaint that names no act the agreement forbids); a finding is reached only by recording one.
NEXT_STEPS: dict[CaseStep, tuple[CaseStep, ...]] = {
    CaseStep.RECEIVED: (CaseStep.ACKNOWLEDGED,),
    CaseStep.ACKNOWLEDGED: (CaseStep.PRELIMINARY_CHECK,),
    CaseStep.PRELIMINARY_CHECK: (CaseStep.INVESTIGATION, CaseStep.FINDING),
    CaseStep.INVESTIGATION: (CaseStep.FINDING,),
    CaseStep.FINDING: (CaseStep.SENT_TO_PARTIES,),
    CaseStep.SENT_TO_PARTIES: (CaseStep.RESPONSES_RECORDED,),
    CaseStep.RESPONSES_RECORDED: (),
}


class FindingStatus(StrEnum):
    VERIFIED = "verified"
    NOT_A_VIOLATION = "not_a_violation"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True, slots=True)
class StepRecord:
    """One step a case entered: who moved it there, when and why."""

    step: CaseStep
    at: datetime
    by: str
    reason: str


@dataclass(frozen=True, slots=True)
class Case:
    """A complaint (an allegation with its evidence) as the mechanism handles it."""

    id: str
    agreement: str
    parties: tuple[str, ...]
    clauses: tuple[str, ...]
    complainant: str
    allegation: str
    against: str | None = None
    clause: str | None = None
    incident: str | None = None
    evidence: tuple[str, ...] = ()
    steps: tuple[StepRecord, ...] = field(default_factory=tuple)

    @property
    def step(self) -> CaseStep:
        return self.steps[-1].step

    @property
    def lodged_at(self) -> datetime:
        return self.steps[0].at


@dataclass(frozen=True, slots=True)
class Finding:
    """A reviewed, signed decision on a case, citing the clause it concerns."""

    id: str
    case: str
    status: FindingStatus
    clause: str
    party: str | None
    rationale: str
    decided_by: str
    decided_at: datetime
    grade: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """A party's answer to a finding (right of reply): recorded once, never edited."""

    id: str
    finding: str
    party: str
    text: str
    by: str
    at: datetime
