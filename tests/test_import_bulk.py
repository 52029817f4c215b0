"""What a bulk import keeps in step beside its rows, on SQLite and PostgreSQL: the stored Merkle
nodes (roots and proofs read from them equal those of the tree rebuilt from every entry, across
appends one by one before and after), the keyword search (an imported incident is found by its
fields and by its row's notes, like an incident stored one by one), and no near-duplicate bands
(a dataset row has no duplicate group)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from ceasefire.config import Settings
from ceasefire.record.bulk import sync_each_commit
from ceasefire.record.incidents import IncidentFilter, IncidentRepository
from ceasefire.record.interop_tables import DatasetRowRow
from ceasefire.record.log import Author, TransparencyLog
from ceasefire.record.merkle import STORED_WIDTH, HashTree
from ceasefire.record.store import Store
from ceasefire.record.tables import DocumentBandRow, DocumentRow
from ceasefire.services import prove_consistency, prove_inclusion, record_change

from .conftest import Cli
from .test_import_crash import write_acled


def test_an_import_keeps_the_stored_merkle_nodes_as_appends_one_by_one(
    run: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "acled.csv"
    write_acled(source, 150)
    store = Store.open(run.settings)
    try:
        # An odd start: the import's first entry falls inside a subtree of stored width.
        with store.session() as session:
            for i in range(5):
                record_change(session, "note", f"before-{i}", {"n": i}, Author("tester"))
        result = run("import", "acled", "--no-extract", "--batch", "40", str(source))
        assert result.exit_code == 0, result.output
        with store.session() as session:
            record_change(session, "note", "after", {"n": 0}, Author("tester"))
        with store.session() as session:
            log = TransparencyLog(session)
            hashes = [bytes.fromhex(e.entry_hash) for e in log.entries()]
            assert len(hashes) == 5 + 3 * 150 + 1 > 7 * STORED_WIDTH
            rebuilt = HashTree.of(hashes)
            for size in (5, 6, 64, 65, 128, 200, 256, 300, 455, 456):
                stored = log.stored_tree(size)
                assert stored.root() == rebuilt.root(size)
                for index in {i for i in (1, 6, 64, 65, size // 2, size) if 0 < i <= size}:
                    assert stored.inclusion_path(index, size) == rebuilt.inclusion_path(index, size)
                assert stored.consistency_path(5, size) == rebuilt.consistency_path(5, size)
        for seq in (6, 64, 300, 456):
            proof = prove_inclusion(store, seq)
            assert proof["root_hash"] == rebuilt.root(456).hex()
            assert proof["proof"] == rebuilt.inclusion_path(seq, 456)
        proof = prove_consistency(store, 5)
        assert (proof["old_root"], proof["new_root"]) == (
            rebuilt.root(5).hex(),
            rebuilt.root().hex(),
        )
        assert proof["proof"] == rebuilt.consistency_path(5, 456)
    finally:
        store.close()
    # The stored nodes are checked node by node; only the made-up kind is unknown to verify.
    verified = run("log", "verify")
    lines = [line for line in verified.stdout.splitlines() if "unknown kind 'note'" not in line]
    assert not [line for line in lines if ": " in line and "entries" not in line], lines


def test_imported_incidents_are_found_by_the_keyword_search(run: Cli, tmp_path: Path) -> None:
    source = tmp_path / "acled.csv"
    write_acled(source, 120)
    result = run("import", "acled", "--no-extract", "--batch", "50", str(source))
    assert result.exit_code == 0, result.output
    store = Store.open(run.settings)
    try:
        with store.read_session() as session:
            incidents = IncidentRepository(session)
            # Each row's notes say "Row N: ..."; only row 77's document holds both words.
            found = incidents.list(IncidentFilter(q="row 77"))
            assert len(found) == 1
            key = session.scalar(
                select(DatasetRowRow.key).where(DatasetRowRow.incident_id == found[0].id)
            )
            assert key == "PAK900077"
            # Every row is shelling reported in the sample's first location.
            assert incidents.count(IncidentFilter(q="shelling")) == 120
            location = found[0].place.location
            assert location
            assert incidents.count(IncidentFilter(q=location)) == 120
            assert incidents.count(IncidentFilter(q="row 77 airstrike")) == 0
            # A dataset row has no duplicate group, so no near-duplicate bands and no signature.
            assert session.scalar(select(func.count()).select_from(DocumentBandRow)) == 0
            assert session.scalar(select(func.count(DocumentRow.minhash))) == 0
    finally:
        store.close()


def test_an_import_connection_syncs_each_commit_on_sqlite(sqlite_settings: Settings) -> None:
    """Each batch commit is durable: the import's connection syncs the WAL at every commit
    (FULL, 2), and gives the pool back the store's default (NORMAL, 1)."""
    store = Store.open(sqlite_settings)
    try:
        with store.connection() as connection:
            driver = connection.connection.driver_connection
            assert driver is not None

            def level() -> int:
                return int(driver.execute("PRAGMA synchronous").fetchone()[0])

            assert level() == 1
            sync_each_commit(connection)
            assert level() == 2
            with store.session(connection) as session:
                session.execute(select(func.count()).select_from(DocumentRow))
            assert level() == 2, "a session on the connection keeps it"
            sync_each_commit(connection, on=False)
            assert level() == 1
    finally:
        store.close()
