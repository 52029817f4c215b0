"""/api/documents: read documents; POST takes a text or a file with its metadata in (intake)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool

from ceasefire.domain import DocumentKind
from ceasefire.services.access import (
    list_visible_documents,
    visible_document,
    visible_submissions,
)
from ceasefire.services.intake import Submission, intake_document
from ceasefire.web.api.filters import Limit, Offset
from ceasefire.web.api.schemas import Added, DocumentOut, DocumentPage, SubmissionOut
from ceasefire.web.auth import CurrentUser, State

router = APIRouter(tags=["documents"])


@router.get("/documents", response_model=DocumentPage)
def documents(
    user: CurrentUser, state: State, offset: Offset = 0, limit: Limit = 50
) -> DocumentPage:
    items, total = list_visible_documents(state.store, user, offset=offset, limit=limit)
    return DocumentPage(
        total=total, offset=offset, limit=limit, items=[DocumentOut.of(d) for d in items]
    )


@router.get("/documents/{document_id}", response_model=DocumentOut)
def document(document_id: str, user: CurrentUser, state: State) -> DocumentOut:
    found = visible_document(state.store, user, document_id)
    shown = DocumentOut.of(found, with_text=True)
    if found.meta.kind is DocumentKind.COMPLAINT:
        made = visible_submissions(state.store, user, found.id)
        shown.submissions = [SubmissionOut.of(s) for s in made]
    return shown


def submission_of(
    text: str | None,
    file: UploadFile | None,
    data: bytes | None,
    meta: dict[str, str | None],
) -> Submission:
    return Submission(
        original=data if file is not None else None,
        filename=file.filename if file is not None else None,
        text=text,
        meta=meta,
    )


@router.post("/documents", response_model=Added, status_code=201)
async def add(
    user: CurrentUser,
    state: State,
    text: Annotated[str | None, Form(description="The text, pasted (or give a file).")] = None,
    file: Annotated[UploadFile | None, File(description=".txt, .md, .html or .htm")] = None,
    kind: Annotated[DocumentKind | None, Form()] = None,
    publisher: Annotated[str | None, Form(max_length=200)] = None,
    url: Annotated[str | None, Form()] = None,
    published: Annotated[str | None, Form(description="YYYY-MM-DD")] = None,
    language: Annotated[str | None, Form()] = None,
    title: Annotated[str | None, Form()] = None,
) -> Added:
    """Intake: the document, what extraction finds in it and their log entries, in one transaction."""
    data = await file.read() if file is not None else None
    meta = {
        "kind": kind.value if kind else None,
        "publisher": publisher,
        "url": url,
        "published": published,
        "language": language,
        "title": title,
    }
    submission = submission_of(text, file, data, meta)
    digest, added = await run_in_threadpool(
        intake_document, state.store, user, submission, agreements=state.agreements
    )
    return Added(id=digest, added=added)
