"""A bulk import killed mid-way (``kill -9`` of a real ``ceasefire import``) loses nothing it
committed and leaves a record that verifies; a rerun finishes the job without duplicates. And the
originals an import packs are checked by ``log verify`` like files of their own."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ceasefire.config import Settings
from ceasefire.domain.datasets import ACLED_COLUMNS
from ceasefire.record.interop_tables import DatasetRowRow, PackedOriginalRow
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.store import Store

from .conftest import REPO, Cli, kill_9_when

SAMPLE = REPO / "tests" / "data" / "acled_sample.csv"


def write_acled(path: Path, rows: int) -> None:
    """``rows`` good ACLED rows, each its own event id and day, made from the sample's first row."""
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    start = date(2024, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for number in range(rows):
            day = start + timedelta(days=number % 700)
            writer.writerow(
                dict(
                    first,
                    event_id_cnty=f"PAK{900000 + number}",
                    event_date=day.isoformat(),
                    fatalities=str(number % 7),
                    notes=f"Row {number}: shelling reported, {number % 7} killed.",
                )
            )


def count(settings: Settings, column: Any, value: str | None = None) -> int:
    """How many rows have ``column`` (equal to ``value``, when given)."""
    store = Store.open(settings, migrate=False)
    try:
        with store.read_session() as session:
            query = select(func.count(column))
            if value is not None:
                query = query.where(column == value)
            return int(session.scalar(query) or 0)
    finally:
        store.close()


def rows_of(settings: Settings, *columns: Any) -> list[tuple[Any, ...]]:
    store = Store.open(settings, migrate=False)
    try:
        with store.read_session() as session:
            return [tuple(row) for row in session.execute(select(*columns).distinct())]
    finally:
        store.close()


def kinds(settings: Settings) -> Counter[str]:
    """How many log entries of each kind, and that no subject has two of a kind made once."""
    store = Store.open(settings, migrate=False)
    try:
        with store.read_session() as session:
            rows = session.execute(select(LogEntryRow.kind, LogEntryRow.subject)).all()
    finally:
        store.close()
    once = [(kind, subject) for kind, subject in rows if kind != "dataset_row_recorded"]
    assert len(once) == len(set(once)), "an entry written twice"
    return Counter(kind for kind, _ in rows)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_kill_9_mid_import_loses_nothing_committed_and_a_rerun_finishes(
    run: Cli, settings: Settings, tmp_path: Path, workers: str
) -> None:
    """An import alone, and one whose rows two worker processes read ahead of the writer."""
    total = 6000
    source = tmp_path / "acled.csv"
    write_acled(source, total)
    assert run("log", "verify").exit_code == 0  # makes the schema, so the rows can be counted
    kill_9_when(
        settings,
        *("import", "acled", "--no-extract", "--workers", workers, "--batch", "50", str(source)),
        ready=lambda: count(settings, DatasetRowRow.key) >= 500,
        seconds=300,
    )
    committed = count(settings, DatasetRowRow.key)
    assert 500 <= committed < total, "killed mid-way"
    # Everything committed verifies. The pack of the batch the kill interrupted (written before
    # its rows were committed), or its .incoming- file if the kill came while writing it, may be
    # left: verify names it, and nothing else, as safe to delete.
    verified = run("log", "verify")
    named = [line for line in verified.stdout.splitlines() if line.startswith("documents/")]
    assert all(
        n.startswith("documents/packs/")
        and (
            "pack not in the record: leftover of an interrupted import" in n
            or "leftover of an interrupted write (safe to delete)" in n
        )
        for n in named
    ), verified.output
    assert len(named) <= 1, verified.output
    assert verified.exit_code == (1 if named else 0), verified.output
    assert kinds(settings)["dataset_row_recorded"] == committed
    assert count(settings, PackedOriginalRow.document_id) == committed

    again = run(
        "import", "acled", "--no-extract", "--workers", workers, "--batch", "500", str(source)
    )
    assert again.exit_code == 0, again.output
    assert f"{total - committed} added, 0 updated, {committed} unchanged" in again.stdout
    # The rerun removed the leftover pack: the record verifies whole.
    verified = run("log", "verify")
    assert verified.exit_code == 0, verified.output
    packs = {p.name for p in (settings.documents_dir / "packs").iterdir()}
    assert packs == {n[0] for n in rows_of(settings, PackedOriginalRow.pack)}
    found = kinds(settings)
    assert found["document_added"] == found["incident_created"] == total
    assert found["dataset_row_recorded"] == total
    assert count(settings, DatasetRowRow.key) == total


@pytest.fixture
def local(sqlite_settings: Settings) -> Cli:
    return Cli(sqlite_settings)


def test_a_packed_original_altered_or_gone_is_named(local: Cli, tmp_path: Path) -> None:
    source = tmp_path / "acled.csv"
    write_acled(source, 30)
    assert local("import", "acled", "--no-extract", "--batch", "20", str(source)).exit_code == 0
    packs = sorted((local.settings.documents_dir / "packs").iterdir())
    assert len(packs) == 2, "one pack a batch"
    assert not [p for p in local.settings.documents_dir.glob("*/*") if p.parent.name != "packs"]
    data = bytearray(packs[0].read_bytes())
    data[10] ^= 1
    packs[0].write_bytes(bytes(data))
    packs[1].unlink()
    in_second = count(local.settings, PackedOriginalRow.pack, packs[1].name)
    assert in_second in (10, 20)
    result = local("log", "verify")
    assert result.exit_code == 1
    assert result.stdout.count("original file altered") == 1
    assert result.stdout.count("original file missing") == in_second


def test_an_event_id_given_twice_is_skipped_in_a_batch_or_across_batches(
    run: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "acled.csv"
    write_acled(source, 5)
    lines = source.read_text(encoding="utf-8").splitlines()
    # Rows: 0 1 2 0 3 3 4 — the second 0 comes a batch later, the second 3 in the same batch.
    order = [0, 1, 2, 0, 3, 3, 4]
    source.write_text("\n".join([lines[0], *(lines[1 + i] for i in order)]) + "\n", "utf-8")
    result = run("import", "acled", "--no-extract", "--batch", "2", str(source))
    assert result.exit_code == 1
    assert "5 added, 0 updated, 0 unchanged, 0 restored, 0 deleted, 2 skipped" in result.stdout
    assert f"{source}:5: field 'event id': 'PAK900000' appears twice" in result.stderr
    assert f"{source}:7: field 'event id': 'PAK900003' appears twice" in result.stderr
    assert count(run.settings, DatasetRowRow.key) == 5
    assert run("log", "verify").exit_code == 0
