"""The tamper suite (tests/record/tamper.py): every table of the live schema is covered by a
registered checker, and every edit, insertion and deletion of a row, and every change to the folder of
originals, one at a time, is named by `log verify`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from ceasefire.config import Settings
from ceasefire.record.store import Store
from ceasefire.services.log import checker_registry

from ..conftest import _postgres_admin_url
from .tamper import NOT_RECORD, REPO, build_record, run_suite

COVERAGE_DOC = REPO / "docs" / "log-verify-coverage.md"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def record(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    folder = tmp_path_factory.mktemp("tamper")
    if request.param == "sqlite":
        settings = Settings(data=folder / "data", collector="tester")
        build_record(settings, folder)
        yield settings
        return
    admin_url = _postgres_admin_url()
    name = f"cf_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        db = f"{admin_url.rpartition('/')[0]}/{name}"
        settings = Settings(data=folder / "data", db=db, collector="tester")
        build_record(settings, folder)
        yield settings
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_every_table_of_the_live_schema_is_covered_and_documented(record: Settings) -> None:
    store = Store.open(record)
    store.close()
    engine = create_engine(record.database_url)
    with engine.connect() as connection:
        live = set(inspect(connection).get_table_names())
    engine.dispose()
    covered = checker_registry().tables()
    assert live - set(NOT_RECORD) - set(covered) == set(), "tables no checker covers"
    doc = COVERAGE_DOC.read_text(encoding="utf-8")
    for table in sorted(live):
        assert f"`{table}`" in doc, f"{table} is not in docs/log-verify-coverage.md"
    for coverage in checker_registry():
        for table in coverage.tables:
            line = next(line for line in doc.splitlines() if f"`{table}`" in line)
            assert ("| derived |" in line) == (coverage.derived is not None), line
        for column in coverage.unchecked:
            assert f"`{column}`" in doc, f"{column} (not checked) is not in the doc"
    for table in NOT_RECORD:
        line = next(line for line in doc.splitlines() if f"| `{table}` |" in line)
        assert "| not part of the record |" in line, line


def test_log_verify_names_every_change_one_at_a_time(record: Settings) -> None:
    tally = run_suite(record)
    print(tally.summary())
    assert tally.uncovered == [], "tables no checker covers"
    assert tally.empty == [], "tables with no row in the tamper record: add them to build_record"
    assert len(tally.tried) >= 150, tally.summary()
    assert [(o.change) for o in tally.missed] == [], tally.summary()
    refused = [o.change for o in tally.outcomes if o.refused]
    assert len(refused) <= 5, refused  # a key taken by another row; a NOT NULL
    # Every kind of change was made to the folder of originals, and named.
    files = [o for o in tally.tried if "documents/" in o.change]
    assert len(files) == 8 and all(o.detected for o in files)
    leftover = next(o for o in files if ".incoming" in o.change)
    assert any("leftover of an interrupted write" in line for line in leftover.said)
    # The packs of the import in the record: altered, gone, or one no row locates.
    altered = next(o for o in files if o.change.startswith("alter a pack"))
    assert any("original file altered" in line for line in altered.said)
    gone = next(o for o in files if o.change.startswith("delete a pack"))
    assert any("original file missing" in line for line in gone.said)
    planted = next(o for o in files if o.change.startswith("plant a pack"))
    assert planted.said == [
        f"documents/packs/{'d' * 64}: pack not in the record: leftover of an interrupted import "
        "(safe to delete; the next import removes it)"
    ]


def test_a_truncated_log_is_caught_by_a_saved_head_only(tmp_path: Path) -> None:
    """A clean truncation (the last entries, their rows and heads) verifies on its own: a head saved
    before proves the log no longer extends it."""
    from click.testing import CliRunner

    from ceasefire.cli import cli

    from .tamper import DEMO

    data = tmp_path / "data"
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(cli, ["--data-dir", str(data), *args], catch_exceptions=False)
        return result.exit_code, result.output

    assert run("ingest", "--no-extract", str(DEMO / "example-01-chaman-shelling.txt"))[0] == 0
    assert run("log", "head", "--save", str(tmp_path / "early.json"))[0] == 0
    assert run("ingest", "--no-extract", str(DEMO / "example-02-kabul-denial.txt"))[0] == 0
    assert run("log", "head", "--save", str(tmp_path / "late.json"))[0] == 0
    assert run("log", "verify", "--head", str(tmp_path / "late.json"))[0] == 0
    # Cut the log back to the early head: the late document, its entry, its head and the head's
    # entry go, with the original file.
    import sqlite3

    with sqlite3.connect(data / "ceasefire.db", isolation_level=None) as db:
        db.execute("PRAGMA foreign_keys=OFF")
        (late,) = db.execute("SELECT subject FROM log_entries WHERE seq = 3").fetchone()
        for statement in (
            "DELETE FROM document_bands WHERE document_id = ?",
            "DELETE FROM documents WHERE id = ?",
        ):
            db.execute(statement, (late,))
        db.execute("DELETE FROM log_entries WHERE seq > 2")
        db.execute("DELETE FROM tree_heads WHERE size > 2")
    (data / "documents" / late[:2] / late[2:]).unlink()
    code, output = run("log", "verify")
    assert code == 0, output  # nothing left inside the store can tell
    code, output = run(
        "log",
        "verify",
        "--head",
        str(tmp_path / "early.json"),
        "--head",
        str(tmp_path / "late.json"),
    )
    assert code == 1
    assert f"saved head {tmp_path / 'late.json'} (size 4): the log has only 2 entries" in output
    assert "early.json" not in output
