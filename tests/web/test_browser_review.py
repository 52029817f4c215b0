"""The review queue of incidents in headless Chromium, at desktop and phone sizes: a monitor
accepts the most consequential incident from the queue, corrects another, merges a denial told
elsewhere into the act (shown as *denies*, the act *contested*); a reviewed incident a re-extraction
reads otherwise is listed with the fields it differs on until the monitor keeps the reviewed values;
screenshots for a person to see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.record.log import Author
from ceasefire.record.store import Store

from ..conftest import SCREENSHOTS
from ..test_reprocess import angoor, retrained_reading
from .test_browser import ACCOUNTS, browser, log_in, server  # noqa: F401  (fixtures)

PHONE = {"width": 390, "height": 844}


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_review_queue_accept_correct_and_merge(server: str, browser: Any) -> None:  # noqa: F811
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, server, ACCOUNTS["monitor"].name)
    page.goto(server + "/review")
    rows = page.locator("#incident-queue tbody tr[data-incident]")
    count = rows.count()
    assert count >= 3
    breaches = [int(rows.nth(n).locator(".breaches").inner_text().split()[0]) for n in range(count)]
    assert breaches == sorted(breaches, reverse=True)
    _shot(page, "review-queue-desktop")

    # Accept the first: one click, a confirmation, and it leaves the queue.
    first = rows.first.get_attribute("data-incident")
    rows.first.locator("button.accept").click()
    page.wait_for_load_state()
    assert "Accepted" in page.locator(".done").inner_text()
    assert page.locator(f"tr[data-incident='{first}']").count() == 0

    # Correct another on its page: the value is saved, and the page says so.
    second = page.locator("#incident-queue tbody tr[data-incident]").first
    second.get_by_role("link", name="Correct or merge").click()
    page.wait_for_load_state()
    page.select_option("#edit-field", "location")
    page.fill("#edit-value", "Corrected place")
    page.fill("#edit-reason", "the district office's map")
    page.get_by_role("button", name="Save the correction").click()
    page.wait_for_load_state()
    assert "Saved" in page.locator(".done").inner_text()
    assert "Corrected place" in page.locator("h1").inner_text()
    assert "reviewed" in page.locator("#grade").inner_text()

    # Merge: the denial of an act (contested) lists the act near it as a possible duplicate; one
    # click merges the act in. (When extraction dated and placed the denial well enough, the
    # store already joined it to the act at ingest; the page then shows both sides, and the
    # duplicate listed next is merged in the same way.)
    page.goto(server + "/incidents?grade=contested")
    page.locator("table.incidents tbody tr a").first.click()
    page.wait_for_load_state()
    assert page.locator(".claim.stance-denies").count() >= 1
    if page.locator("table.duplicates tbody tr").count() == 0:
        assert page.locator(".claim").count() > page.locator(".claim.stance-denies").count()
    else:
        row = page.locator("table.duplicates tbody tr").first
        other = row.get_attribute("data-duplicate")
        row.get_by_role("button").click()
        page.wait_for_load_state()
        assert "Merged" in page.locator(".done").inner_text()
        assert page.locator("#grade").inner_text().startswith("contested")
        assert page.locator(".claim.stance-denies").count() >= 1
        assert page.locator(".claim").count() > page.locator(".claim.stance-denies").count()
        assert "denies" in page.locator(".claim.stance-denies header").first.inner_text()
        _shot(page, "incident-desktop")
        page.goto(f"{server}/incidents/{other}")
        assert "merged" in page.locator(".problem").inner_text()

    # On a phone the queue stays inside the screen.
    phone = browser.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(server + "/review")
    _shot(phone, "review-queue-phone")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert not errors, errors


def test_review_queue_lists_what_reprocessing_reads_otherwise(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    # The server's record (tests/web/test_browser.py: a copy in tmp_path), re-read by another model
    # after a monitor reviewed the Angoor Adda incident.
    store = Store.open(Settings(data=tmp_path / "data", sqlite_busy_timeout=2, collector="tester"))
    try:
        incident = angoor(store)
        monitor = Author(ACCOUNTS["monitor"].name)
        services.edit_incident(store, incident.id, "grade", "fair", reason="seen", author=monitor)
        reading = retrained_reading()
        report = services.reprocess(
            store, author=monitor, extractor=reading, versions=reading.versions()
        )
        assert report.flagged == 1
    finally:
        store.close()
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, server, ACCOUNTS["monitor"].name)
    page.goto(server + "/review")
    item = page.locator(f"#disputed li[data-incident='{incident.id}']")
    assert item.count() == 1 and item.locator(".flag").inner_text() == "location"
    assert page.locator("#disputed li").count() == 1
    _shot(page, "review-queue-disputed")
    item.get_by_role("link").click()
    page.wait_for_load_state()
    assert "location" in page.locator("#review-flag").inner_text()
    heading = page.locator("h1").inner_text()
    assert "Angoor Adda" in heading and "town" not in heading  # the reviewed place stands
    page.get_by_role("button", name="Keep the reviewed values").click()
    page.wait_for_load_state()
    assert page.locator("#review-flag").count() == 0
    page.goto(server + "/review")
    assert page.locator("#disputed li").count() == 0
    assert page.locator("#disputed-count").inner_text().startswith("0 reviewed incidents")
    assert errors == []
