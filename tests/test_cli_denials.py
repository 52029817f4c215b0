"""A denial in one document and the act told in another: one incident, graded *contested*, in
either order; a denial that matches nothing stands alone and is not held against the agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import REPO, Cli

DOHA = str(REPO / "agreements" / "doha-2025.yaml")
ACT = "Mortar shells hit the town of Chaman on Monday, killing two civilians, police said."
DENIAL = "The defence ministry denied that its forces shelled Chaman on Monday."


def _ingest(run: Cli, folder: Path, name: str, text: str, kind: str) -> None:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    result = run("ingest", str(path), "--published", "2025-11-05", "--kind", kind)
    assert result.exit_code == 0, result.output


def _incidents(run: Cli) -> list[dict[str, object]]:
    result = run("export", "incidents", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("denial_first", [False, True])
def test_a_denial_joins_the_act_told_elsewhere_and_contests_it(
    run: Cli, tmp_path: Path, denial_first: bool
) -> None:
    documents = [("act.txt", ACT, "news"), ("denial.txt", DENIAL, "statement")]
    for name, text, kind in reversed(documents) if denial_first else documents:
        _ingest(run, tmp_path, name, text, kind)
    found = _incidents(run)
    assert len(found) == 1, found
    [incident] = found
    assert incident["grade"] == "contested"
    stances = sorted(str(c["stance"]) for c in incident["claims"])  # type: ignore[attr-defined]
    assert stances == ["asserts", "denies"]
    # Held against the agreement: someone says it happened.
    assert run("assess", "--agreement", DOHA).exit_code == 0
    listed = run("assess", "--agreement", DOHA, "--json").stdout
    assert str(incident["id"]) in listed


def test_a_denial_of_nothing_on_record_is_not_assessed(run: Cli, tmp_path: Path) -> None:
    _ingest(run, tmp_path, "denial.txt", DENIAL, "statement")
    [incident] = _incidents(run)
    assert incident["grade"] == "contested"
    assert run("assess", "--agreement", DOHA).exit_code == 0
    assert run("assess", "--agreement", DOHA, "--json").stdout.strip() == ""


def test_a_toll_that_only_the_denial_gives_is_shown_as_the_deniers_account(
    run: Cli, tmp_path: Path
) -> None:
    """The act told without a toll, the accused side's denial saying not one shot was fired: the
    low of 0 is the denier's word (the gold conventions code it so), and every view says whose."""
    act = "Afghan border forces opened fire on a Pakistani post near Chaman on Monday, police said."
    denial = (
        "The defence ministry denied that its forces fired on Pakistani posts near Chaman on "
        "Monday. No one was killed or wounded, the ministry said, because not a single shot was "
        "fired."
    )
    _ingest(run, tmp_path, "act.txt", act, "news")
    _ingest(run, tmp_path, "denial.txt", denial, "statement")
    [incident] = _incidents(run)
    assert incident["fatalities"]["low"] == 0  # type: ignore[index]
    assert not any(c["fatalities"] for c in incident["claims"] if c["stance"] == "asserts")  # type: ignore[attr-defined,index]
    table = run("incidents")
    assert table.exit_code == 0 and "0 (denial)" in table.stdout, table.stdout
    listed = run("assess", "--agreement", DOHA, "--json").stdout
    assert "0 killed by the account of" in listed and "who denies the act" in listed
    report = ("report", "--agreement", DOHA, "--from", "2025-11-01", "--to", "2025-11-05")
    for form in ("md", "html"):
        shown = run(*report, "--format", form)
        assert shown.exit_code == 0, shown.output
        assert "killed 0 (by the account of ministry, who denies the act)" in shown.stdout
