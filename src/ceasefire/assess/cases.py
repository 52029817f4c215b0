"""The steps of a case: which moves are allowed, and how long a case has waited at each step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ceasefire.domain.agreement import NEXT_STEPS, Case, CaseStep
from ceasefire.errors import CaseError

PUBLISHED_STEPS = frozenset({CaseStep.SENT_TO_PARTIES, CaseStep.RESPONSES_RECORDED})


def is_published(case: Case) -> bool:
    """Whether the case's finding is published: everyone may read it (and its replies) from the
    step ``sent_to_parties`` on. The case itself (allegation, evidence, steps) never is."""
    return case.step in PUBLISHED_STEPS


def check_move(case: Case, to: CaseStep, *, by_finding: bool = False) -> None:
    """Raises CaseError unless ``to`` may follow the case's step. The finding step is reached only
    by recording a finding (``by_finding``)."""
    allowed = NEXT_STEPS[case.step]
    if to not in allowed:
        options = ", ".join(s.value for s in allowed) or "none: the case is complete"
        raise CaseError(
            f"case {case.id} is at {case.step.value}; the next step can be: {options}",
            where="--to",
        )
    if to == CaseStep.FINDING and not by_finding:
        raise CaseError(
            "a case reaches the finding step by recording one: `ceasefire findings record`",
            where="--to",
        )


def next_step(case: Case) -> CaseStep:
    allowed = [s for s in NEXT_STEPS[case.step] if s != CaseStep.FINDING]
    if not allowed:
        if CaseStep.FINDING in NEXT_STEPS[case.step]:
            raise CaseError(
                "the next step is a finding: `ceasefire findings record`", where=case.id
            )
        raise CaseError("the case is complete: no step follows", where=case.id)
    return allowed[0]


@dataclass(frozen=True, slots=True)
class Wait:
    """How long a case stayed (or has stayed, for the current step) at a step, against its deadline."""

    step: CaseStep
    entered_at: datetime
    left_at: datetime | None
    waited: timedelta
    deadline: timedelta | None

    @property
    def is_overdue(self) -> bool:
        return self.deadline is not None and self.waited > self.deadline


def waits(case: Case, now: datetime, deadlines: dict[CaseStep, timedelta]) -> list[Wait]:
    found = []
    for index, record in enumerate(case.steps):
        left = case.steps[index + 1].at if index + 1 < len(case.steps) else None
        found.append(
            Wait(
                step=record.step,
                entered_at=record.at,
                left_at=left,
                waited=(left or now) - record.at,
                deadline=deadlines.get(record.step),
            )
        )
    return found


def duration_text(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"
