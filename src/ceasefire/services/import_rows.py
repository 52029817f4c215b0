"""The pure part of an import: a chunk of a dataset file's rows read, checked and made ready for the
writer, in whatever process runs it (this one, or a worker of :mod:`ceasefire.services.parallel`).

A row read from the file becomes, here, what its writing needs when it is new — the rows of the
documents, incidents, claims and dataset rows tables as values ready for the database, and the
payloads of its three log entries as canonical text — made by the same functions the writer and
``log verify`` use. What depends on the record (whether the event id or the document is known) or
on the log (the chain's hashes) stays with the one writer; a row that is not simply new (an update,
a document already stored, notes to extract) is parsed again from its original there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlalchemy import Table
from sqlalchemy.engine import Dialect

from ceasefire.domain import Document, DocumentKind, DocumentMeta, Incident
from ceasefire.domain.datasets import ACLED_COLUMNS, OLDER_COLUMNS, UCDP_COLUMNS
from ceasefire.read.acled import parse_acled
from ceasefire.read.datasets import (
    DatasetRecord,
    RawRows,
    RowError,
    RowParser,
    iter_raw,
    parse_canonical,
    parse_raw,
)
from ceasefire.read.ucdp import parse_ucdp
from ceasefire.record.bulk import BulkRow, Columns, dialect_named
from ceasefire.record.canonical import canonical_text
from ceasefire.record.documents import row_values
from ceasefire.record.entries import (
    DATASET_ROW_RECORDED,
    DOCUMENT_ADDED,
    INCIDENT_CREATED,
    dataset_row_payload,
    document_payload,
    incident_payload,
)
from ceasefire.record.incidents import claim_values, incident_values, mention_values
from ceasefire.record.interop import dataset_row_values
from ceasefire.record.interop_tables import DatasetRowRow
from ceasefire.record.tables import ClaimRow, DocumentRow, IncidentRow, MentionRow

# Rows a worker reads, checks and makes ready at a time: enough that sending a chunk costs little
# beside its work, few enough that the chunks in flight hold little memory.
CHUNK_ROWS = 1000


@dataclass(frozen=True, slots=True)
class DatasetFormat:
    """How a dataset's CSV is read: the parser of one row, its columns."""

    parse: RowParser
    required: tuple[str, ...]
    tolerated: tuple[str, ...] = ()


FORMATS = {
    "acled": DatasetFormat(parse_acled, tuple(ACLED_COLUMNS), tuple(OLDER_COLUMNS)),
    "ucdp": DatasetFormat(parse_ucdp, tuple(UCDP_COLUMNS)),
}


@dataclass(frozen=True, slots=True)
class RowJob:
    """What a worker needs to make a chunk of rows ready: the rows as read and how they will be
    stored (no database, no store). ``dialect`` names the writer's (``sqlite+pysqlite``)."""

    raw: RawRows
    row_format: str
    dataset: str
    source_name: str
    collected_by: str
    collected_at: datetime
    dialect: str


class ReadyRow(NamedTuple):
    """One good row made ready: what the writer checks it by, and what it writes if it is new."""

    key: str
    line: int
    document_id: str
    original: bytes
    country: str | None
    event_date: date | None
    incident_id: str
    # Rows of their tables as insert_values takes them (on PostgreSQL, lines of COPY text).
    document: BulkRow
    incident: BulkRow
    claims: tuple[BulkRow, ...]
    mentions: tuple[BulkRow, ...]
    dataset_row: BulkRow
    # The payloads of its entries, as canonical text (appended as Encoded).
    document_added: str
    incident_created: str
    row_recorded: str


@dataclass(frozen=True, slots=True)
class ReadyChunk:
    """A chunk's rows in file order (each ready, or the error that skips it), and the columns of
    each table their values are given in."""

    rows: list[ReadyRow | RowError]
    columns: dict[str, tuple[str, ...]]

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent as plain tuples: unpickling a named tuple calls its Python __new__, which cost
        # the writer more than the rest of a row's unpickling.
        plain = [tuple(r) if type(r) is ReadyRow else r for r in self.rows]
        return (_chunk, (plain, self.columns))


def _chunk(rows: list[Any], columns: dict[str, tuple[str, ...]]) -> ReadyChunk:
    make = ReadyRow._make
    return ReadyChunk([make(r) if type(r) is tuple else r for r in rows], columns)


def raw_chunks(path: Path, row_format: str) -> Iterator[RawRows]:
    """The file's rows in chunks, as read (a bad header raises InputError at the first chunk)."""
    found = FORMATS[row_format]
    return iter_raw(path, required=found.required, tolerated=found.tolerated, size=CHUNK_ROWS)


def prepare(job: RowJob) -> ReadyChunk:
    """The chunk's rows parsed, checked and made ready (a top-level function: it is sent to
    worker processes by name)."""
    ready = Preparer(dialect_named(job.dialect))
    rows: list[ReadyRow | RowError] = []
    for item in parse_raw(job.raw, FORMATS[job.row_format].parse, dataset=job.dataset):
        if isinstance(item, RowError):
            rows.append(item)
            continue
        document = row_document(item, job.source_name, job.collected_by, job.collected_at)
        document_row, document_added = ready.document(document)
        incident, claims, mentions, created = ready.incident(item.incident)
        dataset_row, recorded = ready.dataset_row(item, item.incident.id)
        rows.append(
            ReadyRow(
                item.key,
                item.line,
                item.document_id,
                item.original,
                item.country,
                item.incident.date.value,
                item.incident.id,
                document_row,
                incident,
                claims,
                mentions,
                dataset_row,
                document_added,
                created,
                recorded,
            )
        )
    return ReadyChunk(rows, ready.columns())


def record_of(row: ReadyRow, *, row_format: str, dataset: str) -> DatasetRecord:
    """The record of a ready row, parsed again from its original (the writer's way for a row that
    is not simply new): the same record as the worker's, the original holding the kept columns."""
    return FORMATS[row_format].parse(
        parse_canonical(row.original),
        dataset=dataset,
        line=row.line,
        original=row.original,
        document_id=row.document_id,
    )


def row_document(
    record: DatasetRecord, source_name: str, collected_by: str, collected_at: datetime
) -> Document:
    """The row as a document; ``collected_at`` (UTC) is the chunk's time, one for all its rows."""
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
        source_name=f"{source_name}:{record.line}",
        size=len(record.original),
        media_type="text/csv",
    )


def _table(row: type[Any]) -> Table:
    return cast(Table, row.__table__)


class _Ready:
    """Rows of one table made ready for a dialect from the mappings of the record's functions
    (the same names in each), their columns taken from the first."""

    def __init__(self, table: Table, dialect: Dialect) -> None:
        self.table = table
        self.dialect = dialect
        self._columns: Columns | None = None

    def __call__(self, values: dict[str, Any]) -> BulkRow:
        if self._columns is None:
            self._columns = Columns(self.table, list(values), self.dialect)
        return self._columns.bulk(list(values.values()))

    @property
    def names(self) -> tuple[str, ...]:
        return self._columns.names if self._columns is not None else ()


class Preparer:
    """Makes documents, incidents and dataset rows ready for the writer's dialect: their rows'
    values (in the order of :meth:`columns`) and their log entries' payloads."""

    def __init__(self, dialect: Dialect) -> None:
        self._documents = _Ready(_table(DocumentRow), dialect)
        self._incidents = _Ready(_table(IncidentRow), dialect)
        self._claims = _Ready(_table(ClaimRow), dialect)
        self._mentions = _Ready(_table(MentionRow), dialect)
        self._dataset_rows = _Ready(_table(DatasetRowRow), dialect)

    def columns(self) -> dict[str, tuple[str, ...]]:
        made = (self._documents, self._incidents, self._claims, self._mentions, self._dataset_rows)
        return {ready.table.name: ready.names for ready in made}

    def document(self, document: Document) -> tuple[BulkRow, str]:
        payload = canonical_text(document_payload(document), where=f"{DOCUMENT_ADDED} payload")
        return self._documents(row_values(document)), payload

    def incident(
        self, incident: Incident
    ) -> tuple[BulkRow, tuple[BulkRow, ...], tuple[BulkRow, ...], str]:
        """The incident's row, its claims' and mentions' rows, its ``incident_created`` payload."""
        claims = tuple(self._claims(claim_values(incident.id, c)) for c in incident.claims)
        mentions = tuple(self._mentions(mention_values(incident.id, m)) for m in incident.mentions)
        payload = canonical_text(incident_payload(incident), where=f"{INCIDENT_CREATED} payload")
        return (
            self._incidents({"id": incident.id, **incident_values(incident)}),
            claims,
            mentions,
            payload,
        )

    def dataset_row(self, record: DatasetRecord, incident_id: str) -> tuple[BulkRow, str]:
        """A new event id's row and its ``dataset_row_recorded`` payload."""
        state = dataset_row_payload(
            dataset=record.dataset,
            key=record.key,
            row_format=record.format,
            incident=incident_id,
            document=record.document_id,
            country=record.country,
            event_date=record.incident.date.value,
            deleted=False,
            lead=record.is_lead,
        )
        payload = canonical_text(state, where=f"{DATASET_ROW_RECORDED} payload")
        return self._dataset_rows(dataset_row_values(state)), payload
