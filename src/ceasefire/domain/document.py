"""Document: a report as received, identified by the sha256 of its original bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum


class DocumentKind(StrEnum):
    """What sort of report a document is (DESIGN.md, Domain model)."""

    NEWS = "news"
    STATEMENT = "statement"
    COMPLAINT = "complaint"
    MONITOR_REPORT = "monitor_report"
    DATASET_ROW = "dataset_row"

    @property
    def extracted(self) -> bool:
        """Whether documents of this kind go through extraction. A complaint is a party's
        confidential evidence, read only by those entitled (services.access): incidents, figures and
        quotes drawn from it would be public, so it never is. What it alleges enters the record as a
        case (``cases lodge``), and as incidents only through a report that may be read by all."""
        return self is not DocumentKind.COMPLAINT


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Collection metadata. Every field may be unknown except the kind."""

    kind: DocumentKind = DocumentKind.NEWS
    publisher: str | None = None
    url: str | None = None
    published_at: date | None = None
    collected_at: datetime | None = None
    collected_by: str | None = None
    language: str | None = None
    title: str | None = None

    def merged_over(self, base: DocumentMeta, *, fields_set: frozenset[str]) -> DocumentMeta:
        """This metadata's `fields_set` laid over `base`: the later source wins field by field."""
        return replace(base, **{name: getattr(self, name) for name in fields_set})


def document_id(original: bytes) -> str:
    """The content address of a document: hex sha256 of its original bytes."""
    return hashlib.sha256(original).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """A report as received: original bytes' address, metadata and the derived, cleaned text."""

    id: str
    meta: DocumentMeta
    text: str
    source_name: str | None = None
    size: int = 0
    media_type: str = "text/plain"
    extra: dict[str, str] = field(default_factory=dict)
    # Near-duplicates (syndicated copies, rewrites) share a group: the id of the group's first document.
    duplicate_group: str | None = None
    # Its MinHash signature (128 little-endian uint64), by which the group was found.
    minhash: bytes | None = None

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class EvidenceSubmission:
    """One handing-in of an original as a complaint's evidence: by which party (or the
    secretariat), which user, when, and the metadata as that submitter gave it. The same bytes
    handed in by two parties are one document (one original) and two submissions."""

    id: str
    document: str
    case: str
    party: str
    by: str
    at: datetime
    meta: DocumentMeta
    source_name: str | None = None
