"""The dashboard's pictures drawn server-side as inline SVG: a daily timeline and a map of incidents
over the province boundaries shipped with the package (no tiles, no scripts needed)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from ceasefire.services.incidents import Cell, Day, ProvinceCount

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


MAX_CIRCLES = 600


def coarsen(cells: Sequence[Cell], *, most: int = MAX_CIRCLES) -> list[Cell]:
    """Cells merged onto a coarser grid (0.25°, 0.5°, 1°, 2°) until at most ``most`` remain."""
    found = list(cells)
    for grid in (0.25, 0.5, 1.0, 2.0):
        if len(found) <= most:
            break
        merged: dict[tuple[float, float], tuple[int, int]] = {}
        for cell in cells:
            key = (round(cell.latitude / grid) * grid, round(cell.longitude / grid) * grid)
            count, killed = merged.get(key, (0, 0))
            merged[key] = (count + cell.incidents, killed + cell.fatalities)
        found = [Cell(lat, lon, n, f) for (lat, lon), (n, f) in merged.items()]
    return found


def map_svg(counts: Sequence[ProvinceCount], cells: Sequence[Cell]) -> str:
    """Provinces shaded by their number of incidents, and a circle per map cell sized by its count
    (cells merged onto a coarser grid when there are too many to draw)."""
    cells = coarsen(cells)
    by_name: dict[str, int] = {}
    for item in counts:
        if item.admin1:
            key = item.admin1.lower()
            by_name[key] = by_name.get(key, 0) + item.incidents
    most = max(by_name.values(), default=0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" '
        f'width="100%" role="img" aria-label="Map of incidents by province" class="map">',
        f'<rect width="{MAP_WIDTH}" height="{MAP_HEIGHT}" fill="#dde8ef"/>',
    ]
    for name, country, path in _paths():
        count = by_name.get(name.lower(), 0)
        out.append(
            f'<path d="{path}" fill="{_shade(count, most)}" stroke="#7a7a7a" stroke-width="0.6" '
            f'data-province="{escape(name)}"><title>{escape(name)}, {escape(country)}: '
            f"{count} incident{'s' if count != 1 else ''}</title></path>"
        )
    biggest = max((c.incidents for c in cells), default=1)
    west, north, south, east, _ = _frame()
    for cell in sorted(cells, key=lambda c: -c.incidents):
        if not (west <= cell.longitude <= east and south <= cell.latitude <= north):
            continue
        x, y = project(cell.longitude, cell.latitude)
        radius = 2.5 + 12 * math.sqrt(cell.incidents / biggest)
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#b3261e" fill-opacity="0.6" '
            f'stroke="#5c0f0a" stroke-width="0.6"><title>{cell.incidents} incident(s), '
            f"{cell.fatalities} killed (at least) near {cell.latitude:.1f}, {cell.longitude:.1f}"
            "</title></circle>"
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
