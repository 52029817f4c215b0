"""/api/incidents: the list under the CLI's filters, with paging, and one incident with its history.
(Merge, split and edit of incidents come as routes of their own router.)"""

from __future__ import annotations

from fastapi import APIRouter

from ceasefire.services.incidents import incident_detail, incident_page, incident_record
from ceasefire.web.api.filters import Filter, Limit, Offset
from ceasefire.web.api.schemas import HistoryStepOut, IncidentOut, IncidentPageOut
from ceasefire.web.auth import State

router = APIRouter(tags=["incidents"])


@router.get("/incidents", response_model=IncidentPageOut)
def incidents(
    state: State, where: Filter, offset: Offset = 0, limit: Limit = 50
) -> IncidentPageOut:
    page = incident_page(state.store, where, offset=offset, limit=limit)
    return IncidentPageOut(
        total=page.total,
        offset=page.offset,
        limit=page.limit,
        items=[incident_record(i) for i in page.items],
    )


@router.get("/incidents/{incident_id}", response_model=IncidentOut)
def incident(incident_id: str, state: State) -> IncidentOut:
    detail = incident_detail(state.store, incident_id)
    return IncidentOut(
        incident=incident_record(detail.incident),
        history=[HistoryStepOut.of(step) for step in detail.history],
    )
