"""Helpers of the resolve tests: a report ingested through the store's own path (`add_document`
with the extraction's incidents), as `ceasefire ingest` stores it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ceasefire.domain import DocumentMeta, Incident
from ceasefire.extract.pipeline import Analysis
from ceasefire.read.files import ReadResult
from ceasefire.record.store import Store
from ceasefire.services import add_document


def ingest(store: Store, data: bytes, incident: Incident, *, day: date, title: str) -> None:
    """Stores one report whose extraction gave `incident`, published on `day`."""
    meta = DocumentMeta(collected_at=datetime.now(UTC), collected_by="tester",
                        published_at=day, title=title)  # fmt: skip
    body = data.decode()
    analysis = Analysis(incident.claims[0].document_id, body, day, incidents=[incident])
    _digest, added = add_document(
        store, ReadResult(data, body, "text/plain"), meta, source_name="r.txt", analysis=analysis
    )
    assert added
