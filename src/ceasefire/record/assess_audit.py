"""Verification of assessments, cases, findings and replies: the latest entry about each subject
against its row (registered by :func:`register`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.record.assess_entries import (
    ASSESSMENT_RECORDED,
    ASSESSMENT_WITHDRAWN,
    CASE_ADVANCED,
    CASE_LODGED,
    FINDING_RECORDED,
    REPLY_RECORDED,
    assessment_payload,
    case_payload,
    finding_payload,
    reply_payload,
)
from ceasefire.record.assess_tables import CaseRow
from ceasefire.record.assessments import AssessmentRepository, CaseRepository
from ceasefire.record.audit import changed_fields
from ceasefire.record.checkers import CheckerRegistry, Coverage, Discrepancy
from ceasefire.record.log import LogEntry

States = Callable[[], Iterable[tuple[str, dict[str, Any]]]]


def observe_state(
    expected: dict[str, tuple[int, dict[str, Any] | None]],
    entry: LogEntry,
    *,
    noun: str,
    withdrawing: frozenset[str] = frozenset(),
    once: bool = False,
) -> list[Discrepancy] | None:
    """Takes the state an entry gives its subject (None: withdrawn)."""
    try:
        payload = json.loads(entry.payload)
    except ValueError:
        return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
    if not isinstance(payload, dict) or payload.get("id") != entry.subject:
        return [Discrepancy(f"entry {entry.seq}", f"subject is not the {noun} id of the payload")]
    if once and entry.subject in expected:
        return [
            Discrepancy(
                f"entry {entry.seq}",
                f"{noun} {entry.subject} recorded again: it can never be changed",
            )
        ]
    expected[entry.subject] = (entry.seq, None if entry.kind in withdrawing else payload)
    return None


class StateRows:
    """Entries that carry a row's whole state, against the rows. Subclasses say which."""

    kinds: ClassVar[frozenset[str]] = frozenset()
    withdrawing: ClassVar[frozenset[str]] = frozenset()
    noun: ClassVar[str] = "row"
    once: ClassVar[bool] = False

    def __init__(self, states: States) -> None:
        self.states = states
        self.expected: dict[str, tuple[int, dict[str, Any] | None]] = {}

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        return observe_state(
            self.expected, entry, noun=self.noun, withdrawing=self.withdrawing, once=self.once
        )

    def finish(self) -> list[Discrepancy]:
        found = []
        seen: set[str] = set()
        for subject, actual in self.states():
            seen.add(subject)
            seq, payload = self.expected.get(subject, (0, None))
            if payload is None:
                problem = (
                    "withdrawn in the log but still present" if seq else "row without a log entry"
                )
                found.append(Discrepancy(f"{self.noun} {subject}", problem))
            elif actual != payload:
                fields = ", ".join(changed_fields(payload, actual))
                found.append(
                    Discrepancy(f"entry {seq}", f"{self.noun} {subject} changed ({fields})")
                )
        for subject, (seq, payload) in self.expected.items():
            if payload is not None and subject not in seen:
                found.append(Discrepancy(f"entry {seq}", f"{self.noun} {subject} row deleted"))
        return found


class AssessmentRows(StateRows):
    kinds: ClassVar[frozenset[str]] = frozenset({ASSESSMENT_RECORDED, ASSESSMENT_WITHDRAWN})
    withdrawing: ClassVar[frozenset[str]] = frozenset({ASSESSMENT_WITHDRAWN})
    noun: ClassVar[str] = "assessment"


class CaseRows(StateRows):
    kinds: ClassVar[frozenset[str]] = frozenset({CASE_LODGED, CASE_ADVANCED})
    noun: ClassVar[str] = "case"


class FindingRows(StateRows):
    kinds: ClassVar[frozenset[str]] = frozenset({FINDING_RECORDED})
    noun: ClassVar[str] = "finding"
    once: ClassVar[bool] = True


class ReplyRows(StateRows):
    kinds: ClassVar[frozenset[str]] = frozenset({REPLY_RECORDED})
    noun: ClassVar[str] = "reply"
    once: ClassVar[bool] = True


def assessment_states(session: Session) -> States:
    return lambda: ((a.id, assessment_payload(a)) for a in AssessmentRepository(session).list())


def case_states(session: Session) -> States:
    """Each case's state; a case row whose current-step column disagrees with its steps carries
    that column too, so that it differs from what the log says (``cases list --step`` reads it)."""

    def states() -> Iterator[tuple[str, dict[str, Any]]]:
        columns = {
            case_id: step for case_id, step in session.execute(select(CaseRow.id, CaseRow.step))
        }
        for case in CaseRepository(session).cases():
            state = case_payload(case)
            if columns.get(case.id) != case.step.value:
                state["step_column"] = columns.get(case.id)
            yield case.id, state

    return states


def finding_states(session: Session) -> States:
    return lambda: ((f.id, finding_payload(f)) for f in CaseRepository(session).findings())


def reply_states(session: Session) -> States:
    return lambda: ((r.id, reply_payload(r)) for r in CaseRepository(session).replies())


def register(registry: CheckerRegistry) -> None:
    registry.add(
        Coverage(
            "assessments",
            tables=("assessments",),
            store=lambda s, _b: AssessmentRows(assessment_states(s)),
        )
    )
    registry.add(
        Coverage(
            "cases",
            tables=("cases", "case_steps"),
            store=lambda s, _b: CaseRows(case_states(s)),
            unchecked={"case_steps.id": "a surrogate key: a step is its case and its order"},
        )
    )
    registry.add(
        Coverage(
            "findings", tables=("findings",), store=lambda s, _b: FindingRows(finding_states(s))
        )
    )
    registry.add(
        Coverage("replies", tables=("replies",), store=lambda s, _b: ReplyRows(reply_states(s)))
    )
