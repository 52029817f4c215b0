"""The dashboard's interactive map in headless Chromium, at 1440×900 and on a 390×844 phone:
Leaflet and Leaflet.markercluster served by the app (no CDN, no tiles) over the basemap we ship;
incidents clustered when close — never across the border, at any zoom — a cluster split by zooming
in and a mark opening its incident; provinces shaded by the count the incident list gives for
them; the timeline brushed into the date filter, which the map, the counters and the list follow;
no serious accessibility violation and nothing the Content Security Policy refuses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from ..conftest import SCREENSHOTS
from .conftest import Seed
from .test_browser import browser, server  # noqa: F401  (fixtures)
from .test_browser_phone_a11y import AXE, AXE_RUN

VENDOR = Path(__file__).parents[2] / "src" / "ceasefire" / "web" / "static" / "vendor"
AFGHAN_SIDE = (
    "Mortar rounds fired from across the border hit the Spin Boldak crossing on Monday, "
    "killing a shopkeeper, Afghan officials said."
)
IN_CHAMAN_TOWN = (
    "Two policemen were wounded when a hand grenade was thrown at their checkpoint in Chaman "
    "city on Monday, police in Balochistan said."
)
CROSSING = [66.427, 30.9507]  # Chaman–Spin Boldak, as the gazetteer places it
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
CLUSTER_RADIUS = 40  # px: static/map.js

pytestmark = pytest.mark.skipif(
    not (VENDOR / "markercluster" / "leaflet.markercluster.js").exists(),
    reason="Leaflet.markercluster not installed: run scripts/vendor-js",
)

# Where a mark is drawn: alone, or inside a cluster (its size, the countries of all its marks and
# where its element is). Read from the map's own objects: a cluster group per country.
PARENT = """(id) => {
  const { marks, groups } = document.getElementById("live-map").incidentMap;
  const mark = marks.get(id);
  const group = [...groups.values()].find((g) => g.hasLayer(mark));
  const parent = group.getVisibleParent(mark);
  if (!parent) return null;
  const box = parent.getElement().getBoundingClientRect().toJSON();
  if (parent === mark) return { single: true, count: 1, countries: [mark.country], box: box };
  const countries = [...new Set(parent.getAllChildMarkers().map((m) => m.country))];
  return { single: false, count: parent.getChildCount(), countries: countries, box: box,
           className: parent.getElement().className };
}"""

# Every cluster drawn: its size and the countries of its marks.
CLUSTERS = """() => {
  const { marks, groups } = document.getElementById("live-map").incidentMap;
  const seen = new Map();
  for (const mark of marks.values()) {
    const group = [...groups.values()].find((g) => g.hasLayer(mark));
    const parent = group.getVisibleParent(mark);
    if (parent && parent !== mark) seen.set(L.stamp(parent), parent);
  }
  return [...seen.values()].map((c) => ({
    count: c.getChildCount(),
    countries: [...new Set(c.getAllChildMarkers().map((m) => m.country))],
  }));
}"""

# Pixels between two incidents' places at the map's zoom.
APART = """([a, b]) => {
  const { map, marks } = document.getElementById("live-map").incidentMap;
  return map.latLngToContainerPoint(marks.get(a).getLatLng())
    .distanceTo(map.latLngToContainerPoint(marks.get(b).getLatLng()));
}"""

ZOOM = "() => document.getElementById('live-map').incidentMap.map.getZoom()"
MARK_IDS = "() => [...document.getElementById('live-map').incidentMap.marks.keys()]"
# Everything the Content Security Policy refuses, as the page itself hears of it.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation",
  (e) => (window.refusedByPolicy = window.refusedByPolicy || []).push(e.violatedDirective));"""


@dataclass
class Watch:
    """What went wrong in a page: script errors, refusals of the CSP, requests to other sites."""

    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)

    def check(self, page: Any) -> None:
        assert not self.errors, self.errors
        assert not self.refused, self.refused
        assert not self.elsewhere, self.elsewhere
        assert page.evaluate("() => window.refusedByPolicy || []") == []


def _dashboard(chromium: Any, base: str, size: str, path: str = "/") -> tuple[Any, Watch]:
    page = chromium.new_page()
    page.set_viewport_size(SIZES[size])
    watch = Watch()
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on(
        "console",
        lambda m: watch.refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("request", lambda r: None if r.url.startswith(base) else watch.elsewhere.append(r.url))
    page.add_init_script(CSP_LISTENER)
    page.goto(base + path)
    page.wait_for_selector("#live-map[data-ready=true]")
    page.locator("#live-map").scroll_into_view_if_needed()  # on a phone, below the chart
    return page, watch


def _centre(box: dict[str, float]) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _post_report(base: str, seed: Seed, title: str, published: str, text: str) -> list[Any]:
    """Posts a report as the monitor; returns the map's marks that it added."""
    before = {
        f["id"] for f in httpx.get(f"{base}/api/map/incidents", timeout=30).json()["features"]
    }
    added = httpx.post(
        f"{base}/api/documents",
        headers={"Authorization": f"Bearer {seed.tokens['monitor']}"},
        data={"kind": "news", "title": title, "published": published},
        files={"file": (f"{title.lower().replace(' ', '-')}.txt", text.encode())},
        timeout=60,
    )
    assert added.status_code == 201, added.text
    marks = httpx.get(f"{base}/api/map/incidents", timeout=30).json()["features"]
    return [f for f in marks if f["id"] not in before]


def _add_afghan_side(base: str, seed: Seed) -> dict[str, str]:
    """An act on the Afghan side of the Chaman–Spin Boldak crossing, where the record has one on
    the Pakistani side at the very same point of the line; returns their ids by country."""
    _post_report(base, seed, "Spin Boldak", "2025-10-29", AFGHAN_SIDE)
    marks = httpx.get(f"{base}/api/map/incidents", timeout=30).json()["features"]
    at_crossing = {
        f["properties"]["country"]: f["id"]
        for f in marks
        if f["geometry"]["coordinates"] == CROSSING
    }
    assert set(at_crossing) == {"Afghanistan", "Pakistan"}, at_crossing
    return at_crossing


def _add_in_chaman_town(base: str, seed: Seed) -> str:
    """An act in the town of Chaman, 4 km on the Pakistani side of the crossing; returns its id."""
    [new] = _post_report(base, seed, "Chaman", "2025-11-04", IN_CHAMAN_TOWN)
    assert new["properties"]["country"] == "Pakistan", new
    assert new["geometry"]["coordinates"] != CROSSING, new
    town: str = new["id"]
    return town


def _listed(base: str, query: dict[str, str]) -> int:
    """The count the incident list page states for these filters."""
    text = httpx.get(f"{base}/incidents?{urlencode(query)}", timeout=30).text
    found = re.search(r"(\d+) incidents;", text)
    assert found, text[:500]
    return int(found.group(1))


def _items(base: str, query: dict[str, str]) -> list[dict[str, Any]]:
    answer = httpx.get(f"{base}/api/incidents", params={**query, "limit": "500"}, timeout=30)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["total"] <= 500
    items: list[dict[str, Any]] = body["items"]
    return items


def _dashboard_query(page: Any) -> dict[str, str]:
    return dict(parse_qs(page.get_attribute("#live-map", "data-query") or "", strict_parsing=False))


@pytest.mark.parametrize("size", SIZES)
def test_zoom_in_splits_a_cluster_and_a_mark_opens_its_incident(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    sqlite_seed: Seed,
    size: str,
) -> None:
    at_crossing = _add_afghan_side(server, sqlite_seed)
    in_town = _add_in_chaman_town(server, sqlite_seed)
    page, watch = _dashboard(browser, server, size)
    assert page.locator("#live-map .leaflet-overlay-pane path").count() > 40  # provinces, border
    assert page.locator(".leaflet-tile").count() == 0  # no tiles: nothing fetched from a server
    located = httpx.get(
        f"{server}/api/map/incidents?{page.get_attribute('#live-map', 'data-query')}"
    )
    assert int(page.get_attribute("#live-map", "data-marks") or 0) == len(
        located.json()["features"]
    )

    # The act in Chaman town is in a cluster with the Pakistani acts at the crossing, 4 km away.
    pakistani = in_town
    before = page.evaluate(PARENT, pakistani)
    assert before and not before["single"], before
    assert before["count"] >= 2 and before["countries"] == ["Pakistan"], before
    assert "side-pk" in before["className"]
    assert page.locator(f".incident-mark[data-incident='{pakistani}']").count() == 0
    zoom = page.evaluate(ZOOM)

    # A click on the cluster zooms in on it, and it splits: the mark is drawn on its own.
    page.mouse.click(*_centre(before["box"]))
    mark = page.locator(f".incident-mark[data-incident='{pakistani}']")
    mark.wait_for()
    page.wait_for_timeout(700)  # the zoom's and the clusters' animations
    assert page.evaluate(ZOOM) > zoom
    after = page.evaluate(PARENT, pakistani)
    assert after and after["single"], after
    # The acts on either side of the crossing: two marks, the Afghan one west, apart.
    afghan = page.locator(f".incident-mark[data-incident='{at_crossing['Afghanistan']}']")
    assert afghan.get_attribute("data-country") == "Afghanistan"
    assert mark.get_attribute("data-country") == "Pakistan"
    (ax, _), (px, _) = _centre(afghan.bounding_box()), _centre(mark.bounding_box())
    assert ax < px - 8, "the Afghan-side mark lies west of the Pakistani-side one, apart"
    assert page.locator(".leaflet-tooltip.place-label").count() > 0  # place names, zoomed in
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#map").screenshot(path=str(SCREENSHOTS / f"map-cluster-split-{size}.png"))

    # A click on the mark opens its incident.
    mark.click()
    page.wait_for_url(f"**/incidents/{pakistani}")
    assert "Chaman" in page.locator("h1").inner_text()
    watch.check(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_two_sides_of_the_border_are_never_one_cluster(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    sqlite_seed: Seed,
    size: str,
) -> None:
    at_crossing = _add_afghan_side(server, sqlite_seed)
    page, watch = _dashboard(browser, server, size)
    zoom_out = page.locator(".leaflet-control-zoom-out")
    for _ in range(20):
        if "leaflet-disabled" in (zoom_out.get_attribute("class") or ""):
            break
        zoom_out.click()
        page.wait_for_timeout(450)
    page.wait_for_timeout(500)
    assert page.evaluate(ZOOM) == page.evaluate(
        "() => document.getElementById('live-map').incidentMap.map.getMinZoom()"
    )
    afghan, pakistani = at_crossing["Afghanistan"], at_crossing["Pakistan"]
    # At this zoom the two acts are a few pixels apart: one cluster group would make them one.
    assert page.evaluate(APART, [afghan, pakistani]) < CLUSTER_RADIUS / 4
    clusters = page.evaluate(CLUSTERS)
    assert clusters, "at the lowest zoom the marks close together are clustered"
    assert all(len(cluster["countries"]) == 1 for cluster in clusters), clusters
    held = {country: page.evaluate(PARENT, id_) for country, id_ in at_crossing.items()}
    assert held["Pakistan"]["countries"] == ["Pakistan"]
    assert held["Afghanistan"]["countries"] == ["Afghanistan"]
    assert held["Pakistan"]["box"] != held["Afghanistan"]["box"]  # two marks on the page
    # Drawn apart too: the Afghan one west of the Pakistani cluster's centre.
    assert _centre(held["Afghanistan"]["box"])[0] < _centre(held["Pakistan"]["box"])[0] - 8
    assert page.locator(".incident-cluster.side-pk").count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#map").screenshot(path=str(SCREENSHOTS / f"map-lowest-zoom-{size}.png"))
    watch.check(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_choropleth_counts_what_the_list_counts(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    size: str,
) -> None:
    page, watch = _dashboard(browser, server, size)
    query = {k: v[0] for k, v in _dashboard_query(page).items()}
    provinces = [("Khyber Pakhtunkhwa", "Pakistan"), ("Balochistan", "Pakistan"), ("Kandahar", "Afghanistan")]  # fmt: skip
    shaded = {}
    for name, country in provinces:
        shown = page.get_attribute(f"#live-map path[data-province='{name}']", "data-count")
        shaded[name] = int(shown or -1)
        assert shaded[name] == _listed(server, {**query, "admin1": name, "country": country})
    assert shaded["Khyber Pakhtunkhwa"] > 0 and shaded["Balochistan"] > 0
    # The map drawn for a browser without scripts says the same counts: a circle per province.
    for name, count in shaded.items():
        circle = page.locator(f".map-fallback circle[data-province='{name}']")
        drawn = int(circle.get_attribute("data-incidents") or 0) if circle.count() else 0
        assert drawn == count, name
    legend = page.locator("#map-shade-legend").inner_text()
    assert legend.startswith("Incidents:") and "none" in legend, legend
    assert re.search(r"^\d+(–\d+)?$", legend, re.MULTILINE), legend

    # Casualties: the killed and injured (at least) of the same incidents.
    page.select_option("#map-shade", "casualties")
    page.wait_for_selector("#live-map[data-shade=casualties]")
    assert "shade=casualties" in page.url
    for name, country in provinces[:2]:
        items = _items(server, {**query, "admin1": name, "country": country})
        expected = sum((i["fatalities"]["low"] or 0) + (i["injuries"]["low"] or 0) for i in items)
        shown = page.get_attribute(f"#live-map path[data-province='{name}']", "data-count")
        assert int(shown or -1) == expected
    assert page.locator("#map-shade-legend").inner_text().startswith("Casualties (killed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#map").screenshot(path=str(SCREENSHOTS / f"map-choropleth-{size}.png"))

    # A click on a province (where no mark is) filters the page by it: the counter says the
    # province's count, and the shading chosen stays.
    page.evaluate(
        """(name) => {
          const { map } = document.getElementById("live-map").incidentMap;
          map.eachLayer((layer) => {
            if (layer.feature && layer.feature.properties.name === name)
              map.panTo(layer.getCenter(), { animate: false });
          });
        }""",
        "Balochistan",
    )
    page.locator("#live-map").scroll_into_view_if_needed()
    box = page.locator("#live-map").bounding_box()
    page.mouse.click(*_centre(box))
    page.wait_for_url("**admin1=Balochistan**")
    page.wait_for_selector("#live-map[data-ready=true]")
    assert "shade=casualties" in page.url
    assert int(page.locator("#count-incidents").inner_text()) == shaded["Balochistan"]
    assert page.locator("#map-shade").input_value() == "casualties"
    watch.check(page)


def _day_x(page: Any, index: int) -> float:
    """Where, on the screen, the middle of the chart's day ``index`` is."""
    chart = page.locator("#timeline svg.timeline")
    box = chart.bounding_box()
    left = float(chart.get_attribute("data-left") or 0)
    right = float(chart.get_attribute("data-right") or 0)
    days = int(chart.get_attribute("data-days") or 1)
    width = float(
        page.evaluate("() => document.querySelector('#timeline svg').viewBox.baseVal.width")
    )
    return float(box["x"] + (left + (index + 0.5) * (right - left) / days) * box["width"] / width)


@pytest.mark.parametrize("size", SIZES)
def test_brushing_the_timeline_filters_the_map_and_the_list(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    size: str,
) -> None:
    page, watch = _dashboard(browser, server, size)
    everything = int(page.locator("#count-incidents").inner_text())
    marks_before = set(page.evaluate(MARK_IDS))
    chart = page.locator("#timeline svg.timeline")
    chart.scroll_into_view_if_needed()
    first = date.fromisoformat(chart.get_attribute("data-first") or "")
    start, end = date(2025, 10, 30), date(2025, 11, 8)
    box = chart.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(_day_x(page, (start - first).days), y)
    page.mouse.down()
    page.mouse.move(_day_x(page, (end - first).days), y, steps=8)
    page.mouse.up()
    page.wait_for_url(f"**date_to={end.isoformat()}**")
    page.wait_for_selector("#live-map[data-ready=true]")
    asked = parse_qs(urlsplit(page.url).query)
    assert asked["date_from"] == [start.isoformat()] and asked["date_to"] == [end.isoformat()]
    assert page.input_value("#filter-date-from") == start.isoformat()
    assert page.input_value("#filter-date-to") == end.isoformat()

    days = {"date_from": start.isoformat(), "date_to": end.isoformat()}
    listed = _listed(server, days)
    assert 0 < listed < everything
    assert int(page.locator("#count-incidents").inner_text()) == listed
    assert f"All {listed} matching incidents" in page.inner_text("main")
    located = {i["id"] for i in _items(server, days) if i["latitude"] is not None}
    marks = set(page.evaluate(MARK_IDS))
    assert marks == located and marks != marks_before
    dated = [date.fromisoformat(i["event_date"]) for i in _items(server, days)]
    assert all(start <= d <= end for d in dated) and start + timedelta(days=1) <= max(dated)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"dashboard-brushed-{size}.png"), full_page=True)
    watch.check(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_map_layers_pass_axe_and_the_csp(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    size: str,
) -> None:
    page, watch = _dashboard(browser, server, size, "/?shade=casualties")
    assert page.get_attribute("#live-map", "data-shade") == "casualties"  # from the address
    assert page.locator("#map-shade").input_value() == "casualties"
    page.click(".map-legend summary")  # the marks' legend, open
    assert page.locator(".map-legend details").get_attribute("open") is not None
    assert page.locator(".incident-cluster").count() + page.locator(".incident-mark").count() > 0
    page.evaluate((AXE / "axe.min.js").read_text(encoding="utf-8"))  # by the driver
    violations = page.evaluate(AXE_RUN)
    assert not violations, violations
    # Every cluster says in words what it is; every mark which incident it opens.
    for cluster in page.locator(".incident-cluster").all():
        assert re.search(r"\d+ incidents close together in \w+", cluster.inner_text())
    for mark in page.locator(".incident-mark").all():
        assert (mark.get_attribute("aria-label") or "").startswith("Incident: ")
    # The keyboard does what the pointer does: Enter on a cluster zooms in on it.
    zoom = page.evaluate(ZOOM)
    page.locator(".incident-cluster").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({ZOOM})() > {zoom}")
    watch.check(page)
