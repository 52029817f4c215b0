"""The payload of each kind of log entry, built from domain objects and rows.

A payload says what the change made, precisely enough that verification can compare it with the
rows: the writer (a service) and the checker (:mod:`ceasefire.record.audit`) build it with the same
function here, so the two can never drift apart.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from ceasefire.domain import Document

DOCUMENT_ADDED = "document_added"
KEY_REGISTERED = "key_registered"


def utc_text(moment: datetime | None) -> str | None:
    """A time as the log writes it; a naive time is taken to be UTC (SQLite gives those back)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _date_text(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def document_payload(document: Document) -> dict[str, Any]:
    """``document_added``: the id (sha256 of the original), metadata and sha256 of the text."""
    meta = document.meta
    return {
        "id": document.id,
        "meta": {
            "kind": meta.kind.value,
            "publisher": meta.publisher,
            "url": meta.url,
            "published_at": _date_text(meta.published_at),
            "collected_at": utc_text(meta.collected_at),
            "collected_by": meta.collected_by,
            "language": meta.language,
            "title": meta.title,
        },
        "source_name": document.source_name,
        "media_type": document.media_type,
        "size": document.size,
        "text_sha256": hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
    }


def key_payload(*, name: str, role: str, party: str | None, public_key: str) -> dict[str, Any]:
    """``key_registered``: the public half of a new key, its role and party."""
    return {
        "name": name,
        "role": role,
        "party": party,
        "public_key": public_key,
        "algorithm": "ed25519",
    }
