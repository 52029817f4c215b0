"""/api/map: what the dashboard's interactive map draws — the basemap from the boundaries and place
names the package ships, the incidents the filters keep, one mark each, and the counts per province
that shade its choropleth."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from ceasefire.services.maps import basemap, incident_marks, province_counts
from ceasefire.web.api.filters import Filter
from ceasefire.web.auth import State

router = APIRouter(prefix="/map", tags=["map"])


@router.get("/basemap")
async def map_basemap() -> dict[str, Any]:
    """Provinces, the Afghanistan–Pakistan boundary and labelled towns and crossings (GeoJSON)."""
    return await run_in_threadpool(basemap)


@router.get("/incidents", response_class=JSONResponse)
def map_incidents(state: State, where: Filter) -> Response:
    """The located incidents the filters keep (GeoJSON points: id, type, country, day, place,
    killed), the newest 5000 at most (``truncated`` says when there were more)."""
    # The body is written once per filter and version of the record (services/maps.py).
    return Response(incident_marks(state.store, where), media_type="application/json")


@router.get("/provinces")
def map_provinces(state: State, where: Filter) -> dict[str, Any]:
    """For each province of the basemap, the incidents (and the killed and injured they report, at
    least) the incident list gives for these filters with that province picked (``admin1`` its name,
    ``country`` its country, no district): the choropleth's figures, one SQL aggregate.
    ``unplaced``: incidents in no province of the basemap."""
    return province_counts(state.store, where)
