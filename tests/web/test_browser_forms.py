"""Forms in headless Chromium: a mistake is shown beside its field, in plain words, with what was
typed still there; a confirmation follows the action once it is right."""

from __future__ import annotations

from typing import Any

from ..conftest import SCREENSHOTS
from .test_browser import ACCOUNTS, browser, log_in, server  # noqa: F401  (fixtures)

TEXT = "Monitors heard mortar fire near Torkham on Tuesday evening; no one was hurt."


def test_a_form_error_keeps_the_input_and_sits_beside_its_field(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    page = browser.new_page()
    log_in(page, server, ACCOUNTS["monitor"].name)
    page.goto(server + "/intake")
    page.fill("#intake-text", TEXT)
    page.fill("input[name=title]", "Torkham, Tuesday")
    # A browser's date input takes only dates: a script sets what a careless client might send.
    page.evaluate(
        "() => { const d = document.querySelector('input[name=published]');"
        " d.type = 'text'; d.value = '31/02/2025'; }"
    )
    page.click("#intake button[type=submit]")
    page.wait_for_load_state()
    error = page.locator("#published-error")
    assert error.is_visible()
    field = page.locator("input[name=published]")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == "published-error"
    field_box, error_box = field.bounding_box(), error.bounding_box()
    assert field_box and error_box
    assert abs(error_box["y"] - (field_box["y"] + field_box["height"])) < 40, "beside the field"
    assert page.locator("#intake-text").input_value() == TEXT
    assert page.locator("input[name=title]").input_value() == "Torkham, Tuesday"
    assert "form:" not in error.inner_text() and "field '" not in error.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "intake-error-desktop.png"), full_page=True)

    # Put right, it is added, and the page says so.
    page.evaluate("() => { document.querySelector('input[name=published]').value = ''; }")
    page.click("#intake button[type=submit]")
    page.wait_for_load_state()
    assert "Added" in page.locator(".done").inner_text()
    # What was extracted is listed, each incident a link to its page.
    extracted = page.locator("#extracted a")
    assert extracted.count() >= 1
    assert "Torkham" in extracted.first.inner_text()
    extracted.first.click()
    page.wait_for_load_state()
    assert "/incidents/" in page.url and "Torkham" in page.locator("h1").inner_text()
