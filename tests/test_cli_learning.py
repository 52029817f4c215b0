"""Reviewers' corrections become training data, on both backends: `export gold` writes what a person
edited, merged or split as a checked gold set (complaint evidence only when asked), and `reprocess`
re-extracts without overwriting a reviewed value, flags the disagreement, changes nothing the second
time and leaves a log that verifies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ceasefire.config import Settings
from ceasefire.services.matcher_training import labelled_pairs

from .conftest import DEMO, Cli

REPO = Path(__file__).resolve().parents[1]
CHECK_GOLD = REPO / "eval" / "check_gold.py"


def incidents(run: Cli, *args: str) -> list[dict[str, object]]:
    result = run("incidents", "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def log_size(run: Cli) -> int:
    result = run("log", "show", "--json")
    assert result.exit_code == 0, result.output
    return len([line for line in result.stdout.splitlines() if line.strip().startswith("{")])


def ok(run: Cli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def demo_ids(run: Cli) -> dict[str, dict[str, object]]:
    """The demo's incidents by what they are (the place and type extraction finds)."""
    found = incidents(run)
    by = {}
    for item in found:
        if item["location"] == "Angoor Adda":
            by["angoor"] = item
        elif item["admin2"] == "Kurram" or item["location"] == "Kurram":
            by["kurram"] = item
        elif item["location"] == "Bannu":
            by["bannu"] = item
        elif item["location"] == "Chaman crossing":
            by["chaman-shelling"] = item
        elif item["location"] == "Chaman":
            by["chaman-clash"] = item
    assert set(by) == {"angoor", "kurram", "bannu", "chaman-shelling", "chaman-clash"}, found
    return by


def test_export_gold_holds_the_reviewed_values_and_checks(run: Cli, tmp_path: Path) -> None:
    ok(run, "ingest", str(DEMO))
    ids = demo_ids(run)
    angoor, chaman, bannu = ids["angoor"], ids["chaman-shelling"], ids["chaman-clash"]
    ok(run, "incidents", "edit", str(angoor["id"]), "fatalities.low", "3", "--reason", "hospital")
    ok(run, "incidents", "edit", str(angoor["id"]), "actor1", "Tehrik-i-Taliban Pakistan",
       "--reason", "claim of responsibility")  # fmt: skip
    ok(run, "incidents", "merge", str(chaman["id"]), str(bannu["id"]), "--reason", "one exchange")
    split_from = ids["bannu"]
    claims = split_from["claims"]
    assert isinstance(claims, list) and len(claims) >= 2
    ref = f"{claims[-1]['document'][:12]}:{claims[-1]['start']}-{claims[-1]['end']}"
    ok(run, "incidents", "split", str(split_from["id"]), "--claims", ref, "--reason", "two acts")
    ok(run, "incidents", "edit", str(ids["kurram"]["id"]), "admin2", "Kurram", "--reason", "map")

    out = tmp_path / "gold"
    printed = ok(run, "export", "gold", str(out))
    assert "left out: 1 confidential" in printed
    checked = subprocess.run(
        [sys.executable, str(CHECK_GOLD), str(out)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    gold = read_jsonl(out / "gold.jsonl")
    meta = read_jsonl(out / "meta.jsonl")
    assert [g["file"] for g in gold] == [m["file"] for m in meta]
    by_key = {}
    for record in gold:
        for item in record["incidents"]:  # type: ignore[attr-defined]
            by_key.setdefault(item["key"], []).append((record["file"], item))
    # The edit: the reviewer's figure and perpetrator, not the extraction's.
    [(_, edited)] = by_key[angoor["id"]]
    assert edited["killed"]["low"] == 3 and edited["optional"] is False
    assert edited["perpetrator_alleged"] == "Tehrik-i-Taliban Pakistan"
    # The merge: one act told by two documents, one act group in both records.
    merged = by_key[chaman["id"]]
    assert len({file for file, _ in merged}) == 2
    assert {item["act_group"] for _, item in merged} == {chaman["id"]}
    assert str(bannu["id"]) not in by_key
    # The split: both halves reviewed, each with its own evidence in the Bannu document.
    bannu_keys = [k for k, v in by_key.items() if v[0][1]["location"] == "Bannu"]
    assert len(bannu_keys) == 2
    assert all(not by_key[k][0][1]["optional"] for k in bannu_keys)
    # Evidence is the stored text of the claims' spans, in the exported document.
    for file, item in (pair for pairs in by_key.values() for pair in pairs):
        assert item["evidence"] in (out / "docs" / file).read_text(encoding="utf-8")
    # The complaint's evidence stays out, text and all ...
    complaint = (DEMO / "example-03-kurram-complaint.md").read_text(encoding="utf-8")
    sentence = next(s for s in complaint.split(". ") if "Kurram" in s and len(s) > 40)
    exported = "".join(p.read_text(encoding="utf-8") for p in (out / "docs").iterdir())
    assert sentence not in exported and str(ids["kurram"]["id"]) not in by_key
    # ... unless the operator asks for it.
    full = tmp_path / "full"
    ok(run, "export", "gold", str(full), "--include-confidential")
    keys = {i["key"] for r in read_jsonl(full / "gold.jsonl") for i in r["incidents"]}  # type: ignore[attr-defined]
    assert str(ids["kurram"]["id"]) in keys
    # The matcher's training reads it: the reviewer's merge is a same-act pair across documents.
    pairs = labelled_pairs([out], synthetic=False)
    merged_acts = {p.act_a for p in pairs if p.same}
    assert merged_acts == {f"gold:{chaman['id']}"}
    # Bad input: a folder with files in it is refused, and nothing is written into it.
    failed = run("export", "gold", str(out))
    assert failed.exit_code != 0 and "must be new or empty" in failed.output


def test_export_gold_with_nothing_reviewed_says_so(run: Cli, tmp_path: Path) -> None:
    ok(run, "ingest", str(DEMO))
    result = run("export", "gold", str(tmp_path / "gold"))
    assert result.exit_code != 0 and "no incident has been reviewed" in result.output
    assert not (tmp_path / "gold").exists()


def test_reprocess_keeps_reviewed_fields_flags_and_is_idempotent(run: Cli) -> None:
    ok(run, "ingest", str(DEMO))
    ids = demo_ids(run)
    angoor = str(ids["angoor"]["id"])
    ok(
        run,
        "incidents",
        "edit",
        angoor,
        "location",
        "Angoor Adda bazaar",
        "--reason",
        "field visit",
    )
    before = {i["id"]: i for i in incidents(run)}
    size = log_size(run)

    first = ok(run, "reprocess", "--workers", "1")
    assert "1 reviewed incidents flagged" in first
    after = {i["id"]: i for i in incidents(run)}
    # The reviewed value won; nothing else moved (same models as at ingest).
    assert after[angoor]["location"] == "Angoor Adda bazaar"
    assert after == before
    assert log_size(run) == size + 1
    flagged = incidents(run, "--needs-review")
    assert [i["id"] for i in flagged] == [angoor]
    history = ok(run, "show", angoor, "--history")
    assert "reprocessing disagrees on location" in history and "Angoor Adda" in history
    assert run("log", "verify").exit_code == 0

    second = ok(run, "reprocess", "--workers", "1")
    assert "nothing changed" in second
    assert {i["id"]: i for i in incidents(run)} == after
    assert log_size(run) == size + 1
    assert run("log", "verify").exit_code == 0
    # A reviewer answers the flag; the same disagreement is not raised again.
    ok(run, "incidents", "edit", angoor, "reviewed", "true", "--reason", "checked the report")
    assert incidents(run, "--needs-review") == []
    third = ok(run, "reprocess", "--workers", "1")
    assert "nothing changed" in third and incidents(run, "--needs-review") == []
    assert run("log", "verify").exit_code == 0
    # --since after every document: nothing to do.
    late = ok(run, "reprocess", "--since", "2030-01-01", "--workers", "1")
    assert "0 documents re-extracted" in late


def test_reprocess_on_worker_processes_writes_what_a_serial_run_does(
    sqlite_settings: Settings,
) -> None:
    run = Cli(sqlite_settings)
    ok(run, "ingest", str(DEMO), "--workers", "1")
    angoor = str(demo_ids(run)["angoor"]["id"])
    ok(run, "incidents", "edit", angoor, "location", "Angoor Adda bazaar", "--reason", "visit")
    before = incidents(run)
    printed = ok(run, "reprocess", "--workers", "2")
    assert "7 documents re-extracted: 0 incidents found anew, 0 updated, 1 reviewed" in printed
    assert incidents(run) == before
    assert [i["id"] for i in incidents(run, "--needs-review")] == [angoor]
    assert run("log", "verify").exit_code == 0
    bad = run("reprocess", "--workers", "0")
    assert bad.exit_code != 0 and "--workers" in bad.output
