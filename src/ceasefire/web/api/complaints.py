"""/api/complaints: a party's liaison lodges one with its evidence; monitors review them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from ceasefire.services.complaints import Lodging, ReviewState
from ceasefire.services.intake import Submission
from ceasefire.web.api.schemas import ComplaintOut
from ceasefire.web.auth import CurrentUser, State

router = APIRouter(tags=["complaints"])


class Review(BaseModel):
    state: ReviewState
    note: str | None = Field(default=None, max_length=10_000)


@router.get("/complaints", response_model=list[ComplaintOut])
def complaints(
    user: CurrentUser, state: State, review_state: ReviewState | None = None
) -> list[ComplaintOut]:
    """Monitors and the secretariat see every complaint; a party's liaison its party's."""
    return [ComplaintOut.of(c) for c in state.complaints.list(user, state=review_state)]


@router.get("/complaints/{complaint_id}", response_model=ComplaintOut)
def complaint(complaint_id: str, user: CurrentUser, state: State) -> ComplaintOut:
    return ComplaintOut.of(state.complaints.get(user, complaint_id))


@router.post("/complaints", response_model=ComplaintOut, status_code=201)
async def lodge(
    user: CurrentUser,
    state: State,
    title: Annotated[str, Form(min_length=1, max_length=500)],
    text: Annotated[str | None, Form(description="The complaint, pasted (or give a file).")] = None,
    file: Annotated[
        UploadFile | None, File(description="Evidence: .txt, .md, .html or .htm")
    ] = None,
    incident: Annotated[str | None, Form(max_length=40, description="Incident id.")] = None,
    published: Annotated[str | None, Form(description="YYYY-MM-DD")] = None,
) -> ComplaintOut:
    data = await file.read() if file is not None else None
    evidence = Submission(
        original=data if file is not None else None,
        filename=file.filename if file is not None else None,
        text=text,
        meta={"published": published, "publisher": user.party},
    )
    lodging = Lodging(title=title, evidence=evidence, incident_id=incident)
    made = await run_in_threadpool(state.complaints.lodge, user, lodging)
    return ComplaintOut.of(made)


@router.post("/complaints/{complaint_id}/review", response_model=ComplaintOut)
def review(complaint_id: str, body: Review, user: CurrentUser, state: State) -> ComplaintOut:
    made = state.complaints.review(user, complaint_id, state=body.state, note=body.note)
    return ComplaintOut.of(made)
