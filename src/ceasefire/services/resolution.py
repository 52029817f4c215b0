"""Use cases of resolution: a new document's incidents matched against the stored ones, reconciled
and graded; duplicate groups of documents; manual merge, split and edit — every change logged with the
incident's whole new state, so its history is the log."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ceasefire.domain import Incident
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.duplicates import DuplicateBands, band_keys
from ceasefire.record.entries import (
    INCIDENT_CREATED,
    INCIDENT_UPDATED,
    incident_payload,
    incident_update_payload,
)
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import Author
from ceasefire.resolve.duplicates import best_group, signature, to_bytes
from ceasefire.resolve.grading import grade
from ceasefire.resolve.matching import anchor, best_match, search_days
from ceasefire.resolve.merge import absorb
from ceasefire.resolve.readings import with_reading
from ceasefire.resolve.reconcile import reconcile
from ceasefire.services.log import hold_log, record_change

if TYPE_CHECKING:
    from datasketch import MinHash


def finalise(incident: Incident, groups: dict[str, str]) -> Incident:
    """Figures reconciled from all claims, then the grade."""
    return grade(reconcile(incident, groups=groups), groups=groups)


def text_signature(text: str) -> MinHash:
    """A document's MinHash signature (computed before its write transaction: it takes a while)."""
    return signature(text)


def duplicate_group_of(session: Session, document_id: str, minhash: MinHash) -> str:
    """The group a new document joins (its own id when it copies nobody), looked up in the store's
    index inside the write transaction and after the append lock, so that concurrent writers see
    each other's documents; the caller then writes the document and :func:`index_document`."""
    hold_log(session)
    candidates = DuplicateBands(session).candidates(band_keys(to_bytes(minhash)))
    group, _similarity = best_group(minhash, candidates)
    return group or document_id


def index_document(session: Session, document_id: str, minhash: MinHash) -> None:
    """The new document's signature and band keys, in its transaction."""
    DuplicateBands(session).add(document_id, to_bytes(minhash))


def groups_for(session: Session, incidents: Iterable[Incident]) -> dict[str, str]:
    ids = {c.document_id for incident in incidents for c in incident.claims}
    return DocumentRepository(session).groups_of(sorted(ids)) if ids else {}


def store_incidents(
    session: Session,
    incidents: list[Incident],
    *,
    published: date | None,
    author: Author,
    document_id: str,
) -> list[str]:
    """Each new incident merged into the stored one it matches, or added; returns the ids touched."""
    repository = IncidentRepository(session)
    touched: list[str] = []
    for found in incidents:
        incident = replace(found, reported_on=found.reported_on or published)
        # The document's own reading stays beside the incident whatever it merges into.
        incident = with_reading(incident, document_id)
        candidates = repository.candidates(
            country=incident.place.country, around=anchor(incident), days=search_days(incident)
        )
        # Within one document the extraction has already told its acts apart.
        candidates = [c for c in candidates if document_id not in c.documents]
        # Each document's near-duplicate group: two rewrites of one wire story are one story.
        groups = groups_for(session, [incident, *candidates]) if candidates else {}
        match = best_match(incident, candidates, groups=groups)
        if match is None:
            new = finalise(incident, groups_for(session, [incident]))
            repository.add(new)
            record_change(session, INCIDENT_CREATED, new.id, incident_payload(new), author)
            touched.append(new.id)
            continue
        target, how = match
        merged = absorb(target, incident)
        merged = finalise(merged, groups_for(session, [merged]))
        repository.save(merged)
        reason = f"document {document_id[:12]} reports it too (match {how.total:.2f})"
        record_change(
            session,
            INCIDENT_UPDATED,
            merged.id,
            incident_update_payload(merged, change="corroborated", reason=reason),
            author,
        )
        touched.append(merged.id)
    return touched


def new_incident_id(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:20]
