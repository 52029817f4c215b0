"""Incidents as rows of ACLED's CSV export (its 31 columns), with ACLED's conservative figure: our
low estimate as ``fatalities``. A row imported from ACLED gives back its own text for every column
we do not model (assoc_actor_1, inter1, iso, admin3, tags, timestamp…) and for every column we
model whose value has not changed since."""

from __future__ import annotations

from ceasefire.domain import Incident, TargetCategory
from ceasefire.domain.datasets import (
    ACLED_COLUMNS,
    ACLED_PRECISION_CODE,
    DISORDER_TYPE,
    TIME_PRECISION,
)
from ceasefire.report.columns import coordinate_text, date_text, number_text, sources_text

__all__ = ["ACLED_COLUMNS", "acled_row"]


def acled_row(
    incident: Incident, *, key: str | None = None, original: dict[str, str] | None = None
) -> list[str]:
    """One row in ACLED_COLUMNS order; ``original`` is the fields of the row it was imported from."""
    o = original or {}
    place = incident.place
    day = incident.date.value
    precision = incident.date.precision
    kept_precision = o.get("time_precision", "").strip()
    if kept_precision.isdigit() and TIME_PRECISION.get(int(kept_precision)) == precision:
        precision_text = kept_precision
    else:
        precision_text = str(ACLED_PRECISION_CODE[precision]) if day else ""
    if original is not None:
        civilian = o.get("civilian_targeting", "")
    else:
        civilian = (
            "Civilian targeting" if TargetCategory.CIVILIANS in incident.target_categories else ""
        )
    values = {
        "event_id_cnty": key or incident.id,
        "event_date": date_text(day, o.get("event_date")) if day else "",
        "year": number_text(day.year, o.get("year")) if day else "",
        "time_precision": precision_text,
        "disorder_type": o.get("disorder_type") or DISORDER_TYPE.get(incident.event_type, ""),
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "actor1": incident.actor1 or "",
        "actor2": incident.actor2 or "",
        "civilian_targeting": civilian,
        "country": place.country or "",
        "admin1": place.admin1 or "",
        "admin2": place.admin2 or "",
        "location": place.location or "",
        "latitude": coordinate_text(place.latitude, o.get("latitude")),
        "longitude": coordinate_text(place.longitude, o.get("longitude")),
        "geo_precision": number_text(place.geo_precision, o.get("geo_precision"), default=""),
        "source": o["source"] if "source" in o else sources_text(incident),
        "notes": o["notes"]
        if "notes" in o
        else (incident.claims[0].quote if incident.claims else ""),
        "fatalities": number_text(incident.fatalities.low, o.get("fatalities")),
    }
    return [values[name] if name in values else o.get(name, "") for name in ACLED_COLUMNS]
