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

from sqlalchemy import select

from ceasefire.config import Settings
from ceasefire.domain.datasets import ACLED_COLUMNS
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.originals import Originals
from ceasefire.record.store import Store
from ceasefire.record.tables import Base

from .conftest import REPO, Cli

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


def _import_everything(run: Cli, tmp_path: Path) -> None:
    """Adds, duplicates across batches, updates, deletions, restorations, both formats, a lead."""
    acled, ucdp = str(DATA / "acled_sample.csv"), str(DATA / "ucdp_sample.csv")
    for args in (
        ("acled", "--batch", "2", acled),
        ("ucdp", "--batch", "1", ucdp),
        ("acled", str(_newer_export(tmp_path))),
        ("acled", "--batch", "2", acled),
        ("acled", "--dataset", "GDELT", acled),
    ):
        result = run("import", args[0], "--no-extract", *args[1:])
        assert result.exit_code in (0, 1), result.output
    assert run("log", "verify").exit_code == 0


def test_an_import_writes_the_record_it_wrote_row_by_row(run: Cli, tmp_path: Path) -> None:
    _import_everything(run, tmp_path)
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
