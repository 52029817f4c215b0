"""The record an import writes, held against the record the import wrote before it was made fast.

``tests/data/import_record.json`` was written by the row-by-row import (ORM objects, one log entry
appended at a time, an original file per row) (regenerated from main's row-by-row import when the bulk import was merged onto it); the bulk import
must write the same rows, the same log entries (kinds, subjects and payloads, in the same order) and
the same originals, on SQLite and on PostgreSQL. Times (``collected_at``, ``created_at``) and the
hashes that cover them differ from run to run and are left out. Set ``CEASEFIRE_WRITE_GOLDEN=1`` to
write the file anew (only when the record is meant to change).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ceasefire.config import Settings
from ceasefire.domain.datasets import ACLED_COLUMNS
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.originals import Originals
from ceasefire.record.store import Store
from ceasefire.record.tables import Base
from ceasefire.services import import_rows

from .conftest import REPO, Cli
from .test_import_crash import write_acled

DATA = REPO / "tests" / "data"
GOLDEN = DATA / "import_record.json"
TABLES = ("documents", "incidents", "claims", "mentions", "dataset_rows")
TIMES = {"collected_at", "created_at", "ran_at"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return value


def _without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("<time>" if k in TIMES else _without_times(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def record_of(settings: Settings) -> dict[str, Any]:
    """Every row of the tables an import writes, every log entry and every original, timeless."""
    store = Store.open(settings)
    try:
        with store.read_session() as session:
            tables: dict[str, list[dict[str, Any]]] = {}
            for name in TABLES:
                table = Base.metadata.tables[name]
                query = select(table).order_by(*table.primary_key.columns)
                tables[name] = [
                    _without_times({k: _plain(v) for k, v in row._mapping.items()})
                    for row in session.execute(query)
                ]
            entries = [
                {
                    "seq": row.seq,
                    "kind": row.kind,
                    "subject": row.subject,
                    "payload": _without_times(json.loads(row.payload)),
                    "actor": row.actor,
                }
                for row in session.scalars(select(LogEntryRow).order_by(LogEntryRow.seq))
            ]
            originals = Originals(session, store.blobs)
            digests = {
                row["id"]: hashlib.sha256(originals.get(row["id"])).hexdigest()
                for row in tables["documents"]
            }
    finally:
        store.close()
    return {"tables": tables, "entries": entries, "originals": digests}


def _newer_export(tmp_path: Path) -> Path:
    """A later ACLED file: PAK150001 revised, PAK150003 withdrawn, AFG90002 as it was, one new."""
    with (DATA / "acled_sample.csv").open(encoding="utf-8", newline="") as handle:
        kept = [
            r for r in csv.DictReader(handle) if r["event_id_cnty"] in {"PAK150001", "AFG90002"}
        ]
    kept[0]["fatalities"] = "4"
    later = dict(
        kept[0], event_id_cnty="PAK150008", event_date="2025-10-20", notes="", fatalities="0"
    )
    newer = tmp_path / "newer.csv"
    with newer.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        writer.writerows([*kept, later])
    return newer


def _import_everything(run: Cli, tmp_path: Path, *, workers: int = 1) -> None:
    """Adds, duplicates across batches, updates, deletions, restorations, both formats, a lead."""
    acled, ucdp = str(DATA / "acled_sample.csv"), str(DATA / "ucdp_sample.csv")
    for args in (
        ("acled", "--batch", "2", acled),
        ("ucdp", "--batch", "1", ucdp),
        ("acled", str(_newer_export(tmp_path))),
        ("acled", "--batch", "2", acled),
        ("acled", "--dataset", "GDELT", acled),
    ):
        result = run("import", args[0], "--no-extract", "--workers", str(workers), *args[1:])
        assert result.exit_code in (0, 1), result.output
    assert run("log", "verify").exit_code == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_an_import_writes_the_record_it_wrote_row_by_row(
    run: Cli, tmp_path: Path, workers: int
) -> None:
    """In this process, and with the rows read and made ready by two worker processes (the
    updates, deletions and restorations then parsed again by the writer)."""
    _import_everything(run, tmp_path, workers=workers)
    record = record_of(run.settings)
    if os.environ.get("CEASEFIRE_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [e["kind"] for e in record["entries"]] == [e["kind"] for e in golden["entries"]]
    assert record["entries"] == golden["entries"]
    for name in TABLES:
        assert record["tables"][name] == golden["tables"][name], name
    assert record["originals"] == golden["originals"]
    assert all(digest == key for key, digest in record["originals"].items())


def _rows_and_bad_rows(path: Path) -> None:
    """2,600 rows (three chunks of the workers), with bad rows and event ids given twice on both
    sides of the chunks' and batches' boundaries."""
    write_acled(path, 2600)
    lines = path.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    bad_date = rows[10].replace("2024-01-11", "2024-13-45")
    assert bad_date != rows[10]
    spliced = [
        *rows[:998],
        bad_date,  # the last rows of the first chunk
        rows[3],  # given twice, in another chunk and batch
        "PAK1,too,few,fields",
        *rows[998:1700],
        rows[1699],  # twice in a row, same chunk and batch
        *rows[1700:],
    ]
    path.write_text("\n".join([header, *spliced]) + "\n", encoding="utf-8")


def test_an_import_on_workers_writes_the_record_of_an_import_in_one_process(
    run: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "acled.csv"
    _rows_and_bad_rows(source)
    serial = Cli(Settings(data=tmp_path / "serial", collector="tester"))
    args = ("import", "acled", "--no-extract", "--batch", "700", str(source))
    alone = serial(*args[:3], "--workers", "1", *args[3:])
    spread = run(*args[:3], "--workers", "2", *args[3:])
    assert alone.exit_code == spread.exit_code == 1, spread.output
    assert "2600 added, 0 updated, 0 unchanged, 0 restored, 0 deleted, 4 skipped" in spread.stdout
    assert alone.stdout == spread.stdout
    # The same errors in the same order: as read, but an id given in an earlier batch when its
    # own batch is written (line 1001 after 1002).
    assert alone.stderr == spread.stderr
    skipped = [line for line in spread.stderr.splitlines() if line.startswith("skipped")]
    assert [int(line.split(":")[1]) for line in skipped] == [1000, 1002, 1001, 1705]
    assert "'PAK900003' appears twice" in skipped[2]
    assert record_of(serial.settings) == record_of(run.settings)
    assert run("log", "verify").exit_code == 0


def test_a_chunk_of_bad_rows_only_between_good_ones(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk with no good row has no columns; the batch it ends is written with those of the
    chunks before."""
    monkeypatch.setattr(import_rows, "CHUNK_ROWS", 3)
    source = tmp_path / "acled.csv"
    write_acled(source, 6)
    header, *rows = source.read_text(encoding="utf-8").splitlines()
    bad = ["PAK1,too,few"] * 3
    source.write_text("\n".join([header, *rows, *bad]) + "\n", encoding="utf-8")
    result = run("import", "acled", "--no-extract", "--workers", "1", str(source))
    assert "6 added, 0 updated, 0 unchanged, 0 restored, 0 deleted, 3 skipped" in result.stdout
    assert run("log", "verify").exit_code == 0
