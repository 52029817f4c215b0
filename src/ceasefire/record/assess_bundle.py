"""Assessments, cases, findings and replies in the verification bundle: one file of current states
per kind, checked against the latest entry about each subject."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from ceasefire.record.assess_audit import (
    AssessmentRows,
    CaseRows,
    FindingRows,
    ReplyRows,
    States,
    assessment_states,
    case_states,
    finding_states,
    observe_state,
    reply_states,
)
from ceasefire.record.bundle import BundleStates
from ceasefire.record.checkers import (
    BundleChecker,
    BundleWriter,
    CheckerRegistry,
    Discrepancy,
    JsonLines,
)
from ceasefire.record.log import LogEntry

FILES = {
    AssessmentRows: "assessments.jsonl",
    CaseRows: "cases.jsonl",
    FindingRows: "findings.jsonl",
    ReplyRows: "replies.jsonl",
}


def _write(path: Path, states: States, hidden: frozenset[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for subject, state in states():
            if subject in hidden:
                continue
            line = {"subject": subject, "state": state}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


class _BundleState(BundleStates):
    rows: ClassVar[type[AssessmentRows | CaseRows | FindingRows | ReplyRows]]

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILES[self.rows]
        self.expected: dict[str, tuple[int, Any]] = {}
        self._states: dict[str, tuple[int, dict[str, Any] | None]] = {}

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        rows = self.rows
        found = observe_state(
            self._states, entry, noun=rows.noun, withdrawing=rows.withdrawing, once=rows.once
        )
        seq, state = self._states.get(entry.subject, (entry.seq, None))
        if state is None:
            self.expected.pop(entry.subject, None)
        else:
            self.expected[entry.subject] = (seq, state)
        return found


class BundleAssessments(_BundleState):
    kinds = AssessmentRows.kinds
    rows = AssessmentRows


class BundleCases(_BundleState):
    kinds = CaseRows.kinds
    rows = CaseRows


class BundleFindings(_BundleState):
    kinds = FindingRows.kinds
    rows = FindingRows


class BundleReplies(_BundleState):
    kinds = ReplyRows.kinds
    rows = ReplyRows


def register(registry: CheckerRegistry) -> None:
    """The bundle's checkers and writers of assessments, cases, findings and replies."""
    registry.add_bundle(
        "assessments",
        _checker(BundleAssessments),
        _writer(assessment_states, FILES[AssessmentRows]),
    )
    registry.add_bundle("cases", _checker(BundleCases), _writer(case_states, FILES[CaseRows]))
    registry.add_bundle(
        "findings", _checker(BundleFindings), _writer(finding_states, FILES[FindingRows])
    )
    registry.add_bundle("replies", _checker(BundleReplies), _writer(reply_states, FILES[ReplyRows]))


def _checker(checker_type: type[_BundleState]) -> BundleChecker:
    def make(folder: Path, _read: JsonLines) -> _BundleState:
        return checker_type(folder)

    return make


def _writer(states: Callable[[Session], States], name: str) -> BundleWriter:
    def write(session: Session, folder: Path, hidden: frozenset[str]) -> None:
        """The state file; ``hidden`` subjects (sealed in the log, not disclosed) are left out."""
        _write(folder / name, states(session), hidden)

    return write
