"""End to end in a real headless Chromium (Debian's, driven by Playwright): each role logs in, a
party lodges a complaint, a monitor reviews it into a finding, the other party replies, and the map
and the chart are drawn (their screenshots are not blank)."""

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
from ceasefire.services.assessment import load_agreements

from .conftest import ACCOUNTS, AGREEMENTS, PASSWORD, Seed, create_app

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
def server(sqlite_seed: Seed, tmp_path: Path) -> Iterator[str]:
    """The app on a real uvicorn server in a thread, over a copy of the seeded demo record."""
    import uvicorn

    settings = Settings(data=tmp_path / "data", sqlite_busy_timeout=2, collector="tester")
    shutil.copytree(sqlite_seed.data, settings.data)
    store = Store.open(settings)
    app = create_app(settings, store=store, agreements=load_agreements(AGREEMENTS))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
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
    # Chromium reports each thing the Content Security Policy refuses on the console.
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    elsewhere: list[str] = []  # everything is served by the app: no CDN, no tile server
    page.on(
        "request",
        lambda request: None if request.url.startswith(server) else elsewhere.append(request.url),
    )

    # Everyone: the dashboard draws its map and chart.
    page.goto(server + "/")
    page.wait_for_selector("#live-map[data-ready=true]")  # Leaflet, from /static/vendor
    for selector in ("#live-map .leaflet-overlay-pane svg", "#timeline svg"):
        element = page.locator(selector)
        element.wait_for()
        box = element.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, selector
        assert pixel_spread(page, element.screenshot()) > 5, f"{selector} looks blank"
    assert page.locator("#live-map .incident-mark, #live-map .incident-cluster").count() >= 1
    assert page.locator("#live-map path").count() >= 30
    # The filters submit themselves on change (static/app.js runs under the CSP).
    page.select_option("form.filters select[name=country]", "Pakistan")
    page.wait_for_url("**country=Pakistan**")

    # Each role logs in and sees its name and role in the header.
    for key, account in ACCOUNTS.items():
        log_in(page, server, account.name)
        assert page.locator(".who .user").get_attribute("data-role") == account.role, key
        log_out(page)

    # A party lodges a complaint against the other, with its statement as evidence.
    log_in(page, server, ACCOUNTS["pakistan"].name)
    page.goto(server + "/cases")
    page.fill("#lodge input[name=allegation]", "Mortar fire on Chaman")
    page.select_option("#lodge select[name=against]", "afghanistan")
    page.select_option("#lodge select[name=clause]", "ceasefire")
    page.fill(
        "#lodge textarea[name=text]", "Mortar rounds hit Chaman on 3 November 2025, injuring four."
    )
    page.click("#lodge button[type=submit]")
    page.wait_for_load_state()
    assert "Complaint lodged" in page.locator(".done").inner_text()
    case_id = page.locator("#case-id").inner_text()
    assert page.locator("#case-step").inner_text() == "received"
    log_out(page)

    # The other party does not see it.
    log_in(page, server, ACCOUNTS["afghanistan"].name)
    page.goto(server + "/cases")
    assert page.locator(f"[data-case='{case_id}']").count() == 0
    log_out(page)

    # A monitor reviews it: acknowledged, preliminary check, a finding citing a clause, sent.
    log_in(page, server, ACCOUNTS["monitor"].name)
    page.goto(server + "/review")
    page.click(f"tr[data-case='{case_id}'] a")
    page.wait_for_load_state()
    for step in ("acknowledged", "preliminary_check"):
        page.select_option("#advance select[name=to]", step)
        page.fill("#advance input[name=reason]", f"{step}: evidence read")
        page.click("#advance button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("#case-step").inner_text() == step
    page.select_option("#finding select[name=status]", "verified")
    page.select_option("#finding select[name=clause]", "ceasefire")
    page.select_option("#finding select[name=party]", "afghanistan")
    page.fill("#finding textarea[name=rationale]", "crater and hospital records seen")
    page.click("#finding button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#finding-status").inner_text() == "verified"
    finding_url = page.url
    page.goto(f"{server}/cases/{case_id}")
    page.select_option("#advance select[name=to]", "sent_to_parties")
    page.fill("#advance input[name=reason]", "sent to both parties")
    page.click("#advance button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#case-step").inner_text() == "sent_to_parties"
    log_out(page)

    # The party the finding is about replies (right of reply).
    log_in(page, server, ACCOUNTS["afghanistan"].name)
    page.goto(finding_url)
    page.fill("#reply textarea[name=text]", "Our forces did not fire on Chaman.")
    page.click("#reply button[type=submit]")
    page.wait_for_load_state()
    assert "did not fire" in page.locator(".reply[data-party=afghanistan]").inner_text()
    log_out(page)

    # The public reads the published finding with its reply.
    page.goto(finding_url)
    assert page.locator("#finding-status").inner_text() == "verified"
    assert page.locator(".reply").count() == 1

    # Filters redraw: an actor with no incidents empties the chart and the map's circles.
    page.goto(server + "/?actor=nobody-at-all")
    page.wait_for_selector("#live-map[data-ready=true]")
    assert page.locator("#live-map .incident-mark, #live-map .incident-cluster").count() == 0
    assert page.locator("#count-incidents").inner_text() == "0"

    # The API's docs, from the package's own copy of Swagger UI.
    page.goto(server + "/docs")
    page.locator(".opblock-summary-path").first.wait_for()
    assert page.locator(".opblock").count() >= 27

    # The HTML report, shown in the browser, has its styles and no script.
    page.goto(server + "/api/reports/doha-2025?format=html&download=false")
    assert page.locator("h1").count() == 1
    assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert not errors, errors
    assert not refused, refused
    assert not elsewhere, elsewhere

    # The check above can fail: an inline script injected into a page is refused and reported.
    page.goto(server + "/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = 1"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    assert refused and "inline script" in refused[0], refused
