"""Use case of the CLI's `show`: a document or an incident by an id prefix."""

from __future__ import annotations

from ceasefire.domain import Document, Incident
from ceasefire.record.store import Store
from ceasefire.services.documents import find_document
from ceasefire.services.incidents import find_incident


def find_record(store: Store, prefix: str) -> Document | Incident:
    """A document or an incident by id prefix; an error if both or neither have it."""
    from ceasefire.errors import AmbiguousIdError, NotFoundError

    cleaned = prefix.strip().lower()
    if len(cleaned) < 4 or any(c not in "0123456789abcdef" for c in cleaned):
        raise NotFoundError("an id prefix is at least 4 hex characters", where=prefix)
    found: list[Document | Incident] = []
    for finder in (find_document, find_incident):
        try:
            found.append(finder(store, prefix))
        except NotFoundError:
            continue
    if not found:
        raise NotFoundError("no document or incident with this id prefix", where=prefix)
    if len(found) > 1:
        raise AmbiguousIdError(
            "both a document and an incident have this id prefix: give more of it", where=prefix
        )
    return found[0]
