"""/api/agreements: the agreements the app offers, each commitment with its source quotes."""

from __future__ import annotations

from fastapi import APIRouter

from ceasefire.services.assessment import agreement_view
from ceasefire.web.api.schemas import AgreementOut
from ceasefire.web.auth import State

router = APIRouter(tags=["agreements"])


@router.get("/agreements", response_model=list[AgreementOut])
def agreements(state: State) -> list[AgreementOut]:
    return [AgreementOut.of(agreement) for agreement in state.agreements]


@router.get("/agreements/{agreement_id}", response_model=AgreementOut)
def agreement(agreement_id: str, state: State) -> AgreementOut:
    """The agreement, each commitment with the quotes its source pointers resolve to."""
    found = state.agreement(agreement_id)
    return AgreementOut.of(found, agreement_view(state.store, found))
