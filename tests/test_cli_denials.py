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
