"""/api/exports: incident records as JSON lines (shared/schema) and as GeoJSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from ceasefire.services.incidents import incident_geojson, incident_records
from ceasefire.web.api.filters import Filter
from ceasefire.web.auth import State

router = APIRouter(prefix="/exports", tags=["exports"])


@router.get(
    "/incidents.jsonl",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def incidents_jsonl(state: State, where: Filter) -> StreamingResponse:
    """One incident record per line, then the aggregates (`"record_type": "aggregate"`)."""

    def lines() -> Iterator[str]:
        for record in incident_records(state.store, where):
            yield json.dumps(record, ensure_ascii=False) + "\n"

    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="incidents.jsonl"'},
    )


@router.get("/incidents.geojson", response_model=dict[str, Any])
def incidents_geojson(state: State, where: Filter) -> dict[str, Any]:
    """A FeatureCollection of the incidents that have coordinates."""
    return incident_geojson(state.store, where)
