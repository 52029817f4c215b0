"""Incident, aggregate and agreement records as JSON objects (the packaged schema, ceasefire/schema)."""

from __future__ import annotations

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
