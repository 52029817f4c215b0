"""Reviewers' corrections become training data, on both backends: `export gold` writes what a person
edited, merged, split or accepted as a gold set that checks and that `train` reads (complaint
evidence only when the store's owner asks for it); `reprocess` re-reads the stored documents, keeps
the reviewed values, flags the disagreement in `incidents`, changes nothing the second time and
leaves a log that verifies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ceasefire.config import Settings
from ceasefire.evaluate.splits import is_final_test
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.services.accounts import add_user, authenticate
from ceasefire.services.assessment import load_agreements
from ceasefire.services.complaints import Lodging, lodge_complaint
from ceasefire.services.intake import Submission

from .conftest import DEMO, REPO, Cli
from .test_reprocess import build

CHECK_GOLD = REPO / "eval" / "check_gold.py"
SYNTHETIC = REPO / "eval" / "synthetic"
DOHA = REPO / "agreements" / "doha-2025.yaml"


def ok(run: Cli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def incidents(run: Cli, *args: str) -> list[dict[str, object]]:
    printed = ok(run, "incidents", "--format", "jsonl", *args)
    return [json.loads(line) for line in printed.splitlines() if line.strip()]


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def demo_ids(run: Cli) -> dict[str, dict[str, object]]:
    """The demo's incidents by the document and act they come from."""
    by: dict[str, dict[str, object]] = {}
    for item in incidents(run):
        quotes = " ".join(str(c["quote"]) for c in item["claims"])  # type: ignore[attr-defined]
        for key, word in (
            ("angoor", "Angoor Adda"),
            ("lakki", "Lakki Marwat"),
            ("bannu", "Bannu"),
        ):
            if word in quotes:
                by[key] = item
        # Two acts at Chaman: the shelling at the crossing and the exchange of fire (placed at the
        # crossing too, the spot its neighbouring sentence names).
        if item["admin2"] == "Chaman":
            by["chaman" if item["sub_event_type"] == "Armed clash" else "crossing"] = item
    assert set(by) == {"angoor", "lakki", "bannu", "crossing", "chaman"}, by
    return by


def test_export_gold_holds_the_reviewers_values_and_trains(run: Cli, tmp_path: Path) -> None:
    ok(run, "ingest", str(DEMO))
    ids = demo_ids(run)
    angoor, chaman = str(ids["angoor"]["id"]), str(ids["chaman"]["id"])
    crossing = str(ids["crossing"]["id"])
    # A monitor corrects a date and a place, merges two reports of one exchange, splits a
    # headline's claim off, and accepts an incident as extracted.
    ok(run, "incidents", "edit", angoor, "date", "2025-11-09", "--reason", "field visit")
    ok(run, "incidents", "edit", angoor, "location", "Angoor Adda bazaar", "--reason", "map")
    ok(run, "incidents", "merge", chaman, crossing, "--reason", "one exchange of fire")
    bannu = ids["bannu"]
    claims = bannu["claims"]
    assert isinstance(claims, list) and len(claims) >= 2
    ref = f"{claims[0]['document'][:12]}:{claims[0]['start']}-{claims[0]['end']}"
    ok(run, "incidents", "split", str(bannu["id"]), "--claims", ref, "--reason", "two acts")
    ok(run, "incidents", "edit", str(ids["lakki"]["id"]), "reviewed", "true", "--reason", "ok")

    out = tmp_path / "reviewed"
    printed = ok(run, "export", "gold", str(out))
    assert "5 documents, 6 reviewed incidents" in printed  # the complaint has none to export
    checked = subprocess.run(
        [sys.executable, str(CHECK_GOLD), str(out)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    gold, meta = read_jsonl(out / "gold.jsonl"), read_jsonl(out / "meta.jsonl")
    assert [g["file"] for g in gold] == [m["file"] for m in meta]
    by_key: dict[str, list[tuple[str, dict[str, object]]]] = {}
    for record in gold:
        for item in record["incidents"]:  # type: ignore[attr-defined]
            by_key.setdefault(item["key"], []).append((str(record["file"]), item))
    # The corrections: the monitor's day and place, not the extraction's.
    [(_, edited)] = by_key[angoor]
    assert edited["date"] == "2025-11-09" and edited["location"] == "Angoor Adda bazaar"
    assert edited["optional"] is False and edited["killed"] == {"low": 2, "high": 2}
    # The merge: one act told by two documents, one act group in both records; the absorbed
    # incident is no more.
    merged = by_key[chaman]
    assert len({file for file, _ in merged}) == 2
    assert {item["act_group"] for _, item in merged} == {chaman}
    assert crossing not in by_key
    # The split: both halves reviewed, each with its own claims in the Bannu document.
    halves = [k for k, pairs in by_key.items() if "Bannu" in str(pairs[0][1]["evidence"])]
    assert len(halves) == 2 and all(not by_key[k][0][1]["optional"] for k in halves)
    # The accepted one is required too; nothing unreviewed is.
    assert by_key[str(ids["lakki"]["id"])][0][1]["optional"] is False
    # Each claim's quote is the exported text at its span.
    for file, item in (pair for pairs in by_key.values() for pair in pairs):
        text = (out / "docs" / file).read_text(encoding="utf-8")
        spans, claims_of = item["spans"], item["claims"]
        assert isinstance(spans, list) and isinstance(claims_of, list) and spans
        assert [text[s["start"] : s["end"]] for s in spans] == [c["assertion"] for c in claims_of]
        assert item["evidence"] in text
    # The complaint's evidence stays out (it has no incident: a complaint is never extracted) ...
    complaint = (DEMO / "example-03-kurram-complaint.md").read_text(encoding="utf-8")
    sentence = next(s for s in complaint.split(". ") if "Kurram" in s and len(s) > 40)
    exported = "".join(p.read_text(encoding="utf-8") for p in (out / "docs").iterdir())
    assert sentence.strip() not in exported
    # ... unless the store's owner asks for it.
    full = tmp_path / "full"
    assert "left out" not in ok(run, "export", "gold", str(full), "--include-confidential")
    keys = {i["key"] for r in read_jsonl(full / "gold.jsonl") for i in r["incidents"]}  # type: ignore[attr-defined]
    assert keys >= set(by_key)

    # `train` reads the exported set beside one of eval/: each set's development documents.
    model = tmp_path / "model.json"
    trained = ok(run, "train", str(out), str(SYNTHETIC), "--output", str(model))
    about = json.loads(model.read_text(encoding="utf-8"))["about"]
    assert about["gold_sets"] == ["reviewed", "synthetic"], trained
    development = sum(not is_final_test("reviewed", str(g["file"])) for g in gold)
    synthetic = sum(
        not is_final_test("synthetic", str(g["file"])) for g in read_jsonl(SYNTHETIC / "gold.jsonl")
    )
    assert development >= 1 and about["documents"] == development + synthetic

    # Bad input: a folder with files in it is refused, and nothing is written into it.
    before = sorted(p.name for p in out.iterdir())
    failed = run("export", "gold", str(out))
    assert failed.exit_code != 0 and "must be new or empty" in failed.output
    assert sorted(p.name for p in out.iterdir()) == before


def test_export_gold_with_nothing_reviewed_says_so(run: Cli, tmp_path: Path) -> None:
    ok(run, "ingest", str(DEMO))
    result = run("export", "gold", str(tmp_path / "gold"))
    assert result.exit_code != 0 and "no incident has been reviewed" in result.output
    assert not (tmp_path / "gold").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gold")] == []


def test_reprocess_flags_in_the_listing_and_changes_nothing_twice(
    run: Cli, settings: Settings
) -> None:
    store = Store.open(settings)
    try:
        reviewed = build(store).id  # the demo read by an older model; a day and a place corrected
    finally:
        store.close()
    first = ok(run, "reprocess", "--workers", "1")
    assert "6 documents re-extracted (0 already current)" in first
    assert "0 incidents found anew" in first and "1 reviewed incidents flagged" in first
    assert first.count("changed  ") == 6
    flagged = incidents(run, "--needs-review")
    assert [i["id"] for i in flagged] == [reviewed]
    assert flagged[0]["review_flag"] == "date, admin2, location"
    assert flagged[0]["location"] == "Angoor Adda bazaar"
    listing = ok(run, "incidents")
    assert (
        f"needs review     {reviewed[:12]}  a re-extraction reads other date, admin2, location"
        in (listing)
    )
    history = ok(run, "show", reviewed, "--history")
    assert "reprocessing disagrees on date, admin2, location" in history
    assert run("log", "verify").exit_code == 0
    record = incidents(run)

    second = ok(run, "reprocess", "--workers", "1")
    assert "0 documents re-extracted (6 already current)" in second and "nothing changed" in second
    assert incidents(run) == record
    late = ok(run, "reprocess", "--since", "2030-01-01")
    assert "0 documents re-extracted (0 already current)" in late
    assert run("log", "verify").exit_code == 0

    bad = run("reprocess", "--workers", "0")
    assert bad.exit_code != 0 and "--workers" in bad.output
    bad = run("reprocess", "--since", "last week")
    assert bad.exit_code != 0 and "--since" in bad.output


def test_a_document_handed_in_as_evidence_stays_out_of_the_export(
    run: Cli, settings: Settings, tmp_path: Path
) -> None:
    """A party lodges a complaint whose evidence is the very bytes of a stored news report: that
    report is now evidence of a case, and leaves the exported gold with its incident."""
    ok(run, "ingest", str(DEMO))
    angoor = str(demo_ids(run)["angoor"]["id"])
    lakki = str(demo_ids(run)["lakki"]["id"])
    ok(run, "incidents", "edit", angoor, "location", "Angoor Adda bazaar", "--reason", "map")
    ok(run, "incidents", "edit", lakki, "reviewed", "true", "--reason", "as read")
    report = DEMO / "example-06-angoor-adda-mortar.txt"
    store = Store.open(settings)
    try:
        add_user(store, "pk-1", role="party", party="pakistan", password="a long password 1",
                 author=Author("admin"))  # fmt: skip
        party = authenticate(store, "pk-1", "a long password 1")
        lodging = Lodging(
            "Mortar fire on our post near Angoor Adda.",
            Submission(original=report.read_bytes(), filename=report.name),
        )
        lodge_complaint(store, party, load_agreements(DOHA)[0], lodging)
    finally:
        store.close()
    out = tmp_path / "gold"
    assert "documents left out: 1 confidential" in ok(run, "export", "gold", str(out))
    keys = {i["key"] for r in read_jsonl(out / "gold.jsonl") for i in r["incidents"]}  # type: ignore[attr-defined]
    assert lakki in keys and angoor not in keys
    exported = "".join(p.read_text(encoding="utf-8") for p in (out / "docs").iterdir())
    assert "Angoor Adda" not in exported
