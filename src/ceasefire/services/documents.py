"""Use cases about documents: ingest files and folders, list and find documents."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from ceasefire.config import Settings
from ceasefire.domain import Document, DocumentMeta
from ceasefire.domain.document import document_id as document_id_of
from ceasefire.errors import CeasefireError, InputError, MetadataError
from ceasefire.extract.pipeline import Analysis
from ceasefire.read.files import ReadResult, iter_files, read_file
from ceasefire.read.metadata import (
    FOLDER_META,
    MetaRecord,
    layer,
    parse_meta,
    read_folder_meta,
    read_sidecar,
    sidecar_for,
)
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.entries import DOCUMENT_ADDED, document_payload
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.resolve.duplicates import to_bytes
from ceasefire.services.extraction import analyse, store_analysis
from ceasefire.services.log import hold_log, record_change
from ceasefire.services.resolution import duplicate_group_of, index_document, text_signature

__all__ = ["IngestOutcome", "IngestReport", "IngestStatus", "Store", "add_document", "ingest_paths"]


def open_store(settings: Settings) -> Store:
    """Opens (and migrates) the store the settings name."""
    return Store.open(settings)


def parse_flags(values: dict[str, str]) -> MetaRecord | None:
    """Metadata given on the command line, validated; None when no flag was given."""
    return parse_meta(dict(values), where="command line") if values else None


def count_files(paths: Sequence[Path]) -> int:
    return sum(1 for _ in iter_files(list(paths)))


class IngestStatus(StrEnum):
    ADDED = "added"
    PRESENT = "already present"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    path: Path
    status: IngestStatus
    document_id: str | None = None
    message: str | None = None


@dataclass(slots=True)
class IngestReport:
    outcomes: list[IngestOutcome] = field(default_factory=list)

    def count(self, status: IngestStatus) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status is status)

    @property
    def failed(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.status is IngestStatus.FAILED]


class MetadataSources:
    """Finds the metadata of a file: folder meta.jsonl, then sidecar, then flags (flags win)."""

    def __init__(self, flags: MetaRecord | None = None) -> None:
        self.flags = flags
        self._folders: dict[Path, dict[str, MetaRecord] | MetadataError] = {}

    def _folder(self, folder: Path) -> dict[str, MetaRecord]:
        if folder not in self._folders:
            path = folder / FOLDER_META
            try:
                self._folders[folder] = read_folder_meta(path) if path.is_file() else {}
            except MetadataError as exc:
                self._folders[folder] = exc
        cached = self._folders[folder]
        if isinstance(cached, MetadataError):
            raise cached
        return cached

    def is_listed(self, path: Path) -> bool:
        """A folder with a meta.jsonl is a manifest: only the files it lists belong to the corpus."""
        if not (path.parent / FOLDER_META).is_file():
            return True
        return path.name in self._folder(path.parent)

    def meta_for(self, path: Path, content: ReadResult, *, collected_by: str) -> DocumentMeta:
        base = DocumentMeta(collected_at=datetime.now(UTC), collected_by=collected_by)
        folder_record = self._folder(path.parent).get(path.name)
        sidecar = sidecar_for(path)
        return layer(
            base,
            content.content_meta,
            folder_record,
            read_sidecar(sidecar) if sidecar else None,
            self.flags,
        )


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    flags: MetaRecord | None = None,
    collected_by: str,
    author: Author | None = None,
    on_file: Callable[[IngestOutcome], None] | None = None,
    extract: bool = True,
) -> IngestReport:
    """Ingests files and folders (recursively), each file in its own transaction.

    Each new document is a ``document_added`` log entry by ``author`` (default: ``collected_by``,
    unsigned).
    """
    report = IngestReport()
    sources = MetadataSources(flags)
    for path, explicit in iter_files(list(paths)):
        try:
            if not explicit and not sources.is_listed(path):
                outcome = IngestOutcome(
                    path, IngestStatus.SKIPPED, message=f"not listed in {FOLDER_META}"
                )
                report.outcomes.append(outcome)
                if on_file is not None:
                    on_file(outcome)
                continue
            content = read_file(path)
            meta = sources.meta_for(path, content, collected_by=collected_by)
            document_id, added = add_document(
                store, content, meta, source_name=path.name, author=author, extract=extract
            )
            status = IngestStatus.ADDED if added else IngestStatus.PRESENT
            outcome = IngestOutcome(path, status, document_id)
        except CeasefireError as exc:
            outcome = IngestOutcome(path, IngestStatus.FAILED, message=str(exc))
        report.outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    if not report.outcomes:
        raise InputError("no .txt, .md, .html or .htm file found", where=", ".join(map(str, paths)))
    return report


def add_document(
    store: Store,
    content: ReadResult,
    meta: DocumentMeta,
    *,
    source_name: str | None,
    extract: bool = True,
    author: Author | None = None,
    on_added: Callable[[Session, Document], None] | None = None,
) -> tuple[str, bool]:
    """Stores the original, its row, what extraction found in it and the ``document_added`` log
    entry in one transaction; returns (id, whether it was new).

    The same bytes a second time change nothing. If the row or the entry cannot be written, an
    original written by this call is removed again, so nothing half-written remains.
    ``on_added`` writes more rows about a new document (a complaint, say) in the same transaction.
    """
    author = author or Author(meta.collected_by or "unknown")
    # Stored and logged in UTC, so that every backend gives back the time that was logged.
    meta = utc_meta(meta)
    digest = document_id_of(content.original)
    with store.read_session() as session:
        if DocumentRepository(session).exists(digest):
            return digest, False
    # The pipeline and the signature are computed before the write transaction opens, so the store
    # is never locked while they think.
    minhash = text_signature(content.text)
    analysis = analyse(digest, content.text, meta.published_at) if extract else None
    digest, wrote_blob = store.blobs.put(content.original)
    try:
        with store.session() as session:
            hold_log(session)
            documents = DocumentRepository(session)
            if documents.exists(digest):
                return digest, False
            group = duplicate_group_of(session, digest, minhash)
            document = Document(
                id=digest,
                meta=meta,
                text=content.text,
                source_name=source_name,
                size=len(content.original),
                media_type=content.media_type,
                duplicate_group=group,
                minhash=to_bytes(minhash),
            )
            write_document(session, document, author, analysis)
            index_document(session, digest, minhash)
            if on_added is not None:
                on_added(session, document)
    except BaseException:
        if wrote_blob:
            store.blobs.remove(digest)
        raise
    return digest, True


def write_document(
    session: Session, document: Document, author: Author, analysis: Analysis | None
) -> None:
    """The row of a document whose original is stored, its ``document_added`` entry, and what
    extraction found in it, in the caller's transaction."""
    write_documents(session, [(document, analysis)], author)


def write_documents(
    session: Session, documents: Sequence[tuple[Document, Analysis | None]], author: Author
) -> None:
    """:func:`write_document` for many documents, with one flush for their rows (a batch)."""
    DocumentRepository(session).add_many([document for document, _ in documents])
    for document, analysis in documents:
        record_change(session, DOCUMENT_ADDED, document.id, document_payload(document), author)
        if analysis is not None:
            store_analysis(session, analysis, author)


def utc_meta(meta: DocumentMeta) -> DocumentMeta:
    """Metadata with ``collected_at`` in UTC, as it is stored and logged."""
    if meta.collected_at is None:
        return meta
    collected_at = meta.collected_at
    if collected_at.tzinfo is None:
        collected_at = collected_at.replace(tzinfo=UTC)
    return replace(meta, collected_at=collected_at.astimezone(UTC))


def list_documents(store: Store, *, limit: int | None = None) -> Sequence[Document]:
    with store.session() as session:
        return DocumentRepository(session).list(limit=limit)


def find_document(store: Store, prefix: str) -> Document:
    with store.session() as session:
        return DocumentRepository(session).find(prefix)
