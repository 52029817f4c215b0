"""Use cases about documents: ingest files and folders, list and find documents."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from ceasefire.config import Settings
from ceasefire.domain import Document, DocumentKind, DocumentMeta, EvidenceSubmission
from ceasefire.domain.document import document_id as document_id_of
from ceasefire.errors import CeasefireError, InputError, MetadataError
from ceasefire.extract.pipeline import Analysis
from ceasefire.read.files import FoundFile, ReadResult, iter_files, read_file
from ceasefire.read.metadata import (
    FOLDER_META,
    Manifest,
    MetaRecord,
    layer,
    parse_meta,
    read_manifest,
    read_sidecar,
    sidecar_for,
)
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.entries import DOCUMENT_ADDED, document_payload
from ceasefire.record.evidence import EVIDENCE_SUBMITTED, EvidenceRepository, submission_payload
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.resolve.duplicates import to_bytes
from ceasefire.services.extraction import analyse, store_analysis
from ceasefire.services.log import hold_log, record_change, record_sealed
from ceasefire.services.parallel import ExtractionJob, Extractor, SerialExtractor, ordered
from ceasefire.services.resolution import duplicate_group_of, index_document, text_signature

__all__ = ["IngestOutcome", "IngestReport", "IngestStatus", "Store", "add_document", "ingest_paths"]


def open_store(settings: Settings) -> Store:
    """Opens (and migrates) the store the settings name."""
    return Store.open(settings)


def parse_flags(values: dict[str, str]) -> MetaRecord | None:
    """Metadata given on the command line, validated; None when no flag was given."""
    return parse_meta(dict(values), where="command line") if values else None


def count_files(paths: Sequence[Path], *, data: Path | None = None) -> int:
    return sum(1 for _ in iter_files(list(paths), data=data))


CONFIDENTIAL_NOTE = "a confidential complaint: stored, not extracted; lodge it with cases lodge"


class IngestStatus(StrEnum):
    ADDED = "added"
    PRESENT = "already present"
    FAILED = "failed"
    SKIPPED = "skipped"
    REFUSED = "refused"  # not read at all: a link out of the folder, the data folder


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
        """Files that did not go in for a fault of theirs: failed, or refused unread."""
        return [o for o in self.outcomes if o.status in (IngestStatus.FAILED, IngestStatus.REFUSED)]


class MetadataSources:
    """Finds the metadata of a file: folder meta.jsonl, then sidecar, then flags (flags win).

    A folder with a meta.jsonl is a manifest: only the files it lists belong to the corpus. Each
    problem of a manifest is reported once: a bad line fails the file it names (or, naming none,
    stands alone), a listed file that is not there fails on its own, and a manifest that cannot be
    read at all is one failure, its folder's files then skipped.
    """

    def __init__(self, flags: MetaRecord | None = None) -> None:
        self.flags = flags
        self._folders: dict[Path, Manifest | MetadataError | None] = {}
        self._seen: dict[Path, set[str]] = {}

    def saw(self, found: FoundFile) -> None:
        """Notes a file met in a folder walked, so that the folder's manifest is checked for the
        files it lists that were not met."""
        if not found.explicit:
            self._seen.setdefault(found.path.parent, set()).add(found.path.name)

    def load(self, found: FoundFile) -> list[IngestOutcome]:
        """Reads the manifest of the file's folder the first time one of its files comes; returns
        what is wrong with it that no single file will report."""
        folder = found.path.parent
        if folder in self._folders:
            return []
        path = folder / FOLDER_META
        if not path.is_file():
            self._folders[folder] = None
            return []
        refused = found.boundary.refusal(path)
        if refused:
            self._folders[folder] = MetadataError(refused, where=str(path))
            return [IngestOutcome(path, IngestStatus.REFUSED, message=refused)]
        try:
            manifest = read_manifest(path)
        except MetadataError as exc:
            self._folders[folder] = exc
            return [IngestOutcome(path, IngestStatus.FAILED, message=str(exc))]
        self._folders[folder] = manifest
        return [
            IngestOutcome(path, IngestStatus.FAILED, message=str(problem))
            for named, problem in manifest.problems
            if named is None
        ]

    def listing(self, path: Path) -> str | None:
        """Why a file found in a folder is not taken in (not listed, its manifest unreadable), or
        None when it is. Raises the error of its line in the manifest."""
        manifest = self._folders.get(path.parent)
        if manifest is None:
            return None
        if isinstance(manifest, MetadataError):
            return f"{FOLDER_META} not read"
        for named, problem in manifest.problems:
            if named == path.name:
                raise problem
        return None if path.name in manifest.records else f"not listed in {FOLDER_META}"

    def missing(self) -> list[IngestOutcome]:
        """Files a manifest lists that the folder does not hold (or that are not read)."""
        outcomes = []
        for folder, seen in self._seen.items():
            manifest = self._folders.get(folder)
            if not isinstance(manifest, Manifest):
                continue
            named = [(manifest.lines[n], n) for n in manifest.records if n not in seen]
            named += [(0, n) for n, _ in manifest.problems if n is not None and n not in seen]
            for line, name in sorted(named):
                where = f"{manifest.path} line {line}" if line else str(manifest.path)
                problem = (
                    "is not a file ingest reads (.txt, .md, .html, .htm; not hidden)"
                    if (folder / name).exists()
                    else "no such file in the folder"
                )
                message = f"{where}: field 'file': {name!r} {problem}"
                outcomes.append(IngestOutcome(folder / name, IngestStatus.FAILED, message=message))
        return outcomes

    def meta_for(self, found: FoundFile, content: ReadResult, *, collected_by: str) -> DocumentMeta:
        path = found.path
        base = DocumentMeta(collected_at=datetime.now(UTC), collected_by=collected_by)
        manifest = self._folders.get(path.parent)
        folder_record = manifest.records.get(path.name) if isinstance(manifest, Manifest) else None
        if isinstance(manifest, MetadataError) and found.explicit:
            raise manifest
        sidecar = sidecar_for(path)
        refused = found.boundary.refusal(sidecar) if sidecar else None
        if refused:
            raise MetadataError(refused, where=str(sidecar))
        return layer(
            base,
            content.content_meta,
            folder_record,
            read_sidecar(sidecar) if sidecar else None,
            self.flags,
        )


@dataclass(frozen=True, slots=True)
class _Read:
    """A file read, with its metadata, waiting for its analysis and its write."""

    path: Path
    content: ReadResult
    meta: DocumentMeta
    document_id: str


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    flags: MetaRecord | None = None,
    collected_by: str,
    author: Author | None = None,
    on_file: Callable[[IngestOutcome], None] | None = None,
    extract: bool = True,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Ingests files and folders (recursively), each file in its own transaction.

    Each new document is a ``document_added`` log entry by ``author`` (default: ``collected_by``,
    unsigned). A symbolic link out of a folder given, and anything in the data folder, is refused
    unread (:func:`~ceasefire.read.files.iter_files`). Extraction runs on ``extractor`` (default:
    in this process), while this process stays the one writer and writes the files in the order
    given: the record is the same whatever runs the extraction.
    """
    report = IngestReport()
    sources = MetadataSources(flags)
    extractor = extractor or SerialExtractor()

    def read_all() -> Iterator[_Read | IngestOutcome]:
        for found in iter_files(list(paths), data=store.data):
            path = found.path
            sources.saw(found)
            if found.refused:
                yield IngestOutcome(path, IngestStatus.REFUSED, message=found.refused)
                continue
            if found.skipped:
                yield IngestOutcome(path, IngestStatus.SKIPPED, message=found.skipped)
                continue
            yield from sources.load(found)
            try:
                unlisted = sources.listing(path)
                if unlisted and not found.explicit:
                    yield IngestOutcome(path, IngestStatus.SKIPPED, message=unlisted)
                    continue
                # The link is read where it was checked to lead, not followed anew.
                content = read_file(path, source=path.resolve())
                meta = sources.meta_for(found, content, collected_by=collected_by)
                yield _Read(path, content, meta, document_id_of(content.original))
            except CeasefireError as exc:
                yield IngestOutcome(path, IngestStatus.FAILED, message=str(exc))
        yield from sources.missing()

    def job_of(item: _Read | IngestOutcome) -> ExtractionJob | None:
        if not extract or isinstance(item, IngestOutcome) or not item.meta.kind.extracted:
            return None
        with store.session() as session:
            if DocumentRepository(session).exists(item.document_id):
                return None
        return ExtractionJob(item.document_id, item.content.text, item.meta.published_at)

    for item, analysis in ordered(read_all(), job_of, extractor):
        if isinstance(item, IngestOutcome):
            outcome = item
        else:
            try:
                document_id, added = add_document(
                    store,
                    item.content,
                    item.meta,
                    source_name=item.path.name,
                    author=author,
                    extract=extract,
                    analysis=analysis,
                )
                status = IngestStatus.ADDED if added else IngestStatus.PRESENT
                held = None if item.meta.kind.extracted or not extract else CONFIDENTIAL_NOTE
                outcome = IngestOutcome(item.path, status, document_id, message=held)
            except CeasefireError as exc:
                outcome = IngestOutcome(item.path, IngestStatus.FAILED, message=str(exc))
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
    analysis: Analysis | None = None,
) -> tuple[str, bool]:
    """Stores the original, its row, what extraction found in it and the ``document_added`` log
    entry in one transaction; returns (id, whether it was new).

    The same bytes a second time change nothing. If the row or the entry cannot be written, an
    original written by this call is removed again, so nothing half-written remains.
    ``on_added`` writes more rows about a new document (a complaint, say) in the same transaction.
    ``analysis`` is the document's extraction when it was run elsewhere (see ``services.parallel``).
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
    if analysis is None and extract and meta.kind.extracted:
        analysis = analyse(digest, content.text, meta.published_at)
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
        # A complaint's evidence is confidential: its entry is a commitment (services.log).
        record = record_sealed if document.meta.kind is DocumentKind.COMPLAINT else record_change
        record(session, DOCUMENT_ADDED, document.id, document_payload(document), author)
        if analysis is not None:
            if not document.meta.kind.extracted:  # a hard rule, whoever ran the extraction
                raise InputError(
                    "a complaint is confidential evidence and is never extracted",
                    where=document.id[:12],
                )
            store_analysis(session, analysis, author)


def submit_evidence(session: Session, submission: EvidenceSubmission, author: Author) -> None:
    """One submitter's handing-in of a stored original as evidence, with its sealed
    ``evidence_submitted`` entry, in the caller's transaction."""
    EvidenceRepository(session).add(submission)
    record_sealed(
        session, EVIDENCE_SUBMITTED, submission.id, submission_payload(submission), author
    )


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
