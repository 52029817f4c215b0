"""Stored Merkle nodes (table merkle_nodes) on SQLite and PostgreSQL: roots and proofs read from
them equal those of the tree rebuilt from every entry (and RFC 9162 as written); an altered,
missing or extra node is named by `log verify`; concurrent writers keep them right."""

from __future__ import annotations

import hashlib
import threading
from typing import Any

import pytest
from sqlalchemy import event, text

from ceasefire.config import Settings
from ceasefire.errors import ProofError
from ceasefire.record.log import Author, LogEntry, TransparencyLog
from ceasefire.record.merkle import (
    STORED_WIDTH,
    Frontier,
    HashTree,
    check_consistency,
    frontier_keys,
)
from ceasefire.record.store import Store
from ceasefire.services import prove_consistency, prove_inclusion, record_change, verify_store

from . import rfc9162


def _append(store: Store, count: int, *, per_transaction: int = 50, start: int = 0) -> None:
    for first in range(start, start + count, per_transaction):
        with store.session() as session:
            for i in range(first, min(first + per_transaction, start + count)):
                record_change(session, "note", f"s{i}", {"n": i}, Author("tester"))


def _problems(store: Store) -> list[str]:
    """What verify finds, but for the kind "note", which no checker replays."""
    found = [str(d) for d in verify_store(store).discrepancies]
    return [line for line in found if "unknown kind 'note'" not in line]


def test_frontier_nodes_are_the_complete_subtrees_of_the_rfc_tree() -> None:
    hashes = [hashlib.sha256(b"%d" % i).digest() for i in range(300)]
    frontier, made = Frontier(), {}
    for i, digest in enumerate(hashes):
        for level, position, node in frontier.add(digest):
            made[(level, position)] = node
            width = 1 << level
            assert position * width + width == i + 1  # completed by this very leaf
            assert node == rfc9162.mth(hashes[position * width : (position + 1) * width])
    assert sorted(made) == [(6, 0), (6, 1), (6, 2), (6, 3), (7, 0), (7, 1), (8, 0)]
    assert frontier_keys(300) == [(8, 0)]  # 256 + 32 + 8 + 4 leaves: only 256 is stored
    assert frontier_keys(320) == [(8, 0), (6, 4)]
    assert frontier_keys(STORED_WIDTH - 1) == []


def test_proofs_from_stored_nodes_equal_the_rebuilt_ones_at_every_size(store: Store) -> None:
    """1..300 entries (and 3 odd transaction sizes), every root, and proofs at many sizes."""
    sizes_done = 0
    for batch in (1, 7, 63, 64, 65, 100):
        _append(store, batch, per_transaction=batch if batch < 60 else 13, start=sizes_done)
        sizes_done += batch
    assert sizes_done == 300
    with store.session() as session:
        log = TransparencyLog(session)
        hashes = [bytes.fromhex(e.entry_hash) for e in log.entries()]
        rebuilt = HashTree.of(hashes)
        for size in range(1, 301):
            stored = log.stored_tree(size)
            assert stored.root() == rebuilt.root(size) == rfc9162.mth(hashes[:size])
            for index in {1, 2, 64, 65, size // 3, size // 2, size - 1, size}:
                if 0 < index <= size:
                    proof = stored.inclusion_path(index, size)
                    assert proof == rebuilt.inclusion_path(index, size)
            for old in {1, 2, 63, 64, 65, 128, size // 2, size - 1, size}:
                if 0 < old <= size:
                    proof = stored.consistency_path(old, size)
                    assert proof == rebuilt.consistency_path(old, size)
    for seq in (1, 64, 65, 299, 300):
        proof = prove_inclusion(store, seq)
        path = [bytes.fromhex(h) for h in proof["proof"]["path"]]
        assert path[1:] == rfc9162.path(seq - 1, hashes)
        assert proof["root_hash"] == rfc9162.mth(hashes).hex()
    for old in (1, 64, 100, 257):
        proof = prove_consistency(store, old)
        assert proof["old_root"] == rfc9162.mth(hashes[:old]).hex()
        check_consistency(
            proof["proof"],
            old_size=old,
            old_root=rfc9162.mth(hashes[:old]),
            new_size=300,
            new_root=rfc9162.mth(hashes),
        )
    assert _problems(store) == []


def test_large_log_proofs_equal_the_rebuilt_ones(sqlite_settings: Settings) -> None:
    """5,000 entries in transactions of 500, then checks far from the edges."""
    store = Store.open(sqlite_settings)
    _append(store, 5_000, per_transaction=500)
    with store.session() as session:
        log = TransparencyLog(session)
        rebuilt = HashTree.of(bytes.fromhex(e.entry_hash) for e in log.stream())
        for size in (4_095, 4_096, 4_097, 5_000):
            stored = log.stored_tree(size)
            assert stored.root() == rebuilt.root(size)
            for index in (1, 1_000, 2_049, 4_095, size):
                if index <= size:
                    assert stored.inclusion_path(index, size) == rebuilt.inclusion_path(index, size)
            for old in (1, 777, 2_048, 4_000):
                assert stored.consistency_path(old, size) == rebuilt.consistency_path(old, size)
    assert _problems(store) == []
    store.close()


def test_verify_names_an_altered_a_missing_and_an_extra_node(store: Store) -> None:
    _append(store, 130)
    assert _problems(store) == []
    with store.session() as session:
        session.execute(
            text("UPDATE merkle_nodes SET hash = :h WHERE level = 6 AND position = 1"),
            {"h": "ab" * 32},
        )
    assert _problems(store) == [
        "merkle node (level 6, position 1): stored hash differs from the entries' "
        "(derived data altered)"
    ]
    # A proof through the altered node no longer equals the rebuilt one.
    with store.session() as session:
        log = TransparencyLog(session)
        rebuilt = HashTree.of(bytes.fromhex(e.entry_hash) for e in log.stream())
        assert log.stored_tree().inclusion_path(1, 130) != rebuilt.inclusion_path(1, 130)
        assert log.stored_tree().root(129) == rebuilt.root(129)  # (7, 0) is intact
    with store.session() as session:
        session.execute(text("DELETE FROM merkle_nodes WHERE level = 6 AND position = 1"))
        session.execute(
            text("INSERT INTO merkle_nodes (level, position, hash) VALUES (9, 0, :h)"),
            {"h": "cd" * 32},
        )
    assert _problems(store) == [
        "merkle node (level 9, position 0): stored for a subtree the log does not have",
        "merkle node (level 6, position 1): missing from the store",
    ]
    with pytest.raises(ProofError, match=r"level 6, position 1\) is missing"):
        prove_inclusion(store, 1)


def test_concurrent_writers_keep_the_nodes_right(settings: Settings) -> None:
    """Two stores (two connections) append 150 entries each at once, 25 per transaction."""
    first, second = Store.open(settings), Store.open(settings)
    errors: list[BaseException] = []
    ready = threading.Barrier(2)

    def writer(store: Store, name: str) -> None:
        ready.wait()
        try:
            for start in range(0, 150, 25):
                with store.session() as session:
                    for i in range(start, start + 25):
                        record_change(session, "note", f"{name}{i}", {"n": i}, Author(name))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=writer, args=(s, n)) for s, n in ((first, "a"), (second, "b"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with first.session() as session:
        log = TransparencyLog(session)
        entries = log.entries()
        rebuilt = HashTree.of(bytes.fromhex(e.entry_hash) for e in entries)
        assert len(entries) == 300
        assert sorted(e.subject for e in entries) == sorted(
            f"{name}{i}" for name in "ab" for i in range(150)
        )
        assert log.stored_tree().root() == rebuilt.root()
    assert _problems(first) == []
    first.close()
    second.close()


def test_a_rolled_back_append_leaves_no_node_and_later_appends_stay_right(store: Store) -> None:
    """Entry 64 completes node (6, 0); rolled back, neither it nor the kept frontier survive."""
    _append(store, 63)
    with pytest.raises(RuntimeError), store.session() as session:
        record_change(session, "note", "gone", {"n": -1}, Author("tester"))
        session.flush()
        raise RuntimeError("the change fails after its entry was written")
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM merkle_nodes")).scalar() == 0
    _append(store, 70, per_transaction=1, start=63)
    with store.session() as session:
        log = TransparencyLog(session)
        entries = log.entries()
        assert "gone" not in {e.subject for e in entries} and len(entries) == 133
        rebuilt = HashTree.of(bytes.fromhex(e.entry_hash) for e in entries)
        assert log.stored_tree().root() == rebuilt.root()
    assert _problems(store) == []


def test_migration_0015_computes_the_nodes_of_a_log_written_before_it(store: Store) -> None:
    """Down to 0010 (no merkle_nodes), up again: the migration recomputes them from the entries."""
    from alembic import command

    from ceasefire.record.store import _alembic_config

    _append(store, 200)
    with store.session() as session:
        before = session.execute(text("SELECT level, position, hash FROM merkle_nodes")).all()
    assert len(before) == 4  # (6, 0), (6, 1), (6, 2), (7, 0)
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with store.session() as session:
        after = session.execute(text("SELECT level, position, hash FROM merkle_nodes")).all()
    assert sorted(map(tuple, after)) == sorted(map(tuple, before))
    assert _problems(store) == []


def test_proofs_do_not_wait_for_a_writer(sqlite_settings: Settings) -> None:
    """A writer holds SQLite's write lock (an ingest's transaction): proofs and the head, which
    only read, are answered at once, from the log as committed."""
    sqlite_settings = sqlite_settings.model_copy(update={"sqlite_busy_timeout": 0.2})
    store, writer = Store.open(sqlite_settings), Store.open(sqlite_settings)
    _append(store, 70)
    with writer.session() as session:
        record_change(session, "note", "pending", {"n": -1}, Author("writer"))
        assert prove_inclusion(store, 65)["size"] == 70
        assert prove_consistency(store, 64)["new_size"] == 70
    assert prove_inclusion(store, 71)["size"] == 71
    writer.close()
    store.close()


def test_a_proof_reads_in_two_statements_and_no_transaction_on_postgresql(store: Store) -> None:
    """An inclusion proof reads its entry with the log's size, then its nodes with its entry
    hashes; a consistency proof the size, then the same: two statements each (four before, and
    on PostgreSQL a BEGIN and a COMMIT around them, round trips all)."""
    _append(store, 1500)  # a stored node of 1,024 and entries after it
    statements: list[str] = []
    autocommit: list[bool] = []

    def count(conn: Any, _cursor: object, sql: str, *_args: object) -> None:
        if not sql.startswith("BEGIN"):  # SQLite's deferred BEGIN, sent by the store
            statements.append(sql)
            # psycopg sends no BEGIN on a connection in autocommit
            autocommit.append(bool(getattr(conn.connection.dbapi_connection, "autocommit", 0)))

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        inclusion = prove_inclusion(store, 1100)
        assert len(statements) == 2, statements
        consistency = prove_consistency(store, 1030, 1400)
        assert len(statements) == 4, statements
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    if store.engine.dialect.name == "postgresql":
        assert all(autocommit)
    tree = HashTree.of(bytes.fromhex(e.entry_hash) for e in _entries(store))
    assert inclusion["proof"] == tree.inclusion_path(1100, 1500)
    assert inclusion["root_hash"] == tree.root(1500).hex()
    assert consistency["proof"] == tree.consistency_path(1030, 1400)
    assert consistency["old_root"] == tree.root(1030).hex()


def test_a_proof_of_an_entry_past_the_end_names_the_log_size(store: Store) -> None:
    _append(store, 40)
    with pytest.raises(ProofError, match="no entry 41 in a log of size 40"):
        prove_inclusion(store, 41)
    with pytest.raises(ProofError, match="the log has only 40 entries"):
        prove_inclusion(store, 3, size=41)
    # a number no column holds is past the end too, not a driver's overflow
    with pytest.raises(ProofError, match=f"no entry {2**64} in a log of size 40"):
        prove_inclusion(store, 2**64)
    # a write after a proof is a transaction again (the proof's autocommit is not left behind)
    with pytest.raises(RuntimeError), store.session() as session:
        record_change(session, "note", "undone", {"n": -1}, Author("tester"))
        raise RuntimeError("roll back")
    assert prove_inclusion(store, 40)["size"] == 40


def _entries(store: Store) -> list[LogEntry]:
    with store.read_session() as session:
        return TransparencyLog(session).entries()
