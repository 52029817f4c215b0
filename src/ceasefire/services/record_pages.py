"""Use cases of the record's own pages: a document with the incidents it supports and the spans
they quote, and one log entry with what its subject is — each as the reader may read it."""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.domain import Claim, Document, Incident
from ceasefire.errors import NotFoundError
from ceasefire.record.assess_entries import (
    CASE_ADVANCED,
    CASE_LODGED,
    FINDING_RECORDED,
)
from ceasefire.record.entries import DOCUMENT_ADDED, INCIDENT_CREATED, INCIDENT_UPDATED
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import LogEntry, TransparencyLog
from ceasefire.record.store import Store
from ceasefire.services.access import visible_document
from ceasefire.services.accounts import User


@dataclass(frozen=True, slots=True)
class Quoted:
    number: int  # the mark's number in the text
    incident: Incident
    claim: Claim


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    document: Document
    incidents: list[Incident]
    quotes: list[Quoted]  # the spans of the text the incidents' claims quote, in text order


def document_detail(store: Store, user: User, prefix: str) -> DocumentDetail:
    """The document (one the user may not read is absent) and every incident quoting it."""
    document = visible_document(store, user, prefix)
    with store.read_session() as session:
        incidents = IncidentRepository(session).citing(document.id)
    pairs = sorted(
        (
            (claim.start, claim.end, incident, claim)
            for incident in incidents
            for claim in incident.claims
            if claim.document_id == document.id
        ),
        key=lambda item: (item[0], item[1], item[2].id),
    )
    quotes = [Quoted(n, incident, claim) for n, (_, _, incident, claim) in enumerate(pairs, 1)]
    return DocumentDetail(document, incidents, quotes)


# Where the subject of an entry of each kind has its page.
SUBJECT_PAGES = {
    DOCUMENT_ADDED: "/documents/",
    INCIDENT_CREATED: "/incidents/",
    INCIDENT_UPDATED: "/incidents/",
    CASE_LODGED: "/cases/",
    CASE_ADVANCED: "/cases/",
    FINDING_RECORDED: "/findings/",
}


@dataclass(frozen=True, slots=True)
class EntryDetail:
    entry: LogEntry
    subject_page: str | None  # the page of its subject, when it has one


def log_entry(store: Store, seq: int) -> EntryDetail:
    """Entry ``seq`` as the API's /api/log/entries gives it, with where its subject is shown."""
    with store.read_session() as session:
        found = TransparencyLog(session).entries(start=seq, limit=1)
    if not found or found[0].seq != seq:
        raise NotFoundError("no log entry with this number", where=str(seq))
    entry = found[0]
    page = SUBJECT_PAGES.get(entry.kind)
    return EntryDetail(entry, page + entry.subject if page else None)
