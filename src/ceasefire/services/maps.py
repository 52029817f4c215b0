"""Use cases of the interactive map: the basemap drawn from the boundaries and place names the
package ships (provinces, the Afghanistan–Pakistan line, towns and crossings), and the located
incidents a filter keeps, one mark each — never a mark for several, so acts on either side of the
border stay apart."""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from importlib import resources
from typing import Any

from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.record.incidents import IncidentFilter
from ceasefire.record.statistics import points
from ceasefire.record.store import Store
from ceasefire.services.cache import cache_of, version_of

# The most marks one map request returns (the newest): beyond that the list and exports serve.
MAX_POINTS = 5000
# Towns labelled on the basemap: the countries of the record, from this many people up.
LABELLED_COUNTRIES = ("Afghanistan", "Pakistan")
MIN_POPULATION = 50_000


def _geo(name: str) -> dict[str, Any]:
    path = resources.files("ceasefire") / "data" / "geo" / name
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def basemap() -> dict[str, Any]:
    """Provinces (polygons), the border (lines) and labelled places (points with a population
    rank and a kind: town or crossing), as one GeoJSON FeatureCollection. Built once."""
    features: list[dict[str, Any]] = []
    for feature in _geo("provinces.geojson")["features"]:
        properties = feature["properties"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "layer": "province",
                    "name": properties.get("name"),
                    "country": properties.get("country"),
                    "disputed": bool(properties.get("disputed")),
                },
                "geometry": feature["geometry"],
            }
        )
    for feature in _geo("border.geojson")["features"]:
        features.append({**feature, "properties": {**feature["properties"], "layer": "border"}})
    seen: set[tuple[str, str]] = set()
    for entry in Gazetteer.load().entries():
        if entry.country not in LABELLED_COUNTRIES or entry.latitude is None:
            continue
        is_town = entry.kind == "town" and entry.population >= MIN_POPULATION
        if not (is_town or entry.kind == "crossing") or (entry.name, entry.country) in seen:
            continue
        seen.add((entry.name, entry.country))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "layer": "place",
                    "name": entry.name,
                    "country": entry.country,
                    "kind": entry.kind,
                    "population": entry.population,
                },
                "geometry": {"type": "Point", "coordinates": [entry.longitude, entry.latitude]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def incident_marks(store: Store, where: IncidentFilter) -> dict[str, Any]:
    """The located incidents the filter keeps (the newest MAX_POINTS), as GeoJSON points with what
    a mark shows; ``truncated`` says when there were more. Cached under the record's version."""

    def make() -> dict[str, Any]:
        with store.read_session() as session:
            found = points(session, where, limit=MAX_POINTS + 1)
        features = [
            {
                "type": "Feature",
                "id": point.id,
                "properties": {
                    **{
                        k: v for k, v in asdict(point).items() if k not in ("latitude", "longitude")
                    },
                    "day": point.day.isoformat() if point.day else None,
                },
                "geometry": {"type": "Point", "coordinates": [point.longitude, point.latitude]},
            }
            for point in found[:MAX_POINTS]
        ]
        return {
            "type": "FeatureCollection",
            "truncated": len(found) > MAX_POINTS,
            "features": features,
        }

    return cache_of(store).get(("marks", where), version_of(store), make)
