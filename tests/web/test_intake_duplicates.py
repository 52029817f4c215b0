"""A web intake beside a CLI ingest (two processes, one store): the near-duplicate index is the
store's, so a story taken in by the web app with one word changed joins the group of the same story
ingested by the CLI, and its incident keeps the grade of one source."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ceasefire.record.tables import DocumentRow, IncidentRow

from .conftest import Web

STORY = (
    "Mortar shells fired from across the border struck a bazaar in Spin Boldak on 4 November 2025, "
    "killing three civilians and wounding seven, local officials said. Residents said the shelling "
    "lasted for about an hour and damaged a dozen shops near the main road to the crossing. Border "
    "officials said traffic through the crossing was halted for the rest of the day."
)


def _cli_ingest(web: Web, path: str) -> None:
    options = ["--data-dir", str(web.settings.data)]
    if web.settings.db:
        options += ["--db", web.settings.db]
    done = subprocess.run(
        [sys.executable, "-m", "ceasefire", *options, "ingest", path],
        env=dict(os.environ),
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]


def test_a_web_intake_joins_the_group_of_a_cli_ingest(web: Web, tmp_path: Path) -> None:
    # The app takes a document in first: whatever it caches is made before the CLI's ingest.
    first = web.post("/api/documents", "monitor", data={"text": "All quiet at Torkham today."})
    assert first.status_code == 201, first.text
    story = tmp_path / "spin-boldak.txt"
    story.write_text(STORY, encoding="utf-8")
    _cli_ingest(web, str(story))
    changed = STORY.replace("a dozen shops", "a dozen stores")
    response = web.post(
        "/api/documents", "monitor", data={"text": changed, "published": "2025-11-04"}
    )
    assert response.status_code == 201, response.text
    web_id = response.json()["id"]
    with web.store.read_session() as session:
        groups = {
            document: group
            for document, group in session.execute(
                select(DocumentRow.id, DocumentRow.duplicate_group)
            )
        }
        (cli_id,) = [d for d, text in session.execute(select(DocumentRow.id, DocumentRow.text))
                     if text.strip() == STORY]  # fmt: skip
        grades = [
            grade
            for (grade,) in session.execute(
                # the story's day: the demo's own clash of 2 November is in Spin Boldak too
                select(IncidentRow.grade).where(
                    IncidentRow.location == "Spin Boldak",
                    IncidentRow.event_date == date(2025, 11, 4),
                )
            )
        ]
    assert groups[web_id] == groups[cli_id] == cli_id
    # One story told twice is one source: the incident stays weak (two groups made it fair).
    assert grades == ["weak"], grades
