"""Each document's own reading of an incident, kept beside the merged incident, and the views of an
incident that matching compares a new report with: one per contributing report.

A merge widens what the incident says (the finer place of either side, the dated side's date, the
union of the targets), so comparing a new report with the merged incident lets merges chain (A is
like B, B is like C, so C joins A although A and C contradict each other) and disarms the vetoes
(a widened place or date no longer contradicts). Comparing with each report's own reading does
not.
"""

from __future__ import annotations

from dataclasses import replace

from ceasefire.domain import Incident, Reading


def reading_of(incident: Incident, document_id: str) -> Reading:
    """The incident's slots as one document's extraction chose them (the incident is that
    document's alone: a newly extracted one)."""
    return Reading(
        document_id=document_id,
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        date=incident.date,
        place=incident.place,
        actor1=incident.actor1,
        actor2=incident.actor2,
        target_categories=tuple(incident.target_categories),
        fatalities=incident.fatalities,
        is_historical=incident.is_historical,
        reported_on=incident.reported_on,
    )


def with_reading(incident: Incident, document_id: str) -> Incident:
    """A newly extracted incident carrying its document's reading."""
    return replace(incident, readings=[reading_of(incident, document_id)])


def combined(first: list[Reading], second: list[Reading]) -> list[Reading]:
    """The readings of a merge: one per document (a document already read keeps its reading)."""
    known = {r.document_id for r in first}
    return [*first, *(r for r in second if r.document_id not in known)]


def kept_for(readings: list[Reading], documents: set[str]) -> list[Reading]:
    return [r for r in readings if r.document_id in documents]


def views(incident: Incident) -> list[Incident]:
    """The incident as each contributing report reads it: that report's slots and its own claims.
    Documents without a reading (an incident stored before readings were kept, a dataset row) are
    stood for by the incident itself, with their claims."""
    if not incident.readings:
        return [incident]
    out = []
    read = set()
    for reading in incident.readings:
        read.add(reading.document_id)
        out.append(
            replace(
                incident,
                event_type=reading.event_type,
                sub_event_type=reading.sub_event_type,
                date=reading.date,
                place=reading.place,
                actor1=reading.actor1,
                actor2=reading.actor2,
                target_categories=reading.target_categories,
                fatalities=reading.fatalities,
                is_historical=reading.is_historical,
                reported_on=reading.reported_on,
                claims=[c for c in incident.claims if c.document_id == reading.document_id],
                mentions=[m for m in incident.mentions if m.document_id == reading.document_id],
                readings=[reading],
            )
        )
    unread = [d for d in incident.documents if d not in read]
    if unread:
        out.append(
            replace(
                incident,
                claims=[c for c in incident.claims if c.document_id in unread],
                mentions=[m for m in incident.mentions if m.document_id in unread],
                readings=[],
            )
        )
    return out
