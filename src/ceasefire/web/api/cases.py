"""/api/cases: a party's liaison lodges a complaint with its evidence (it becomes a case);
monitors move cases through their steps. The same services as `ceasefire cases …`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from ceasefire.domain.agreement import CaseStep
from ceasefire.services.complaints import (
    Lodging,
    advance_case,
    case_for,
    cases_for,
    lodge_complaint,
)
from ceasefire.services.intake import Submission
from ceasefire.web.api.filters import Limit, Offset
from ceasefire.web.api.schemas import CaseOut
from ceasefire.web.auth import CurrentUser, State

router = APIRouter(tags=["cases"])

Short = Annotated[str | None, Form(max_length=64)]


class Move(BaseModel):
    to: CaseStep | None = Field(default=None, description="The step (default: the next one).")
    reason: str = Field(min_length=1, max_length=10_000, description="Why, kept with the step.")


@router.get("/cases", response_model=list[CaseOut])
def cases(
    user: CurrentUser,
    state: State,
    step: CaseStep | None = None,
    overdue: bool = False,
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[CaseOut]:
    """Monitors and the secretariat see every case; a party's liaison the cases its party lodged.
    The cases ``offset`` to ``offset + limit`` of those, by id."""
    found = cases_for(
        state.store, state.settings, user, step=step.value if step else None, overdue=overdue
    )
    return [CaseOut.of(view) for view in found[offset : offset + limit]]


@router.get("/cases/{case_id}", response_model=CaseOut)
def case(case_id: str, user: CurrentUser, state: State) -> CaseOut:
    return CaseOut.of(case_for(state.store, state.settings, user, case_id))


@router.post("/cases", response_model=CaseOut, status_code=201)
async def lodge(
    user: CurrentUser,
    state: State,
    allegation: Annotated[str, Form(min_length=1, max_length=2000, description="What is alleged.")],
    text: Annotated[str | None, Form(description="The complaint, pasted (or give a file).")] = None,
    file: Annotated[
        UploadFile | None, File(description="Evidence: .txt, .md, .html or .htm")
    ] = None,
    against: Annotated[str | None, Form(max_length=64, description="Party id.")] = None,
    clause: Annotated[str | None, Form(max_length=64, description="Commitment id.")] = None,
    incident: Annotated[str | None, Form(max_length=40, description="Incident id.")] = None,
    agreement: Annotated[str | None, Form(max_length=64, description="Agreement id.")] = None,
    published: Annotated[str | None, Form(description="YYYY-MM-DD")] = None,
    on_behalf_of: Annotated[
        str | None,
        Form(max_length=64, description="Party id: the secretariat lodges for a party."),
    ] = None,
) -> CaseOut:
    """A complaint: its evidence is kept as a document of kind complaint, and it opens a case at
    the step `received` (one transaction, through the log)."""
    data = await file.read() if file is not None else None
    evidence = Submission(
        original=data if file is not None else None,
        filename=file.filename if file is not None else None,
        text=text,
        meta={
            "published": published,
            "publisher": user.party or on_behalf_of,
            "title": allegation[:200],
        },
    )
    lodging = Lodging(
        allegation,
        evidence,
        against=against,
        clause=clause,
        incident=incident,
        on_behalf_of=on_behalf_of,
    )
    made = await run_in_threadpool(
        lodge_complaint, state.store, user, state.agreement(agreement), lodging
    )
    return CaseOut.of(case_for(state.store, state.settings, user, made.id))


@router.post("/cases/{case_id}/advance", response_model=CaseOut)
def advance(case_id: str, body: Move, user: CurrentUser, state: State) -> CaseOut:
    """Moves the case to its next step (or ``to``): acknowledged, preliminary_check,
    investigation, sent_to_parties (which publishes its finding), responses_recorded."""
    moved = advance_case(
        state.store, user, case_id, to=body.to.value if body.to else None, reason=body.reason
    )
    return CaseOut.of(case_for(state.store, state.settings, user, moved.id))
