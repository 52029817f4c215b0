"""/api/claims: who asserts what about the incidents of one page of the incident list."""

from __future__ import annotations

from fastapi import APIRouter

from ceasefire.services.incidents import claim_record, list_claims
from ceasefire.web.api.filters import Filter, Limit, Offset
from ceasefire.web.api.schemas import ClaimOut
from ceasefire.web.auth import State

router = APIRouter(tags=["claims"])


@router.get("/claims", response_model=list[ClaimOut])
def claims(state: State, where: Filter, offset: Offset = 0, limit: Limit = 50) -> list[ClaimOut]:
    """The claims of the incidents ``offset`` to ``offset + limit`` of the filtered list."""
    found = list_claims(state.store, where, offset=offset, limit=limit)
    return [ClaimOut(incident=c.incident_id, claim=claim_record(c.claim)) for c in found]
