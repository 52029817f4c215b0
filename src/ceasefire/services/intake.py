"""Use case of intake from the web and the API: a pasted text or an uploaded file with metadata
becomes a document through :func:`add_document`, by a user allowed to take documents in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from ceasefire.domain import Document, DocumentMeta
from ceasefire.domain.agreement import Agreement
from ceasefire.errors import InputError
from ceasefire.read.files import ReadResult, read_bytes
from ceasefire.read.metadata import layer, parse_meta
from ceasefire.record.store import Store
from ceasefire.services.accounts import Permission, User, require
from ceasefire.services.assessment import reassess
from ceasefire.services.documents import add_document

MAX_UPLOAD = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Submission:
    """What a person hands in: a file's bytes and name, or a pasted text; metadata as given."""

    original: bytes | None = None
    filename: str | None = None
    text: str | None = None
    meta: dict[str, Any] | None = None


def read_submission(submission: Submission) -> tuple[ReadResult, str]:
    """The cleaned content of a submission and the source name it is stored under."""
    if submission.original is not None and submission.original.strip():
        name = submission.filename or "upload.txt"
        if len(submission.original) > MAX_UPLOAD:
            raise InputError(f"larger than {MAX_UPLOAD // (1024 * 1024)} MiB", where=name)
        return read_bytes(submission.original, name=name), name
    if submission.text and submission.text.strip():
        return read_bytes(submission.text.encode("utf-8"), name="pasted.txt"), "pasted.txt"
    raise InputError("give a text or a file", where="document")


def meta_of(submission: Submission, content: ReadResult, user: User) -> DocumentMeta:
    given = {k: v for k, v in (submission.meta or {}).items() if v not in (None, "")}
    record = parse_meta(given, where="form") if given else None
    base = DocumentMeta(collected_at=datetime.now(UTC), collected_by=user.name)
    return layer(base, content.content_meta, record)


def intake_document(
    store: Store,
    user: User,
    submission: Submission,
    *,
    extract: bool = True,
    on_added: Callable[[Session, Document], None] | None = None,
    agreements: Sequence[Agreement] = (),
) -> tuple[str, bool]:
    """Adds a submitted document (and what extraction finds in it) with its log entries in one
    transaction; returns (id, whether it was new). The record is held against ``agreements``
    again in that transaction, so the incidents found come with their possible violations."""
    require(user, Permission.INTAKE)
    content, name = read_submission(submission)
    meta = meta_of(submission, content, user)

    def added(session: Session, document: Document) -> None:
        if on_added is not None:
            on_added(session, document)
        reassess(session, agreements, user.author)

    return add_document(
        store,
        content,
        meta,
        source_name=name,
        extract=extract,
        author=user.author,
        on_added=added,
    )
