"""/api/incidents: the list under the CLI's filters, with paging; one incident with its
assessments and history; a reviewer's merge, split and edit (as `ceasefire incidents merge|split|
edit`, each with its reason, through the log)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ceasefire.services.accounts import Permission, require
from ceasefire.services.incidents import (
    edit_incident,
    incident_detail,
    merge_incidents,
    record_page,
    split_incident,
)
from ceasefire.services.search import facets
from ceasefire.web.api.filters import After, Filter, Limit, Offset
from ceasefire.web.api.responses import FastJSONResponse
from ceasefire.web.api.schemas import FacetsOut, IncidentChanged, IncidentOut, IncidentPageOut
from ceasefire.web.auth import CurrentUser, State

router = APIRouter(tags=["incidents"])

Reason = Field(min_length=1, max_length=10_000, description="Why (kept in the history).")


class Merge(BaseModel):
    other: str = Field(
        min_length=4, max_length=64, description="The incident merged into this one."
    )
    reason: str = Reason


class Split(BaseModel):
    claims: list[str] = Field(
        min_length=1, max_length=1000, description="Refs of the claims that become a new incident."
    )
    reason: str = Reason


class Edit(BaseModel):
    field: str = Field(min_length=1, max_length=64, description="e.g. admin1, fatalities.low.")
    value: str = Field(max_length=1000, description="The new value; `none` clears it.")
    reason: str = Reason


@router.get("/incidents", response_model=IncidentPageOut)
def incidents(
    state: State, where: Filter, after: After, offset: Offset = 0, limit: Limit = 50
) -> FastJSONResponse:
    """Newest first (undated last, then by id). Walk the list with `after`: each page's `next`
    starts the one after it, at the same cost however deep (it carries the total, sealed, so
    that the next page need not count again)."""
    page = record_page(
        state.store, where, offset=offset, limit=limit, after=after, seal=state.cursor_key
    )
    # The body of IncidentPageOut, written directly: the items are the schema's records already,
    # and validating 50 of them again would cost more than reading them (performance.md).
    return FastJSONResponse(
        {
            "total": page.total,
            "offset": page.offset,
            "limit": page.limit,
            "items": page.items,
            "next": str(page.next) if page.next else None,
        }
    )


@router.get("/incidents/facets", response_model=FacetsOut)
def incident_facets(state: State) -> FacetsOut:
    """The choices of the filters: countries, provinces, districts, types and actors on record."""
    return FacetsOut.of(facets(state.store))


@router.get("/incidents/{incident_id}", response_model=IncidentOut)
def incident(incident_id: str, state: State) -> IncidentOut:
    return IncidentOut.of(incident_detail(state.store, incident_id))


@router.post("/incidents/{incident_id}/merge", response_model=IncidentChanged)
def merge(incident_id: str, body: Merge, user: CurrentUser, state: State) -> IncidentChanged:
    """``other`` is the same act: its claims move here; it stays on record, marked merged."""
    require(user, Permission.EDIT_INCIDENTS)
    merged = merge_incidents(
        state.store,
        incident_id,
        body.other,
        reason=body.reason,
        author=user.author,
        agreements=state.agreements,
    )
    return IncidentChanged.of(merged)


@router.post("/incidents/{incident_id}/split", response_model=IncidentChanged)
def split(incident_id: str, body: Split, user: CurrentUser, state: State) -> IncidentChanged:
    """The claims named (by the refs of `claim_refs`) become a new incident."""
    require(user, Permission.EDIT_INCIDENTS)
    kept, new = split_incident(
        state.store,
        incident_id,
        body.claims,
        reason=body.reason,
        author=user.author,
        agreements=state.agreements,
    )
    return IncidentChanged.of(kept, new)


@router.post("/incidents/{incident_id}/edit", response_model=IncidentChanged)
def edit(incident_id: str, body: Edit, user: CurrentUser, state: State) -> IncidentChanged:
    """Sets one field; the incident counts as reviewed from then on."""
    require(user, Permission.EDIT_INCIDENTS)
    edited = edit_incident(
        state.store,
        incident_id,
        body.field,
        body.value,
        reason=body.reason,
        author=user.author,
        agreements=state.agreements,
    )
    return IncidentChanged.of(edited)
