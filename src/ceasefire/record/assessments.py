"""Repositories of assessments, and of cases with their steps, findings and replies."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ceasefire.domain.agreement import (
    Assessment,
    Case,
    CaseStep,
    Finding,
    FindingStatus,
    Reply,
    RuleKind,
    StepRecord,
)
from ceasefire.errors import AmbiguousIdError, NotFoundError
from ceasefire.record.assess_tables import (
    AssessmentRow,
    CaseRow,
    CaseStepRow,
    FindingRow,
    ReplyRow,
)

# What a missing case or finding answers; one hidden from the reader answers the same
# (services.complaints), so that nobody learns that it exists.
NO_CASE = "no case with this id"
NO_FINDING = "no finding with this id"


def aware(moment: datetime) -> datetime:
    """A stored time in UTC: SQLite gives times back without their zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _assessment(row: AssessmentRow) -> Assessment:
    return Assessment(
        id=row.id,
        agreement=row.agreement,
        commitment=row.commitment,
        incident=row.incident_id,
        party=row.party,
        rule=RuleKind(row.rule),
        explanation=row.explanation,
    )


class AssessmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(
        self,
        agreement: str | None = None,
        *,
        incident: str | None = None,
        party: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Assessment]:
        query = select(AssessmentRow).order_by(
            AssessmentRow.incident_id, AssessmentRow.commitment, AssessmentRow.id
        )
        if agreement is not None:
            query = query.where(AssessmentRow.agreement == agreement)
        if incident is not None:
            query = query.where(AssessmentRow.incident_id == incident)
        if party is not None:
            query = query.where(AssessmentRow.party == party)
        query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [_assessment(row) for row in self.session.scalars(query)]

    def put(self, assessment: Assessment, *, is_new: bool = False) -> None:
        """Inserts (``is_new``: without looking first) or replaces the assessment with this id."""
        row = None if is_new else self.session.get(AssessmentRow, assessment.id)
        if row is None:
            row = AssessmentRow(id=assessment.id)
            self.session.add(row)
        row.agreement = assessment.agreement
        row.commitment = assessment.commitment
        row.incident_id = assessment.incident
        row.party = assessment.party
        row.rule = assessment.rule.value
        row.explanation = assessment.explanation

    def remove(self, assessment_id: str) -> None:
        self.session.execute(delete(AssessmentRow).where(AssessmentRow.id == assessment_id))


class CaseRepository:
    """Cases with their steps, findings and replies. Replies are inserted, never updated."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # Cases

    def next_case_id(self) -> str:
        count = int(self.session.scalar(select(func.count()).select_from(CaseRow)) or 0)
        return f"C{count + 1:04d}"

    def add_case(self, case: Case) -> None:
        self.session.add(
            CaseRow(
                id=case.id,
                agreement=case.agreement,
                parties=list(case.parties),
                clauses=list(case.clauses),
                complainant=case.complainant,
                allegation=case.allegation,
                against=case.against,
                clause=case.clause,
                incident_id=case.incident,
                evidence=list(case.evidence),
                step=case.step.value,
            )
        )
        self.session.flush()
        for record in case.steps:
            self._add_step(case.id, record)

    def add_step(self, case_id: str, record: StepRecord) -> None:
        row = self.session.get(CaseRow, case_id)
        if row is None:
            raise NotFoundError("no such case", where=case_id)
        row.step = record.step.value
        self._add_step(case_id, record)

    def _add_step(self, case_id: str, record: StepRecord) -> None:
        self.session.add(
            CaseStepRow(
                case_id=case_id,
                step=record.step.value,
                at=record.at,
                by=record.by,
                reason=record.reason,
            )
        )
        self.session.flush()

    def find_case(self, prefix: str) -> Case:
        rows = self.session.scalars(
            select(CaseRow).where(CaseRow.id.startswith(prefix.upper(), autoescape=True)).limit(2)
        ).all()
        if not rows:
            raise NotFoundError(NO_CASE, where=prefix)
        if len(rows) > 1:
            raise AmbiguousIdError("more than one case has this id prefix", where=prefix)
        return self._cases(rows)[0]

    def cases(self, *, step: str | None = None) -> builtins.list[Case]:
        query = select(CaseRow).order_by(CaseRow.id)
        if step is not None:
            query = query.where(CaseRow.step == step)
        return self._cases(self.session.scalars(query).all())

    def _cases(self, rows: Iterable[CaseRow]) -> builtins.list[Case]:
        rows = builtins.list(rows)
        steps: dict[str, builtins.list[StepRecord]] = {row.id: [] for row in rows}
        if rows:
            for step in self.session.scalars(
                select(CaseStepRow)
                .where(CaseStepRow.case_id.in_(steps))
                .order_by(CaseStepRow.case_id, CaseStepRow.id)
            ):
                steps[step.case_id].append(
                    StepRecord(CaseStep(step.step), aware(step.at), step.by, step.reason)
                )
        return [
            Case(
                id=row.id,
                agreement=row.agreement,
                parties=tuple(row.parties),
                clauses=tuple(row.clauses),
                complainant=row.complainant,
                allegation=row.allegation,
                against=row.against,
                clause=row.clause,
                incident=row.incident_id,
                evidence=tuple(row.evidence),
                steps=tuple(steps[row.id]),
            )
            for row in rows
        ]

    # Findings

    def add_finding(self, finding: Finding) -> None:
        self.session.add(
            FindingRow(
                id=finding.id,
                case_id=finding.case,
                status=finding.status.value,
                clause=finding.clause,
                party=finding.party,
                grade=finding.grade,
                rationale=finding.rationale,
                decided_by=finding.decided_by,
                decided_at=finding.decided_at,
            )
        )
        self.session.flush()

    def findings(self, *, case: str | None = None) -> builtins.list[Finding]:
        query = select(FindingRow).order_by(FindingRow.id)
        if case is not None:
            query = query.where(FindingRow.case_id == case)
        return [_finding(row) for row in self.session.scalars(query)]

    def find_finding(self, prefix: str) -> Finding:
        rows = self.session.scalars(
            select(FindingRow)
            .where(FindingRow.id.startswith(prefix.upper(), autoescape=True))
            .limit(2)
        ).all()
        if not rows:
            raise NotFoundError(NO_FINDING, where=prefix)
        if len(rows) > 1:
            raise AmbiguousIdError("more than one finding has this id prefix", where=prefix)
        return _finding(rows[0])

    # Replies

    def add_reply(self, reply: Reply) -> None:
        self.session.add(
            ReplyRow(
                id=reply.id,
                finding_id=reply.finding,
                party=reply.party,
                text=reply.text,
                by=reply.by,
                at=reply.at,
            )
        )
        self.session.flush()

    def next_reply_id(self, finding_id: str) -> str:
        count = int(
            self.session.scalar(
                select(func.count()).select_from(ReplyRow).where(ReplyRow.finding_id == finding_id)
            )
            or 0
        )
        return f"{finding_id}-R{count + 1}"

    def replies(self, finding_id: str | None = None) -> builtins.list[Reply]:
        query = select(ReplyRow).order_by(ReplyRow.finding_id, ReplyRow.at, ReplyRow.id)
        if finding_id is not None:
            query = query.where(ReplyRow.finding_id == finding_id)
        return [
            Reply(row.id, row.finding_id, row.party, row.text, row.by, aware(row.at))
            for row in self.session.scalars(query)
        ]


def _finding(row: FindingRow) -> Finding:
    return Finding(
        id=row.id,
        case=row.case_id,
        status=FindingStatus(row.status),
        clause=row.clause,
        party=row.party,
        rationale=row.rationale,
        decided_by=row.decided_by,
        decided_at=aware(row.decided_at),
        grade=row.grade,
    )
