"""/api/map: what the dashboard's interactive map draws — the basemap from the boundaries and place
names the package ships, the incidents the filters keep, one mark each, and the counts per province
that shade its choropleth.

The answers are plain JSON already (strings, numbers, lists): they are written with ``json.dumps``
as they are, not walked value by value by FastAPI's encoder, which took 100 ms for the 5,000 marks
of one answer. The basemap, the same for every request, is written once."""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from ceasefire.services.maps import basemap, incident_marks, province_counts
from ceasefire.web.api.filters import Filter
from ceasefire.web.auth import State

router = APIRouter(prefix="/map", tags=["map"])


@cache
def _basemap_body() -> bytes:
    return bytes(JSONResponse(basemap()).body)


@router.get("/basemap", response_class=JSONResponse)
async def map_basemap() -> Response:
    """Provinces, the Afghanistan–Pakistan boundary and labelled towns and crossings (GeoJSON)."""
    return Response(await run_in_threadpool(_basemap_body), media_type="application/json")


@router.get("/incidents", response_class=JSONResponse)
def map_incidents(state: State, where: Filter) -> JSONResponse:
    """The located incidents the filters keep (GeoJSON points: id, type, country, day, place,
    killed), the newest 5000 at most (``truncated`` says when there were more)."""
    return JSONResponse(incident_marks(state.store, where))


@router.get("/provinces", response_class=JSONResponse)
def map_provinces(state: State, where: Filter) -> JSONResponse:
    """For each province of the basemap, the incidents (and the killed and injured they report, at
    least) the incident list gives for these filters with that province picked (``admin1`` its name,
    ``country`` its country, no district): the choropleth's figures, one SQL aggregate.
    ``unplaced``: incidents in no province of the basemap."""
    return JSONResponse(province_counts(state.store, where))
