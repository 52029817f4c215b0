"""Use cases of interoperability: import ACLED and UCDP GED files, export incidents as ACLED CSV,
UCDP GED CSV, GeoJSON or JSONL.

An import streams the file and writes it in batches, each batch one transaction: per new row its
document (``document_added``, and what extraction found in the notes), its incident
(``incident_created``) and its event id (``dataset_row_recorded``). A row whose event id is known
with other bytes updates the incident (``claim_updated``, naming the changed fields); a row known
with the same bytes changes nothing. After the file, the deletion rule runs (see
:func:`import_dataset`).
"""

from __future__ import annotations

import csv
import gc
import io
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from ceasefire import __version__
from ceasefire.domain import DatePrecision, Document, DocumentKind, DocumentMeta, Incident
from ceasefire.errors import InputError
from ceasefire.extract.pipeline import Analysis
from ceasefire.read.acled import read_acled
from ceasefire.read.datasets import DatasetRecord, RowError, parse_canonical
from ceasefire.read.files import Boundary
from ceasefire.read.ucdp import read_ucdp
from ceasefire.record.bulk import sync_each_commit, widen_cache
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.entries import (
    CLAIM_UPDATED,
    DATASET_ROW_DELETED,
    DATASET_ROW_RECORDED,
    DOCUMENT_ADDED,
    INCIDENT_CREATED,
    INCIDENT_UPDATED,
    claim_updated_payload,
    dataset_row_payload,
    dataset_subject,
    document_payload,
    incident_payload,
    incident_update_payload,
)
from ceasefire.record.incidents import IncidentFilter, IncidentRepository
from ceasefire.record.interop import DatasetRows, ImportKeys, dataset_row_state
from ceasefire.record.interop_tables import DatasetRowRow
from ceasefire.record.log import Author
from ceasefire.record.originals import Originals
from ceasefire.record.store import Store
from ceasefire.report.acled import ACLED_COLUMNS, acled_row
from ceasefire.report.geojson import (
    FEATURE_COLLECTION_END,
    FEATURE_COLLECTION_START,
    incident_feature,
)
from ceasefire.report.records import incident_record
from ceasefire.report.ucdp import UCDP_COLUMNS, ucdp_row
from ceasefire.services.extraction import store_analysis
from ceasefire.services.log import log_of, record_change, record_changes
from ceasefire.services.parallel import ExtractionJob, Extractor, SerialExtractor

__all__ = [
    "ExportFormat",
    "ImportOptions",
    "ImportReport",
    "IncidentFilter",
    "RowError",
    "export_chunks",
    "export_incidents",
    "import_dataset",
]

READERS: dict[str, Callable[..., Iterator[DatasetRecord | RowError]]] = {
    "acled": read_acled,
    "ucdp": read_ucdp,
}
DEFAULT_DATASET = {"acled": "ACLED", "ucdp": "UCDP GED"}
DISCOUNTED = "discounted"
EXTRACT_BATCH = 500
BULK_BATCH = 5000
DELETION_REASON = "absent from a newer export covering its country and dates"


class ExportFormat(StrEnum):
    ACLED_CSV = "acled-csv"
    UCDP_CSV = "ucdp-csv"
    GEOJSON = "geojson"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: which dataset the rows are of, run the notes through extraction, batch
    size (rows per transaction; by default 500 with extraction — the analyses of a batch wait in
    memory for its write — and 5,000 without, where a larger batch spreads each commit's cost over
    more rows), and whether rows missing from the file are recorded as deleted."""

    dataset: str | None = None
    extract: bool = True
    batch: int | None = None
    deletions: bool = True

    @property
    def rows_per_batch(self) -> int:
        if self.batch is not None:
            return self.batch
        return EXTRACT_BATCH if self.extract else BULK_BATCH


@dataclass(slots=True)
class ImportReport:
    dataset: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    restored: int = 0
    deleted: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.added + self.updated + self.unchanged + self.restored


@dataclass(slots=True)
class _Scope:
    """Countries and dates a file covers: rows of the store inside it but not in the file are gone."""

    countries: set[str | None] = field(default_factory=set)
    first: date | None = None
    last: date | None = None

    def add(self, record: DatasetRecord) -> None:
        self.countries.add(record.country)
        day = record.incident.date.value
        if day is not None:
            self.first = day if self.first is None or day < self.first else self.first
            self.last = day if self.last is None or day > self.last else self.last


def import_dataset(
    store: Store,
    path: Path,
    *,
    row_format: str,
    options: ImportOptions,
    collected_by: str,
    author: Author | None = None,
    on_error: Callable[[RowError], None] | None = None,
    on_batch: Callable[[ImportReport], None] | None = None,
    extractor: Extractor | None = None,
) -> ImportReport:
    """Imports an ACLED (``row_format`` "acled") or UCDP GED ("ucdp") CSV file, streaming.

    Bad rows are reported (``on_error``) and skipped. A bad header raises InputError before
    anything is written. Deletion rule: when ``options.deletions``, a live row of the same dataset
    whose country is among the file's countries and whose date lies between the file's first and
    last dates, but which the file does not have, is recorded as deleted (``dataset_row_deleted``)
    and its incident is kept, graded "discounted" (``incident_updated``): the dataset withdrew it.
    The notes of a batch's rows are extracted on ``extractor`` (default: in this process).
    """
    extractor = extractor or SerialExtractor()
    if row_format not in READERS:
        raise InputError(f"unknown dataset format {row_format!r}", where=str(path))
    refused = Boundary(forbidden=store.data).refusal(path)
    if refused:
        raise InputError(refused, where=str(path))
    dataset = options.dataset or DEFAULT_DATASET[row_format]
    author = author or Author(collected_by)
    report = ImportReport(dataset=dataset)
    scope = _Scope()

    def skip(error: RowError) -> None:
        report.errors.append(error)
        if on_error is not None:
            on_error(error)

    # One connection for the whole import: the event ids read so far are kept in a temporary
    # table of it, not in memory.
    with store.connection() as connection, _collected_per_batch():
        sync_each_commit(connection)
        sessions = partial(store.session, connection)
        with sessions() as session:
            # The packs of batches an earlier import wrote and never committed (killed) go; the
            # append lock keeps out any import between writing its pack and committing.
            log_of(session).hold()
            Originals(session, store.blobs).remove_leftover_packs()
            ImportKeys(session).create()
            widen_cache(session)
        try:
            batch: dict[str, DatasetRecord] = {}
            for item in READERS[row_format](path, dataset=dataset):
                if isinstance(item, RowError):
                    skip(item)
                elif item.key in batch:
                    skip(_twice(path, item))
                else:
                    batch[item.key] = item
                    if len(batch) >= options.rows_per_batch:
                        records = _admit(sessions, batch, path, scope, skip)
                        _write_batch(
                            store,
                            sessions,
                            records,
                            path,
                            options,
                            collected_by,
                            author,
                            report,
                            extractor,
                        )
                        batch = {}
                        gc.collect()
                        if on_batch is not None:
                            on_batch(report)
            if batch:
                records = _admit(sessions, batch, path, scope, skip)
                _write_batch(
                    store,
                    sessions,
                    records,
                    path,
                    options,
                    collected_by,
                    author,
                    report,
                    extractor,
                )
            if options.deletions and scope.first is not None and scope.last is not None:
                _record_deletions(
                    sessions, dataset, scope, path, author, report, options.rows_per_batch
                )
        finally:
            with sessions() as session:
                ImportKeys(session).drop()
                widen_cache(session, wide=False)
            sync_each_commit(connection, on=False)
    return report


Sessions = Callable[[], AbstractContextManager[Session]]


@contextmanager
def _collected_per_batch() -> Iterator[None]:
    """Python's cycle collector paused for the import and run once a batch instead: a batch makes
    hundreds of thousands of objects, almost none in cycles, and the collector's passes over them
    (and over everything loaded before, frozen here) cost a quarter of an import's time."""
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _twice(path: Path, record: DatasetRecord) -> RowError:
    return RowError(str(path), record.line, "event id", f"{record.key!r} appears twice")


def _admit(
    sessions: Sessions,
    batch: dict[str, DatasetRecord],
    path: Path,
    scope: _Scope,
    skip: Callable[[RowError], None],
) -> list[DatasetRecord]:
    """The rows of a batch whose event id no earlier batch had (the others are errors), noted as
    read."""
    with sessions() as session:
        keys = ImportKeys(session)
        before = keys.read_before(batch)
        admitted = []
        for key, record in batch.items():
            if key in before:
                skip(_twice(path, record))
            else:
                admitted.append(record)
                scope.add(record)
        keys.add(r.key for r in admitted)
    return admitted


def _row_document(
    record: DatasetRecord, path: Path, collected_by: str, collected_at: datetime
) -> Document:
    """The row as a document; ``collected_at`` (UTC) is the batch's time, one for all its rows."""
    meta = DocumentMeta(
        kind=DocumentKind.DATASET_ROW,
        publisher=record.dataset,
        published_at=record.published,
        collected_at=collected_at,
        collected_by=collected_by,
        language="en",
        title=f"{record.dataset} {record.key}",
    )
    return Document(
        id=record.document_id,
        meta=meta,
        text=record.notes,
        source_name=f"{path.name}:{record.line}",
        size=len(record.original),
        media_type="text/csv",
    )


# How far apart two dates of the same act may be, by the coarser of their precisions.
_TOLERANCE_DAYS = {
    DatePrecision.DAY: 0,
    DatePrecision.WEEK: 7,
    DatePrecision.MONTH: 31,
    DatePrecision.YEAR: 366,
    DatePrecision.UNKNOWN: 366,
}


def _describes(incident: Incident, record: DatasetRecord) -> bool:
    """A notes incident describes the row's event unless it is history or dated another day (as
    far as the two dates' precisions tell)."""
    day, row_date = incident.date.value, record.incident.date
    if incident.is_historical:
        return False
    if day is None or row_date.value is None:
        return True
    tolerance = max(_TOLERANCE_DAYS[incident.date.precision], _TOLERANCE_DAYS[row_date.precision])
    return abs((day - row_date.value).days) <= tolerance


def _with_notes(
    record: DatasetRecord, analysis: Analysis | None
) -> tuple[Incident, Analysis | None]:
    """The row's incident with the claims and mentions of the notes that describe it; the rest of
    what the notes say stays in the analysis, stored as incidents of their own."""
    if analysis is None:
        # Nothing to add: the record's own incident (written, never changed in place).
        return record.incident, None
    incident = replace(record.incident, claims=list(record.incident.claims), mentions=[])
    separate = []
    for found in analysis.incidents:
        if _describes(found, record):
            incident.claims.extend(found.claims)
            incident.mentions.extend(found.mentions)
        else:
            separate.append(found)
    return incident, replace(analysis, incidents=separate)


def _changed(old: Incident, new: Incident) -> list[str]:
    before, after = incident_payload(old), incident_payload(new)
    return [name for name in sorted(after) if before.get(name) != after[name]]


def _write_batch(
    store: Store,
    sessions: Sessions,
    batch: list[DatasetRecord],
    path: Path,
    options: ImportOptions,
    collected_by: str,
    author: Author,
    report: ImportReport,
    extractor: Extractor,
) -> None:
    """One batch in one transaction. New rows are written in bulk — each table's rows with one
    INSERT of many rows, the log entries hashed in one loop and inserted together, the originals
    in one pack synced once before the commit — in the order the row-by-row writer used: the
    documents (each ``document_added``, then what extraction found in its notes), the new
    incidents (``incident_created``), the updates, then every row's ``dataset_row_recorded``."""
    if not batch:
        return
    dataset = batch[0].dataset
    with sessions() as session:
        known = DatasetRows(session).documents_of(dataset, [r.key for r in batch])
        present = DocumentRepository(session).existing([r.document_id for r in batch])
    to_write = []
    for record in batch:
        seen = known.get(record.key)
        if seen is not None and seen == (record.document_id, False):
            report.unchanged += 1
        else:
            to_write.append(record)
    if not to_write:
        return
    # Extraction runs before the write transaction opens, so the store is never locked while it thinks.
    # The batch's notes go to the extractor together, so that its workers share them out.
    futures = {
        record.key: extractor.submit(
            ExtractionJob(record.document_id, record.notes, record.incident.date.value)
        )
        for record in to_write
        if options.extract and record.document_id not in present and record.notes.strip()
    }
    analyses: dict[str, Analysis | None] = {
        record.key: futures[record.key].result() if record.key in futures else None
        for record in to_write
    }
    originals: dict[str, bytes] = {}
    for record in to_write:
        if record.document_id not in present:
            originals.setdefault(record.document_id, record.original)
    written: str | None = None
    try:
        with sessions() as session:
            # The pack is written holding the append lock (see Originals.remove_leftover_packs),
            # and is durable before the rows that locate its originals are committed.
            log_of(session).hold()
            pack, spans = "", list[tuple[int, int]]()
            if originals:
                pack, wrote, spans = store.blobs.put_pack(list(originals.values()))
                written = pack if wrote else None
            rows = DatasetRows(session).get_many(dataset, [r.key for r in to_write])
            incidents = IncidentRepository(session)
            stored = incidents.get_many([rows[k].incident_id for k in rows])
            new_documents: dict[str, tuple[Document, Analysis | None]] = {}
            created: list[tuple[DatasetRecord, Incident]] = []
            updated: list[tuple[DatasetRecord, Incident]] = []
            collected_at = datetime.now(UTC)
            for record in to_write:
                incident, rest = _with_notes(record, analyses[record.key])
                if record.document_id not in present and record.document_id not in new_documents:
                    document = _row_document(record, path, collected_by, collected_at)
                    new_documents[record.document_id] = (document, rest)
                (updated if record.key in rows else created).append((record, incident))
            DocumentRepository(session).insert_many([d for d, _ in new_documents.values()])
            Originals(session, store.blobs).add_pack(
                pack, [(d, *span) for d, span in zip(originals, spans, strict=True)]
            )
            changes: list[tuple[str, str, Any]] = []
            for document, rest in new_documents.values():
                changes.append((DOCUMENT_ADDED, document.id, document_payload(document)))
                if rest is not None:
                    record_changes(session, changes, author)
                    changes = []
                    store_analysis(session, rest, author)
            incidents.insert_many([incident for _, incident in created])
            states: dict[str, dict[str, Any]] = {}
            for record, incident in created:
                changes.append((INCIDENT_CREATED, incident.id, incident_payload(incident)))
                states[record.key] = dataset_row_payload(
                    dataset=dataset,
                    key=record.key,
                    row_format=record.format,
                    incident=incident.id,
                    document=record.document_id,
                    country=record.country,
                    event_date=record.incident.date.value,
                    deleted=False,
                    lead=record.is_lead,
                )
            DatasetRows(session).insert_many(list(states.values()))
            report.added += len(created)
            record_changes(session, changes, author)
            for record, incident in updated:
                _update_incident(
                    session, rows[record.key], record, incident, stored, author, report
                )
            record_changes(
                session,
                (
                    (
                        DATASET_ROW_RECORDED,
                        dataset_subject(dataset, record.key),
                        states.get(record.key) or dataset_row_state(rows[record.key]),
                    )
                    for record in to_write
                ),
                author,
            )
    except BaseException:
        if written is not None:
            store.blobs.remove_pack(written)
        raise


def _update_incident(
    session: Session,
    row: DatasetRowRow,
    record: DatasetRecord,
    incident: Incident,
    stored: dict[str, Incident],
    author: Author,
    report: ImportReport,
) -> None:
    """A newer row of a known event: its claim replaces the dataset's old one; the incident takes
    the row's fields; claims of other documents (and of the old row's notes) stay."""
    old = stored[row.incident_id]
    new_claim = record.incident.claims[0]
    previous = next(
        (
            c
            for c in old.claims
            if c.document_id == row.document_id and c.source_kind == new_claim.source_kind
        ),
        None,
    )
    kept = [c for c in old.claims if c is not previous]
    incident = replace(
        incident,
        id=old.id,
        claims=[*incident.claims, *(c for c in kept if c not in incident.claims)],
        mentions=[*old.mentions, *incident.mentions],
        grade=incident.grade
        if record.is_lead
        else (None if old.grade == DISCOUNTED else old.grade),
        is_reviewed=old.is_reviewed,
    )
    IncidentRepository(session).save(incident)
    restored = row.document_id == record.document_id and row.is_deleted
    if restored:
        payload = incident_update_payload(
            incident, change="restored", reason="back in a newer export"
        )
        record_change(session, INCIDENT_UPDATED, incident.id, payload, author)
        report.restored += 1
    else:
        payload = claim_updated_payload(
            incident, previous=previous, claim=new_claim, changed=_changed(old, incident)
        )
        record_change(session, CLAIM_UPDATED, incident.id, payload, author)
        report.updated += 1
    row.document_id = record.document_id
    row.country = record.country
    row.event_date = record.incident.date.value
    row.is_deleted = False
    row.is_lead = record.is_lead


def _record_deletions(
    sessions: Sessions,
    dataset: str,
    scope: _Scope,
    path: Path,
    author: Author,
    report: ImportReport,
    batch: int,
) -> None:
    assert scope.first is not None and scope.last is not None
    with sessions() as session:
        gone = list(
            DatasetRows(session).keys_in_scope(
                dataset, scope.countries, scope.first, scope.last, unread=True
            )
        )
    for start in range(0, len(gone), batch):
        keys = gone[start : start + batch]
        with sessions() as session:
            rows = DatasetRows(session).get_many(dataset, keys)
            repository = IncidentRepository(session)
            incidents = repository.get_many([row.incident_id for row in rows.values()])
            for key in keys:
                row = rows[key]
                row.is_deleted = True
                session.flush()
                why = {"reason": DELETION_REASON, "file": path.name}
                record_change(
                    session,
                    DATASET_ROW_DELETED,
                    dataset_subject(dataset, key),
                    {"state": dataset_row_state(row), **why},
                    author,
                )
                incident = replace(incidents[row.incident_id], grade=DISCOUNTED)
                repository.save(incident)
                payload = incident_update_payload(
                    incident,
                    change="discounted",
                    reason=f"{dataset} {key} {DELETION_REASON} ({path.name})",
                )
                record_change(session, INCIDENT_UPDATED, incident.id, payload, author)
                report.deleted += 1


# Export


def export_incidents(
    store: Store, out: TextIO, *, export_format: ExportFormat, where: IncidentFilter
) -> int:
    """Writes the incidents the filter keeps to ``out``; returns how many."""
    count = 0
    for text, is_record in export_chunks(store, export_format=export_format, where=where):
        out.write(text)
        count += is_record
    return count


def export_chunks(
    store: Store, *, export_format: ExportFormat, where: IncidentFilter
) -> Iterator[tuple[str, bool]]:
    """The export as pieces of text, each with whether it is one incident's record (the CLI
    writes them to a file, the web app streams them). One read transaction throughout."""
    with store.read_session() as session:
        incidents = IncidentRepository(session).stream(where)
        if export_format is ExportFormat.JSONL:
            for incident in incidents:
                yield json.dumps(incident_record(incident), ensure_ascii=False) + "\n", True
        elif export_format is ExportFormat.GEOJSON:
            yield FEATURE_COLLECTION_START, False
            separator = ""
            for incident in incidents:
                yield separator + json.dumps(incident_feature(incident), ensure_ascii=False), True
                separator = ",\n"
            yield FEATURE_COLLECTION_END, False
        else:
            is_acled = export_format is ExportFormat.ACLED_CSV
            line = _CsvLine()
            yield line.of(ACLED_COLUMNS if is_acled else UCDP_COLUMNS), False
            fmt = "acled" if is_acled else "ucdp"
            for chunk in _chunks(incidents, 500):
                rows = DatasetRows(session).of_incidents([i.id for i in chunk])
                originals = Originals(session, store.blobs).get_many(
                    [r.document_id for r in rows.values() if r.format == fmt and not r.is_deleted]
                )
                for incident in chunk:
                    row = rows.get(incident.id)
                    if row is not None and row.is_deleted:
                        continue  # withdrawn by its dataset: not a row of a dataset file
                    key, original = None, None
                    if row is not None and row.format == fmt:
                        key = row.key
                        original = parse_canonical(originals[row.document_id])
                    write = acled_row if is_acled else ucdp_row
                    yield line.of(write(incident, key=key, original=original)), True


class _CsvLine:
    """One CSV line at a time, as :func:`csv.writer` writes it."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def of(self, values: Sequence[Any]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(values)
        return self._buffer.getvalue()


def _chunks(incidents: Iterator[Incident], size: int) -> Iterator[list[Incident]]:
    chunk: list[Incident] = []
    for incident in incidents:
        chunk.append(incident)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def tool_version() -> str:
    return f"ceasefire {__version__}"
