"""/api/assessments: incidents held against an agreement's commitments (possible violations);
monitors run the assessment again, as `ceasefire assess` does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from ceasefire.services.accounts import Permission, require
from ceasefire.services.assessment import list_assessments, run_assessment
from ceasefire.web.api.filters import Limit, Offset
from ceasefire.web.api.schemas import AssessmentOut, AssessOutcomeOut
from ceasefire.web.auth import CurrentUser, State

router = APIRouter(tags=["assessments"])


class Run(BaseModel):
    agreement: str | None = Field(
        default=None, max_length=64, description="Agreement id (default: the only one)."
    )


@router.get("/assessments", response_model=list[AssessmentOut])
def assessments(
    state: State,
    agreement: Annotated[str | None, Query(max_length=64)] = None,
    incident: Annotated[str | None, Query(max_length=40, description="Incident id.")] = None,
    party: Annotated[
        str | None, Query(max_length=64, description="Party allegedly responsible.")
    ] = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[AssessmentOut]:
    """The assessments ``offset`` to ``offset + limit`` (by incident, then commitment)."""
    found = list_assessments(
        state.store, agreement, incident=incident, party=party, offset=offset, limit=limit
    )
    return [AssessmentOut.of(a) for a in found]


@router.post("/assessments", response_model=AssessOutcomeOut)
async def assess(body: Run, user: CurrentUser, state: State) -> AssessOutcomeOut:
    """Holds every incident since the agreement took effect against its commitments: new,
    changed and withdrawn assessments go through the log; nothing when nothing changed."""
    require(user, Permission.ASSESS)
    agreement = state.agreement(body.agreement)
    outcome = await run_in_threadpool(run_assessment, state.store, agreement, user.author)
    return AssessOutcomeOut.of(outcome)
