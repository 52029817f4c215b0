"""Combining two incidents that are one act, and splitting claims off into a new one."""

from __future__ import annotations

from dataclasses import replace

from ceasefire.domain import Claim, DatePrecision, Incident, Place, TargetCategory
from ceasefire.resolve.readings import combined, kept_for


def _more_specific(a: Place, b: Place) -> Place:
    def level(place: Place) -> int:
        return sum(
            v is not None for v in (place.country, place.admin1, place.admin2, place.location)
        )

    return b if level(b) > level(a) else a


_PRECISION_ORDER = ("day", "week", "month", "year", "unknown")


def _finer(a: DatePrecision, b: DatePrecision) -> bool:
    return _PRECISION_ORDER.index(a.value) < _PRECISION_ORDER.index(b.value)


def absorb(target: Incident, other: Incident) -> Incident:
    """``target`` with ``other``'s claims and mentions, and the details ``target`` lacked."""
    known = {(c.document_id, c.start, c.end) for c in target.claims}
    claims = [
        *target.claims,
        *(c for c in other.claims if (c.document_id, c.start, c.end) not in known),
    ]
    seen = {(m.document_id, m.start, m.end) for m in target.mentions}
    mentions = [
        *target.mentions,
        *(m for m in other.mentions if (m.document_id, m.start, m.end) not in seen),
    ]
    date = target.date
    if other.date.value is not None and (
        date.value is None or _finer(other.date.precision, date.precision)
    ):
        date = other.date
    targets = [
        t
        for t in (*target.target_categories, *other.target_categories)
        if t is not TargetCategory.UNKNOWN
    ]
    reported = [d for d in (target.reported_on, other.reported_on) if d is not None]
    return replace(
        target,
        date=date,
        place=_more_specific(target.place, other.place),
        actor1=target.actor1 or other.actor1,
        actor2=target.actor2 or other.actor2,
        target_categories=tuple(dict.fromkeys(targets)) or (TargetCategory.UNKNOWN,),
        claims=claims,
        mentions=mentions,
        reported_on=min(reported) if reported else None,
        readings=combined(target.readings, other.readings),
    )


def split_off(incident: Incident, refs: set[str], new_id: str) -> tuple[Incident, Incident]:
    """The incident without the claims named by ``refs`` (see ``Claim.ref``), and a new incident with
    them. Mentions go with the documents of the claims moved."""
    moved = [c for c in incident.claims if c.ref in refs]
    kept = [c for c in incident.claims if c.ref not in refs]
    moved_docs = {c.document_id for c in moved}
    kept_docs = {c.document_id for c in kept}
    new = replace(
        incident,
        id=new_id,
        claims=moved,
        mentions=[m for m in incident.mentions if m.document_id in moved_docs],
        is_reviewed=True,
        readings=kept_for(incident.readings, moved_docs),
    )
    old = replace(
        incident,
        claims=kept,
        mentions=[
            m
            for m in incident.mentions
            if m.document_id in kept_docs or m.document_id not in moved_docs
        ],
        is_reviewed=True,
        readings=[
            r
            for r in incident.readings
            if r.document_id in kept_docs or r.document_id not in moved_docs
        ],
    )
    return old, new


def claims_by_ref(incident: Incident) -> dict[str, Claim]:
    return {c.ref: c for c in incident.claims}
