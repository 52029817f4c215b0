"""In a real headless Chromium: search the incident list, pick a province from the choices the
record offers, and find the same number of incidents on the page and in the CSV it downloads."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from .test_browser import CHROMIUM, browser, pytestmark, server

__all__ = ["CHROMIUM", "browser", "pytestmark", "server"]


def _count(page: Any) -> int:
    found = re.search(r"(\d+) incidents;", page.inner_text("main"))
    assert found, page.inner_text("main")
    return int(found.group(1))


def test_search_pick_province_and_download_the_same_count(
    server: str,
    browser: Any,
) -> None:
    page = browser.new_page()
    page.goto(f"{server}/incidents")
    everything = _count(page)
    page.fill("#filter-q", "police")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    searched = _count(page)
    assert 0 < searched < everything
    provinces = page.eval_on_selector_all(
        "#filter-admin1 option", "options => options.map(o => o.value).filter(v => v)"
    )
    assert "Khyber Pakhtunkhwa" in provinces and "Balochistan" in provinces
    with page.expect_navigation():
        page.select_option("#filter-admin1", "Khyber Pakhtunkhwa")
    shown = _count(page)
    assert 0 < shown < searched
    rows = page.locator("table.incidents tbody tr").count()
    assert rows == shown
    assert "q=police" in page.url and "admin1=Khyber" in page.url
    with page.expect_download() as download:
        page.click("#export-acled")
    text = download.value.path().read_text(encoding="utf-8")
    exported = list(csv.DictReader(io.StringIO(text)))
    assert len(exported) == shown
    assert {r["admin1"] for r in exported} == {"Khyber Pakhtunkhwa"}
    # A reversed range is refused beside the field, in words.
    page.fill("#filter-date-from", "2025-11-10")
    page.fill("#filter-date-to", "2025-11-01")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "before it starts" in page.inner_text("#date_to-error")
    page.close()
