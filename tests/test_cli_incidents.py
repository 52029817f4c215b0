"""Incidents across documents end to end, on both backends: the seeds merge as the issue says,
near-duplicates count once, figures reconcile, a denial contests, and a reviewer's merge, split and
edit keep the history — all verified by the log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ceasefire.config import Settings

from .conftest import DEMO, SEEDS, Cli

REPO = Path(__file__).resolve().parents[1]
VOA = REPO / "eval" / "voa" / "docs"


def incidents(run: Cli, *args: str) -> list[dict[str, object]]:
    result = run("incidents", "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def log_size(run: Cli) -> int:
    result = run("log", "show", "--json")
    assert result.exit_code == 0, result.output
    return len([line for line in result.stdout.splitlines() if line.strip().startswith("{")])


@pytest.mark.shared
def test_seeds_merge_into_one_record_and_again_changes_nothing(run: Cli) -> None:
    assert run("ingest", str(SEEDS)).exit_code == 0
    found = incidents(run)
    kabul = [
        i for i in found if i["admin1"] == "Kabul" and i["sub_event_type"] == "Air/drone strike"
    ]
    assert len(kabul) == 1, found
    assert len(kabul[0]["documents"]) == 2 and len({c["document"] for c in kabul[0]["claims"]}) == 2  # type: ignore[index, arg-type]
    assert len([i for i in found if i["admin1"] == "Paktika"]) == 1
    assert len([i for i in found if i["event_date"] == "2025-10-11"]) == 1
    before = (found, log_size(run))
    again = run("ingest", str(SEEDS))
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert (incidents(run), log_size(run)) == before
    assert run("log", "verify").exit_code == 0


def _write(folder: Path, name: str, text: str, published: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    (folder / f"{name}.meta.json").write_text(
        json.dumps({"published": published, "publisher": name.split(".")[0]})
    )
    return path


FIRST = (
    "A drone strike hit a police checkpoint in the Spin Boldak district of Kandahar on Tuesday, killing "
    "four policemen, provincial police spokesman said. The Afghan Taliban accused Pakistan of carrying out "
    "the strike. Residents said the checkpoint was destroyed.\n"
)
SECOND = (
    "A drone strike on a checkpoint in Spin Boldak, Kandahar province, on Tuesday killed seven police "
    "officers, a UN official said. Pakistan's military denied carrying out the drone strike.\n"
)


def test_two_reports_of_one_strike_reconcile_and_a_denial_contests(
    run: Cli, tmp_path: Path
) -> None:
    _write(tmp_path, "wire.txt", FIRST, "2025-11-06")
    assert run("ingest", str(tmp_path / "wire.txt")).exit_code == 0
    [single] = [i for i in incidents(run) if i["admin1"] == "Kandahar"]
    assert single["grade"] == "weak" and single["fatalities"]["low"] == 4  # type: ignore[index]
    _write(tmp_path, "daily.txt", SECOND, "2025-11-06")
    assert run("ingest", str(tmp_path / "daily.txt")).exit_code == 0
    [merged] = [i for i in incidents(run) if i["admin1"] == "Kandahar"]
    assert merged["id"] == single["id"] and len(merged["documents"]) == 2  # type: ignore[arg-type]
    assert merged["fatalities"] == {"low": 7, "best": 7, "high": 7}
    assert {c["fatalities"] for c in merged["claims"]} >= {4, 7}  # type: ignore[union-attr]
    assert merged["grade"] == "contested"
    shown = run("show", str(merged["id"])[:10])
    assert shown.exit_code == 0 and "denies" in shown.output and "UN" in shown.output
    assert run("log", "verify").exit_code == 0


def test_a_syndicated_copy_is_one_source(run: Cli, tmp_path: Path) -> None:
    story = (VOA / "voa_8006503.txt").read_text(encoding="utf-8")
    copy = (
        "By our correspondent\n"
        + story.replace("Somalia", "Somalia's").replace(" said", " told reporters")
        + "\nShare this story\n"
    )
    _write(tmp_path, "voa.txt", story, "2025-03-11")
    _write(tmp_path, "copy.txt", copy, "2025-03-11")
    assert run("ingest", str(tmp_path / "voa.txt"), str(tmp_path / "copy.txt")).exit_code == 0
    listing = run("documents")
    assert "2 documents, 1 independent" in listing.output and "(2 copies)" in listing.output
    hotel = [i for i in incidents(run) if i["admin1"] == "Hiraan"]
    assert hotel and all(i["grade"] in {"weak", "confirmed", "contested"} for i in hotel)
    assert any(len(i["documents"]) == 2 for i in hotel)  # type: ignore[arg-type]


@pytest.mark.shared
def test_merge_split_edit_keep_history_and_verify(run: Cli) -> None:
    assert run("ingest", str(SEEDS)).exit_code == 0
    found = incidents(run)
    paktika = next(i for i in found if i["admin1"] == "Paktika")
    shelling = next(i for i in found if i["sub_event_type"].startswith("Shelling"))  # type: ignore[union-attr]
    merged = run(
        "incidents", "merge", str(paktika["id"]), str(shelling["id"]), "--reason", "same barrage"
    )
    assert merged.exit_code == 0, merged.output
    after = {i["id"]: i for i in incidents(run)}
    assert shelling["id"] not in after and len(after[paktika["id"]]["claims"]) == 2  # type: ignore[arg-type]
    ref = next(
        c
        for c in after[paktika["id"]]["claims"]
        if c["document"] == shelling["claims"][0]["document"]
    )  # type: ignore[index, union-attr]
    split = run(
        "incidents",
        "split",
        str(paktika["id"]),
        "--claims",
        f"{ref['document'][:12]}:{ref['start']}-{ref['end']}",
        "--reason",
        "a different day after all",
    )
    assert split.exit_code == 0, split.output
    edited = run(
        "incidents",
        "edit",
        str(paktika["id"]),
        "fatalities.low",
        "3",
        "--reason",
        "hospital records",
    )
    assert edited.exit_code == 0, edited.output
    history = run("show", str(paktika["id"]), "--history")
    assert history.exit_code == 0
    assert (
        "merged" in history.output
        and "split" in history.output
        and "edited fatalities.low" in history.output
    )
    assert "hospital records" in history.output and "4 states in the log" in history.output
    assert run("log", "verify").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["incidents", "merge", "ffff0000", "eeee0000", "--reason", "x"], "no incident"),
        (["incidents", "edit", "{id}", "colour", "red", "--reason", "x"], "cannot edit 'colour'"),
        (["incidents", "edit", "{id}", "date", "yesterday", "--reason", "x"], "YYYY-MM-DD"),
        (["incidents", "edit", "{id}", "fatalities.low", "many", "--reason", "x"], "whole number"),
        (["incidents", "edit", "{id}", "grade", "great", "--reason", "x"], "grade is one of"),
        (["incidents", "edit", "{id}", "grade", "weak", "--reason", " "], "reason is required"),
        (
            ["incidents", "split", "{id}", "--claims", "nope:1-2", "--reason", "x"],
            "no claim nope:1-2",
        ),
    ],
)
def test_bad_manual_changes_are_one_line_errors_and_change_nothing(
    run: Cli, args: list[str], message: str
) -> None:
    assert run("ingest", str(DEMO)).exit_code == 0
    first = incidents(run)[0]
    before = (incidents(run), log_size(run))
    result = run(*[a.replace("{id}", str(first["id"])) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert (incidents(run), log_size(run)) == before


def test_tampering_with_a_merged_incident_is_named(sqlite_settings: Settings) -> None:
    run = Cli(sqlite_settings)
    assert run("ingest", str(DEMO)).exit_code == 0
    target = next(i for i in incidents(run) if i["grade"] != "confirmed")
    with sqlite3.connect(sqlite_settings.data / "ceasefire.db") as db:
        db.execute("UPDATE incidents SET grade = 'confirmed' WHERE id = ?", (target["id"],))
    result = run("log", "verify")
    assert result.exit_code == 1 and f"incident {target['id']} changed (grade)" in result.output
