"""The dashboard's pictures drawn server-side as inline SVG: a daily timeline and a map of the
incidents per province over the boundaries shipped with the package (no tiles, no scripts
needed: what a browser without scripts shows in place of the interactive map)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from shapely.geometry import shape

from ceasefire.services.incidents import Day, ProvinceCount

MAP_WIDTH, MAP_HEIGHT = 720, 560
CHART_WIDTH, CHART_HEIGHT = 720, 200
_PAD = 12


@cache
def provinces() -> list[dict[str, Any]]:
    """The province polygons of Afghanistan and Pakistan (data/geo/provinces.geojson)."""
    path = resources.files("ceasefire") / "data" / "geo" / "provinces.geojson"
    features: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["features"]
    return features


def _rings(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


@cache
def _frame() -> tuple[float, float, float, float, float]:
    """Bounding box of the polygons and the scale of an equirectangular projection at its middle."""
    xs, ys = [], []
    for feature in provinces():
        for ring in _rings(feature["geometry"]):
            xs += [p[0] for p in ring]
            ys += [p[1] for p in ring]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    stretch = math.cos(math.radians((south + north) / 2))
    scale = min(
        (MAP_WIDTH - 2 * _PAD) / ((east - west) * stretch),
        (MAP_HEIGHT - 2 * _PAD) / (north - south),
    )
    return west, north, south, east, scale


def project(longitude: float, latitude: float) -> tuple[float, float]:
    west, north, south, _east, scale = _frame()
    stretch = math.cos(math.radians((south + north) / 2))
    return _PAD + (longitude - west) * stretch * scale, _PAD + (north - latitude) * scale


def _path(geometry: dict[str, Any]) -> str:
    parts = []
    for ring in _rings(geometry):
        points = [project(x, y) for x, y in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


@cache
def _paths() -> list[tuple[str, str, str]]:
    return [
        (
            str(f["properties"].get("name") or ""),
            str(f["properties"].get("country") or ""),
            _path(f["geometry"]),
        )
        for f in provinces()
    ]


def _shade(count: int, most: int) -> str:
    if count <= 0 or most <= 0:
        return "#f4f1ea"
    share = math.log1p(count) / math.log1p(most)
    light = 92 - int(share * 40)
    return f"hsl(14, 70%, {light}%)"


@cache
def _centres() -> dict[str, tuple[float, float]]:
    """Where each province's circle goes, projected, by its name in lower case: a point inside
    it (shapely's representative point; a centroid can fall outside a crooked province)."""
    centres = {}
    for feature in provinces():
        if feature["properties"].get("name"):
            inside = shape(feature["geometry"]).representative_point()
            centres[str(feature["properties"]["name"]).lower()] = project(inside.x, inside.y)
    return centres


def map_svg(counts: Sequence[ProvinceCount]) -> str:
    """Provinces shaded by their number of incidents, with a circle on each sized by it (and the
    killed, at least, in its title): the counts the summary keeps per province, so the picture
    costs the same at any size of the record, and each circle's count is the list's for that
    province. Incidents in no province of the map are said under it."""
    by_name: dict[str, list[int]] = {}
    unplaced = 0
    centres = _centres()
    for item in counts:
        key = (item.admin1 or "").lower()
        if key not in centres:
            unplaced += item.incidents
            continue
        figures = by_name.setdefault(key, [0, 0])
        figures[0] += item.incidents
        figures[1] += item.killed
    most = max((n for n, _ in by_name.values()), default=0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" '
        f'width="100%" role="img" aria-label="Map of incidents by province" class="map">',
        f'<rect width="{MAP_WIDTH}" height="{MAP_HEIGHT}" fill="#dde8ef"/>',
    ]
    for name, country, path in _paths():
        count = by_name.get(name.lower(), [0, 0])[0]
        out.append(
            f'<path d="{path}" fill="{_shade(count, most)}" stroke="#7a7a7a" stroke-width="0.6" '
            f'data-province="{escape(name)}"><title>{escape(name)}, {escape(country)}: '
            f"{count} incident{'s' if count != 1 else ''}</title></path>"
        )
    names = {name.lower(): name for name, _, _ in _paths()}
    for key, (count, killed) in sorted(by_name.items(), key=lambda item: -item[1][0]):
        x, y = centres[key]
        radius = 2.5 + 12 * math.sqrt(count / most)
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#b3261e" fill-opacity="0.6" '
            f'stroke="#5c0f0a" stroke-width="0.6" data-province="{escape(names[key])}" '
            f'data-incidents="{count}"><title>{escape(names[key])}: {count} incident(s), '
            f"{killed} killed (at least)</title></circle>"
        )
    if unplaced:
        out.append(
            f'<text x="{_PAD}" y="{MAP_HEIGHT - _PAD}" font-size="12" fill="#444" '
            f'class="unplaced">{unplaced} incident(s) in no province of the map</text>'
        )
    out.append("</svg>")
    return "".join(out)


def timeline_svg(days: Sequence[Day], *, since: date | None) -> str:
    """Incidents per day as bars, from ``since`` (or the first day) to the last day with one."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" '
        f'width="100%" role="img" aria-label="Incidents per day" class="timeline">',
        f'<rect width="{CHART_WIDTH}" height="{CHART_HEIGHT}" fill="#ffffff"/>',
    ]
    left, bottom, top = 40, CHART_HEIGHT - 24, 10
    out.append(
        f'<line x1="{left}" y1="{bottom}" x2="{CHART_WIDTH - 6}" y2="{bottom}" stroke="#444"/>'
    )
    if not days:
        out.append(
            f'<text x="{CHART_WIDTH / 2}" y="{CHART_HEIGHT / 2}" text-anchor="middle" '
            'fill="#666">No incidents match</text></svg>'
        )
        return "".join(out)
    first = min(since or days[0].day, days[0].day)
    last = max(days[-1].day, first)
    span = (last - first).days + 1
    most = max(d.incidents for d in days)
    step = (CHART_WIDTH - 6 - left) / span
    # What a brush (static/timeline.js) needs to read a dragged range as days: the first day, the
    # number of days, and where the plot starts and ends in the picture's own units.
    out[0] = out[0].replace(
        'class="timeline">',
        f'class="timeline" data-first="{first.isoformat()}" data-days="{span}" '
        f'data-left="{left}" data-right="{CHART_WIDTH - 6}">',
    )
    width = max(step * 0.8, 1.0)
    for day in days:
        if day.day < first:
            continue
        x = left + (day.day - first).days * step
        height = (bottom - top) * day.incidents / most
        out.append(
            f'<rect x="{x:.1f}" y="{bottom - height:.1f}" width="{width:.1f}" height="{height:.1f}" '
            f'fill="#1f5f8b"><title>{day.day.isoformat()}: {day.incidents} incident(s), '
            f"{day.fatalities} killed (at least)</title></rect>"
        )
    out.append(
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" font-size="11" fill="#444">{most}</text>'
        f'<text x="{left - 4}" y="{bottom}" text-anchor="end" font-size="11" fill="#444">0</text>'
    )
    labels = ((first, "start"), (first + timedelta(days=span // 2), "middle"), (last, "end"))
    for label_day, anchor in labels:
        x = left + ((label_day - first).days + (1 if anchor == "end" else 0)) * step
        out.append(
            f'<text x="{x:.1f}" y="{CHART_HEIGHT - 6}" font-size="11" fill="#444" '
            f'text-anchor="{anchor}">{label_day.isoformat()}</text>'
        )
    out.append("</svg>")
    return "".join(out)
