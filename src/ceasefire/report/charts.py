"""Static SVG figures of the periodic report: a daily timeline and a map over province boundaries.

Each mark is a link to the incident it stands for (``#incident-<id>``), where the claims and quotes
behind it are. Coordinates are projected simply: longitude scaled by the cosine of the middle
latitude, latitude as is — good enough at the scale of two countries.
"""

from __future__ import annotations

import json
import math
from datetime import timedelta
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from shapely.geometry import shape

from ceasefire.report.periodic import IncidentEntry, PeriodicReport, summary
from ceasefire.report.wording import day_text

VIOLATION = "#b3261e"
OTHER = "#6b7280"


def _mark_title(entry: IncidentEntry) -> str:
    incident = entry.incident
    text = f"{day_text(incident.date.value)}: {summary(entry)}"
    if entry.breaches:
        text += " — possible breach of " + ", ".join(entry.breaches)
    elif entry.engagements:
        text += " — third-party engagement of " + ", ".join(entry.engagements)
    return escape(text)


LABEL_WIDTH = 44  # px an axis label ("19 Oct") needs at font size 9, with a gap
STRIDES = (1, 2, 3, 7, 14, 28, 56, 91, 182, 364)  # days between two labels


def label_indices(count: int, room: float) -> list[int]:
    """Which of ``count`` evenly spaced days get a label on an axis ``room`` px wide: the first,
    then every n-th day for the smallest n that keeps labels apart, and the last when it does not
    crowd the one before it."""
    if count == 0:
        return []
    step = room / count
    stride = next((s for s in STRIDES if s * step >= LABEL_WIDTH), count)
    chosen = list(range(0, count, stride))
    if (count - 1 - chosen[-1]) * step >= LABEL_WIDTH:
        chosen.append(count - 1)
    return chosen


def timeline_svg(report: PeriodicReport, *, width: int = 760, height: int = 180) -> str:
    """Incidents per day over the whole period, one column per day of it; only the days with
    incidents are drawn, each where it falls in the period."""
    days = report.days
    first, last = report.period_from, report.period_to
    span = (last - first).days + 1
    left, right, top, bottom = 34, 10, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max((len(d.incidents) for d in days), default=0) or 1
    step = plot_w / max(span, 1)
    unit = plot_h / most
    bar = max(step * 0.8, 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="timeline-title" class="figure timeline">',
        '<title id="timeline-title">Incidents per day; red: possible breaches</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'stroke="#333" stroke-width="1"/>',
    ]
    for tick in sorted({0, most // 2, most}):
        y = top + plot_h - tick * unit
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick}</text>'
        )
    for day in days:
        index = (day.day - first).days
        x = left + index * step + (step - bar) / 2
        for level, entry in enumerate(day.incidents):
            y = top + plot_h - (level + 1) * unit
            colour = VIOLATION if entry.is_possible_violation else OTHER
            parts.append(
                f'<a href="#{entry.anchor}"><rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{max(unit - 1, 1):.1f}" fill="{colour}"><title>{_mark_title(entry)}'
                "</title></rect></a>"
            )
    # Labels over the whole period, thinned so that none crowds another.
    for index in label_indices(span, plot_w):
        labelled = first + timedelta(days=index)
        parts.append(
            f'<text class="axis-label" x="{left + index * step + step / 2:.1f}" '
            f'y="{height - bottom + 14}" font-size="9" text-anchor="middle">'
            f"{labelled.day} {labelled.strftime('%b')}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


@cache
def provinces() -> list[dict[str, Any]]:
    """The province polygons shipped with the package (data/geo/provinces.geojson)."""
    path = resources.files("ceasefire") / "data" / "geo" / "provinces.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data["features"])


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def map_svg(report: PeriodicReport, *, width: int = 760) -> str:
    features = provinces()
    points = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    min_lon, max_lon = min(p[0] for p in points), max(p[0] for p in points)
    min_lat, max_lat = min(p[1] for p in points), max(p[1] for p in points)
    scale_x = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = (max_lon - min_lon) * scale_x
    span_y = max_lat - min_lat
    pad = 8
    factor = (width - 2 * pad) / span_x
    height = int(span_y * factor + 2 * pad)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return pad + (lon - min_lon) * scale_x * factor, pad + (max_lat - lat) * factor

    counts: dict[str, int] = {}
    for entry in report.incidents:
        if entry.incident.place.admin1:
            key = entry.incident.place.admin1.casefold()
            counts[key] = counts.get(key, 0) + 1
    most = max(counts.values(), default=1)
    centroids: dict[str, tuple[float, float]] = {}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        'role="img" aria-labelledby="map-title" class="figure map">',
        '<title id="map-title">Incidents over province boundaries; red: possible breaches</title>',
    ]
    for feature in features:
        name = str(feature["properties"].get("name") or "")
        count = counts.get(name.casefold(), 0)
        shade = 0.08 + 0.5 * count / most if count else 0.0
        fill = f"rgba(179,38,30,{shade:.2f})" if count else "#f4f1ea"
        path = " ".join(
            "M"
            + " L".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat, *_ in ring))
            + " Z"
            for ring in _rings(feature["geometry"])
        )
        label = escape(f"{name}, {feature['properties'].get('country') or ''}: {count} incidents")
        parts.append(
            f'<path d="{path}" fill="{fill}" stroke="#8a8172" stroke-width="0.6">'
            f"<title>{label}</title></path>"
        )
        point = shape(feature["geometry"]).representative_point()
        centroids[name.casefold()] = (point.x, point.y)
    for entry in report.incidents:
        place = entry.incident.place
        if place.longitude is not None and place.latitude is not None:
            lon, lat = place.longitude, place.latitude
        elif place.admin1 and place.admin1.casefold() in centroids:
            lon, lat = centroids[place.admin1.casefold()]
        else:
            continue
        x, y = project(lon, lat)
        colour = VIOLATION if entry.is_possible_violation else OTHER
        parts.append(
            f'<a href="#{entry.anchor}"><circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}" '
            f'fill-opacity="0.85" stroke="#fff" stroke-width="1"><title>{_mark_title(entry)}'
            "</title></circle></a>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
