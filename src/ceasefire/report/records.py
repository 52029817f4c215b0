"""Incident, aggregate and agreement records as JSON objects (the packaged schema, ceasefire/schema)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ceasefire.domain import (
    Aggregate,
    Claim,
    Estimate,
    EventDate,
    Incident,
    Quantity,
    ReportedAgreement,
)

VICTIM_CATEGORIES = ("civilians", "security_forces", "militants", "unknown")


def _estimate(estimate: Estimate) -> dict[str, int | None]:
    return {"low": estimate.low, "best": estimate.best, "high": estimate.high}


def _quantity(quantity: Quantity | None) -> dict[str, int | None] | None:
    return None if quantity is None else {"low": quantity.low, "high": quantity.high}


def _date(value: EventDate | None) -> str | None:
    return value.value.isoformat() if value is not None and value.value is not None else None


def claim_record(claim: Claim) -> dict[str, Any]:
    return {
        "source": claim.source,
        "source_kind": claim.source_kind,
        "stance": claim.stance.value,
        "hedged": claim.hedged,
        "document": claim.document_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "fatalities": claim.fatalities.low if claim.fatalities else None,
        "injuries": claim.injuries.low if claim.injuries else None,
    }


def incident_record(incident: Incident) -> dict[str, Any]:
    place = incident.place
    victims = {
        outcome: {category: counts.get(category) for category in VICTIM_CATEGORIES}
        for outcome, counts in (
            ("killed", {k.value: v for k, v in incident.victims.killed.items()}),
            ("injured", {k.value: v for k, v in incident.victims.injured.items()}),
        )
    }
    return {
        "id": incident.id,
        "record_type": "incident",
        "event_date": _date(incident.date),
        "date_precision": incident.date.precision.value,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.location,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
        "actor1": incident.actor1,
        "actor2": incident.actor2,
        "target_categories": [t.value for t in incident.target_categories],
        "fatalities": _estimate(incident.fatalities),
        "injuries": _estimate(incident.injuries),
        "victims": victims,
        "claims": [claim_record(c) for c in incident.claims],
        "documents": incident.documents,
        "historical": incident.is_historical,
        "grade": incident.grade,
        "reviewed": incident.is_reviewed,
        # The fields a re-extraction reads otherwise than the reviewer set (`ceasefire reprocess`).
        "review_flag": incident.review_flag,
    }


def page_record(row: Any, claims: Sequence[Any], mentioned: Sequence[str]) -> dict[str, Any]:
    """:func:`incident_record` of an incident read as plain columns (a page of the list, read
    without building the incident: ``record.incidents.PageRows``): ``row`` has the incident's
    columns, ``claims`` its claims' columns, ``mentioned`` the documents its mentions cite, each
    in the order stored. The same record, key for key and value for value (tests/report)."""
    victims = row.victims or {}
    documents: dict[str, None] = {}
    for claim in claims:
        documents.setdefault(claim.document_id, None)
    for document in mentioned:
        documents.setdefault(document, None)
    day = row.event_date
    return {
        "id": row.id,
        "record_type": "incident",
        "event_date": day.isoformat() if day is not None else None,
        "date_precision": row.date_precision,
        "event_type": row.event_type,
        "sub_event_type": row.sub_event_type,
        "country": row.country,
        "admin1": row.admin1,
        "admin2": row.admin2,
        "location": row.location,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "geo_precision": row.geo_precision,
        "actor1": row.actor1,
        "actor2": row.actor2,
        "target_categories": list(row.target_categories),
        "fatalities": {
            "low": row.fatalities_low,
            "best": row.fatalities_best,
            "high": row.fatalities_high,
        },
        "injuries": {"low": row.injuries_low, "best": row.injuries_best, "high": row.injuries_high},
        "victims": {
            outcome: {c: counts.get(c) for c in VICTIM_CATEGORIES}
            for outcome, counts in (
                ("killed", victims.get("killed", {})),
                ("injured", victims.get("injured", {})),
            )
        },
        "claims": [
            {
                "source": claim.source,
                "source_kind": claim.source_kind,
                "stance": claim.stance,
                "hedged": claim.is_hedged,
                "document": claim.document_id,
                "start": claim.start,
                "end": claim.end,
                "quote": claim.quote,
                # A claim's figure is the low end of what it says (claim_record).
                "fatalities": claim.fatalities_low,
                "injuries": claim.injuries_low,
            }
            for claim in claims
        ],
        "documents": list(documents),
        "historical": row.is_historical,
        "grade": row.grade,
        "reviewed": row.is_reviewed,
        "review_flag": row.review_flag,
    }


def aggregate_record(aggregate: Aggregate) -> dict[str, Any]:
    return {
        "record_type": "aggregate",
        "source": aggregate.source,
        "killed": _quantity(aggregate.killed),
        "injured": _quantity(aggregate.injured),
        "period": aggregate.period,
        "document": aggregate.document_id,
        "start": aggregate.start,
        "end": aggregate.end,
        "quote": aggregate.quote,
    }


def agreement_record(agreement: ReportedAgreement) -> dict[str, Any]:
    follow_up = None
    if agreement.follow_up_place or agreement.follow_up_date:
        follow_up = {"place": agreement.follow_up_place, "date": _date(agreement.follow_up_date)}
    return {
        "record_type": "agreement",
        "kind": agreement.kind,
        "date": _date(agreement.date),
        "date_precision": agreement.date.precision.value,
        "location": agreement.location,
        "parties": list(agreement.parties),
        "mediators": list(agreement.mediators),
        "commitments": list(agreement.commitments),
        "follow_up": follow_up,
        "document": agreement.document_id,
        "start": agreement.start,
        "end": agreement.end,
        "quote": agreement.quote,
    }
