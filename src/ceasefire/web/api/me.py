"""GET /api/me: who the request is authenticated as."""

from __future__ import annotations

from fastapi import APIRouter

from ceasefire.web.api.schemas import UserOut
from ceasefire.web.auth import CurrentUser

router = APIRouter(tags=["accounts"])


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    return UserOut(name=user.name or None, role=user.role.value, party=user.party)
