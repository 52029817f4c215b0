"""The log on SQLite and PostgreSQL: entries commit and roll back with their change, the chain,
signatures, verification against rows and files, proofs against a head saved earlier."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select, text

from ceasefire.config import Settings
from ceasefire.domain import DocumentMeta
from ceasefire.domain.document import document_id
from ceasefire.errors import LogError, ProofError
from ceasefire.read.files import ReadResult
from ceasefire.record.canonical import canonical_text, encoded
from ceasefire.record.keys import KeyFiles
from ceasefire.record.log import GENESIS, Author, TransparencyLog, TreeHead, sha256_hex
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.store import Store
from ceasefire.record.tables import DocumentRow
from ceasefire.services import (
    add_document,
    check_proof,
    log_head,
    new_key,
    prove_consistency,
    prove_inclusion,
    record_change,
    verify_store,
)


def _content(body: bytes) -> ReadResult:
    return ReadResult(original=body, text=body.decode(), media_type="text/plain")


def _meta() -> DocumentMeta:
    return DocumentMeta(collected_at=datetime.now(UTC), collected_by="tester", title="A report")


def _add(store: Store, body: bytes, author: Author | None = None) -> str:
    digest, added = add_document(
        store, _content(body), _meta(), source_name="r.txt", author=author, extract=False
    )
    assert added
    return digest


def _problems(store: Store) -> list[str]:
    return [str(d) for d in verify_store(store).discrepancies]


def test_add_document_appends_a_chained_entry(store: Store) -> None:
    first = _add(store, b"Shelling reported at Chaman.")
    second = _add(store, b"Drone strike reported in Paktika.")
    with store.session() as session:
        entries = TransparencyLog(session).entries()
    assert [(e.seq, e.kind, e.subject) for e in entries] == [
        (1, "document_added", first),
        (2, "document_added", second),
    ]
    assert entries[0].prev_state_hash == GENESIS
    assert entries[1].prev_state_hash == entries[0].entry_hash
    assert entries[0].actor == "tester"
    assert _problems(store) == []


def test_the_same_document_twice_adds_no_entry(store: Store) -> None:
    _add(store, b"Once.")
    assert add_document(store, _content(b"Once."), _meta(), source_name="again.txt")[1] is False
    with store.session() as session:
        assert TransparencyLog(session).size() == 1


def test_entry_rolls_back_with_its_change(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        record_change(session, "note", "x", {"a": 1}, Author("tester"))
        raise RuntimeError("the change failed")
    with store.session() as session:
        assert TransparencyLog(session).size() == 0


def test_failed_add_document_leaves_neither_row_nor_entry(store: Store) -> None:
    # The row is written first; the entry then fails (an author without a name): both roll back.
    with pytest.raises(LogError):
        add_document(
            store, _content(b"Half-written?"), _meta(), source_name="r.txt", author=Author("")
        )
    with store.session() as session:
        assert session.scalar(select(DocumentRow.id)) is None
        assert TransparencyLog(session).size() == 0
    assert not store.blobs.has(document_id(b"Half-written?"))


def test_floats_are_refused_in_payloads(store: Store) -> None:
    with pytest.raises(LogError, match="floats"), store.session() as session:
        record_change(session, "note", "x", {"killed": 2.5}, Author("tester"))


def test_append_many_chains_hashes_and_signs_as_append_does(
    store: Store, settings: Settings
) -> None:
    new_key(store, settings, "monitor-1", role="monitor")
    signer = KeyFiles(settings.keys_dir).load("monitor-1", passphrase=None)
    changes = [("note", "a", {"n": 1}), ("note", "b", {"list": [1, "x", None], "ok": True})]
    with store.session() as session:
        log = TransparencyLog(session)
        log.append("note", "first", {}, actor="tester")
        assert log.append_many(changes, actor="monitor-1", signer=signer) == 2
        log.append("note", "last", {"n": 3}, actor="tester")
    with store.session() as session:
        entries = TransparencyLog(session).entries()
    # Entry 1 registers the key.
    assert [(e.subject, e.seq) for e in entries[2:]] == [("a", 3), ("b", 4), ("last", 5)]
    assert [e.key_id for e in entries[2:]] == ["monitor-1", "monitor-1", None]
    for before, entry in itertools.pairwise(entries):
        assert entry.prev_state_hash == before.entry_hash
    # Hashes, chain and signatures check; only the made-up kind is something nobody checks.
    assert [p for p in _problems(store) if "unknown kind 'note'" not in p] == []
    with pytest.raises(LogError, match=r"note payload\.list\[1\]"), store.session() as session:
        TransparencyLog(session).append_many([("note", "c", {"list": [1, 2.5]})], actor="t")
    with store.session() as session:
        assert TransparencyLog(session).size() == 5, "nothing of the refused batch was written"


def test_signed_entries_verify_and_a_bad_signature_is_named(
    store: Store, settings: Settings
) -> None:
    new_key(store, settings, "monitor-1", role="monitor")
    signer = KeyFiles(settings.keys_dir).load("monitor-1", passphrase=None)
    _add(store, b"Signed report.", Author("monitor-1", signer))
    with store.session() as session:
        entries = TransparencyLog(session).entries()
    assert [e.key_id for e in entries] == ["monitor-1", "monitor-1"]
    assert _problems(store) == []
    forged = entries[0].signature
    with store.session() as session:
        session.execute(text("UPDATE log_entries SET signature = :s WHERE seq = 2"), {"s": forged})
    assert _problems(store) == ["entry 2: bad signature by key 'monitor-1'"]


def test_key_files_are_private_and_passphrase_protected(store: Store, settings: Settings) -> None:
    protected = settings.model_copy(update={"key_passphrase": SecretStr("correct horse")})
    made = new_key(store, protected, "sec", role="secretariat")
    assert made.path is not None and made.path.stat().st_mode & 0o777 == 0o600
    assert b"ENCRYPTED" in made.path.read_bytes()
    assert KeyFiles(settings.keys_dir).load("sec", passphrase="correct horse").name == "sec"


def test_proofs_made_now_check_against_a_head_saved_earlier(
    store: Store, settings: Settings
) -> None:
    for i in range(5):
        _add(store, b"report %d" % i)
    saved = TreeHead.from_json(log_head(store, settings).to_json())
    for i in range(5, 12):
        _add(store, b"report %d" % i)
    inclusion = prove_inclusion(store, 3, size=saved.size)
    # Five documents and the head's own entry.
    assert "entry 3 is in the log of size 6" in check_proof(inclusion, [saved])
    consistency = prove_consistency(store, saved.size)
    assert "extends the head of size 6" in check_proof(consistency, [saved])
    later = log_head(store, settings)
    consistency = prove_consistency(store, saved.size)  # up to the later head, which ends the log
    assert "the head given" in check_proof(consistency, [saved, later])
    # A forged proof: entry 3 made to say something else.
    inclusion["entry"]["actor"] = "someone else"
    with pytest.raises(ProofError, match="does not hash"):
        check_proof(inclusion, [saved])
    # A head with another root.
    other = TreeHead(saved.size, "ab" * 32, saved.created_at)
    with pytest.raises(ProofError, match="does not check"):
        check_proof(prove_inclusion(store, 3, size=6), [other])
    with pytest.raises(ProofError, match="does not check"):
        check_proof(consistency, [other])


def test_heads_are_signed_by_the_secretariat_and_checked(store: Store, settings: Settings) -> None:
    _add(store, b"before any key")
    assert log_head(store, settings).signature is None
    new_key(store, settings, "sec", role="secretariat")
    head = log_head(store, settings)
    assert head.key_id == "sec" and head.signature
    assert _problems(store) == []
    # The document, the first head's entry, the key, the second head's entry.
    assert head.size == 4
    with store.session() as session:
        session.execute(
            text("UPDATE tree_heads SET root_hash = :r WHERE size = 4"), {"r": "00" * 32}
        )
    assert _problems(store) == [
        "head 2 (size 4): root hash does not match the log: entries were altered",
        "head 2 (size 4): bad signature by key 'sec'",
    ]


def test_verify_names_an_altered_entry_and_a_deleted_one(store: Store) -> None:
    for i in range(4):
        _add(store, b"report %d" % i)
    with store.session() as session:
        session.execute(text("UPDATE log_entries SET actor = 'mallory' WHERE seq = 2"))
    assert _problems(store) == [
        "entry 2: document_added entry altered (its hash does not match its contents)"
    ]
    with store.session() as session:
        session.execute(text("UPDATE log_entries SET actor = 'tester' WHERE seq = 2"))
        doc = session.scalar(select(LogEntryRow.subject).where(LogEntryRow.seq == 3))
        session.execute(text("DELETE FROM log_entries WHERE seq = 3"))
    assert doc is not None
    assert _problems(store) == [
        "entry 4: entry 3 is missing",
        f"document {doc[:12]}: row without a log entry",
        f"documents/{doc[:2]}/{doc[2:]}: file not in the log",
    ]


def test_clean_store_on_both_backends_verifies_with_keys_and_heads(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    new_key(store, settings, "pk-liaison", role="party", party="Pakistan")
    _add(store, b"A complaint.")
    log_head(store, settings)
    result = verify_store(store)
    assert result.is_clean and result.size == 3 and result.head is not None


def test_concurrent_writers_are_serialised(settings: Settings) -> None:
    """Two stores (two connections) append at once: the second waits for the first's lock."""
    first, second = Store.open(settings), Store.open(settings)
    appended = threading.Event()
    errors: list[BaseException] = []

    def other_writer() -> None:
        appended.wait()
        try:
            with second.session() as session:
                record_change(session, "note", "b", {"n": 2}, Author("b"))
        except BaseException as exc:  # reported to the test below
            errors.append(exc)

    worker = threading.Thread(target=other_writer)
    worker.start()
    with first.session() as session:
        record_change(session, "note", "a", {"n": 1}, Author("a"))
        session.flush()
        appended.set()
        if settings.db:
            _wait_until_blocked_on_the_log_lock(first)
    worker.join(timeout=30)
    assert not errors, errors
    with first.session() as session:
        entries = TransparencyLog(session).entries()
    first.close()
    second.close()
    assert [e.subject for e in entries] == ["a", "b"]
    assert entries[1].prev_state_hash == entries[0].entry_hash


def _wait_until_blocked_on_the_log_lock(store: Store) -> None:
    """PostgreSQL: holds the first transaction open until the other writer waits for the lock."""
    query = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    deadline = time.monotonic() + 20
    with store.engine.connect() as connection:
        while connection.execute(query).scalar() == 0:
            assert time.monotonic() < deadline, "the other writer never waited for the log's lock"
            connection.rollback()
            time.sleep(0.01)


def test_a_payload_encoded_beforehand_makes_the_entry_its_value_makes(store: Store) -> None:
    """An import's workers encode payloads (Encoded); the writer splices them in: the entry, its
    hash and the chain are those of the payload given as a value, and verify accepts them."""
    payload = {"b": [1, "ü", None], "a": {"z": True, "y": "x"}}
    with store.session() as session:
        TransparencyLog(session).append_many([("note", "s", payload)], actor="tester")
    with store.session() as session:
        log = TransparencyLog(session)
        as_value = log.entries()[-1]
        made = encoded(payload)
        assert made.text == canonical_text(payload) == '{"a":{"y":"x","z":true},"b":[1,"ü",null]}'
        log.append_many([("note", "s", made), ("note", "t", {"n": 1})], actor="tester")
    with store.session() as session:
        first, second, third = TransparencyLog(session).entries()
    assert second.payload == first.payload == as_value.payload
    assert second.prev_state_hash == first.entry_hash and third.prev_state_hash == second.entry_hash
    assert sha256_hex(second.canonical()) == second.entry_hash
    assert [p for p in _problems(store) if "unknown kind 'note'" not in p] == []
    with pytest.raises(LogError, match="floats"):
        encoded({"killed": 2.5})
