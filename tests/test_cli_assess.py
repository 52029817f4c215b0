"""`ceasefire agreements`, `assess`, `cases`, `findings` and `report` end to end, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasefire.domain.document import document_id

from .conftest import DEMO, REPO, SEEDS, Cli

DOHA = str(REPO / "agreements" / "doha-2025.yaml")
ANGOOR = DEMO / "example-06-angoor-adda-mortar.txt"
KURRAM = DEMO / "example-03-kurram-complaint.md"


def _assessments(run: Cli) -> list[dict[str, object]]:
    result = run("assess", "--agreement", DOHA, "--json")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _incidents_by_date(run: Cli) -> dict[str, list[dict[str, object]]]:
    # The dates of the incidents a report would show (all of them, from long before).
    result = run("incidents", "--no-historical", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    found: dict[str, list[dict[str, object]]] = {}
    for line in result.stdout.splitlines():
        incident = json.loads(line)
        found.setdefault(str(incident["event_date"]), []).append(incident)
    return found


@pytest.mark.shared
def test_seeds_and_demo_assessed_against_the_doha_agreement(run: Cli) -> None:
    assert run("ingest", str(SEEDS), str(DEMO)).exit_code == 0
    first = run("assess", "--agreement", DOHA)
    assert first.exit_code == 0, first.output
    assert "withdrawn" in first.output
    found = _assessments(run)
    by_date = _incidents_by_date(run)
    before = {str(i["id"]) for day, items in by_date.items() if day < "2025-10-19" for i in items}
    assert before, "the seeds report incidents before the ceasefire"
    assert not before & {str(a["incident"]) for a in found}
    # The demo's mortar fire on 10 November, by the Taliban: Afghanistan, against the ceasefire.
    angoor = {str(i["id"]) for i in by_date["2025-11-10"]}
    on_angoor = {(a["commitment"], a["party"]) for a in found if a["incident"] in angoor}
    assert ("ceasefire", "afghanistan") in on_angoor
    assert ("no-targeting", "afghanistan") in on_angoor
    # The TTP attack: the no-support commitment, not a direct breach.
    lakki = {str(i["id"]) for i in by_date["2025-11-15"]}
    on_lakki = {(a["commitment"], a["party"], a["rule"]) for a in found if a["incident"] in lakki}
    assert on_lakki and all(rule == "third_party" for _, _, rule in on_lakki)
    assert ("no-support", "afghanistan", "third_party") in on_lakki
    # Running it again changes nothing and writes nothing.
    size = len(run("log", "show", "--json").stdout.splitlines())
    again = run("assess", "--agreement", DOHA)
    assert "0 added, 0 updated, 0 withdrawn" in again.output
    assert len(run("log", "show", "--json").stdout.splitlines()) == size
    assert run("log", "verify").exit_code == 0


@pytest.mark.shared
def test_agreements_show_resolves_quotes_from_the_store(run: Cli) -> None:
    missing = run("agreements", "show", DOHA)
    assert missing.exit_code == 0, missing.output
    assert "(document not in the store)" in missing.output
    run("ingest", str(SEEDS))
    shown = run("agreements", "show", DOHA)
    assert "respect one another’s territorial integrity and sovereignty" in shown.output
    assert "(document not in the store)" not in shown.output


def test_an_agreement_error_is_one_line_naming_line_and_field(run: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(DOHA).read_text().replace("obligated: [afghanistan]", "obligated: [x]"))
    result = run("assess", "--agreement", str(bad))
    assert result.exit_code == 2
    assert "line 98, field commitments[4].obligated[0]: unknown party 'x'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_complaint_through_its_steps_to_a_finding_and_replies(run: Cli) -> None:
    run("ingest", str(DEMO))
    evidence = document_id(KURRAM.read_bytes())[:12]
    lodged = run(
        "cases",
        "lodge",
        "--agreement",
        DOHA,
        "--by",
        "pakistan",
        "--against",
        "afghanistan",
        "--clause",
        "ceasefire",
        "--evidence",
        evidence,
        "--allegation",
        "A drone from across the border struck a house in Kurram.",
    )
    assert lodged.exit_code == 0, lodged.output
    assert "case C0001 received (1 evidence documents)" in lodged.output
    for step in ("acknowledged", "preliminary_check", "investigation"):
        moved = run("cases", "advance", "C0001", "--reason", f"moving to {step}")
        assert f"now at {step}" in moved.output, moved.output
    early = run("findings", "reply", "F0001", "--party", "afghanistan", "--text", "x")
    assert early.exit_code == 2 and "no finding" in early.stderr
    recorded = run(
        "findings",
        "record",
        "C0001",
        "--status",
        "inconclusive",
        "--grade",
        "weak",
        "--rationale",
        "One source; the team could not reach the site.",
    )
    assert recorded.exit_code == 0, recorded.output
    too_early = run("findings", "reply", "F0001", "--party", "afghanistan", "--text", "x")
    assert too_early.exit_code == 2 and "sent to the parties" in too_early.stderr
    run("cases", "advance", "C0001", "--reason", "sent by the secretariat")
    assert (
        run(
            "findings", "reply", "F0001", "--party", "afghanistan", "--text", "We deny it."
        ).exit_code
        == 0
    )
    assert (
        run(
            "findings", "reply", "F0001", "--party", "pakistan", "--text", "We stand by it."
        ).exit_code
        == 0
    )
    shown = run("cases", "show", "C0001")
    assert "responses_recorded" in shown.output and "every party has replied" in shown.output
    assert "moving to investigation" in shown.output and "(so far)" in shown.output
    finding = run("findings", "show", "F0001")
    assert "clause ceasefire" in finding.output and "We deny it." in finding.output
    listing = run("cases", "list")
    assert "C0001" in listing.output and "F0001 inconclusive" in listing.output
    assert "F0001" in run("findings", "list").output
    assert run("log", "verify").exit_code == 0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("cases", "lodge", "--agreement", DOHA, "--by", "nobody", "--allegation", "x"), "--by"),
        (
            ("cases", "lodge", "--agreement", DOHA, "--by", "public", "--allegation", " "),
            "--allegation",
        ),
        (
            (
                "cases",
                "lodge",
                "--agreement",
                DOHA,
                "--by",
                "public",
                "--allegation",
                "x",
                "--clause",
                "nope",
            ),
            "--clause",
        ),
        (
            (
                "cases",
                "lodge",
                "--agreement",
                DOHA,
                "--by",
                "public",
                "--allegation",
                "x",
                "--against",
                "nope",
            ),
            "--against",
        ),
        (
            (
                "cases",
                "lodge",
                "--agreement",
                DOHA,
                "--by",
                "public",
                "--allegation",
                "x",
                "--evidence",
                "abcdef",
            ),
            "abcdef",
        ),
        (("cases", "advance", "C0009", "--reason", "x"), "C0009"),
        (("report", "--agreement", DOHA, "--from", "yesterday"), "--from"),
        # Issue 16, high 3: a loop over every day to 9999 (gigabytes), then an overflow.
        (("report", "--agreement", DOHA, "--to", "9999-12-30"), "--to: out of range"),
        (("report", "--agreement", DOHA, "--to", "9999-12-31"), "--to: out of range"),
        (("report", "--agreement", DOHA, "--from", "1899-12-31"), "--from: out of range"),
        (("incidents", "--to", "9999-12-31"), "--to: out of range"),
        (("incidents", "--since-agreement", "2101-01-01"), "--since-agreement: out of range"),
        (("export", "incidents", "--from", "0001-01-01"), "--from: out of range"),
    ],
)
def test_errors_are_one_line_naming_the_field(run: Cli, args: tuple[str, ...], field: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert field in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_steps_follow_the_machine(run: Cli) -> None:
    run(
        "cases",
        "lodge",
        "--agreement",
        DOHA,
        "--by",
        "monitor",
        "--allegation",
        "Shots at Torkham.",
    )
    jump = run("cases", "advance", "C0001", "--to", "investigation", "--reason", "x")
    assert jump.exit_code == 2 and "received" in jump.stderr and "--to" in jump.stderr
    finding = run("cases", "advance", "C0001", "--to", "finding", "--reason", "x")
    assert finding.exit_code == 2
    no_clause = run("findings", "record", "C0001", "--status", "verified", "--rationale", "x")
    assert no_clause.exit_code == 2 and "--clause" in no_clause.stderr
    no_reason = run("cases", "advance", "C0001", "--reason", "")
    assert no_reason.exit_code == 2 and "--reason" in no_reason.stderr


def test_report_formats_carry_the_same_content(run: Cli, tmp_path: Path) -> None:
    run("ingest", str(DEMO))
    run("assess", "--agreement", DOHA)
    base = ("report", "--agreement", DOHA, "--to", "2025-11-30")
    data = json.loads(run(*base, "--format", "json").stdout)
    assert data["summary"]["possible_violations"] >= 1
    assert data["follow_up_meetings"][0]["place"] == "Istanbul"
    markdown = run(*base, "--format", "md").stdout
    written = run(*base, "--output", str(tmp_path / "r.html"))
    assert written.exit_code == 0 and written.stdout.strip().endswith("r.html")
    html = (tmp_path / "r.html").read_text()
    for incident in data["incidents"]:
        assert f'id="{incident["anchor"]}"' in html
        assert f"#{incident['anchor']}" in markdown
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_a_report_period_is_at_most_the_setting(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run("ingest", "--no-extract", str(DEMO))
    args = ("report", "--agreement", DOHA, "--format", "json")
    long = run(*args, "--from", "2000-01-01", "--to", "2025-12-31")
    assert long.exit_code == 2
    assert "--to: the period is 9497 days; a report covers at most 731" in long.stderr
    assert run(*args, "--from", "2024-01-01", "--to", "2025-12-31").exit_code == 0
    monkeypatch.setenv("CEASEFIRE_REPORT_MAX_DAYS", "10000")
    widened = run(*args, "--from", "2000-01-01", "--to", "2025-12-31")
    assert widened.exit_code == 0, widened.output
    assert json.loads(widened.stdout)["period"] == {"from": "2000-01-01", "to": "2025-12-31"}
