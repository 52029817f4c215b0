"""/api/findings: monitors record a case's finding (its status, citing a clause); everyone reads
the findings they may (published ones, for the public); parties reply. The same services as
`ceasefire findings …`."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ceasefire.domain.agreement import FindingStatus
from ceasefire.services.access import is_published
from ceasefire.services.cases import FindingView
from ceasefire.services.complaints import (
    Decision,
    finding_for,
    findings_for,
    record_finding,
    reply_to_finding,
)
from ceasefire.web.api.filters import Limit, Offset
from ceasefire.web.api.schemas import FindingOut, ReplyOut
from ceasefire.web.auth import CurrentUser, State

router = APIRouter(tags=["findings"])


class NewFinding(BaseModel):
    case: str = Field(
        max_length=16, description="The case (under preliminary check or investigation)."
    )
    status: FindingStatus
    rationale: str = Field(min_length=1, max_length=20_000)
    clause: str | None = Field(default=None, max_length=64, description="Default: the case's.")
    party: str | None = Field(default=None, max_length=64, description="Party found responsible.")
    grade: str | None = Field(default=None, max_length=16, description="Credibility grade.")


class NewReply(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)
    party: str | None = Field(
        default=None, max_length=64, description="A party's liaison replies for its own party."
    )


def _out(view: FindingView) -> FindingOut:
    return FindingOut.of(view, published=is_published(view.case))


@router.get("/findings", response_model=list[FindingOut])
def findings(
    user: CurrentUser, state: State, open: bool = False, offset: Offset = 0, limit: Limit = 100
) -> list[FindingOut]:
    """Published findings for everyone; a party's liaison also the unpublished ones about its
    party; monitors and the secretariat all of them. ``open``: whose case is not complete. The
    findings ``offset`` to ``offset + limit`` of those."""
    found = findings_for(state.store, user, open_only=open)
    return [_out(view) for view in found[offset : offset + limit]]


@router.get("/findings/{finding_id}", response_model=FindingOut)
def finding(finding_id: str, user: CurrentUser, state: State) -> FindingOut:
    return _out(finding_for(state.store, user, finding_id))


@router.post("/findings", response_model=FindingOut, status_code=201)
def record(body: NewFinding, user: CurrentUser, state: State) -> FindingOut:
    """Records the finding of a case and moves the case to the step `finding`."""
    decision = Decision(body.status.value, body.clause, body.rationale, body.party, body.grade)
    made = record_finding(state.store, user, body.case, decision)
    return _out(finding_for(state.store, user, made.id))


@router.post("/findings/{finding_id}/replies", response_model=ReplyOut, status_code=201)
def reply(finding_id: str, body: NewReply, user: CurrentUser, state: State) -> ReplyOut:
    """A party's reply to a finding sent to the parties; never edited (reply again to add)."""
    made = reply_to_finding(state.store, user, finding_id, text=body.text, party=body.party)
    return ReplyOut.of(made)
