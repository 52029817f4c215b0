"""The HTML report looked at as a picture: headless Chromium renders it, and it is not blank; every
link of its figures lands on an element of the page."""

from __future__ import annotations

import base64
import itertools
import re
import shutil
from pathlib import Path

import pytest

from ceasefire.config import Settings

from ..conftest import DEMO, REPO, SCREENSHOTS, Cli

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DOHA = str(REPO / "agreements" / "doha-2025.yaml")

# Share of pixels that are not the page's background colour, computed in the browser itself.
COUNT_INK = """async (data) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const [r, g, b] = [pixels[0], pixels[1], pixels[2]];
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) > 30) ink++;
  }
  return ink / (pixels.length / 4);
}"""


@pytest.fixture
def report_file(sqlite_settings: Settings, tmp_path: Path) -> Path:
    run = Cli(sqlite_settings)
    assert run("ingest", str(DEMO)).exit_code == 0
    assert run("assess", "--agreement", DOHA).exit_code == 0
    path = tmp_path / "report.html"
    made = run("report", "--agreement", DOHA, "--to", "2025-11-30", "--output", str(path))
    assert made.exit_code == 0, made.output
    return path


def test_the_report_renders_in_headless_chromium_and_is_not_blank(report_file: Path) -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("chromium is missing: run scripts/ensure-chromium (make test does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.goto(report_file.as_uri())
            shot = page.screenshot(full_page=True)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            (SCREENSHOTS / "report-desktop.png").write_bytes(shot)
            labels = page.evaluate(
                """() => [...document.querySelectorAll('svg.timeline text.axis-label')]
                      .map(t => t.getBoundingClientRect()).map(r => [r.left, r.right])"""
            )
            ink = page.evaluate(COUNT_INK, base64.b64encode(shot).decode("ascii"))
            marks = page.locator("svg a").count()
            dangling = page.evaluate(
                """() => [...document.querySelectorAll('a[href^="#"]')]
                      .map(a => a.getAttribute('href').slice(1))
                      .filter(id => !document.getElementById(id))"""
            )
            claims_behind_marks = page.evaluate(
                """() => [...document.querySelectorAll('svg a')].every(a => {
                      const target = document.getElementById(a.getAttribute('href').slice(1));
                      return target && target.querySelector('.claim blockquote');
                  })"""
            )
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(report_file.as_uri())
            phone.screenshot(path=str(SCREENSHOTS / "report-phone.png"), full_page=True)
            phone_width = phone.evaluate("() => document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert len(labels) >= 2
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(labels)), labels
    assert phone_width <= 390, f"the report is {phone_width} px wide on a 390 px phone"
    assert ink > 0.05, f"the page is nearly blank ({ink:.1%} ink)"
    assert marks > 0
    assert dangling == []
    assert claims_behind_marks


def test_the_report_is_self_contained(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert "@import" not in html and "@font-face" not in html
    assert "@media print" in html
