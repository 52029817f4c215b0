"""Incidents as rows of UCDP's GED CSV (its 49 columns): low/best/high from our estimate, deaths by
side from the victims breakdown. A row imported from the GED gives back its own text for every
column we do not model (relid, conflict and dyad ids, sources, priogrid_gid…) and for every column
we model whose value has not changed since."""

from __future__ import annotations

from ceasefire.domain import Incident, TargetCategory
from ceasefire.domain.datasets import (
    DATE_PREC,
    GEO_PRECISION_CODE,
    UCDP_COLUMNS,
    UCDP_PRECISION_CODE,
    VIOLENCE_TYPE,
    WHERE_PREC,
    victims_of,
)
from ceasefire.report.columns import coordinate_text, date_text, number_text, sources_text

__all__ = ["UCDP_COLUMNS", "ucdp_row"]


def _code(original: str | None) -> int | None:
    raw = (original or "").strip()
    return int(raw) if raw.isdigit() else None


def ucdp_row(
    incident: Incident, *, key: str | None = None, original: dict[str, str] | None = None
) -> list[str]:
    """One row in UCDP_COLUMNS order; ``original`` is the fields of the row it was imported from."""
    o = original or {}
    place = incident.place
    day = incident.date.value
    violence = _code(o.get("type_of_violence"))
    if violence is None or VIOLENCE_TYPE.get(violence) != (
        incident.event_type,
        incident.sub_event_type,
    ):
        violence = 3 if incident.event_type == "Violence against civilians" else 1
        violence_text = str(violence)
    else:
        violence_text = o["type_of_violence"]
    date_prec = _code(o.get("date_prec"))
    if date_prec is not None and DATE_PREC.get(date_prec) == incident.date.precision:
        date_prec_text = o["date_prec"]
    else:
        date_prec_text = str(UCDP_PRECISION_CODE[incident.date.precision])
    where_prec = _code(o.get("where_prec"))
    if where_prec is not None and WHERE_PREC.get(where_prec) == place.geo_precision:
        where_prec_text = o["where_prec"]
    else:
        where_prec_text = str(GEO_PRECISION_CODE.get(place.geo_precision, 6))
    start = date_text(day, o.get("date_start")) if day else ""
    same_day = bool(o) and start == o.get("date_start")
    killed = incident.victims.killed
    deaths_names = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    original_deaths = {name: _code(o.get(name)) for name in deaths_names}
    if o and violence is not None and victims_of(violence, original_deaths).killed == killed:
        deaths = [o.get(name, "") for name in deaths_names]
    elif incident.fatalities.low is None and not killed:
        # Nobody knows how many died: no column says 0.
        deaths = ["", "", "", ""]
    else:
        deaths = [
            str(killed.get(TargetCategory.SECURITY_FORCES, 0)),
            str(killed.get(TargetCategory.MILITANTS, 0)),
            str(killed.get(TargetCategory.CIVILIANS, 0)),
            str(killed.get(TargetCategory.UNKNOWN, 0)),
        ]
    latitude = coordinate_text(place.latitude, o.get("latitude"))
    longitude = coordinate_text(place.longitude, o.get("longitude"))
    same_point = bool(o) and latitude == o.get("latitude") and longitude == o.get("longitude")
    fatalities = incident.fatalities
    best = fatalities.best if fatalities.best is not None else fatalities.low
    values = {
        "id": key or incident.id,
        "year": number_text(day.year, o.get("year")) if day else "",
        "type_of_violence": violence_text,
        "side_a": incident.actor1 or "",
        "side_b": incident.actor2 or "",
        "number_of_sources": o.get("number_of_sources") or str(len(incident.documents)),
        "source_article": o["source_article"] if "source_article" in o else sources_text(incident),
        "where_prec": where_prec_text,
        "where_coordinates": place.location or "",
        "adm_1": place.admin1 or "",
        "adm_2": place.admin2 or "",
        "latitude": latitude,
        "longitude": longitude,
        "geom_wkt": o.get("geom_wkt", "")
        if same_point
        else (f"POINT ({longitude} {latitude})" if latitude and longitude else ""),
        "country": place.country or "",
        "event_clarity": o.get("event_clarity") or "1",
        "date_prec": date_prec_text,
        "date_start": start,
        "date_end": o.get("date_end", "") if same_day else start,
        "deaths_a": deaths[0],
        "deaths_b": deaths[1],
        "deaths_civilians": deaths[2],
        "deaths_unknown": deaths[3],
        "best": number_text(best, o.get("best")),
        "high": number_text(fatalities.high, o.get("high")),
        "low": number_text(fatalities.low, o.get("low")),
    }
    return [values[name] if name in values else o.get(name, "") for name in UCDP_COLUMNS]
