"""Use case: re-run extraction with the current pipeline and model over the stored documents
(`ceasefire reprocess`), through the same resolution and log as ingest.

Extraction runs on an :class:`~ceasefire.services.parallel.Extractor` (this process, worker processes
or a Dask cluster) while this process stays the one writer: each document's new reading is written
in its own transaction, in the order the documents were collected, so the record is the same
whichever runs the extraction, and a run killed half-way leaves whole documents only.

A document whose extraction run already has the current stage and model versions is skipped: the
pipeline is deterministic, so the same versions read the same incidents. That makes a second run
with the same model change nothing, and a rerun after a kill take up where the first stopped.

For each incident the new extraction finds in a document (``found``), the stored active incident
that quotes an overlapping span of the same document is its counterpart:

- none: the act is new to the record; it goes through :func:`~ceasefire.services.resolution.store_incidents`,
  matched against the other documents' incidents or added, as at ingest;
- a **reviewed** incident (a person edited, merged, split or accepted it): its values stay. Where
  the new reading proposes another value for a field (an abstention is no disagreement), the
  incident's ``review_flag`` names the fields and an ``incident_updated`` entry ("reprocessing
  disagrees on …") says what the extraction read; the review queue and ``ceasefire incidents
  --needs-review`` list it until a reviewer's next change answers it;
- an **unreviewed** incident: this document's claims and mentions are replaced by the new reading's;
  an incident of this document alone takes the new values, one that other documents report too keeps
  its values and takes the details it lacked (as a merge does); figures are reconciled and the grade
  recomputed (``incident_updated``, "reprocessed").

An unreviewed incident of this document alone that the new reading no longer finds is discarded
("withdrawn by reprocessing"): it stays on record with its history. The document's aggregates and
reported agreements are replaced by the new reading's, and its extraction run gets the new versions,
with an ``extraction_recorded`` entry, as at ingest. Assessments are re-run against the agreements
given once the documents are done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ceasefire.domain import Document, DocumentKind, Incident
from ceasefire.domain.agreement import Agreement
from ceasefire.extract.pipeline import Analysis
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.entries import (
    EXTRACTION_RECORDED,
    INCIDENT_UPDATED,
    extraction_payload,
    incident_payload,
    incident_update_payload,
)
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.record.tables import (
    AggregateRow,
    ClaimRow,
    ExtractionRunRow,
    MentionRow,
    ReportedAgreementRow,
)
from ceasefire.resolve.merge import absorb
from ceasefire.resolve.readings import with_reading
from ceasefire.services.assessment import reassess
from ceasefire.services.extraction import pipeline
from ceasefire.services.log import hold_log, record_change
from ceasefire.services.parallel import ExtractionJob, Extractor, SerialExtractor, ordered
from ceasefire.services.resolution import finalise, groups_for, store_incidents

__all__ = ["FIELDS", "ReprocessReport", "count_documents", "current_versions", "reprocess"]

# The fields a reviewer sets and an extraction proposes, compared one by one (names as
# `ceasefire incidents edit` takes them).
FIELDS = (
    "event_type",
    "sub_event_type",
    "date",
    "country",
    "admin1",
    "admin2",
    "location",
    "actor1",
    "actor2",
    "fatalities.low",
    "injuries.low",
)


@dataclass(slots=True)
class ReprocessReport:
    documents: int = 0  # re-extracted
    current: int = 0  # skipped: already extracted by the current versions
    added: int = 0  # incidents new to the record (or new reports of a stored one)
    updated: int = 0  # unreviewed incidents that took the new reading
    flagged: int = 0  # reviewed incidents the new reading disagrees with
    withdrawn: int = 0  # unreviewed incidents the new reading no longer finds
    changed_documents: list[str] = field(default_factory=list)


def current_versions() -> dict[str, str]:
    """The stage and model versions the current pipeline records with each extraction."""
    return dict(pipeline().versions)


def _values(incident: Incident) -> dict[str, Any]:
    place = incident.place
    return {
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "date": (
            f"{incident.date.value.isoformat()} ({incident.date.precision.value})"
            if incident.date.value
            else None
        ),
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.location,
        "actor1": incident.actor1,
        "actor2": incident.actor2,
        "fatalities.low": incident.fatalities.low,
        "injuries.low": incident.injuries.low,
    }


def _spans(incident: Incident, document_id: str) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in incident.claims if c.document_id == document_id] + [
        (m.start, m.end) for m in incident.mentions if m.document_id == document_id
    ]


def _overlaps(found: Incident, stored: Incident, document_id: str) -> bool:
    theirs = _spans(stored, document_id)
    return any(s < e2 and s2 < e for s, e in _spans(found, document_id) for s2, e2 in theirs)


def _document_ids(store: Store, since: date | None) -> list[str]:
    # A dataset's row is imported, not extracted; a complaint is never extracted (confidential).
    skipped = [k.value for k in DocumentKind if k is DocumentKind.DATASET_ROW or not k.extracted]
    with store.read_session() as session:
        return DocumentRepository(session).ids_since(since, skip_kinds=skipped)


def count_documents(store: Store, since: date | None = None) -> int:
    """How many documents :func:`reprocess` looks at."""
    return len(_document_ids(store, since))


@dataclass(frozen=True, slots=True)
class _Item:
    document: Document
    is_current: bool


def reprocess(
    store: Store,
    *,
    author: Author,
    since: date | None = None,
    extractor: Extractor | None = None,
    agreements: Sequence[Agreement] = (),
    versions: Mapping[str, str] | None = None,
    on_document: Callable[[Document, bool], None] | None = None,
) -> ReprocessReport:
    """Re-extracts the stored documents published (else collected) on or after ``since`` whose
    extraction run lacks the current ``versions`` (default: :func:`current_versions`; an extractor
    other than the default pipeline's names its own). ``on_document`` is told of each document and
    whether its record changed."""
    report = ReprocessReport()
    extractor = extractor or SerialExtractor()
    wanted = dict(versions) if versions is not None else current_versions()

    def items() -> Iterator[_Item]:
        # Each document loaded when its turn comes: memory stays flat however many there are.
        for document_id in _document_ids(store, since):
            with store.read_session() as session:
                run = session.get(ExtractionRunRow, document_id)
                is_current = run is not None and dict(run.versions) == wanted
                yield _Item(DocumentRepository(session).get(document_id), is_current)

    def job_of(item: _Item) -> ExtractionJob | None:
        if item.is_current:
            return None
        document = item.document
        return ExtractionJob(document.id, document.text, document.meta.published_at)

    for item, analysis in ordered(items(), job_of, extractor):
        changed = False
        if analysis is None:
            report.current += 1
        else:
            changed = _apply(store, item.document, analysis, author, report)
            report.documents += 1
            if changed:
                report.changed_documents.append(item.document.id)
        if on_document is not None:
            on_document(item.document, changed)
    if agreements:
        # Also after a run that changed nothing: a run killed before this point left it to do.
        with store.session() as session:
            reassess(session, agreements, author)
    return report


def _log_update(
    session: Session, incident: Incident, change: str, reason: str, author: Author
) -> None:
    IncidentRepository(session).save(incident)
    record_change(
        session,
        INCIDENT_UPDATED,
        incident.id,
        incident_update_payload(incident, change=change, reason=reason),
        author,
    )


def _disagreement(stored: Incident, found: Incident, document_id: str) -> tuple[str, str] | None:
    """The flag and the reason when the new reading proposes other values than a reviewer set."""
    proposed, reviewed = _values(found), _values(stored)
    differs = [n for n in FIELDS if proposed[n] is not None and proposed[n] != reviewed[n]]
    if not differs:
        return None
    before = [n.strip() for n in (stored.review_flag or "").split(",") if n.strip()]
    flag = ", ".join(dict.fromkeys([*before, *differs]))
    values = "; ".join(f"{n} {proposed[n]!r}" for n in differs)
    reason = f"extraction of {document_id[:12]} reads {values}; the reviewed values stay"
    return flag, reason


def _reread(session: Session, stored: Incident, found: Incident, document_id: str) -> Incident:
    """An unreviewed incident with this document's reading replaced by the new one."""
    # The document's publication date, as its reading had it at ingest.
    was = next((r for r in stored.readings if r.document_id == document_id), None)
    found = replace(found, reported_on=found.reported_on or (was.reported_on if was else None))
    others = replace(
        stored,
        claims=[c for c in stored.claims if c.document_id != document_id],
        mentions=[m for m in stored.mentions if m.document_id != document_id],
        readings=[r for r in stored.readings if r.document_id != document_id],
    )
    if not others.claims and not others.mentions:
        # This document's alone: the new reading's values, under the stored id.
        renewed = replace(
            with_reading(found, document_id),
            id=stored.id,
            reported_on=stored.reported_on or found.reported_on,
            is_reviewed=False,
            status=stored.status,
            merged_into=stored.merged_into,
        )
    else:
        renewed = absorb(others, with_reading(found, document_id))
    return finalise(renewed, groups_for(session, [renewed]))


def _apply(
    store: Store, document: Document, analysis: Analysis, author: Author, report: ReprocessReport
) -> bool:
    """One document's new reading written in one transaction; whether its record changed."""
    with store.session() as session:
        hold_log(session)
        repository = IncidentRepository(session)
        quoting = select(ClaimRow.incident_id).where(ClaimRow.document_id == document.id)
        mentioning = select(MentionRow.incident_id).where(MentionRow.document_id == document.id)
        ids = sorted(set(session.scalars(quoting)) | set(session.scalars(mentioning)))
        stored = [i for _, i in sorted(repository.get_many(ids).items()) if i.status == "active"]
        matched: set[str] = set()
        new: list[Incident] = []
        changed = False
        for found in analysis.incidents:
            target = next(
                (s for s in stored if s.id not in matched and _overlaps(found, s, document.id)),
                None,
            )
            if target is None:
                new.append(found)
                continue
            matched.add(target.id)
            if target.is_reviewed:
                disagreement = _disagreement(target, found, document.id)
                if disagreement is None or disagreement[0] == target.review_flag:
                    continue
                flag, reason = disagreement
                change = f"reprocessing disagrees on {flag}"
                _log_update(session, replace(target, review_flag=flag), change, reason, author)
                report.flagged += 1
                changed = True
                continue
            renewed = _reread(session, target, found, document.id)
            if incident_payload(renewed) == incident_payload(target):
                continue
            differs = [n for n in FIELDS if _values(renewed)[n] != _values(target)[n]]
            what = ", ".join(differs) if differs else "its claims and mentions"
            reason = f"extraction of {document.id[:12]} now reads {what}"
            _log_update(session, renewed, "reprocessed", reason, author)
            report.updated += 1
            changed = True
        for gone in stored:
            if gone.id in matched or gone.is_reviewed or gone.documents != [document.id]:
                continue
            reason = f"extraction of {document.id[:12]} no longer finds this act"
            withdrawn = replace(gone, status="discarded")
            _log_update(session, withdrawn, "withdrawn by reprocessing", reason, author)
            report.withdrawn += 1
            changed = True
        if new:
            store_incidents(
                session, new, published=analysis.published, author=author, document_id=document.id
            )
            report.added += len(new)
            changed = True
        changed = _record_run(session, document.id, analysis, author) or changed
    return changed


def _record_run(session: Session, document_id: str, analysis: Analysis, author: Author) -> bool:
    """The document's aggregates, reported agreements and extraction run replaced by the new
    reading's, with an ``extraction_recorded`` entry, when any of them differ."""
    repository = IncidentRepository(session)
    versions = dict(analysis.versions)
    before = extraction_payload(
        document_id,
        {},
        list(repository.aggregates(document_id)),
        list(repository.agreements(document_id)),
    )
    after = extraction_payload(document_id, {}, analysis.aggregates, analysis.agreements)
    run = session.get(ExtractionRunRow, document_id)
    if run is not None and dict(run.versions) == versions and before == after:
        return False
    if before != after:
        session.execute(delete(AggregateRow).where(AggregateRow.document_id == document_id))
        session.execute(
            delete(ReportedAgreementRow).where(ReportedAgreementRow.document_id == document_id)
        )
        for aggregate in analysis.aggregates:
            repository.add_aggregate(aggregate)
        for agreement in analysis.agreements:
            repository.add_agreement(agreement)
    if run is None:
        run = ExtractionRunRow(document_id=document_id)
        session.add(run)
    run.versions = versions
    run.ran_at = datetime.now(UTC)
    session.flush()
    payload = extraction_payload(document_id, versions, analysis.aggregates, analysis.agreements)
    record_change(session, EXTRACTION_RECORDED, document_id, payload, author)
    return True
