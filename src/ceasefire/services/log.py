"""Use cases of the tamper-evident log: record a change, keys, tree heads, proofs, verification,
the verification bundle.

Every write path calls :func:`record_change` inside its own transaction, after changing its rows::

    with store.session() as session:
        session.add(row)                       # the change
        record_change(session, "incident_created", incident.id, payload, author)

so that the change and its entry are committed, or rolled back, together. The payload is canonical
JSON (no floats: give fractions as strings); build it with a function in
``ceasefire.record.entries`` and register a checker for the kind in ``ceasefire.record.audit``, so
that ``ceasefire log verify`` can replay it against the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ceasefire.config import Settings
from ceasefire.errors import InputError, NotFoundError, ProofError, SigningKeyError
from ceasefire.record.audit import LogReplay
from ceasefire.record.blobs import BlobStore
from ceasefire.record.bundle import check_empty, write_bundle
from ceasefire.record.bundle import verify_bundle as _verify_bundle
from ceasefire.record.canonical import canonical_json
from ceasefire.record.checkers import CheckerRegistry, Discrepancy
from ceasefire.record.duplicates import register as register_duplicates
from ceasefire.record.entries import (
    KEY_REGISTERED,
    TREE_HEAD_ISSUED,
    key_payload,
    tree_head_payload,
)
from ceasefire.record.keys import KeyFiles, KeyRole, Signer, check_name, is_valid_signature
from ceasefire.record.log import (
    Author,
    HashedRun,
    LogEntry,
    RunJob,
    TransparencyLog,
    TreeHead,
    hash_run,
    now_text,
    sha256_hex,
)
from ceasefire.record.log_tables import KeyRow
from ceasefire.record.merkle import check_consistency, check_inclusion
from ceasefire.record.merkle_audit import check_stored_nodes
from ceasefire.record.sealing import (
    PAYLOAD_DISCLOSED,
    SealedPayloads,
    commitment_in,
    disclosure_payload,
    opening_in,
    seal,
)
from ceasefire.record.store import Store
from ceasefire.record.verification import default_registry
from ceasefire.resolve.duplicates import signature, to_bytes
from ceasefire.workers import default_workers

INCLUSION = "ceasefire inclusion proof v1"
_LOG_KEY = "ceasefire.transparency_log"
_TRANSACTION_KEY = "ceasefire.transparency_log.transaction"
CONSISTENCY = "ceasefire consistency proof v1"


def record_change(
    session: Session, kind: str, subject: str, payload: Any, author: Author
) -> LogEntry:
    """Appends the log entry of a change, in the caller's transaction; signed if the author has a key."""
    return log_of(session).append(kind, subject, payload, actor=author.name, signer=author.signer)


def record_changes(
    session: Session, changes: Iterable[tuple[str, str, Any]], author: Author
) -> int:
    """:func:`record_change` for many changes, in order: (kind, subject, payload) each, hashed in
    one loop and written together (a batch of an import). Returns how many entries."""
    return log_of(session).append_many(changes, actor=author.name, signer=author.signer)


def record_sealed(
    session: Session, kind: str, subject: str, payload: Any, author: Author
) -> LogEntry:
    """:func:`record_change` for a confidential subject: the log gets a salted commitment to the
    payload (:mod:`ceasefire.record.sealing`); the payload and salt are kept in the store, in the
    same transaction, for those entitled to read it and for :func:`disclose`."""
    sealed, opening = seal(payload, where=f"{kind} payload")
    entry = record_change(session, kind, subject, sealed, author)
    SealedPayloads(session).put(entry.seq, kind=kind, subject=subject, opening=opening)
    return entry


def disclose(session: Session, subject: str, author: Author) -> list[LogEntry]:
    """Discloses every sealed entry about ``subject`` not disclosed yet, each by a
    ``payload_disclosed`` entry that anyone can check against its commitment; in the caller's
    transaction. The subject is everyone's from then on."""
    log = log_of(session)
    done = set()
    for entry in log.about(subject):
        if entry.kind == PAYLOAD_DISCLOSED:
            found = opening_in(json.loads(entry.payload))
            if found is not None:
                done.add(found[0])
    made = []
    for seq, opening in SealedPayloads(session).about(subject).items():
        if seq not in done:
            payload = disclosure_payload(seq, opening)
            made.append(record_change(session, PAYLOAD_DISCLOSED, subject, payload, author))
    return made


def is_sealed(entry: LogEntry) -> bool:
    return commitment_in(entry.payload) is not None


def hold_log(session: Session) -> None:
    """Serialises this write transaction with every other writer from here on (see
    :meth:`TransparencyLog.hold`)."""
    log_of(session).hold()


def log_of(session: Session) -> TransparencyLog:
    """The log of the session's transaction, kept with it: a transaction that appends many entries
    (a batch of an import) looks up the last entry, and takes PostgreSQL's lock, only once."""
    log = session.info.get(_LOG_KEY)
    if log is None or session.info.get(_TRANSACTION_KEY) is not session.get_transaction():
        log = TransparencyLog(session)
        session.info[_LOG_KEY] = log
        session.info[_TRANSACTION_KEY] = session.get_transaction()
    assert isinstance(log, TransparencyLog)
    return log


def _passphrase(settings: Settings) -> str | None:
    return settings.key_passphrase.get_secret_value() if settings.key_passphrase else None


def author_of(settings: Settings) -> Author:
    """Who this shell writes as: the key named by --key / CEASEFIRE_KEY, else the login name."""
    if not settings.key:
        return Author(settings.collector)
    signer = KeyFiles(settings.keys_dir).load(settings.key, passphrase=_passphrase(settings))
    return Author(signer.name, signer)


# Keys


@dataclass(frozen=True, slots=True)
class KeyInfo:
    name: str
    role: str
    party: str | None
    public_key: str
    created_at: str
    has_private_key: bool = False
    path: Path | None = None


def new_key(
    store: Store, settings: Settings, name: str, *, role: str, party: str | None = None
) -> KeyInfo:
    """Makes an Ed25519 key: the private key in <data>/keys/NAME.pem, the public one registered
    through the log (an entry signed by the new key itself)."""
    role = KeyRole(role).value
    if role == KeyRole.PARTY and not party:
        raise SigningKeyError("a party's key needs --party", where=name)
    files = KeyFiles(settings.keys_dir)
    signer = Signer.generate(check_name(name))
    with store.session() as session:
        if session.get(KeyRow, name) is not None:
            raise SigningKeyError("a key with this name is registered already", where=name)
    path = files.write(signer, passphrase=_passphrase(settings))
    try:
        with store.session() as session:
            if session.get(KeyRow, name) is not None:
                raise SigningKeyError("a key with this name is registered already", where=name)
            payload = key_payload(name=name, role=role, party=party, public_key=signer.public_key)
            entry = record_change(session, KEY_REGISTERED, name, payload, Author(name, signer))
            session.add(
                KeyRow(
                    name=name,
                    role=role,
                    party=party,
                    public_key=signer.public_key,
                    created_at=entry.created_at,
                )
            )
    except BaseException:
        files.remove(name)
        raise
    return KeyInfo(name, role, party, signer.public_key, entry.created_at, True, path)


def list_keys(store: Store, settings: Settings) -> list[KeyInfo]:
    files = KeyFiles(settings.keys_dir)
    with store.session() as session:
        rows = session.scalars(select(KeyRow).order_by(KeyRow.created_at, KeyRow.name)).all()
        return [
            KeyInfo(r.name, r.role, r.party, r.public_key, r.created_at, files.has(r.name))
            for r in rows
        ]


# Tree heads and proofs


def _head_signer(session: Session, settings: Settings) -> Signer | None:
    """The secretariat key that signs heads: --key if it is one, else the first one on this machine."""
    files = KeyFiles(settings.keys_dir)
    rows = session.scalars(
        select(KeyRow).where(KeyRow.role == KeyRole.SECRETARIAT.value).order_by(KeyRow.created_at)
    ).all()
    names = [row.name for row in rows if files.has(row.name)]
    if settings.key in names:
        names = [settings.key]
    return files.load(names[0], passphrase=_passphrase(settings)) if names else None


def issue_head(session: Session, settings: Settings) -> TreeHead:
    """A new tree head of the whole log, stored, and signed by a secretariat key if one is here.

    The head is itself logged first (``tree_head_issued``), and covers the log up to and including
    that entry: a head deleted from the store is then named by `log verify`. Its root is read from
    the stored Merkle nodes, never rebuilt."""
    signer = _head_signer(session, settings)
    created_at = now_text()
    key_id = signer.name if signer else None
    author = Author(signer.name, signer) if signer else Author(settings.collector)
    log = log_of(session)
    entry = log.append(
        TREE_HEAD_ISSUED,
        "tree_heads",
        tree_head_payload(created_at=created_at, key_id=key_id),
        actor=author.name,
        signer=author.signer,
    )
    session.flush()
    tree = log.stored_tree(entry.seq)
    head = TreeHead(tree.size, tree.root().hex(), created_at, key_id)
    if signer is not None:
        head = TreeHead(
            head.size,
            head.root_hash,
            head.created_at,
            signer.name,
            signer.sign(head.signed_bytes()),
            signer.public_key,
        )
    log.add_head(head)
    return head


def log_head(store: Store, settings: Settings) -> TreeHead:
    with store.session() as session:
        return issue_head(session, settings)


def prove_inclusion(store: Store, seq: int, *, size: int | None = None) -> dict[str, Any]:
    """A proof that entry ``seq`` is in the log of ``size`` entries (default: the whole log). A read:
    on SQLite it does not wait for a writer's lock (nor take it)."""
    with store.read_session(append_only=True) as session:
        log = TransparencyLog(session)
        entry, last = log.entry_and_size(seq)
        tree = log.stored_tree(size, last=last)
        size = tree.size if size is None else size
        if size > tree.size:
            raise ProofError(f"the log has only {tree.size} entries", where=f"--size {size}")
        path, root = tree.inclusion_and_root(seq, size)
        if entry is None:  # a seq past the log's end fails the check above
            raise NotFoundError("no such log entry", where=f"entry {seq}")
        return {
            "type": INCLUSION,
            "seq": seq,
            "size": size,
            "root_hash": root.hex(),
            "entry_hash": entry.entry_hash,
            "entry": json.loads(entry.canonical()),
            "proof": path,
        }


def prove_consistency(store: Store, old_size: int, new_size: int | None = None) -> dict[str, Any]:
    """A proof that the log of ``new_size`` entries (default: now) extends that of ``old_size``
    (a read, as :func:`prove_inclusion`)."""
    with store.read_session(append_only=True) as session:
        tree = TransparencyLog(session).stored_tree(new_size)
        new_size = tree.size if new_size is None else new_size
        if new_size > tree.size:
            raise ProofError(f"the log has only {tree.size} entries", where=f"NEW_SIZE {new_size}")
        path, old_root, new_root = tree.consistency_and_roots(old_size, new_size)
        return {
            "type": CONSISTENCY,
            "old_size": old_size,
            "new_size": new_size,
            "old_root": old_root.hex(),
            "new_root": new_root.hex(),
            "proof": path,
        }


def _check_head_signature(head: TreeHead, where: str) -> None:
    if head.signature is None:
        return
    if head.public_key is None or head.key_id is None:
        raise ProofError("the head is signed but carries no key_id and public_key", where=where)
    if not is_valid_signature(head.public_key, head.signed_bytes(), head.signature):
        raise ProofError(f"bad signature on the tree head by key {head.key_id!r}", where=where)


def check_proof(proof: Any, heads: list[TreeHead], *, where: str = "proof") -> str:
    """Checks a proof against tree heads saved earlier, with nothing but hashes; says what it proved.

    Raises ProofError with a one-line reason when the proof does not hold.
    """
    for number, head in enumerate(heads, start=1):
        _check_head_signature(head, f"head {number}")
    if not isinstance(proof, dict):
        raise ProofError("not a proof (a JSON object is expected)", where=where)
    by_size = {head.size: head for head in heads}
    kind = proof.get("type")
    try:
        if kind == INCLUSION:
            seq, size, entry_hash = proof["seq"], proof["size"], proof["entry_hash"]
            held = by_size.get(size)
            if held is None:
                raise ProofError(
                    f"the proof is for a log of size {size} but no head given has that size",
                    where=where,
                )
            if "entry" in proof and sha256_hex(canonical_json(proof["entry"])) != entry_hash:
                raise ProofError("the entry does not hash to entry_hash", where=where)
            check_inclusion(
                proof["proof"],
                entry_hash=bytes.fromhex(entry_hash),
                index=seq,
                size=size,
                root=bytes.fromhex(held.root_hash),
            )
            return f"entry {seq} is in the log of size {size} (root {held.root_hash[:16]}…)"
        if kind == CONSISTENCY:
            old_size, new_size = proof["old_size"], proof["new_size"]
            old = by_size.get(old_size)
            if old is None:
                raise ProofError(
                    f"the proof starts from a log of size {old_size} but no head given has that size",
                    where=where,
                )
            new = by_size.get(new_size)
            new_root = new.root_hash if new is not None else proof["new_root"]
            check_consistency(
                proof["proof"],
                old_size=old_size,
                old_root=bytes.fromhex(old.root_hash),
                new_size=new_size,
                new_root=bytes.fromhex(new_root),
            )
            against = "the head given" if new is not None else "the root the proof states"
            return (
                f"the log of size {new_size} (root {new_root[:16]}…, {against}) extends the head "
                f"of size {old_size} (root {old.root_hash[:16]}…)"
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProofError(f"malformed proof ({exc!r})", where=where) from exc
    raise ProofError(f"unknown proof type {kind!r}", where=where)


# Verification and the bundle


@dataclass(frozen=True, slots=True)
class Verification:
    size: int
    discrepancies: list[Discrepancy]
    head: TreeHead | None = None

    @property
    def is_clean(self) -> bool:
        return not self.discrepancies


def checker_registry() -> CheckerRegistry:
    """Every checker `log verify` runs: those of the record and the duplicate index's."""
    registry = default_registry()
    register_duplicates(registry, lambda text: to_bytes(signature(text)))
    return registry


# Below this many entries verification stays in this process: starting workers (about half a
# second each) costs more than they save. Each worker hashes runs of 2**RUN_DEPTH entries, and
# computes the Merkle tree's nodes over them.
PARALLEL_FROM = 200_000
RUN_DEPTH = 16


def verify_store(
    store: Store,
    *,
    saved_heads: Sequence[tuple[str, TreeHead]] = (),
    workers: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> Verification:
    """Replays the whole log against the database and the originals; each saved head (a label and
    the head) must still be a prefix of the log: a log truncated behind it, or rewritten, fails.

    With ``workers`` above one (default: see :func:`verification`) and a large log, processes
    read the entries again on connections of their own and recompute their hashes and Merkle
    leaves, run by run, while this process reads them in order for everything that depends on the
    order (the chain, keys and signatures, the rows). Only committed entries are hashed apart: the
    caller's own uncommitted changes are verified by :func:`verify_session`, in one process."""
    with verification(store, workers) as (session, hashed):
        return verify_session(
            session, store.blobs, saved_heads=saved_heads, hashed=hashed, progress=progress
        )


@contextmanager
def verification(
    store: Store, workers: int | None
) -> Iterator[tuple[Session, Iterable[HashedRun]]]:
    """The transaction to verify in, and the log's entries hashed run by run in ``workers``
    processes beside this one, in order as they are asked for; no runs (everything is hashed in
    this process) with one worker or a log under PARALLEL_FROM entries.

    Workers read what the transaction reads: on SQLite it holds the write lock (no writer can
    commit until it ends), and on PostgreSQL it is REPEATABLE READ and each worker's transaction
    takes its snapshot (``pg_export_snapshot``). By default, a worker a core but one, from three
    cores up: this process keeps a core of its own (its share is half the work), and the workers
    read every entry again. On two cores that costs what it saves (6.6 s for a million entries in
    one process, 7.2 s with two workers beside it, on SQLite), so two cores verify here."""
    cores = default_workers()
    count = (cores - 1 if cores >= 3 else 1) if workers is None else workers
    if count < 1:
        raise InputError(f"workers must be at least 1, not {count}", where="--workers")
    postgres = store.engine.dialect.name == "postgresql"
    with store.session() as session:
        if postgres:
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        last = TransparencyLog(session).last_seq()
        if count == 1 or last < PARALLEL_FROM:
            yield session, ()
            return
        snapshot = session.scalar(text("SELECT pg_export_snapshot()")) if postgres else None
        # Imported here: the parallel module's extraction side imports this module.
        from ceasefire.services.parallel import ProcessExtractor, in_order

        url = store.engine.url.render_as_string(hide_password=False)
        size = 1 << RUN_DEPTH
        jobs = [
            RunJob(url, first, min(first + size - 1, last), RUN_DEPTH, snapshot)
            for first in range(1, last + 1, size)
        ]
        pool = ProcessExtractor(count, warm=False)
        try:
            yield session, in_order(jobs, hash_run, pool)
        finally:
            pool.close()


def verify_session(
    session: Session,
    blobs: BlobStore,
    *,
    saved_heads: Sequence[tuple[str, TreeHead]] = (),
    hashed: Iterable[HashedRun] = (),
    progress: Callable[[int], object] | None = None,
) -> Verification:
    """:func:`verify_store` in the caller's transaction (the tamper suite edits, verifies, and rolls
    back); ``hashed``: runs of the entries hashed by workers (see :meth:`LogReplay.feed`);
    ``progress`` is told how many entries were read, a batch at a time."""
    replay = LogReplay(checker_registry().store_checkers(session, blobs))
    log = TransparencyLog(session)
    replay.feed(log.stream(on_batch=progress), hashed)
    replay.found += check_stored_nodes(session, replay.tree)
    heads = log.heads()
    replay.check_heads(heads)
    for label, saved in saved_heads:
        replay.check_head(saved, where=f"{label} (size {saved.size})")
    found = replay.finish()
    return Verification(replay.size, found, heads[-1] if heads else None)


def verify_bundle(
    folder: Path, *, saved_heads: Sequence[tuple[str, TreeHead]] = ()
) -> Verification:
    found, head, size = _verify_bundle(folder, checker_registry(), saved_heads=saved_heads)
    return Verification(size, found, head)


def export_bundle(store: Store, settings: Settings, folder: Path) -> tuple[int, TreeHead]:
    """Writes a verification bundle of the whole record, with a new tree head covering it."""
    check_empty(folder)
    with store.session() as session:
        head = issue_head(session, settings)
        count = write_bundle(session, store.blobs, folder, checker_registry())
    return count, head


def show_entries(store: Store, *, start: int = 1, limit: int | None = None) -> list[LogEntry]:
    with store.session() as session:
        entries = TransparencyLog(session).entries(start=start, limit=limit)
    if not entries and start > 1:
        raise NotFoundError("no entries from here on", where=f"--from {start}")
    return entries


# What the web app shows of the log


def log_length(store: Store) -> int:
    """The number of the log's last entry: how many entries it should have (nothing checked)."""
    with store.read_session() as session:
        return TransparencyLog(session).last_seq()


def current_head(store: Store) -> TreeHead:
    """The log's size and root now, unsigned and not stored (a read: anyone may ask for it)."""
    with store.read_session() as session:
        tree = TransparencyLog(session).stored_tree()
        return TreeHead(tree.size, tree.root().hex(), now_text(), None)


def latest_head(store: Store) -> TreeHead | None:
    """The last tree head issued (signed when a secretariat key was here), if any."""
    with store.read_session() as session:
        heads = TransparencyLog(session).heads()
    return heads[-1] if heads else None


def log_entries(store: Store, *, start: int = 1, limit: int = 100) -> list[LogEntry]:
    """Entries from ``start`` on, at most ``limit`` (an empty list past the end)."""
    with store.read_session() as session:
        return TransparencyLog(session).entries(start=start, limit=limit)
