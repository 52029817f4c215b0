"""Use case: re-run extraction with the current pipeline and models over stored documents
(`ceasefire reprocess`), through the same resolution and log as ingest.

Extraction runs on an :class:`~ceasefire.services.parallel.Extractor` (this process, worker
processes or Dask) and this process writes, one document per transaction, in the documents' order.
For each incident the new extraction finds in a document:

- no stored incident holds a claim overlapping its quote: a new act, matched against the store and
  added or merged exactly as at ingest (``store_incidents``);
- the stored incident is **reviewed**: its values stay; where the new extraction disagrees with a
  reviewed field, the incident gets a ``review_flag`` naming the fields and an ``incident_updated``
  entry saying what the extraction found; ``ceasefire incidents --needs-review`` lists them until a
  reviewer edits the incident (which clears the flag). The same disagreement, once in the log, is
  not raised again;
- the stored incident is not reviewed and comes from this document alone: its fields take the new
  extraction's values, with an ``incident_updated`` entry (``reprocessed``). An unreviewed incident
  several documents report keeps its values (each document would pull it its own way).

The document's extraction run (the stage and model versions) is replaced, with a new
``extraction_recorded`` entry, when the versions changed. Aggregates and agreements already stored
stay as they are. Running it twice with the same models changes nothing the second time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.domain import Document, DocumentKind, Incident
from ceasefire.extract.pipeline import Analysis
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.entries import (
    EXTRACTION_RECORDED,
    INCIDENT_UPDATED,
    extraction_payload,
    incident_update_payload,
)
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import Author, TransparencyLog
from ceasefire.record.store import Store
from ceasefire.record.tables import ClaimRow, ExtractionRunRow
from ceasefire.resolve.matcher import shipped_matcher
from ceasefire.services.log import record_change
from ceasefire.services.parallel import ExtractionJob, Extractor, SerialExtractor, ordered
from ceasefire.services.resolution import finalise, groups_for, store_incidents

# The fields a reviewer sets and an extraction proposes, compared one by one.
SLOTS = (
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "country",
    "admin1",
    "admin2",
    "location",
    "actor1",
    "actor2",
)


@dataclass(slots=True)
class ReprocessReport:
    documents: int = 0
    added: int = 0
    updated: int = 0
    flagged: int = 0
    changed_documents: list[str] = field(default_factory=list)


def _slots(incident: Incident) -> dict[str, Any]:
    place = incident.place
    return {
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "date": incident.date.value.isoformat() if incident.date.value else None,
        "date_precision": incident.date.precision.value,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.location,
        "actor1": incident.actor1,
        "actor2": incident.actor2,
    }


def _already_said(session: Session, incident_id: str, change: str, reason: str) -> bool:
    """Whether the log already holds this very disagreement about the incident."""
    for entry in TransparencyLog(session).about(incident_id):
        if entry.kind != INCIDENT_UPDATED:
            continue
        payload = json.loads(entry.payload)
        if payload.get("change") == change and payload.get("reason") == reason:
            return True
    return False


def _overlaps(found: Incident, stored: Incident, document_id: str) -> bool:
    spans = [(c.start, c.end) for c in found.claims if c.document_id == document_id]
    return any(
        c.document_id == document_id and c.start < end and start < c.end
        for c in stored.claims
        for start, end in spans
    )


def _with_slots(stored: Incident, found: Incident) -> Incident:
    return replace(
        stored,
        event_type=found.event_type,
        sub_event_type=found.sub_event_type,
        date=found.date,
        place=found.place,
        actor1=found.actor1,
        actor2=found.actor2,
        target_categories=found.target_categories,
        is_historical=found.is_historical,
    )


def _document_ids(store: Store, since: date | None) -> list[str]:
    # A dataset's row is imported, not extracted.
    with store.read_session() as session:
        return DocumentRepository(session).ids_since(
            since, skip_kinds=[DocumentKind.DATASET_ROW.value]
        )


def _documents(store: Store, ids: list[str]) -> Iterator[Document]:
    """Each document loaded when its turn comes: memory stays flat however many there are."""
    for document_id in ids:
        with store.read_session() as session:
            yield DocumentRepository(session).get(document_id)


def count_documents(store: Store, since: date | None = None) -> int:
    """How many documents :func:`reprocess` would re-extract."""
    return len(_document_ids(store, since))


def reprocess(
    store: Store,
    *,
    author: Author,
    since: date | None = None,
    extractor: Extractor | None = None,
    on_document: Callable[[Document, bool], None] | None = None,
) -> ReprocessReport:
    """Re-extracts the stored documents (published, or else collected, on or after ``since``)."""
    report = ReprocessReport()
    extractor = extractor or SerialExtractor()

    def job_of(document: Document) -> ExtractionJob:
        return ExtractionJob(document.id, document.text, document.meta.published_at)

    documents = _documents(store, _document_ids(store, since))
    for document, analysis in ordered(documents, job_of, extractor):
        assert analysis is not None
        changed = _apply(store, document, analysis, author, report)
        report.documents += 1
        if changed:
            report.changed_documents.append(document.id)
        if on_document is not None:
            on_document(document, changed)
    return report


def _apply(
    store: Store, document: Document, analysis: Analysis, author: Author, report: ReprocessReport
) -> bool:
    """One document's new extraction written in one transaction; whether anything changed."""
    with store.session() as session:
        repository = IncidentRepository(session)
        ids = sorted(
            set(
                session.scalars(
                    select(ClaimRow.incident_id).where(ClaimRow.document_id == document.id)
                )
            )
        )
        stored = [i for i in repository.get_many(ids).values() if i.status == "active"]
        new: list[Incident] = []
        changed = False
        for found in analysis.incidents:
            target = next((s for s in stored if _overlaps(found, s, document.id)), None)
            if target is None:
                new.append(found)
                continue
            proposed, current = _slots(found), _slots(target)
            differs = [name for name in SLOTS if proposed[name] != current[name]]
            if target.is_reviewed:
                if not differs:
                    continue
                flag = ", ".join(differs)
                change = f"reprocessing disagrees on {flag}"
                found_values = "; ".join(f"{n} {proposed[n]!r}" for n in differs)
                reason = (
                    f"extraction of {document.id[:12]} finds {found_values}; "
                    "the reviewed values stay"
                )
                if _already_said(session, target.id, change, reason):
                    continue  # flagged before; a reviewer may have answered it since
                flagged = replace(target, review_flag=flag)
                repository.save(flagged)
                record_change(
                    session,
                    INCIDENT_UPDATED,
                    flagged.id,
                    incident_update_payload(flagged, change=change, reason=reason),
                    author,
                )
                report.flagged += 1
                changed = True
            elif differs and target.documents == [document.id]:
                updated = finalise(_with_slots(target, found), groups_for(session, [target]))
                repository.save(updated)
                record_change(
                    session,
                    INCIDENT_UPDATED,
                    updated.id,
                    incident_update_payload(
                        updated,
                        change="reprocessed",
                        reason=f"extraction of {document.id[:12]} now finds other "
                        + ", ".join(differs),
                    ),
                    author,
                )
                report.updated += 1
                changed = True
        if new:
            store_incidents(
                session,
                new,
                published=analysis.published,
                author=author,
                document_id=document.id,
            )
            report.added += len(new)
            changed = True
        versions = {**analysis.versions, "matcher": shipped_matcher().version}
        run = session.get(ExtractionRunRow, document.id)
        if run is None or dict(run.versions) != versions:
            if run is None:
                run = ExtractionRunRow(document_id=document.id)
                session.add(run)
            run.versions = versions
            run.ran_at = datetime.now(UTC)
            session.flush()
            payload = extraction_payload(
                document.id,
                versions,
                list(repository.aggregates(document.id)),
                list(repository.agreements(document.id)),
            )
            record_change(session, EXTRACTION_RECORDED, document.id, payload, author)
            changed = True
    return changed
