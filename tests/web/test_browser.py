"""End to end in a real headless Chromium (Debian's, driven by Playwright): each role logs in, a
party lodges a complaint, a monitor reviews it, and the map and the chart are drawn (their
screenshots are not blank)."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ceasefire.config import Settings
from ceasefire.record.store import Store

from .conftest import ACCOUNTS, PASSWORD, add_accounts, create_app

CHROMIUM = os.environ.get("CEASEFIRE_TEST_CHROMIUM", "/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="no chromium (scripts/ensure-chromium installs it; `make test` runs it)",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(sqlite_settings: Settings) -> Iterator[str]:
    """The app on a real uvicorn server in a thread, over a store with the demo reports."""
    import uvicorn

    from ceasefire import services

    from ..conftest import DEMO

    store = Store.open(sqlite_settings)
    services.ingest_paths(store, [DEMO], collected_by="tester")
    add_accounts(store)
    port = _free_port()
    config = uvicorn.Config(
        create_app(sqlite_settings, store=store), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)
        store.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path / "chromium-profile"
    with sync_playwright() as playwright:
        # A persistent context is how Playwright takes --user-data-dir: a fresh profile per test.
        launched = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            viewport={"width": 1300, "height": 1000},
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        try:
            yield launched
        finally:
            launched.close()
    shutil.rmtree(profile, ignore_errors=True)


def pixel_spread(page: Any, png: bytes) -> float:
    """Standard deviation of the grey levels of a PNG, measured by the browser itself."""
    data = base64.b64encode(png).decode("ascii")
    return float(
        page.evaluate(
            """async (data) => {
                const image = new Image();
                image.src = "data:image/png;base64," + data;
                await image.decode();
                const canvas = document.createElement("canvas");
                canvas.width = image.width; canvas.height = image.height;
                const context = canvas.getContext("2d");
                context.drawImage(image, 0, 0);
                const pixels = context.getImageData(0, 0, image.width, image.height).data;
                let sum = 0, squares = 0, n = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                    const grey = (pixels[i] + pixels[i + 1] + pixels[i + 2]) / 3;
                    sum += grey; squares += grey * grey; n += 1;
                }
                const mean = sum / n;
                return Math.sqrt(squares / n - mean * mean);
            }""",
            data,
        )
    )


def log_in(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def log_out(page: Any) -> None:
    page.click("header .who button")
    page.wait_for_load_state()


def test_each_role_complaint_review_map_and_chart(server: str, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Everyone: the dashboard draws its map and chart.
    page.goto(server + "/")
    for selector in ("#map svg", "#timeline svg"):
        element = page.locator(selector)
        element.wait_for()
        box = element.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, selector
        assert pixel_spread(page, element.screenshot()) > 5, f"{selector} looks blank"
    assert page.locator("#map circle").count() >= 1
    assert page.locator("#map path").count() >= 30

    # Each role logs in and sees its name and role in the header.
    for key, account in ACCOUNTS.items():
        log_in(page, server, account.name)
        assert page.locator(".who .user").get_attribute("data-role") == account.role, key
        log_out(page)

    # A party lodges a complaint.
    log_in(page, server, ACCOUNTS["pakistan"].name)
    page.goto(server + "/complaints")
    page.fill("#lodge input[name=title]", "Mortar fire on Chaman")
    page.fill(
        "#lodge textarea[name=text]", "Mortar rounds hit Chaman on 3 November 2025, injuring four."
    )
    page.click("#lodge button[type=submit]")
    page.wait_for_load_state()
    assert "lodged" in page.locator(".done").inner_text()
    row = page.locator("table.complaints tbody tr").first
    complaint_id = row.get_attribute("data-complaint")
    assert row.locator(".state").inner_text() == "received"
    log_out(page)

    # Another party does not see it.
    log_in(page, server, ACCOUNTS["afghanistan"].name)
    page.goto(server + "/complaints")
    assert page.locator(f"[data-complaint='{complaint_id}']").count() == 0
    log_out(page)

    # A monitor reviews it into a finding.
    log_in(page, server, ACCOUNTS["monitor"].name)
    page.goto(server + "/review")
    item = page.locator(f"article[data-complaint='{complaint_id}']")
    item.locator("select[name=review_state]").select_option("verified")
    item.locator("input[name=note]").fill("crater and hospital records seen")
    item.locator("button[type=submit]").click()
    page.wait_for_load_state()
    closed = page.locator(f"table.complaints tr[data-complaint='{complaint_id}'] .state")
    assert closed.inner_text() == "verified"
    log_out(page)

    # The party sees the outcome.
    log_in(page, server, ACCOUNTS["pakistan"].name)
    page.goto(server + "/complaints")
    assert page.locator(f"[data-complaint='{complaint_id}'] .state").inner_text() == "verified"

    # Filters redraw: a country with no incidents empties the chart and the map's circles.
    page.goto(server + "/?actor=nobody-at-all")
    assert page.locator("#map circle").count() == 0
    assert page.locator("#count-incidents").inner_text() == "0"
    assert not errors, errors
