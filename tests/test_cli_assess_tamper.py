"""Tampering with assessments, case steps, findings and replies: `ceasefire log verify` names each,
in the database and in a verification bundle."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ceasefire.config import Settings

from .conftest import DEMO, REPO, Cli

DOHA = str(REPO / "agreements" / "doha-2025.yaml")


@pytest.fixture
def local(sqlite_settings: Settings) -> Cli:
    run = Cli(sqlite_settings)
    assert run("ingest", str(DEMO)).exit_code == 0
    assert run("assess", "--agreement", DOHA).exit_code == 0
    run(
        "cases",
        "lodge",
        "--agreement",
        DOHA,
        "--by",
        "pakistan",
        "--clause",
        "ceasefire",
        "--allegation",
        "Mortar fire near Angoor Adda.",
    )
    for _ in range(3):
        run("cases", "advance", "C0001", "--reason", "next")
    run(
        "findings",
        "record",
        "C0001",
        "--status",
        "verified",
        "--party",
        "afghanistan",
        "--rationale",
        "Two independent sources.",
    )
    run("cases", "advance", "C0001", "--reason", "sent")
    assert (
        run(
            "findings", "reply", "F0001", "--party", "afghanistan", "--text", "We deny it."
        ).exit_code
        == 0
    )
    assert run("log", "verify").exit_code == 0
    return run


def _db(run: Cli) -> sqlite3.Connection:
    return sqlite3.connect(run.settings.data / "ceasefire.db", isolation_level=None)


def _seq(run: Cli, kind: str, subject: str) -> int:
    with _db(run) as db:
        (seq,) = db.execute(
            "SELECT max(seq) FROM log_entries WHERE kind = ? AND subject = ?", (kind, subject)
        ).fetchone()
    return int(seq)


def _lines(run: Cli, *args: str) -> list[str]:
    result = run("log", "verify", *args)
    assert result.exit_code == 1, result.output
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_verify_names_every_tampering_of_assessments_cases_findings_and_replies(local: Cli) -> None:
    with _db(local) as db:
        (first, second) = [
            row[0] for row in db.execute("SELECT id FROM assessments ORDER BY id LIMIT 2")
        ]
        # the other party than the one on record, whichever it is
        db.execute(
            "UPDATE assessments SET party = CASE party WHEN 'pakistan' THEN 'afghanistan' "
            "ELSE 'pakistan' END WHERE id = ?",
            (first,),
        )
        db.execute("DELETE FROM assessments WHERE id = ?", (second,))
        db.execute(
            "INSERT INTO assessments VALUES ('zzz', 'doha-2025', 'ceasefire', 'x', NULL, 'direct', 'made up')"
        )
        db.execute("UPDATE case_steps SET reason = 'rewritten' WHERE step = 'investigation'")
        db.execute("UPDATE findings SET status = 'not_a_violation' WHERE id = 'F0001'")
        db.execute("UPDATE replies SET text = 'We admit it.' WHERE id = 'F0001-R1'")
    lines = _lines(local)
    first_seq = _seq(local, "assessment_recorded", first)
    second_seq = _seq(local, "assessment_recorded", second)
    assert f"entry {first_seq}: assessment {first} changed (party)" in lines
    assert f"entry {second_seq}: assessment {second} row deleted" in lines
    assert "assessment zzz: row without a log entry" in lines
    case_seq = _seq(local, "case_advanced", "C0001")
    assert f"entry {case_seq}: case C0001 changed (steps)" in lines
    assert (
        f"entry {_seq(local, 'finding_recorded', 'F0001')}: finding F0001 changed (status)" in lines
    )
    assert (
        f"entry {_seq(local, 'reply_recorded', 'F0001-R1')}: reply F0001-R1 changed (text)" in lines
    )
    assert len(lines) == 6, lines


def test_a_case_moved_to_another_step_by_sql_is_caught(local: Cli) -> None:
    # The current-step column (what `cases list --step` filters on) against the logged steps.
    with _db(local) as db:
        db.execute("UPDATE cases SET step = 'received' WHERE id = 'C0001'")
    lines = _lines(local)
    case_seq = _seq(local, "case_advanced", "C0001")
    assert lines == [f"entry {case_seq}: case C0001 changed (step_column)"]


def test_a_withdrawn_assessment_put_back_is_caught(local: Cli) -> None:
    with _db(local) as db:
        row = db.execute("SELECT * FROM assessments ORDER BY id LIMIT 1").fetchone()
        # Moving the incident out of the period makes the next run withdraw its assessments.
        db.execute("UPDATE incidents SET event_date = '2025-01-01' WHERE id = ?", (row[3],))
    result = local("assess", "--agreement", DOHA)
    assert "withdrawn" in result.output and " 0 withdrawn" not in result.output
    with _db(local) as db:
        db.execute("INSERT INTO assessments VALUES (?, ?, ?, ?, ?, ?, ?)", row)
    lines = _lines(local)
    assert f"assessment {row[0]}: withdrawn in the log but still present" in lines


def test_bundle_carries_and_checks_the_assessments_cases_findings_and_replies(
    local: Cli, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle"
    assert local("export", "bundle", str(bundle)).exit_code == 0
    for name in ("assessments.jsonl", "cases.jsonl", "findings.jsonl", "replies.jsonl"):
        assert (bundle / name).is_file()
    assert local("log", "verify", "--bundle", str(bundle)).exit_code == 0
    replies = bundle / "replies.jsonl"
    line = json.loads(replies.read_text())
    line["state"]["text"] = "We admit it."
    replies.write_text(json.dumps(line) + "\n")
    lines = _lines(local, "--bundle", str(bundle))
    assert any(
        entry.startswith("replies.jsonl line 1: F0001-R1 differs from entry") and "(text)" in entry
        for entry in lines
    ), lines
