"""Use cases of the interactive map: the basemap drawn from the boundaries and place names the
package ships (provinces, the Afghanistan–Pakistan line, towns and crossings), the located
incidents a filter keeps, one mark each (the page clusters them, one cluster group per country, so
acts on either side of the border are never one mark), and the counts per province that shade the
choropleth — the list's own count for that province."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from functools import cache
from importlib import resources
from typing import Any

import orjson

from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.record.incidents import IncidentFilter
from ceasefire.record.statistics import Point, ProvinceCount, points
from ceasefire.record.store import Store
from ceasefire.services.cache import cache_of, version_of
from ceasefire.services.figures import summary_of

# The most marks one map request returns (the newest): beyond that the list and exports serve.
MAX_POINTS = 5000
# Towns labelled on the basemap: the countries of the record, from this many people up.
LABELLED_COUNTRIES = ("Afghanistan", "Pakistan")
MIN_POPULATION = 50_000
MEASURES = ("incidents", "killed", "injured")


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


# What a mark shows of its incident: every field of a point but where it stands.
MARK_PROPERTIES = tuple(f.name for f in fields(Point) if f.name not in ("latitude", "longitude"))


def incident_marks(store: Store, where: IncidentFilter) -> bytes:
    """The located incidents the filter keeps (the newest MAX_POINTS), as GeoJSON points with what
    a mark shows; ``truncated`` says when there were more. The body is written once, by orjson,
    and cached under the record's version: a miss costs the query and one encoding, not a dict of
    dataclasses validated and encoded again by the framework (82-101 ms of CPU for 5,000 marks at
    a million incidents, docs/explanation/performance.md)."""

    def make() -> bytes:
        with store.read_session() as session:
            found = points(session, where, limit=MAX_POINTS + 1)
        features = [
            {
                "type": "Feature",
                "id": point.id,
                # orjson writes a day as its ISO date.
                "properties": {name: getattr(point, name) for name in MARK_PROPERTIES},
                "geometry": {"type": "Point", "coordinates": [point.longitude, point.latitude]},
            }
            for point in found[:MAX_POINTS]
        ]
        return orjson.dumps(
            {
                "type": "FeatureCollection",
                "truncated": len(found) > MAX_POINTS,
                "features": features,
            }
        )

    return cache_of(store).get(("marks", where), version_of(store), make)


def _picks(country: str | None, name: str, row: ProvinceCount) -> bool:
    """Whether the list, filtered by this province as a click on it does (``admin1`` its name,
    ``country`` its country), keeps the incidents of ``row``: the same case-insensitive match as
    :class:`IncidentFilter` — one country whole, the province's name anywhere in ``admin1``."""
    if country is not None and (row.country or "").lower() != country.lower():
        return False
    return name.lower() in (row.admin1 or "").lower()


def province_counts(store: Store, where: IncidentFilter) -> dict[str, Any]:
    """What shades the choropleth: for each province of the basemap, the incidents (and the killed
    and injured they report, at least) that the incident list gives for ``where`` with that
    province picked — ``admin1`` its name, ``country`` its country, no district, as a click on it
    does. From the dashboard's one aggregate (:func:`ceasefire.record.statistics.summary`, grouped by
    day and province and answered from its covering index) over the filter without those three
    fields; each province sums the groups its pick keeps. ``unplaced`` counts what no province of the
    basemap picks. Cached under the record's version."""
    wide = replace(where, country=None, admin1=None, admin2=None)

    version = version_of(store)

    def make() -> dict[str, Any]:
        rows = summary_of(store, wide, version).provinces
        placed: set[int] = set()
        provinces = []
        for feature in basemap()["features"]:
            properties = feature["properties"]
            if properties["layer"] != "province" or not properties["name"]:
                continue
            figures = dict.fromkeys(MEASURES, 0)
            for index, row in enumerate(rows):
                if _picks(properties["country"], properties["name"], row):
                    placed.add(index)
                    figures["incidents"] += row.incidents
                    figures["killed"] += row.killed
                    figures["injured"] += row.injured
            provinces.append(
                {"name": properties["name"], "country": properties["country"], **figures}
            )
        unplaced = dict.fromkeys(MEASURES, 0)
        for index, row in enumerate(rows):
            if index not in placed:
                unplaced["incidents"] += row.incidents
                unplaced["killed"] += row.killed
                unplaced["injured"] += row.injured
        return {"provinces": provinces, "unplaced": unplaced}

    return cache_of(store).get(("provinces", wide), version, make)
