"""eval/agreement.py: two codings of the same documents compared incident by incident and field by field."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..conftest import REPO

SCRIPT = REPO / "eval" / "agreement.py"
SET = REPO / "eval" / "synthetic3" / "gold.jsonl"


def _records() -> list[dict[str, Any]]:
    lines = SET.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _run(*args: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


def _table(stdout: str) -> dict[str, str]:
    rows = [line.strip("|").split("|") for line in stdout.splitlines() if line.startswith("| ")]
    return {name.strip(): value.strip() for name, value in rows}


def test_a_coding_agrees_with_itself_everywhere(tmp_path: Path) -> None:
    records = _records()
    done = _run(SET, _write(tmp_path / "same.jsonl", records))
    assert done.returncode == 0, done.stderr
    table = _table(done.stdout)
    incidents = sum(len(r["incidents"]) for r in records)
    assert f"{incidents} paired" in done.stdout
    assert table["incident F1, all incidents"] == "1.00"
    assert table["event type"] == f"1.00 ({incidents}/{incidents})"
    assert table["killed low"] == f"1.00 ({incidents}/{incidents})"


def test_a_changed_figure_and_a_dropped_incident_are_counted(tmp_path: Path) -> None:
    records = _records()
    second = copy.deepcopy(records)
    # One killed figure changed on a required incident, and one required incident left out.
    target = next(r for r in second if len(r["incidents"]) >= 2)
    target["incidents"][0]["killed"]["low"] = (target["incidents"][0]["killed"]["low"] or 0) + 1
    dropped = target["incidents"].pop()
    done = _run(SET, _write(tmp_path / "second.jsonl", second), "--disagreements")
    assert done.returncode == 0, done.stderr
    table = _table(done.stdout)
    total = sum(len(r["incidents"]) for r in records)
    assert f"{total - 1} paired" in done.stdout
    assert table["killed low"] == f"{(total - 2) / (total - 1):.2f} ({total - 2}/{total - 1})"
    assert f"{target['file']} only first: {dropped['key']}" in done.stdout
    assert table["incident F1, all incidents"] == f"{2 * (total - 1) / (2 * total - 1):.2f}"


def test_incidents_of_different_acts_are_not_paired(tmp_path: Path) -> None:
    records = _records()
    second = copy.deepcopy(records)
    target = next(r for r in second if r["incidents"] and r["incidents"][0]["country"])
    moved = target["incidents"][0]
    moved["country"] = "Chile" if moved["country"] != "Chile" else "Peru"
    done = _run(SET, _write(tmp_path / "second.jsonl", second), "--disagreements")
    assert done.returncode == 0, done.stderr
    assert f"{target['file']} only second: {moved['key']}" in done.stdout


def test_a_document_coded_once_only_is_an_error(tmp_path: Path) -> None:
    records = _records()
    extra = copy.deepcopy(records[0])
    extra["file"] = "not_in_the_first.txt"
    done = _run(SET, _write(tmp_path / "second.jsonl", [*records, extra]))
    assert done.returncode == 2
    assert done.stderr.strip() == "not coded by both: not_in_the_first.txt"


def test_a_malformed_line_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"file": "a.txt", "incidents": []}\n{not json\n', encoding="utf-8")
    done = _run(SET, bad)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{bad} line 2: not a gold record")
