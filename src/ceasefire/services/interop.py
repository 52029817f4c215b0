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
import itertools
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
from ceasefire.domain import DatePrecision, Incident
from ceasefire.errors import InputError
from ceasefire.extract.pipeline import Analysis
from ceasefire.read.datasets import DatasetRecord, RawRows, RowError, parse_canonical
from ceasefire.read.files import Boundary
from ceasefire.record.bulk import BulkRow, dialect_name, sync_each_commit, widen_cache
from ceasefire.record.canonical import Encoded
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.entries import (
    CLAIM_UPDATED,
    DATASET_ROW_DELETED,
    DATASET_ROW_RECORDED,
    DOCUMENT_ADDED,
    INCIDENT_CREATED,
    INCIDENT_UPDATED,
    claim_updated_payload,
    dataset_subject,
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
from ceasefire.services.import_rows import (
    CHUNK_ROWS,
    FORMATS,
    Preparer,
    ReadyRow,
    RowJob,
    prepare,
    raw_chunks,
    record_of,
)
from ceasefire.services.log import log_of, record_change, record_changes
from ceasefire.services.parallel import ExtractionJob, Extractor, SerialExtractor, in_order

__all__ = [
    "CHUNK_ROWS",
    "ExportFormat",
    "ImportOptions",
    "ImportReport",
    "IncidentFilter",
    "RowError",
    "export_chunks",
    "export_incidents",
    "import_dataset",
]

DEFAULT_DATASET = {"acled": "ACLED", "ucdp": "UCDP GED"}
DISCOUNTED = "discounted"
EXTRACT_BATCH = 500
BULK_BATCH = 20_000
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
    memory for its write — and 20,000 without: a batch's commit writes every page its rows
    touched, and the indexes keyed by content hashes take each row on a page of their own, so a
    larger batch shares more of those pages among its rows), and whether rows missing from the
    file are recorded as deleted."""

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

    def add(self, country: str | None, day: date | None) -> None:
        self.countries.add(country)
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
    The file's rows are read, checked and made ready in chunks on ``extractor``'s workers
    (:mod:`ceasefire.services.import_rows`), and the notes of a batch's rows extracted there too
    (default: in this process); this process is the one writer, in the file's order.
    """
    extractor = extractor or SerialExtractor()
    if row_format not in FORMATS:
        raise InputError(f"unknown dataset format {row_format!r}", where=str(path))
    refused = Boundary(forbidden=store.data).refusal(path)
    if refused:
        raise InputError(refused, where=str(path))
    dataset = options.dataset or DEFAULT_DATASET[row_format]
    author = author or Author(collected_by)
    report = ImportReport(dataset=dataset)
    scope = _Scope()
    dialect = dialect_name(store.engine.dialect)

    def skip(error: RowError) -> None:
        report.errors.append(error)
        if on_error is not None:
            on_error(error)

    def job(raw: RawRows) -> RowJob:
        return RowJob(raw, row_format, dataset, path.name, collected_by, datetime.now(UTC), dialect)

    chunks = raw_chunks(path, row_format)
    first = next(chunks, None)  # a bad header raises here, before anything is written
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
            writer = _BatchWriter(store, sessions, path, options, author, report, extractor)
            batch: dict[str, ReadyRow] = {}
            raws = itertools.chain([first] if first is not None else [], chunks)
            for chunk in in_order(map(job, raws), prepare, extractor):
                writer.learn(chunk.columns)
                for item in chunk.rows:
                    if isinstance(item, RowError):
                        skip(item)
                    elif item.key in batch:
                        skip(_twice(path, item))
                    else:
                        batch[item.key] = item
                        if len(batch) >= options.rows_per_batch:
                            writer.write(
                                dataset, row_format, _admit(sessions, batch, path, scope, skip)
                            )
                            batch = {}
                            gc.collect()
                            if on_batch is not None:
                                on_batch(report)
            if batch:
                writer.write(dataset, row_format, _admit(sessions, batch, path, scope, skip))
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


def _twice(path: Path, row: ReadyRow) -> RowError:
    return RowError(str(path), row.line, "event id", f"{row.key!r} appears twice")


def _admit(
    sessions: Sessions,
    batch: dict[str, ReadyRow],
    path: Path,
    scope: _Scope,
    skip: Callable[[RowError], None],
) -> list[ReadyRow]:
    """The rows of a batch whose event id no earlier batch had (the others are errors), noted as
    read."""
    with sessions() as session:
        keys = ImportKeys(session)
        before = keys.read_before(batch)
        admitted = []
        for key, row in batch.items():
            if key in before:
                skip(_twice(path, row))
            else:
                admitted.append(row)
                scope.add(row.country, row.event_date)
        keys.add(r.key for r in admitted)
    return admitted


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


@dataclass(slots=True)
class _Created:
    """A new event id's incident as it is written: its rows' values and ``incident_created``."""

    row: ReadyRow
    incident: BulkRow
    claims: tuple[BulkRow, ...]
    mentions: tuple[BulkRow, ...]
    payload: str


class _BatchWriter:
    """Writes batches of ready rows, one transaction each (the one writer of an import)."""

    def __init__(
        self,
        store: Store,
        sessions: Sessions,
        path: Path,
        options: ImportOptions,
        author: Author,
        report: ImportReport,
        extractor: Extractor,
    ) -> None:
        self.store = store
        self.sessions = sessions
        self.path = path
        self.options = options
        self.author = author
        self.report = report
        self.extractor = extractor
        self.columns: dict[str, tuple[str, ...]] = {}
        self._preparer: Preparer | None = None

    def _prepared(self) -> Preparer:
        if self._preparer is None:
            self._preparer = Preparer(self.store.engine.dialect)
        return self._preparer

    def learn(self, columns: dict[str, tuple[str, ...]]) -> None:
        """Notes the columns of a chunk's values (a chunk of bad rows only has none)."""
        for table, names in columns.items():
            if names:
                self.columns[table] = names

    def _columns(self) -> dict[str, tuple[str, ...]]:
        """The columns of each table the batch's values are in: the workers' (a table they made
        no row of has none), and this process's for the rows it made ready itself (the same
        functions give the same columns)."""
        columns = dict(self.columns)
        if self._preparer is not None:
            for table, names in self._preparer.columns().items():
                assert not columns.get(table) or not names or columns[table] == names
                columns[table] = columns.get(table) or names
        return columns

    def write(self, dataset: str, row_format: str, batch: list[ReadyRow]) -> None:
        """One batch in one transaction. New rows are written in bulk — each table's rows with
        one INSERT of many rows (their values made ready by the workers), the log entries hashed
        in one loop and inserted together, the originals in one pack synced once before the
        commit — in the order the row-by-row writer used: the documents (each
        ``document_added``, then what extraction found in its notes), the new incidents
        (``incident_created``), the updates, then every row's ``dataset_row_recorded``. A row
        that is not simply new (its event id known, or notes to extract) is parsed again here
        from its original and written as before."""
        if not batch:
            return
        options, report, author = self.options, self.report, self.author
        with self.sessions() as session:
            known = DatasetRows(session).documents_of(dataset, [r.key for r in batch])
            present = DocumentRepository(session).existing([r.document_id for r in batch])
        to_write = []
        for row in batch:
            seen = known.get(row.key)
            if seen is not None and seen == (row.document_id, False):
                report.unchanged += 1
            else:
                to_write.append(row)
        if not to_write:
            return
        records = {
            row.key: record_of(row, row_format=row_format, dataset=dataset)
            for row in to_write
            if options.extract or row.key in known
        }
        # Extraction runs before the write transaction opens, so the store is never locked while
        # it thinks. The batch's notes go to the extractor together, so that its workers share
        # them out.
        futures = {
            key: self.extractor.submit(
                ExtractionJob(record.document_id, record.notes, record.incident.date.value)
            )
            for key, record in records.items()
            if options.extract and record.document_id not in present and record.notes.strip()
        }
        analyses: dict[str, Analysis | None] = {
            key: futures[key].result() if key in futures else None for key in records
        }
        originals: dict[str, bytes] = {}
        for row in to_write:
            if row.document_id not in present:
                originals.setdefault(row.document_id, row.original)
        written: str | None = None
        try:
            with self.sessions() as session:
                # The pack is written holding the append lock (see
                # Originals.remove_leftover_packs), and is durable before the rows that locate
                # its originals are committed.
                log_of(session).hold()
                pack, spans = "", list[tuple[int, int]]()
                if originals:
                    pack, wrote, spans = self.store.blobs.put_pack(list(originals.values()))
                    written = pack if wrote else None
                rows = DatasetRows(session).get_many(dataset, [k for k in known if k in records])
                incidents = IncidentRepository(session)
                stored = incidents.get_many([rows[k].incident_id for k in rows])
                new_documents: dict[str, tuple[ReadyRow, Analysis | None]] = {}
                created: list[_Created] = []
                updated: list[tuple[DatasetRecord, Incident]] = []
                for row in to_write:
                    incident, rest = None, None
                    record = records.get(row.key)
                    if record is not None:
                        incident, rest = _with_notes(record, analyses[row.key])
                    if row.document_id not in present and row.document_id not in new_documents:
                        new_documents[row.document_id] = (row, rest)
                    if row.key in rows:
                        assert record is not None and incident is not None
                        updated.append((record, incident))
                    elif incident is None or record is None or incident is record.incident:
                        ready = (row.incident, row.claims, row.mentions, row.incident_created)
                        created.append(_Created(row, *ready))
                    else:
                        created.append(_Created(row, *self._prepared().incident(incident)))
                columns = self._columns()
                DocumentRepository(session).insert_ready(
                    columns.get("documents", ()),
                    [row.document for row, _ in new_documents.values()],
                    list(new_documents),
                )
                Originals(session, self.store.blobs).add_pack(
                    pack, [(d, *span) for d, span in zip(originals, spans, strict=True)]
                )
                changes: list[tuple[str, str, Any]] = []
                for row, rest in new_documents.values():
                    changes.append((DOCUMENT_ADDED, row.document_id, Encoded(row.document_added)))
                    if rest is not None:
                        record_changes(session, changes, author)
                        changes = []
                        store_analysis(session, rest, author)
                incidents.insert_ready(
                    [c.row.incident_id for c in created],
                    (columns.get("incidents", ()), [c.incident for c in created]),
                    (columns.get("claims", ()), [v for c in created for v in c.claims]),
                    (columns.get("mentions", ()), [v for c in created for v in c.mentions]),
                )
                for made in created:
                    changes.append((INCIDENT_CREATED, made.row.incident_id, Encoded(made.payload)))
                DatasetRows(session).insert_ready(
                    columns.get("dataset_rows", ()), [c.row.dataset_row for c in created]
                )
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
                            dataset_subject(dataset, row.key),
                            dataset_row_state(rows[row.key])
                            if row.key in rows
                            else Encoded(row.row_recorded),
                        )
                        for row in to_write
                    ),
                    author,
                )
        except BaseException:
            if written is not None:
                self.store.blobs.remove_pack(written)
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
