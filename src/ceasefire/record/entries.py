"""The payload of each kind of log entry, built from domain objects and rows.

A payload says what the change made, precisely enough that verification can compare it with the
rows: the writer (a service) and the checker (:mod:`ceasefire.record.audit`) build it with the same
function here, so the two can never drift apart.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from ceasefire.domain import (
    Aggregate,
    Claim,
    Document,
    Incident,
    Mention,
    Place,
    Reading,
    ReportedAgreement,
    Victims,
)

DOCUMENT_ADDED = "document_added"
KEY_REGISTERED = "key_registered"
TREE_HEAD_ISSUED = "tree_head_issued"


def tree_head_payload(*, created_at: str, key_id: str | None) -> dict[str, Any]:
    """``tree_head_issued``: a tree head covering the log up to and including this entry was
    issued at ``created_at`` (signed by ``key_id``); its root is in the tree heads table, and in the
    head itself, as no entry can hold the root of a tree it is part of."""
    return {"created_at": created_at, "key_id": key_id}


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
    """``document_added``: the id (sha256 of the original), metadata, sha256 of the text, the
    duplicate group and the sha256 of the MinHash signature that found it (when it has one)."""
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
        "duplicate_group": document.duplicate_group,
        **(
            {"minhash_sha256": hashlib.sha256(document.minhash).hexdigest()}
            if document.minhash is not None
            else {}
        ),
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


INCIDENT_CREATED = "incident_created"
INCIDENT_UPDATED = "incident_updated"


def incident_update_payload(
    incident: Incident, *, change: str, reason: str | None
) -> dict[str, Any]:
    """``incident_updated``: what changed (merged, split, edited, corroborated), why, and the whole
    new state; the state before is the previous entry about the same incident."""
    return {
        "id": incident.id,
        "change": change,
        "reason": reason,
        "state": incident_payload(incident),
    }


EXTRACTION_RECORDED = "extraction_recorded"
EXTRACTION_WITHDRAWN = "extraction_withdrawn"


def _decimal(value: float | None) -> str | None:
    """Coordinates as text with five decimals (about a metre): the log holds no floats."""
    return None if value is None else f"{value:.5f}"


def _quantity(low: int | None, high: int | None) -> dict[str, int | None]:
    return {"low": low, "high": high}


def _victims_payload(victims: Victims) -> dict[str, dict[str, int]]:
    return {
        "killed": {k.value: v for k, v in sorted(victims.killed.items())},
        "injured": {k.value: v for k, v in sorted(victims.injured.items())},
    }


def claim_payload(claim: Claim) -> dict[str, Any]:
    return {
        "document": claim.document_id,
        "start": claim.start,
        "end": claim.end,
        "quote_sha256": hashlib.sha256(claim.quote.encode("utf-8")).hexdigest(),
        "source": claim.source,
        "source_kind": claim.source_kind,
        "stance": claim.stance.value,
        "hedged": claim.hedged,
        "fatalities": _quantity(claim.fatalities.low, claim.fatalities.high)
        if claim.fatalities
        else None,
        "injuries": _quantity(claim.injuries.low, claim.injuries.high) if claim.injuries else None,
        "victims": _victims_payload(claim.victims),
        "admits": claim.admits,
    }


def incident_payload(incident: Incident) -> dict[str, Any]:
    """``incident_created``: every field of the incident and each of its claims (quotes by hash);
    ``review_flag`` only when set (entries written before it existed stay what they were)."""
    place = incident.place
    flag = {"review_flag": incident.review_flag} if incident.review_flag is not None else {}
    return {
        **flag,
        "id": incident.id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "date": _date_text(incident.date.value),
        "date_precision": incident.date.precision.value,
        "place": _place_payload(place),
        "actor1": incident.actor1,
        "actor2": incident.actor2,
        "target_categories": [t.value for t in incident.target_categories],
        "fatalities": [incident.fatalities.low, incident.fatalities.best, incident.fatalities.high],
        "injuries": [incident.injuries.low, incident.injuries.best, incident.injuries.high],
        "victims": _victims_payload(incident.victims),
        "historical": incident.is_historical,
        "grade": incident.grade,
        "reviewed": incident.is_reviewed,
        "declared": incident.declared,
        "status": incident.status,
        "merged_into": incident.merged_into,
        "reported_on": _date_text(incident.reported_on),
        "claims": sorted(
            (claim_payload(c) for c in incident.claims),
            key=lambda c: (c["document"], c["start"], c["end"]),
        ),
        "mentions": sorted(
            (mention_payload(m) for m in incident.mentions),
            key=lambda m: (m["document"], m["start"], m["end"], m["trigger"]),
        ),
        "readings": sorted(
            (reading_payload(r) for r in incident.readings), key=lambda r: r["document"]
        ),
    }


def _place_payload(place: Place) -> dict[str, Any]:
    return {
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.location,
        "latitude": _decimal(place.latitude),
        "longitude": _decimal(place.longitude),
        "geo_precision": place.geo_precision,
    }


def reading_payload(reading: Reading) -> dict[str, Any]:
    """One document's own reading of the incident (resolve/readings.py)."""
    figures = reading.fatalities
    return {
        "document": reading.document_id,
        "event_type": reading.event_type,
        "sub_event_type": reading.sub_event_type,
        "date": _date_text(reading.date.value),
        "date_precision": reading.date.precision.value,
        "place": _place_payload(reading.place),
        "actor1": reading.actor1,
        "actor2": reading.actor2,
        "target_categories": [t.value for t in reading.target_categories],
        "fatalities": [figures.low, figures.best, figures.high],
        "historical": reading.is_historical,
        "reported_on": _date_text(reading.reported_on),
    }


def mention_payload(mention: Mention) -> dict[str, Any]:
    place = mention.place
    return {
        "document": mention.document_id,
        "start": mention.start,
        "end": mention.end,
        "trigger": mention.trigger,
        "event_type": mention.event_type,
        "sub_event_type": mention.sub_event_type,
        "date": _date_text(mention.date.value),
        "date_precision": mention.date.precision.value,
        "place": _place_payload(place),
        "actor1": mention.actor1,
        "actor2": mention.actor2,
    }


def aggregate_payload(aggregate: Aggregate) -> dict[str, Any]:
    return {
        "start": aggregate.start,
        "end": aggregate.end,
        "quote_sha256": hashlib.sha256(aggregate.quote.encode("utf-8")).hexdigest(),
        "source": aggregate.source,
        "killed": _quantity(aggregate.killed.low, aggregate.killed.high)
        if aggregate.killed
        else None,
        "injured": _quantity(aggregate.injured.low, aggregate.injured.high)
        if aggregate.injured
        else None,
        "period": aggregate.period,
    }


def agreement_payload(agreement: ReportedAgreement) -> dict[str, Any]:
    follow_date = agreement.follow_up_date.value if agreement.follow_up_date else None
    return {
        "start": agreement.start,
        "end": agreement.end,
        "quote_sha256": hashlib.sha256(agreement.quote.encode("utf-8")).hexdigest(),
        "kind": agreement.kind,
        "date": _date_text(agreement.date.value),
        "location": agreement.location,
        "parties": list(agreement.parties),
        "mediators": list(agreement.mediators),
        "commitments_sha256": [
            hashlib.sha256(c.encode("utf-8")).hexdigest() for c in agreement.commitments
        ],
        "follow_up": [agreement.follow_up_place, _date_text(follow_date)],
    }


def extraction_payload(
    document_id: str,
    versions: dict[str, str],
    aggregates: list[Aggregate],
    agreements: list[ReportedAgreement],
) -> dict[str, Any]:
    """``extraction_recorded``: which stage versions read a document and the aggregates and
    agreements they found in it (each incident has its own ``incident_created`` entry)."""
    return {
        "document": document_id,
        "versions": dict(sorted(versions.items())),
        "aggregates": sorted(
            (aggregate_payload(a) for a in aggregates), key=lambda a: (a["start"], a["end"])
        ),
        "agreements": sorted(
            (agreement_payload(a) for a in agreements), key=lambda a: (a["start"], a["end"])
        ),
    }


def extraction_withdrawal_payload(document_id: str, reason: str) -> dict[str, Any]:
    """``extraction_withdrawn``: the document's extraction run, aggregates and agreements are gone
    (a document that is never extracted, read before that rule held); the entry's subject is the
    document id."""
    return {"document": document_id, "reason": reason}


# --- Interoperability: dataset rows (ACLED, UCDP…), updates of their incidents, feeds ---

CLAIM_UPDATED = "claim_updated"
DATASET_ROW_RECORDED = "dataset_row_recorded"
DATASET_ROW_DELETED = "dataset_row_deleted"
FEED_STATE_RECORDED = "feed_state_recorded"
FEED_ITEM_RECORDED = "feed_item_recorded"

INCIDENT_STATE_KINDS = frozenset({INCIDENT_CREATED, CLAIM_UPDATED, INCIDENT_UPDATED})
"""Kinds whose entry carries an incident's whole state (the last one per incident holds)."""
WRAPPED_STATE_KINDS = frozenset({CLAIM_UPDATED, INCIDENT_UPDATED, DATASET_ROW_DELETED})
"""Kinds whose payload is ``{"state": …, …why}``: the row's whole new state and the reason."""


def state_of(kind: str, payload: Any) -> Any:
    """The state of the row an entry leaves behind (the payload itself, or its ``state``)."""
    if kind in WRAPPED_STATE_KINDS and isinstance(payload, dict):
        return payload.get("state")
    return payload


def claim_updated_payload(
    incident: Incident, *, previous: Claim | None, claim: Claim, changed: list[str]
) -> dict[str, Any]:
    """``claim_updated``: a dataset's newer row replaced its claim; the incident's new state."""
    return {
        "state": incident_payload(incident),
        "previous_claim": claim_payload(previous) if previous else None,
        "claim": claim_payload(claim),
        "changed": sorted(changed),
    }


def dataset_row_payload(
    *,
    dataset: str,
    key: str,
    row_format: str,
    incident: str,
    document: str,
    country: str | None,
    event_date: date | None,
    deleted: bool,
    lead: bool,
) -> dict[str, Any]:
    """``dataset_row_recorded``: which incident and document a dataset's event id stands for."""
    return {
        "dataset": dataset,
        "key": key,
        "format": row_format,
        "incident": incident,
        "document": document,
        "country": country,
        "event_date": _date_text(event_date),
        "deleted": deleted,
        "lead": lead,
    }


def dataset_subject(dataset: str, key: str) -> str:
    return f"{dataset}:{key}"


def feed_state_payload(
    *, source: str, url: str, etag: str | None, last_modified: str | None
) -> dict[str, Any]:
    """``feed_state_recorded``: what a feed's server said last (for conditional GET)."""
    return {"source": source, "url": url, "etag": etag, "last_modified": last_modified}


def feed_item_payload(*, source: str, key: str, link: str | None, document: str) -> dict[str, Any]:
    """``feed_item_recorded``: an item of a feed (by guid or link) and the document it became."""
    return {"source": source, "key": key, "link": link, "document": document}


# --- The web app: accounts and API tokens ---

USER_ADDED = "user_added"
TOKEN_ISSUED = "token_issued"
USER_DISABLED = "user_disabled"
USER_ENABLED = "user_enabled"
PASSWORD_SET = "password_set"
TOKEN_REVOKED = "token_revoked"


def user_payload(
    *, name: str, role: str, party: str | None, password_hash: str, is_active: bool = True
) -> dict[str, Any]:
    """``user_added``: who may log in, in which role, whether the account is active, and the sha256
    of the password hash (never the hash itself: that would let anyone try passwords offline; the
    argon2 hash carries a random salt, so its sha256 tells nothing of the password)."""
    return {
        "name": name,
        "role": role,
        "party": party,
        "is_active": is_active,
        "password_sha256": password_sha256(password_hash),
    }


def password_sha256(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


def token_payload(*, user: str, token_sha256: str, expires_at: str) -> dict[str, Any]:
    """``token_issued``: an API token of a user, by the sha256 of the token, and when it expires."""
    return {"user": user, "token_sha256": token_sha256, "expires_at": expires_at}


def user_active_payload(*, name: str, is_active: bool) -> dict[str, Any]:
    """``user_disabled`` / ``user_enabled``: whether the account may log in and use its tokens."""
    return {"name": name, "is_active": is_active}


def password_set_payload(*, name: str, password_hash: str) -> dict[str, Any]:
    """``password_set``: the user's password was replaced and its sessions ended; the sha256 of the
    new hash, as in ``user_added`` (never the hash itself)."""
    return {"name": name, "password_sha256": password_sha256(password_hash)}


def token_revoked_payload(*, user: str, revoked_at: str) -> dict[str, Any]:
    """``token_revoked``: the token (the entry's subject, its sha256 as in ``token_issued``) is
    refused from ``revoked_at`` on."""
    return {"user": user, "revoked_at": revoked_at}
