"""/api/exports: the incidents the filters keep, in the formats of `ceasefire export incidents`."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from ceasefire.services.interop import ExportFormat, export_chunks
from ceasefire.web.api.filters import Filter
from ceasefire.web.auth import State

router = APIRouter(prefix="/exports", tags=["exports"])

MEDIA_TYPES = {
    ExportFormat.JSONL: ("application/x-ndjson", "incidents.jsonl"),
    ExportFormat.GEOJSON: ("application/geo+json", "incidents.geojson"),
    ExportFormat.ACLED_CSV: ("text/csv; charset=utf-8", "incidents-acled.csv"),
    ExportFormat.UCDP_CSV: ("text/csv; charset=utf-8", "incidents-ucdp.csv"),
}


@router.get(
    "/incidents",
    response_class=StreamingResponse,
    responses={200: {"content": {media: {} for media, _ in MEDIA_TYPES.values()}}},
)
def incidents(
    state: State, where: Filter, format: ExportFormat = ExportFormat.JSONL
) -> StreamingResponse:
    """The incidents as JSON lines (shared/schema records), GeoJSON, ACLED CSV or UCDP GED CSV:
    what `ceasefire export incidents --format F` writes."""
    media_type, filename = MEDIA_TYPES[format]

    def chunks() -> Iterator[str]:
        for text, _ in export_chunks(state.store, export_format=format, where=where):
            yield text

    return StreamingResponse(
        chunks(),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
