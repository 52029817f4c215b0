"""The main pages on a 390 px phone and through axe-core, in headless Chromium: nothing wider
than the screen (tables stack or scroll inside their box), every control a 44 px touch target, and
no serious or critical accessibility violation. axe-core comes from the npm registry (installed by
scripts/vendor-js), injected from that file — never fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import SCREENSHOTS
from .test_browser import ACCOUNTS, browser, log_in, server  # noqa: F401  (fixtures)

AXE = Path(__file__).parents[2] / "src" / "ceasefire" / "web" / "static" / "vendor" / "axe-core"
PHONE = {"width": 390, "height": 844}
TOUCH = 44

pytestmark = pytest.mark.skipif(
    not (AXE / "axe.min.js").exists(), reason="axe-core not installed: run scripts/vendor-js"
)

# Controls a finger must hit: buttons, fields, the navigation; links inside running text are not
# (WCAG 2.5.5 exempts inline links).
SMALL_TARGETS = """(minimum) => [...document.querySelectorAll(
    'button, select, input:not([type=hidden]):not([type=checkbox]), textarea, header.top a, a.button')]
  .filter((e) => e.offsetParent !== null)
  .map((e) => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
  .filter(([, height]) => height < minimum)"""

AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
}"""


def _pages(base: str, page: Any) -> list[str]:
    """The main pages, with an incident and a document of the record."""
    page.goto(base + "/incidents")
    incident = page.locator("table.incidents tbody tr a").first.get_attribute("href")
    page.goto(base + str(incident))
    document = page.locator(".claim footer a").first.get_attribute("href")
    return ["/", "/incidents", str(incident), str(document), "/review", "/cases", "/findings",
            "/reports", "/log", "/log/1", "/intake"]  # fmt: skip


def test_main_pages_fit_a_phone_and_pass_axe(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    page = browser.new_page()
    log_in(page, server, ACCOUNTS["secretariat"].name)
    pages = _pages(server, page)
    source = (AXE / "axe.min.js").read_text(encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, Any] = {}
    for width in (1300, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        for path in pages:
            page.goto(server + path)
            page.wait_for_load_state("networkidle")
            if path == "/":
                page.wait_for_selector("#live-map[data-ready=true]")
            page.evaluate(source)  # run by the driver, not as a script of the page
            violations = page.evaluate(AXE_RUN)
            if violations:
                problems[f"{width} {path} axe"] = violations
            if width == PHONE["width"]:
                wide = page.evaluate("() => document.documentElement.scrollWidth")
                if wide > width:
                    problems[f"{width} {path} width"] = wide
                small = page.evaluate(SMALL_TARGETS, TOUCH)
                if small:
                    problems[f"{width} {path} targets"] = small[:5]
                if path in ("/", "/review") or path.startswith("/incidents/"):
                    name = "dashboard" if path == "/" else path.strip("/").split("/")[0]
                    page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
            elif path == "/":
                page.screenshot(path=str(SCREENSHOTS / "dashboard-desktop.png"), full_page=True)
    assert not problems, "\n".join(f"{key}: {value}" for key, value in problems.items())
