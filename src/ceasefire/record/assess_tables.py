"""Tables of assessments, cases with their steps, findings and replies (schema: migration 0005)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ceasefire.record.tables import Base


class AssessmentRow(Base):
    """An incident held against a commitment of an agreement: a possible violation, by whom, why."""

    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    agreement: Mapped[str] = mapped_column(String(64), index=True)
    commitment: Mapped[str] = mapped_column(String(64))
    # No foreign key: an incident merged away leaves its assessment until `assess` withdraws it
    # through the log, rather than a cascade deleting it behind the log's back.
    incident_id: Mapped[str] = mapped_column(String(40), index=True)
    party: Mapped[str | None] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(16))
    explanation: Mapped[str] = mapped_column(Text)


class CaseRow(Base):
    """A complaint and what the mechanism did with it; the steps are CaseStepRow."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    agreement: Mapped[str] = mapped_column(String(64), index=True)
    parties: Mapped[list[str]] = mapped_column(JSON)
    clauses: Mapped[list[str]] = mapped_column(JSON)
    complainant: Mapped[str] = mapped_column(String(200))
    allegation: Mapped[str] = mapped_column(Text)
    against: Mapped[str | None] = mapped_column(String(64))
    clause: Mapped[str | None] = mapped_column(String(64))
    incident_id: Mapped[str | None] = mapped_column(String(40))
    evidence: Mapped[list[str]] = mapped_column(JSON)
    step: Mapped[str] = mapped_column(String(32), index=True)


class CaseStepRow(Base):
    """One step a case entered: who, when, why."""

    __tablename__ = "case_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    step: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), unique=True)
    status: Mapped[str] = mapped_column(String(32))
    clause: Mapped[str] = mapped_column(String(64))
    party: Mapped[str | None] = mapped_column(String(64))
    grade: Mapped[str | None] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReplyRow(Base):
    """A party's reply to a finding: written once, never updated."""

    __tablename__ = "replies"

    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    finding_id: Mapped[str] = mapped_column(ForeignKey("findings.id"), index=True)
    party: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
