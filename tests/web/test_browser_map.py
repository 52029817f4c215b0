"""The dashboard's interactive map in headless Chromium: Leaflet served by the app (no CDN, no
tiles), the basemap of the boundaries we ship with the border line and place names, one mark per
located incident — acts on either side of a crossing two marks, each on its side — zoom, and a
click on a mark opens its incident; a click on a province filters the page by it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from ..conftest import SCREENSHOTS
from .conftest import Seed
from .test_browser import browser, server  # noqa: F401  (fixtures)

LEAFLET = Path(__file__).parents[2] / "src" / "ceasefire" / "web" / "static" / "vendor" / "leaflet"
AFGHAN_SIDE = (
    "Mortar rounds fired from across the border hit the Spin Boldak crossing on Monday, "
    "killing a shopkeeper, Afghan officials said."
)

pytestmark = pytest.mark.skipif(
    not (LEAFLET / "leaflet.js").exists(), reason="Leaflet not installed: run scripts/vendor-js"
)


def _centre(box: dict[str, float]) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_zoom_and_click_a_mark_to_reach_its_incident(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    sqlite_seed: Seed,
) -> None:
    # An act on the Afghan side of the Chaman–Spin Boldak crossing, where the record has one on
    # the Pakistani side at the very same point of the line.
    added = httpx.post(
        f"{server}/api/documents",
        headers={"Authorization": f"Bearer {sqlite_seed.tokens['monitor']}"},
        data={"kind": "news", "title": "Spin Boldak", "published": "2025-10-29"},
        files={"file": ("spin-boldak.txt", AFGHAN_SIDE.encode())},
        timeout=60,
    )
    assert added.status_code == 201, added.text
    marks_data = httpx.get(f"{server}/api/map/incidents", timeout=30).json()["features"]
    at_crossing = {
        f["properties"]["country"]: f["id"]
        for f in marks_data
        if f["geometry"]["coordinates"] == [66.427, 30.9507]
    }
    assert set(at_crossing) == {"Afghanistan", "Pakistan"}, at_crossing

    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else elsewhere.append(r.url))
    page.goto(server + "/")
    page.wait_for_selector("#live-map[data-ready=true]")
    marks = page.locator("#live-map path.incident-mark")
    assert marks.count() == len(marks_data)
    assert page.locator("#live-map .leaflet-overlay-pane path").count() > 40  # provinces, border
    assert page.locator(".leaflet-tooltip.province-label").count() >= 20
    assert page.locator(".leaflet-tile").count() == 0  # no tiles: nothing fetched from a server

    # Zoom in on the crossing (the wheel, around the pointer; then the + button): place names
    # appear, and the two acts at the crossing are two marks apart, each on its side.
    afghan = page.locator(f"path.incident-mark[data-incident='{at_crossing['Afghanistan']}']")
    pakistani = page.locator(f"path.incident-mark[data-incident='{at_crossing['Pakistan']}']")
    before = pakistani.bounding_box()
    page.mouse.move(*_centre(before))
    for _ in range(3):
        page.mouse.wheel(0, -60)  # Leaflet: 60 px of wheel per zoom level
        page.wait_for_timeout(600)
    assert page.locator(".leaflet-tooltip.place-label").count() > 0
    assert pakistani.bounding_box()["width"] == before["width"]  # marks keep their size
    assert page.locator(".province-label").first.is_visible()
    (ax, _), (px, py) = _centre(afghan.bounding_box()), _centre(pakistani.bounding_box())
    assert ax < px - 8, "the Afghan-side mark lies west of the Pakistani-side one, apart"
    assert afghan.get_attribute("data-country") == "Afghanistan"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#map").screenshot(path=str(SCREENSHOTS / "map-zoomed.png"))

    # Click a mark (the one zoomed on, in view): its incident opens.
    frame = page.locator("#live-map").bounding_box()
    assert frame
    assert frame["x"] < px < frame["x"] + frame["width"]
    assert frame["y"] < py < frame["y"] + frame["height"]
    pakistani.click()
    page.wait_for_url(f"**/incidents/{at_crossing['Pakistan']}")
    assert "Chaman" in page.locator("h1").inner_text()

    # The + button zooms too; a province filters the page: the map and the list show its
    # incidents only.
    page.goto(server + "/")
    page.wait_for_selector("#live-map[data-ready=true]")
    mark = page.locator(f"path.incident-mark[data-incident='{at_crossing['Pakistan']}']")
    wide = _centre(mark.bounding_box())
    page.click(".leaflet-control-zoom-in")
    page.wait_for_timeout(600)
    page.click(".leaflet-control-zoom-out")
    page.wait_for_timeout(600)
    assert _centre(mark.bounding_box()) == pytest.approx(wide, abs=2)
    page.locator("#live-map").screenshot(path=str(SCREENSHOTS / "map-desktop.png"))
    mark = page.locator(f"path.incident-mark[data-incident='{at_crossing['Pakistan']}']")
    box = mark.bounding_box()
    assert box
    page.mouse.click(box["x"] + box["width"] / 2 + 25, box["y"] + box["height"] / 2 + 25)
    page.wait_for_url("**admin1=*")
    assert "admin1=Balochistan" in page.url
    page.wait_for_selector("#live-map[data-ready=true]")
    shown = page.locator("#live-map path.incident-mark")
    assert 1 <= shown.count() < len(marks_data)
    assert page.locator("#count-incidents").inner_text() == str(shown.count())
    assert not errors, errors
    assert not elsewhere, elsewhere
