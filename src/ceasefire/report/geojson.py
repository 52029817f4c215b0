"""Incidents as GeoJSON features: a point per incident, every schema field as a property."""

from __future__ import annotations

from typing import Any

from ceasefire.domain import Incident
from ceasefire.report.records import incident_record

FEATURE_COLLECTION_START = '{"type": "FeatureCollection", "features": [\n'
FEATURE_COLLECTION_END = "\n]}\n"


def incident_feature(incident: Incident) -> dict[str, Any]:
    """A Feature whose geometry is the incident's point (null when it has no coordinates)."""
    place = incident.place
    geometry = (
        {"type": "Point", "coordinates": [place.longitude, place.latitude]}
        if place.longitude is not None and place.latitude is not None
        else None
    )
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": geometry,
        "properties": incident_record(incident),
    }
