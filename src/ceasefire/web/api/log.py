"""/api/log: the head (now, and the last one issued), entries, inclusion and consistency proofs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ceasefire import services
from ceasefire.services.access import log_entries_for
from ceasefire.web.api.filters import Limit
from ceasefire.web.api.schemas import HeadOut, HeadsOut, LogEntryOut
from ceasefire.web.auth import CurrentUser, State

router = APIRouter(prefix="/log", tags=["log"])

Size = Annotated[int | None, Query(ge=0, le=2**40)]


@router.get("/head", response_model=HeadsOut)
def head(state: State) -> HeadsOut:
    latest = services.latest_head(state.store)
    return HeadsOut(
        current=HeadOut.of(services.current_head(state.store)),
        latest_issued=HeadOut.of(latest) if latest else None,
    )


@router.get("/entries", response_model=list[LogEntryOut])
def entries(
    state: State,
    user: CurrentUser,
    start: Annotated[int, Query(ge=1, le=2**40)] = 1,
    limit: Limit = 100,
) -> list[LogEntryOut]:
    """Every entry is public; the payload of a confidential subject is logged as a salted
    commitment (``{"commitment": HEX}``), and ``opening`` gives it to a user entitled to read it."""
    views = log_entries_for(state.store, user, start=start, limit=limit)
    return [LogEntryOut.of(view) for view in views]


@router.get("/proofs/inclusion")
def inclusion(
    state: State, seq: Annotated[int, Query(ge=1, le=2**40)], size: Size = None
) -> dict[str, Any]:
    """A proof that entry ``seq`` is in the log of ``size`` entries (default: all of it); check it
    offline with `ceasefire log check-proof`."""
    return services.prove_inclusion(state.store, seq, size=size)


@router.get("/proofs/consistency")
def consistency(
    state: State, old_size: Annotated[int, Query(ge=1, le=2**40)], new_size: Size = None
) -> dict[str, Any]:
    """A proof that the log of ``new_size`` entries (default: now) extends that of ``old_size``."""
    return services.prove_consistency(state.store, old_size, new_size)
