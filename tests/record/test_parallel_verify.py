"""`log verify` spread over processes (services.log.verification): workers re-read runs of the
log on connections of their own and hash them; the result is the serial one, discrepancy for
discrepancy, on SQLite and PostgreSQL, clean or tampered with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from ceasefire.config import Settings
from ceasefire.errors import LogError
from ceasefire.record.audit import LogReplay
from ceasefire.record.bundle import _bundle_entries
from ceasefire.record.checkers import Discrepancy
from ceasefire.record.keys import KeyFiles
from ceasefire.record.log import Author, HashedRun, TransparencyLog
from ceasefire.record.merkle import HashTree
from ceasefire.record.store import Store
from ceasefire.services import log as log_service
from ceasefire.services import record_change, verify_store
from ceasefire.services.log import checker_registry, new_key, verification

ENTRIES = 700


@pytest.fixture
def small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers from the first entry, in runs of 64: a test-sized log takes the parallel path."""
    monkeypatch.setattr(log_service, "PARALLEL_FROM", 1)
    monkeypatch.setattr(log_service, "RUN_DEPTH", 6)


def _fill(store: Store, settings: Settings) -> None:
    new_key(store, settings, "liaison-a", role="monitor")
    signer = KeyFiles(settings.keys_dir).load("liaison-a", passphrase=None)
    for first in range(0, ENTRIES, 100):
        with store.session() as session:
            for i in range(first, first + 100):
                author = Author("liaison-a", signer) if i % 7 == 0 else Author("tester")
                record_change(session, "note", f"s{i}", {"n": i}, author)


def _found(store: Store, workers: int) -> tuple[int, list[str]]:
    result = verify_store(store, workers=workers)
    lines = [str(d) for d in result.discrepancies]
    return result.size, [line for line in lines if "unknown kind 'note'" not in line]


def _runs(store: Store) -> list[HashedRun]:
    with verification(store, 2) as (_session, hashed):
        return list(hashed)


def test_worker_runs_hash_every_entry_as_this_process_does(
    store: Store, settings: Settings, small_runs: None
) -> None:
    _fill(store, settings)
    runs = _runs(store)
    with store.session() as session:
        log = TransparencyLog(session)
        last = log.last_seq()
        serial = log.tree()
    assert [(r.first, r.last) for r in runs] == [
        (first, min(first + 63, last)) for first in range(1, last + 1, 64)
    ]
    assert sum(r.count for r in runs) == last > ENTRIES
    assert all(r.altered == frozenset() for r in runs)
    assert b"".join(r.leaves for r in runs) == bytes(serial.leaf_hashes())
    joined = HashTree()
    for r in runs:
        joined.add_leaf_hashes(r.leaves, r.levels)
    assert all(len(r.levels) == 6 for r in runs) and last % 64 != 0
    assert len(joined._joined_blocks()) == 6, "the runs tile the tree: their levels are used"
    assert joined.levels() == serial.levels() and joined.root() == serial.root()


def test_parallel_verification_names_what_serial_verification_names(
    store: Store, settings: Settings, small_runs: None
) -> None:
    _fill(store, settings)
    clean = _found(store, 1)
    assert clean[1] == [] and clean == _found(store, 2)
    # Tampering that leaves every entry in place (the runs still tile the tree).
    with store.session() as session:
        session.execute(
            text("UPDATE log_entries SET payload = :p WHERE seq = 150"), {"p": '{"n":-1}'}
        )
        session.execute(
            text("UPDATE log_entries SET prev_state_hash = :h WHERE seq = 300"), {"h": "ab" * 32}
        )
        # Entry 611 is note 609, signed: its signature no longer holds, its hash still does.
        forged = session.scalar(text("SELECT signature FROM log_entries WHERE seq = 604"))
        session.execute(
            text("UPDATE log_entries SET signature = :s WHERE seq = 611"), {"s": forged}
        )
        session.execute(
            text("UPDATE merkle_nodes SET hash = :h WHERE level = 6 AND position = 3"),
            {"h": "cd" * 32},
        )
    in_place = _found(store, 1)
    assert in_place == _found(store, 2)
    assert in_place[0] == clean[0]
    assert [line.split(" (")[0] for line in in_place[1][:4]] == [
        "entry 150: note entry altered",
        "entry 300: hash chain broken",
        "entry 300: note entry altered",
        "entry 611: bad signature by key 'liaison-a'",
    ]
    # The nodes over the altered entries differ from those stored, and so does the one altered.
    nodes = {line.split(":")[0] for line in in_place[1][4:]}
    assert "merkle node (level 6, position 3)" in nodes and len(nodes) == 8
    # Entries removed, and one planted before the first.
    with store.session() as session:
        session.execute(text("DELETE FROM log_entries WHERE seq IN (420, 421, 500)"))
        session.execute(
            text(
                "INSERT INTO log_entries (seq, kind, subject, payload, actor, created_at, "
                "prev_state_hash, entry_hash) SELECT 0, kind, subject, payload, actor, "
                "created_at, prev_state_hash, entry_hash FROM log_entries WHERE seq = 2"
            )
        )
    serial = _found(store, 1)
    assert serial == _found(store, 2)
    size, lines = serial
    assert size == clean[0] - 2
    expected = {
        "entry 0: out of order",
        "entry 1: hash chain broken",
        "entry 422: entries 420–421 are missing",
        "entry 501: entry 500 is missing",
    }
    assert {line.split(" (")[0] for line in lines} >= expected


def test_a_log_changed_under_the_workers_is_an_error_not_a_verdict(
    store: Store, settings: Settings, small_runs: None
) -> None:
    _fill(store, settings)
    runs = _runs(store)
    with store.session() as session:
        session.execute(text("DELETE FROM log_entries WHERE seq = 200"))
    with store.session() as session:
        replay = LogReplay(checker_registry().store_checkers(session, store.blobs))
        with pytest.raises(LogError, match=r"changed while it was verified \(a worker read 64 of "):
            replay.feed(TransparencyLog(session).stream(), runs)


def test_workers_read_the_snapshot_of_the_verifying_transaction(
    store: Store, settings: Settings, small_runs: None
) -> None:
    """On PostgreSQL an entry changed and committed while verification runs is not seen by the
    workers either (on SQLite the verifying transaction holds the write lock: no one commits)."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite: writers wait for the verifying transaction")
    _fill(store, settings)
    with verification(store, 2) as (session, hashed):
        before = TransparencyLog(session).stream()
        with store.session() as other:
            other.execute(
                text("UPDATE log_entries SET payload = :p WHERE seq = 150"), {"p": '{"n":-1}'}
            )
        replay = LogReplay([])
        replay.feed(before, hashed)
    assert not [d for d in replay.found if "altered" in str(d)]
    assert _found(store, 2)[1][0].startswith("entry 150: note entry altered")


def test_verification_tells_its_progress_a_batch_at_a_time(store: Store) -> None:
    for first in range(0, 25, 5):
        with store.session() as session:
            for i in range(first, first + 5):
                record_change(session, "note", f"s{i}", {"n": i}, Author("tester"))
    with store.session() as session:
        told: list[int] = []
        entries = list(TransparencyLog(session).stream(batch=10, on_batch=told.append))
    assert [e.seq for e in entries] == list(range(1, 26)) and told == [10, 10, 5]
    told = []
    assert verify_store(store, progress=told.append).size == 25 and sum(told) == 25


def test_a_bundle_entry_of_the_wrong_types_is_named(tmp_path: Path) -> None:
    """A hand-edited bundle: the entry is named and left out, not a crash of the replay."""
    log = tmp_path / "log.jsonl"
    entry = {"seq": 1, "kind": "note", "subject": "s", "payload": {}, "actor": "t",
             "created_at": "2026-12-07T10:00:00.000000Z", "prev_state_hash": "0" * 64,
             "entry_hash": "ab"}  # fmt: skip
    bad = [{"seq": "2"}, {"kind": 5}, {"actor": None}, {"key_id": ["k"]}]
    log.write_text("".join(json.dumps({**entry, **change}) + "\n" for change in [{}, *bad]))
    found: list[Discrepancy] = []
    assert [e.seq for e in _bundle_entries(log, found)] == [1]
    assert [str(d) for d in found] == [
        "log.jsonl line 2: malformed entry (seq is not a whole number)",
        "log.jsonl line 3: malformed entry (kind is not text)",
        "log.jsonl line 4: malformed entry (actor is not text)",
        "log.jsonl line 5: malformed entry (key_id is neither text nor null)",
    ]
