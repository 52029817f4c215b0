"""Confidential subjects in a public log (issue 16, high #1 and medium #7), against a real store and
the real app, as each role: anonymous, public, each party's liaison, monitor and secretariat.

A case, an unpublished finding and a complaint's evidence enter the log as salted commitments; their
payloads reach only those entitled, on every route that shows a log entry or the subject (the API,
the pages, reports, the CLI's log output and the bundle); once a finding is sent to the parties, its
disclosure is itself a log entry that anyone can check against the commitment.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ceasefire import services

from ..conftest import Cli
from .conftest import ACCOUNTS, Web

ROLES: tuple[str | None, ...] = (None, *ACCOUNTS)
# Markers of our own, so a leak is found by a plain search of each response.
ALLEGATION = "Allegation-7f3a: mortar fire on the Chaman crossing"
EVIDENCE = "Evidence-91bc: on 2 November 2025 mortar shells hit the Chaman crossing."
RATIONALE = "Rationale-5d2e: crater analysis and two hospital records"


def _incident(web: Web) -> str:
    return str(web.get("/api/incidents?limit=1").json()["items"][0]["id"])


def _lodge(web: Web, who: str, *, allegation: str = ALLEGATION, text: str = EVIDENCE) -> Any:
    made = web.post(
        "/api/cases",
        who,
        data={
            "allegation": allegation,
            "text": text,
            "against": "afghanistan" if who == "pakistan" else "pakistan",
            "clause": "ceasefire",
            "incident": _incident(web),
        },
    )
    assert made.status_code == 201, made.text
    return made.json()


def _advance(web: Web, case_id: str, to: str | None = None) -> None:
    body = {"reason": "next step", **({"to": to} if to else {})}
    moved = web.post(f"/api/cases/{case_id}/advance", "monitor", json=body)
    assert moved.status_code == 200, moved.text


def _case_with_finding(web: Web) -> tuple[str, str]:
    """Pakistan's case against Afghanistan, with an unpublished finding about Afghanistan."""
    case_id = _lodge(web, "pakistan")["id"]
    _advance(web, case_id)
    _advance(web, case_id)
    made = web.post(
        "/api/findings",
        "monitor",
        json={
            "case": case_id,
            "status": "verified",
            "rationale": RATIONALE,
            "party": "afghanistan",
        },
    )
    assert made.status_code == 201, made.text
    return case_id, made.json()["id"]


def _all_entries(web: Web, who: str | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = web.get(f"/api/log/entries?start={len(found) + 1}&limit=500", who)
        assert page.status_code == 200, page.text
        if not page.json():
            return found
        found += page.json()


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _opens(salt: str, payload: Any, commitment: str) -> bool:
    return hashlib.sha256(bytes.fromhex(salt) + _canonical(payload)).hexdigest() == commitment


def _everything_shown(web: Web, who: str | None, case_id: str, finding_id: str) -> str:
    """Every response, as ``who``, of the routes that show a log entry, a case or a finding."""
    entries = _all_entries(web, who)
    evidence = web.get(f"/api/cases/{case_id}", "monitor").json()["evidence"][0]
    incident = _incident(web)
    paths = [
        "/log",
        f"/api/incidents/{incident}",
        f"/incidents/{incident}",
        "/api/cases",
        f"/api/cases/{case_id}",
        "/cases",
        f"/cases/{case_id}",
        "/api/findings",
        f"/api/findings/{finding_id}",
        "/findings",
        f"/findings/{finding_id}",
        "/api/documents?limit=500",
        f"/api/documents/{evidence}",
        "/api/reports/doha-2025?format=json",
        "/api/reports/doha-2025?format=md",
        "/api/reports/doha-2025?format=html",
        "/review",
        "/",
        "/incidents",
        "/reports",
        "/api/claims",
        "/api/assessments",
        "/api/exports/incidents?format=jsonl",
        "/api/me",
    ]
    paths += [f"/api/log/proofs/inclusion?seq={e['seq']}" for e in entries if _sealed(e)]
    shown = [json.dumps(entries)]
    for path in paths:
        answer = web.get(path, who)
        assert answer.status_code < 500, (path, answer.text)
        shown.append(answer.text)
    return "\n".join(shown)


def _sealed(entry: dict[str, Any]) -> bool:
    return set(entry["payload"]) == {"commitment"}


def test_anonymous_log_no_longer_shows_a_case_or_an_unpublished_finding(web: Web) -> None:
    """The reproduction of issue 16 #1: anonymous GET /api/log/entries returned the case_lodged
    and finding_recorded payloads (the allegation, the rationale)."""
    case_id, finding_id = _case_with_finding(web)
    entries = _all_entries(web, None)
    by_subject = {(e["kind"], e["subject"]): e for e in entries}
    lodged = by_subject[("case_lodged", case_id)]
    recorded = by_subject[("finding_recorded", finding_id)]
    for entry in (lodged, recorded):
        assert _sealed(entry) and len(entry["payload"]["commitment"]) == 64
        assert entry["opening"] is None
    body = json.dumps(entries)
    assert ALLEGATION not in body and RATIONALE not in body and EVIDENCE not in body


@pytest.mark.parametrize("who", ROLES)
def test_each_role_sees_a_payload_only_when_entitled(web: Web, who: str | None) -> None:
    case_id, finding_id = _case_with_finding(web)
    shown = _everything_shown(web, who, case_id, finding_id)
    sees_case = who in ("pakistan", "monitor", "secretariat")  # the complainant and the mechanism
    sees_finding = who in ("afghanistan", "monitor", "secretariat")  # the party it is about
    assert (ALLEGATION in shown) is sees_case, who
    assert (EVIDENCE in shown) is sees_case, who
    assert (RATIONALE in shown) is sees_finding, who


@pytest.mark.parametrize("who", ROLES)
def test_openings_hash_to_the_commitments(web: Web, who: str | None) -> None:
    case_id, finding_id = _case_with_finding(web)
    entries = _all_entries(web, who)
    sealed = [e for e in entries if _sealed(e)]
    kinds = {e["kind"] for e in sealed}
    assert {"case_lodged", "case_advanced", "finding_recorded", "evidence_submitted"} <= kinds
    assert "document_added" in kinds  # the complaint's evidence
    opened = {(e["kind"], e["subject"]) for e in sealed if e["opening"] is not None}
    for entry in sealed:
        if entry["opening"] is not None:
            opening = entry["opening"]
            assert _opens(opening["salt"], opening["payload"], entry["payload"]["commitment"])
    if who in ("monitor", "secretariat"):
        assert opened == {(e["kind"], e["subject"]) for e in sealed}
    elif who == "pakistan":
        assert ("case_lodged", case_id) in opened and ("finding_recorded", finding_id) not in opened
    elif who == "afghanistan":
        assert opened == {("finding_recorded", finding_id)}
    else:
        assert opened == set()
    for entry in entries:  # plain entries are what they were
        assert entry["opening"] is None or _sealed(entry)


def test_a_finding_sent_to_the_parties_is_disclosed_in_the_log(web: Web) -> None:
    case_id, finding_id = _case_with_finding(web)
    _advance(web, case_id, "sent_to_parties")
    entries = _all_entries(web, None)
    sealed = {e["seq"]: e for e in entries if _sealed(e)}
    disclosures = [e for e in entries if e["kind"] == "payload_disclosed"]
    assert [d["subject"] for d in disclosures] == [finding_id]
    disclosure = disclosures[0]["payload"]
    committed = sealed[disclosure["entry"]]
    assert (committed["kind"], committed["subject"]) == ("finding_recorded", finding_id)
    assert _opens(disclosure["salt"], disclosure["payload"], committed["payload"]["commitment"])
    assert disclosure["payload"]["rationale"] == RATIONALE
    for who in ROLES:  # published: everyone's; the case still is not
        shown = _everything_shown(web, who, case_id, finding_id)
        assert RATIONALE in shown, who
        assert (ALLEGATION in shown) is (who in ("pakistan", "monitor", "secretariat")), who
    # A reply to a published finding is public at once.
    web.post(f"/api/findings/{finding_id}/replies", "afghanistan", json={"text": "Reply-3c1d"})
    replies = [e for e in _all_entries(web, None) if e["kind"] == "reply_recorded"]
    assert replies and replies[0]["payload"]["text"] == "Reply-3c1d"
    verification = services.verify_store(web.store)
    assert verification.is_clean, [str(d) for d in verification.discrepancies]


def _sql(web: Web, *statements: tuple[str, dict[str, Any]]) -> None:
    """Edits the database behind the app's back (SQLite or PostgreSQL), as an intruder would."""
    with web.store.engine.begin() as connection:
        for statement, values in statements:
            connection.execute(text(statement), values)


def _seq(web: Web, kind: str, subject: str) -> int:
    entries = services.show_entries(web.store)
    return max(e.seq for e in entries if (e.kind, e.subject) == (kind, subject))


def _problems(web: Web) -> list[str]:
    return [str(d) for d in services.verify_store(web.store).discrepancies]


def test_verify_opens_every_commitment_and_names_each_tampering(web: Web) -> None:
    case_id, finding_id = _case_with_finding(web)
    assert _problems(web) == []
    lodged = _seq(web, "case_lodged", case_id)
    recorded = _seq(web, "finding_recorded", finding_id)
    advanced = _seq(web, "case_advanced", case_id)
    _sql(
        web,
        # The row behind a sealed entry is compared with the opened payload…
        ("UPDATE cases SET allegation = 'rewritten' WHERE id = :id", {"id": case_id}),
        # …an opening rewritten no longer matches its commitment…
        (
            "UPDATE sealed_payloads SET payload = replace(payload, 'Rationale', 'Reason') "
            "WHERE seq = :seq",
            {"seq": recorded},
        ),
        # …and one deleted is missing.
        ("DELETE FROM sealed_payloads WHERE seq = :seq", {"seq": lodged}),
    )
    problems = _problems(web)
    assert f"entry {advanced}: case {case_id} changed (allegation)" in problems
    assert f"entry {recorded}: sealed finding_recorded payload does not match its commitment" in (
        problems
    )
    assert f"entry {lodged}: sealed case_lodged payload missing" in problems


def test_verify_names_an_opening_moved_to_another_entry(web: Web) -> None:
    case_id, _ = _case_with_finding(web)
    lodged = _seq(web, "case_lodged", case_id)
    _sql(web, ("UPDATE sealed_payloads SET seq = 1 WHERE seq = :seq", {"seq": lodged}))
    problems = _problems(web)
    assert f"entry {lodged}: sealed case_lodged payload missing" in problems
    assert any(p.startswith("sealed payload of entry 1: kept for case_lodged") for p in problems)


def _bundle_text(folder: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in folder.rglob("*") if path.is_file()
    )


def _bundle_problems(folder: Path) -> list[str]:
    """What `log verify --bundle` names, but for accounts: a bundle has no users (their entries'
    kinds are not checked in bundles yet — another part of issue 16)."""
    found = [str(d) for d in services.verify_bundle(folder).discrepancies]
    accounts = ("unknown kind 'user_added'", "unknown kind 'token_issued'")
    return [
        p for p in found if not p.endswith(tuple(f"{a}: nothing can check it" for a in accounts))
    ]


def test_a_public_bundle_carries_commitments_and_disclosures_only(web: Web, tmp_path: Path) -> None:
    case_id, finding_id = _case_with_finding(web)
    evidence = web.get(f"/api/cases/{case_id}", "monitor").json()["evidence"][0]
    before = tmp_path / "before"
    services.export_bundle(web.store, web.settings, before)
    text = _bundle_text(before)
    for secret in (ALLEGATION, EVIDENCE, RATIONALE):
        assert secret not in text
    assert not (before / "documents" / evidence[:2] / evidence[2:]).exists()
    assert _bundle_problems(before) == []

    _advance(web, case_id, "sent_to_parties")
    after = tmp_path / "after"
    services.export_bundle(web.store, web.settings, after)
    text = _bundle_text(after)
    assert RATIONALE in text and ALLEGATION not in text and EVIDENCE not in text
    findings = [json.loads(line) for line in (after / "findings.jsonl").read_text().splitlines()]
    assert [f["subject"] for f in findings] == [finding_id]
    assert _bundle_problems(after) == []

    # A disclosure that does not open its commitment is named.
    log = after / "log.jsonl"
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    for line in lines:
        if line["kind"] == "payload_disclosed":
            line["payload"]["payload"]["rationale"] = "rewritten"
            seq = line["seq"]
    log.write_text("".join(json.dumps(line) + "\n" for line in lines))
    problems = _bundle_problems(after)
    assert any(p.startswith(f"entry {seq}: payload_disclosed entry altered") for p in problems)
    assert any(p.startswith(f"entry {seq}: disclosed payload does not match") for p in problems)


def test_cli_log_output_shows_commitments(web: Web) -> None:
    case_id, finding_id = _case_with_finding(web)
    cli = Cli(web.settings)
    every = ("--limit", "100000")
    shown = cli("log", "show", "--json", *every).output + cli("log", "show", *every).output
    assert case_id in shown and finding_id in shown
    for secret in (ALLEGATION, EVIDENCE, RATIONALE):
        assert secret not in shown
    seq = _seq(web, "finding_recorded", finding_id)
    assert RATIONALE not in cli("log", "prove-inclusion", str(seq), "--json").output


# Medium #7: one original, a submission per submitter.

SAME = "Evidence-4e2a: shelling of a school in Spin Boldak on 3 November 2025."


def test_the_same_evidence_from_two_parties_is_one_original_and_two_submissions(web: Web) -> None:
    """The reproduction of issue 16 #7: Afghanistan, handing in the text Pakistan did, was shown
    Pakistan's title and publisher."""
    by_pakistan = _lodge(web, "pakistan", allegation="Case-by-pakistan-a81c", text=SAME)
    by_afghanistan = _lodge(web, "afghanistan", allegation="Case-by-afghanistan-b29d", text=SAME)
    document = by_pakistan["evidence"][0]
    assert by_afghanistan["evidence"] == [document]  # one original

    for who, party, allegation, other in (
        ("afghanistan", "afghanistan", "Case-by-afghanistan-b29d", "pakistan"),
        ("pakistan", "pakistan", "Case-by-pakistan-a81c", "afghanistan"),
    ):
        seen = web.get(f"/api/documents/{document}", who)
        assert seen.status_code == 200, seen.text
        shown = seen.json()
        assert (shown["title"], shown["publisher"]) == (allegation, party)
        assert shown["collected_by"] == ACCOUNTS[who].name
        assert [s["party"] for s in shown["submissions"]] == [party]
        assert other not in seen.text and SAME in shown["text"]
        listed = web.get("/api/documents?limit=500", who).json()["items"]
        mine = [d for d in listed if d["id"] == document]
        assert [(d["title"], d["publisher"]) for d in mine] == [(allegation, party)]
        entries = json.dumps(_all_entries(web, who))
        assert f"Case-by-{other}" not in entries

    shown = web.get(f"/api/documents/{document}", "monitor").json()
    submissions = shown["submissions"]
    assert [(s["party"], s["case"], s["title"]) for s in submissions] == [
        ("pakistan", by_pakistan["id"], "Case-by-pakistan-a81c"),
        ("afghanistan", by_afghanistan["id"], "Case-by-afghanistan-b29d"),
    ]
    assert submissions[0]["at"] <= submissions[1]["at"]
    for who in ("public", None):
        assert web.get(f"/api/documents/{document}", who).status_code == 404
    verification = services.verify_store(web.store)
    assert verification.is_clean, [str(d) for d in verification.discrepancies]


def test_a_submission_changed_or_forged_in_the_store_is_named(web: Web) -> None:
    made = _lodge(web, "pakistan", text=SAME)
    document = made["evidence"][0]
    _sql(
        web,
        ("UPDATE submissions SET title = 'rewritten'", {}),
        (
            "INSERT INTO submissions (id, document_id, case_id, party, submitted_by, submitted_at)"
            " VALUES ('C0009-E1', :document, 'C0009', 'afghanistan', 'af-liaison', :at)",
            {"document": document, "at": "2025-11-03 10:00:00"},
        ),
        (
            "INSERT INTO sealed_payloads (seq, subject, kind, salt, payload)"
            " VALUES (100000, 'C0009', 'case_lodged', :salt, '{}')",
            {"salt": "00" * 32},
        ),
    )
    seq = _seq(web, "evidence_submitted", f"{made['id']}-E1")
    problems = _problems(web)
    assert f"entry {seq}: submission {made['id']}-E1 changed (title)" in problems
    assert "submission C0009-E1: row without a log entry" in problems
    assert (
        "sealed payload of entry 100000: kept for case_lodged C0009, but entry 100000 is not sealed"
        in problems
    )


@pytest.mark.parametrize("who", ROLES)
def test_the_log_page_marks_sealed_entries_and_those_open_to_the_user(
    web: Web, who: str | None
) -> None:
    _case_with_finding(web)
    page = web.get("/log", who)
    assert page.status_code == 200
    rows = [row for row in page.text.split("<tr>") if "finding_recorded" in row]
    assert len(rows) == 1 and "sealed" in rows[0]
    assert ("open to you" in rows[0]) is (who in ("afghanistan", "monitor", "secretariat")), who
    rows = [row for row in page.text.split("<tr>") if "case_advanced" in row]
    assert rows and all("sealed" in row for row in rows)
    assert all(
        ("open to you" in row) is (who in ("pakistan", "monitor", "secretariat")) for row in rows
    )
