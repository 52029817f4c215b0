"""The report as sent to two governments: printed to PDF by Chromium, A4, read back page by page —
the period's finding with both parties' replies is in the printed text, no page is blank, and the
pages are drawn to PNG for a person to look at."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ceasefire.config import Settings

from ..conftest import DEMO, SCREENSHOTS, Cli
from .test_periodic import DOHA, _finding_with_both_replies, _ok
from .test_screenshot import ARGS, CHROMIUM


def test_the_report_prints_to_pdf_with_the_finding_and_both_replies(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("chromium is missing: run scripts/ensure-chromium (make test does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    pdfium = pytest.importorskip("pypdfium2")
    run = Cli(sqlite_settings)
    _ok(run, "ingest", str(DEMO))
    _ok(run, "assess", "--agreement", DOHA)
    _finding_with_both_replies(run)
    today = datetime.now(UTC).date().isoformat()
    html = tmp_path / "report.html"
    _ok(
        run,
        "report",
        "--agreement",
        DOHA,
        "--from",
        "2025-10-19",
        "--to",
        today,
        "--output",
        str(html),
    )
    pdf = tmp_path / "report.pdf"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(html.as_uri())
            page.pdf(path=str(pdf), format="A4", print_background=True)
        finally:
            browser.close()
    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = len(document)
        assert 2 <= pages <= 40
        text = "\n".join(document[n].get_textpage().get_text_range() for n in range(pages))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for n in range(min(pages, 3)):
            image = document[n].render(scale=1).to_pil()
            image.save(SCREENSHOTS / f"report-pdf-page-{n + 1}.png")
            blank = image.convert("L").getextrema()
            assert blank[0] < 200, f"page {n + 1} looks blank"
    finally:
        document.close()
    flat = " ".join(text.split())
    assert "Findings and replies of the period" in flat
    assert "Reply from Afghanistan" in flat and "Reply from Pakistan" in flat
    assert "We did not fire." in flat and "We stand by it." in flat
    assert "possible breaches" in flat
