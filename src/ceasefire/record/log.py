"""The tamper-evident log: every change to the record is an entry, hash-chained and Merkle-treed.

An entry is the canonical JSON (see :mod:`ceasefire.record.canonical`) of::

    {"actor", "created_at", "key_id", "kind", "payload", "prev_state_hash", "seq", "subject", "v"}

``entry_hash`` is the sha256 of those bytes; it is the Merkle leaf's data (:mod:`.merkle`), and the
next entry's ``prev_state_hash`` (the first entry's is 64 zeros), so each entry commits to the whole
log before it. A signed entry carries the Ed25519 signature of the same bytes by the key ``key_id``.

:meth:`TransparencyLog.append` runs inside the caller's transaction, so a change and its entry are
committed, or rolled back, together. On PostgreSQL a transaction-scoped advisory lock serialises
writers; SQLite's ``BEGIN IMMEDIATE`` (see the store) already does.
"""

from __future__ import annotations

import hashlib
import json
import re
import weakref
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, partial
from itertools import chain
from json.encoder import encode_basestring as _quote  # what json.dumps uses for ensure_ascii=False
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    Connection,
    Select,
    Table,
    and_,
    bindparam,
    create_engine,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import Executable

from ceasefire.errors import LogError, NotFoundError, ProofError
from ceasefire.record.bulk import insert_values
from ceasefire.record.canonical import canonical_json, canonical_text, dumps
from ceasefire.record.keys import Signer
from ceasefire.record.log_tables import LogEntryRow, MerkleNodeRow, TreeHeadRow
from ceasefire.record.merkle import (
    STORED_WIDTH,
    Frontier,
    HashTree,
    StoredTree,
    block_levels,
    frontier_keys,
)

ENTRY_VERSION = 1
GENESIS = "0" * 64
HEAD_TYPE = "ceasefire tree head v1"
# Any constant will do: it names "the log's append lock" among PostgreSQL advisory locks.
_APPEND_LOCK = 0x6365_6173_6566


def now_text() -> str:
    """The current UTC time as the log writes it: ISO 8601 with microseconds and ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_bytes(
    seq: int,
    kind: str,
    subject: str,
    payload: str,
    actor: str,
    created_at: str,
    prev_state_hash: str,
    key_id: str | None,
) -> bytes:
    """The canonical bytes of an entry whose ``payload`` is already canonical JSON text.

    Equal to ``canonical_json`` of the whole entry with the payload parsed (a test holds this), but
    written out field by field in sorted order, with the payload text spliced in: verification
    recomputes this for every entry (positionally, in this process or in worker processes), and
    this is several times faster than ``json.dumps``.
    """
    return (
        f'{{"actor":{_quote(actor)},"created_at":{_quote(created_at)},"key_id":'
        f"{'null' if key_id is None else _quote(key_id)},"
        f'"kind":{_quote(kind)},"payload":{payload},"prev_state_hash":{_quote(prev_state_hash)},'
        f'"seq":{seq},"subject":{_quote(subject)},"v":{ENTRY_VERSION}}}'
    ).encode()


def entry_bytes_of(entry: LogEntry) -> bytes:
    """:func:`entry_bytes` of a stored entry."""
    seq, kind, subject, payload, actor, created_at, prev_state_hash = entry[:7]
    return entry_bytes(
        int(seq), kind, subject, payload, actor, created_at, prev_state_hash, entry.key_id
    )


class LogEntry(NamedTuple):
    """One entry as stored. A named tuple rather than a dataclass: verification makes a million."""

    seq: int
    kind: str
    subject: str
    payload: str
    actor: str
    created_at: str
    prev_state_hash: str
    entry_hash: str
    signature: str | None = None
    key_id: str | None = None

    def canonical(self) -> bytes:
        return entry_bytes_of(self)

    def to_json(self) -> dict[str, Any]:
        """The entry as an export line: ``payload`` as an object, hashes and signature beside it."""
        return {
            "seq": self.seq,
            "kind": self.kind,
            "subject": self.subject,
            "payload": json.loads(self.payload),
            "actor": self.actor,
            "created_at": self.created_at,
            "prev_state_hash": self.prev_state_hash,
            "entry_hash": self.entry_hash,
            "signature": self.signature,
            "key_id": self.key_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LogEntry:
        return cls(
            seq=data["seq"],
            kind=data["kind"],
            subject=data["subject"],
            payload=dumps(data["payload"]),
            actor=data["actor"],
            created_at=data["created_at"],
            prev_state_hash=data["prev_state_hash"],
            entry_hash=data["entry_hash"],
            signature=data.get("signature"),
            key_id=data.get("key_id"),
        )


@dataclass(frozen=True, slots=True)
class Author:
    """Who makes a change: a name for the ``actor`` field and, for a key holder, the signer."""

    name: str
    signer: Signer | None = None


@dataclass(frozen=True, slots=True)
class TreeHead:
    """The log's size and Merkle root at a time, signed by a secretariat key when one is at hand."""

    size: int
    root_hash: str
    created_at: str
    key_id: str | None = None
    signature: str | None = None
    public_key: str | None = None

    def signed_bytes(self) -> bytes:
        return head_bytes(self.size, self.root_hash, self.created_at, self.key_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": HEAD_TYPE,
            "size": self.size,
            "root_hash": self.root_hash,
            "created_at": self.created_at,
            "key_id": self.key_id,
            "signature": self.signature,
            "public_key": self.public_key,
        }

    @classmethod
    def from_json(cls, data: Any, *, where: str = "head") -> TreeHead:
        try:
            if data.get("type") != HEAD_TYPE:
                raise ProofError(f"not a tree head (type is not {HEAD_TYPE!r})", where=where)
            size, root = data["size"], data["root_hash"]
            if not isinstance(size, int) or size < 0 or not _is_hex_hash(root):
                raise ProofError("size or root_hash is malformed", where=where)
            return cls(
                size=size,
                root_hash=root,
                created_at=str(data["created_at"]),
                key_id=data.get("key_id"),
                signature=data.get("signature"),
                public_key=data.get("public_key"),
            )
        except (KeyError, AttributeError, TypeError) as exc:
            raise ProofError(f"malformed tree head ({exc})", where=where) from exc


def head_bytes(size: int, root_hash: str, created_at: str, key_id: str | None) -> bytes:
    """What a tree head's signature covers."""
    return canonical_json(
        {
            "type": HEAD_TYPE,
            "size": size,
            "root_hash": root_hash,
            "created_at": created_at,
            "key_id": key_id,
        }
    )


def _is_hex_hash(value: object) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def to_entry(row: LogEntryRow | Any) -> LogEntry:
    return LogEntry(
        seq=row.seq,
        kind=row.kind,
        subject=row.subject,
        payload=row.payload,
        actor=row.actor,
        created_at=row.created_at,
        prev_state_hash=row.prev_state_hash,
        entry_hash=row.entry_hash,
        signature=row.signature,
        key_id=row.key_id,
    )


_ENTRY_COLUMNS = (
    LogEntryRow.seq,
    LogEntryRow.kind,
    LogEntryRow.subject,
    LogEntryRow.payload,
    LogEntryRow.actor,
    LogEntryRow.created_at,
    LogEntryRow.prev_state_hash,
    LogEntryRow.entry_hash,
    LogEntryRow.signature,
    LogEntryRow.key_id,
)


_ENTRY_NAMES = tuple(column.key for column in _ENTRY_COLUMNS)
_NODE_NAMES = ("level", "position", "hash")

# The Merkle frontier after this process's last append, by engine: (size, last entry hash, roots).
_FRONTIERS: weakref.WeakKeyDictionary[Any, tuple[int, str, tuple[tuple[int, bytes], ...]]] = (
    weakref.WeakKeyDictionary()
)


def _entries_query() -> Select[Any]:
    """Every entry's columns, in order of seq: what the replay reads, here and in workers."""
    table = LogEntryRow.__table__
    return select(*(table.c[column.key] for column in _ENTRY_COLUMNS)).order_by(table.c.seq)


def _told(on_batch: Callable[[int], object], rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    on_batch(len(rows))
    return rows


def driver_rows(
    connection: Connection, query: Select[Any], batch: int
) -> Generator[list[tuple[Any, ...]], None, None]:
    """The rows of ``query`` as the database driver gives them (lists of ``batch`` tuples), in the
    connection's transaction; on PostgreSQL from a server-side cursor, so memory stays flat.
    Verification reads every entry, and SQLAlchemy's Row for each cost more than the reading
    (3 µs against 2): this is its documented way down to the DBAPI cursor. The query's parameters
    must be numbers (they are written into the SQL)."""
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    raw: Any = connection.connection.dbapi_connection
    if connection.dialect.name == "postgresql":
        cursor = raw.cursor(name=f"ceasefire_rows_{id(query):x}")
    else:
        cursor = raw.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(batch):
            yield rows
    finally:
        cursor.close()


@dataclass(frozen=True, slots=True)
class HashedRun:
    """Entries ``first``..``last`` as a worker read and hashed them, for :meth:`LogReplay.feed` to
    take in place of hashing them itself: verification spread over processes."""

    first: int
    last: int
    count: int  # the rows read (a missing row is not counted)
    leaves: bytes  # their Merkle leaf hashes, packed 32 bytes each, in order
    altered: frozenset[int]  # the seqs whose stored hash is not the hash of their contents
    levels: tuple[bytes, ...] = ()  # the Merkle tree's levels 1..depth over the run


@dataclass(frozen=True, slots=True)
class RunJob:
    """What a worker needs to hash a run: where the database is, which entries, and on PostgreSQL
    the snapshot of the verifying transaction, so that it reads exactly what that one reads."""

    url: str
    first: int  # the first run also takes any entry numbered below it (a seq of 0 planted)
    last: int
    depth: int  # the run is 2**depth entries, and starts where a subtree of that size does
    snapshot: str | None = None  # pg_export_snapshot() of the verifying transaction


_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f]+(?:-[0-9A-Fa-f]+)+")


def hash_run(job: RunJob) -> HashedRun:
    """Reads the job's entries from the database (a connection of its own; on PostgreSQL in the
    verifying transaction's snapshot) and recomputes each one's hash and Merkle leaf, then the
    tree's nodes over them: a top-level function, run by worker processes."""
    table = LogEntryRow.__table__
    last = int(job.last)
    query = _entries_query()
    if job.first > 1:
        query = query.where(table.c.seq.between(int(job.first), last))
    else:
        query = query.where(table.c.seq <= last)
    leaves, altered, count = bytearray(), [], 0
    sha256, zero = hashlib.sha256, b"\x00"
    engine = create_engine(job.url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if job.snapshot is not None:
                if not _SNAPSHOT_ID.fullmatch(job.snapshot):
                    raise LogError(f"not a snapshot id: {job.snapshot!r}", where="verify")
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
                connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{job.snapshot}'")
            with closing(driver_rows(connection, query, 10_000)) as batches:
                for batch in batches:
                    for (
                        seq,
                        kind,
                        subject,
                        payload,
                        actor,
                        created,
                        prev,
                        entry_hash,
                        _s,
                        key,
                    ) in batch:
                        data = entry_bytes(seq, kind, subject, payload, actor, created, prev, key)
                        digest = sha256(data).digest()
                        if digest.hex() != entry_hash:
                            altered.append(seq)
                        leaves += sha256(zero + digest).digest()
                        count += 1
    finally:
        engine.dispose()
    packed = bytes(leaves)
    levels = tuple(block_levels(packed, job.depth))
    return HashedRun(job.first, last, count, packed, frozenset(altered), levels)


@lru_cache(maxsize=128)
def _nodes_query(count: int) -> Select[int, int, str]:
    """The query of ``count`` stored nodes, by bound level and position (l0, p0, l1, p1, ...):
    one primary-key lookup a node (SQLite scans the table for a row-value IN). Built once per
    count, so that a proof binds numbers instead of building and compiling an expression."""
    table = MerkleNodeRow.__table__
    wanted = [
        and_(table.c.level == bindparam(f"l{i}"), table.c.position == bindparam(f"p{i}"))
        for i in range(count)
    ]
    return select(table.c.level, table.c.position, table.c.hash).where(or_(*wanted))


@lru_cache(maxsize=1)
def _entry_and_size_query() -> Select[Any]:
    """The log's size and entry :seq beside it, or NULLs when there is none: always one row."""
    table = LogEntryRow.__table__
    size = select(func.coalesce(func.max(table.c.seq), 0).label("size")).subquery()
    entry = [table.c[column.key] for column in _ENTRY_COLUMNS]
    joined = size.outerjoin(table, table.c.seq == bindparam("seq"))
    return select(size.c.size, *entry).select_from(joined)


# The level a leaf's row carries in :func:`_subtrees_query` (stored nodes are STORED_LEVEL and up).
LEAF_LEVEL = -1
# The largest seq the column holds (a BIGINT): a number past it names no entry.
_LARGEST_SEQ = 2**63 - 1


@lru_cache(maxsize=256)
def _subtrees_query(nodes: int, leaves: str) -> Executable:
    """The query of ``nodes`` stored nodes (as :func:`_nodes_query`) and of the entry hashes of
    the seqs between :low and :high (``leaves`` "range") or in :seqs ("list"), in one statement:
    the entries' rows come as level -1. One round trip where a proof made two."""
    parts: list[Select[Any]] = [cast(Select[Any], _nodes_query(nodes))] if nodes else []
    if leaves != "none":
        table = LogEntryRow.__table__
        seq = table.c.seq
        wanted = (
            seq.between(bindparam("low"), bindparam("high"))
            if leaves == "range"
            else seq.in_(bindparam("seqs", expanding=True))
        )
        parts.append(
            select(literal(LEAF_LEVEL).label("level"), seq, table.c.entry_hash).where(wanted)
        )
    return parts[0] if len(parts) == 1 else union_all(*parts)


class TransparencyLog:
    """The log seen through one session (one transaction, or on PostgreSQL single statements for
    a read of what never changes: ``Store.read_session(append_only=True)``)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._last: tuple[int, str] | None = None
        self._frontier: Frontier | None = None

    def append(
        self,
        kind: str,
        subject: str,
        payload: Any,
        *,
        actor: str,
        signer: Signer | None = None,
    ) -> LogEntry:
        """Appends an entry in the session's transaction; nothing is committed here."""
        if not kind or not subject or not actor:
            raise LogError("an entry needs a kind, a subject and an actor", where=kind or "entry")
        payload_text = canonical_text(payload, where=f"{kind} payload")
        seq, prev = self._next()
        created_at = now_text()
        key_id = signer.name if signer else None
        data = entry_bytes(
            seq=seq,
            kind=kind,
            subject=subject,
            payload=payload_text,
            actor=actor,
            created_at=created_at,
            prev_state_hash=prev,
            key_id=key_id,
        )
        entry = LogEntry(
            seq=seq,
            kind=kind,
            subject=subject,
            payload=payload_text,
            actor=actor,
            created_at=created_at,
            prev_state_hash=prev,
            entry_hash=sha256_hex(data),
            signature=signer.sign(data) if signer else None,
            key_id=key_id,
        )
        self.session.add(
            LogEntryRow(
                seq=entry.seq,
                kind=entry.kind,
                subject=entry.subject,
                payload=entry.payload,
                actor=entry.actor,
                created_at=entry.created_at,
                prev_state_hash=entry.prev_state_hash,
                entry_hash=entry.entry_hash,
                signature=entry.signature,
                key_id=entry.key_id,
            )
        )
        # The Merkle nodes this entry completes, in the same transaction (derived data, see
        # MerkleNodeRow).
        if self._frontier is None or self._frontier.size != seq - 1:
            self._frontier = self._load_frontier(seq - 1, prev)
        for level, position, digest in self._frontier.add(bytes.fromhex(entry.entry_hash)):
            self.session.add(MerkleNodeRow(level=level, position=position, hash=digest.hex()))
        _FRONTIERS[self.session.get_bind()] = (seq, entry.entry_hash, tuple(self._frontier.roots))
        # No flush here: the unit of work writes a transaction's entries together, in seq order,
        # at the next query or at commit, still inside the caller's transaction.
        self._last = (entry.seq, entry.entry_hash)
        return entry

    def _load_frontier(self, size: int, last_hash: str) -> Frontier:
        """The roots an append needs, for a log of ``size`` entries whose last hash is
        ``last_hash``: the stored nodes of its complete subtrees and the hashes of the entries
        after them (fewer than STORED_WIDTH). The roots after this process's last append are
        kept: the last entry's hash commits to every entry before it (the chain), so when the
        log's last entry is still that one, they are still the roots (a rolled-back append left
        roots under a hash that is not the last entry's, never used)."""
        kept = _FRONTIERS.get(self.session.get_bind())
        if kept is not None and kept[0] == size and kept[1] == last_hash:
            return Frontier(size, kept[2])
        keys = frontier_keys(size)
        covered = sum(1 << level for level, _ in keys)
        nodes, rest = self.subtrees(set(keys), set(range(covered + 1, size + 1)))
        if len(nodes) != len(keys):
            raise LogError(
                "the log's stored Merkle nodes are incomplete: run `ceasefire log verify`",
                where="merkle_nodes",
            )
        frontier = Frontier(
            covered, [(level, nodes[(level, position)]) for level, position in keys]
        )
        for seq in range(covered + 1, size + 1):
            frontier.add(rest[seq])
        return frontier

    def subtrees(
        self, keys: set[tuple[int, int]], seqs: set[int]
    ) -> tuple[dict[tuple[int, int], bytes], dict[int, bytes]]:
        """The stored Merkle nodes among ``keys`` (level, position) and the entry hashes of
        entries ``seqs``, as bytes, read in one statement."""
        if not keys and not seqs:
            return {}, {}
        ordered = sorted(keys)
        params: dict[str, Any] = {f"l{i}": level for i, (level, _) in enumerate(ordered)}
        params.update({f"p{i}": position for i, (_, position) in enumerate(ordered)})
        leaves = "none"
        if seqs:
            low, high = min(seqs), max(seqs)
            if high - low < 4 * STORED_WIDTH:
                leaves, params["low"], params["high"] = "range", low, high
            else:
                leaves, params["seqs"] = "list", sorted(seqs)
        nodes: dict[tuple[int, int], bytes] = {}
        hashes: dict[int, bytes] = {}
        for level, position, digest in self.session.execute(
            _subtrees_query(len(ordered), leaves), params
        ):
            if level == LEAF_LEVEL:
                if position in seqs:
                    hashes[int(position)] = bytes.fromhex(digest)
            else:
                nodes[(int(level), int(position))] = bytes.fromhex(digest)
        return nodes, hashes

    def append_many(
        self,
        changes: Iterable[tuple[str, str, Any]],
        *,
        actor: str,
        signer: Signer | None = None,
    ) -> int:
        """Appends an entry per (kind, subject, payload), in order, in the session's transaction,
        and returns how many: the entries :meth:`append` would make one by one (one time for
        them all: they are committed together), hashed in one loop and written with one INSERT of
        many rows. A batch of an import writes its entries this way."""
        if not actor:
            raise LogError("an entry needs a kind, a subject and an actor", where="entry")
        seq, prev = self._next()
        created_at = now_text()
        key_id = signer.name if signer else None
        quoted = f',"created_at":{_quote(created_at)},"key_id":' + (
            "null" if key_id is None else _quote(key_id)
        )
        head = '{"actor":' + _quote(actor) + quoted + ',"kind":'
        rows: list[tuple[Any, ...]] = []
        nodes: list[tuple[int, int, str]] = []
        sha256 = hashlib.sha256
        fromhex = bytes.fromhex
        # The Merkle nodes these entries complete, as append keeps them (see MerkleNodeRow).
        if self._frontier is None or self._frontier.size != seq - 1:
            self._frontier = self._load_frontier(seq - 1, prev)
        frontier = self._frontier
        for kind, subject, payload in changes:
            if not kind or not subject:
                raise LogError(
                    "an entry needs a kind, a subject and an actor", where=kind or "entry"
                )
            payload_text = canonical_text(payload, where=f"{kind} payload")
            # entry_bytes, written out here with the fields that do not change hoisted (a test
            # holds the two equal).
            data = (
                head
                + _quote(kind)
                + ',"payload":'
                + payload_text
                + ',"prev_state_hash":"'
                + prev
                + '","seq":'
                + str(seq)
                + ',"subject":'
                + _quote(subject)
                + f',"v":{ENTRY_VERSION}}}'
            ).encode("utf-8")
            entry_hash = sha256(data).hexdigest()
            rows.append(
                (
                    seq,
                    kind,
                    subject,
                    payload_text,
                    actor,
                    created_at,
                    prev,
                    entry_hash,
                    signer.sign(data) if signer else None,
                    key_id,
                )
            )
            for level, position, digest in frontier.add(fromhex(entry_hash)):
                nodes.append((level, position, digest.hex()))
            seq, prev = seq + 1, entry_hash
        if rows:
            insert_values(self.session, cast(Table, LogEntryRow.__table__), _ENTRY_NAMES, rows)
            if nodes:
                insert_values(
                    self.session, cast(Table, MerkleNodeRow.__table__), _NODE_NAMES, nodes
                )
            self._last = (seq - 1, prev)
            _FRONTIERS[self.session.get_bind()] = (seq - 1, prev, tuple(frontier.roots))
        return len(rows)

    def hold(self) -> None:
        """Takes the append lock now (PostgreSQL; SQLite's write transaction holds it already), for
        a writer that reads what its change depends on — a next id, a case's step — before it
        appends: concurrent writers then read one after the other."""
        self._next()

    def _next(self) -> tuple[int, str]:
        if self._last is None:
            if self.session.get_bind().dialect.name == "postgresql":
                self.session.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _APPEND_LOCK}
                )
            last = self.session.execute(
                select(LogEntryRow.seq, LogEntryRow.entry_hash)
                .order_by(LogEntryRow.seq.desc())
                .limit(1)
            ).first()
            self._last = (0, GENESIS) if last is None else (int(last[0]), str(last[1]))
        seq, entry_hash = self._last
        return seq + 1, entry_hash

    def size(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(LogEntryRow)) or 0)

    def entry(self, seq: int) -> LogEntry:
        row = self.session.get(LogEntryRow, seq)
        if row is None:
            raise NotFoundError("no such log entry", where=f"entry {seq}")
        return to_entry(row)

    def entry_and_size(self, seq: int) -> tuple[LogEntry | None, int]:
        """Entry ``seq`` (None when there is none) and the log's size, in one statement (one
        snapshot: an entry appended after it is in neither)."""
        if not 0 < seq <= _LARGEST_SEQ:  # past any log, and past what the column can hold
            return None, self.last_seq()
        row = self.session.execute(_entry_and_size_query(), {"seq": seq}).one()
        entry = LogEntry._make(row[1:]) if row[1] is not None else None
        return entry, int(row[0])

    def entries(self, *, start: int = 1, limit: int | None = None) -> list[LogEntry]:
        query = select(*_ENTRY_COLUMNS).where(LogEntryRow.seq >= start).order_by(LogEntryRow.seq)
        if limit is not None:
            query = query.limit(limit)
        return [to_entry(row) for row in self.session.execute(query)]

    def about(self, subject: str) -> list[LogEntry]:
        """The entries about one subject (a document, an incident), in order: its history."""
        query = (
            select(*_ENTRY_COLUMNS).where(LogEntryRow.subject == subject).order_by(LogEntryRow.seq)
        )
        return [to_entry(row) for row in self.session.execute(query)]

    def stream(
        self, *, batch: int = 10_000, on_batch: Callable[[int], object] | None = None
    ) -> Iterator[LogEntry]:
        """Every entry in order, fetched ``batch`` rows at a time; ``on_batch`` is told how many
        each time (a progress bar)."""
        query = _entries_query()
        # The driver's rows on the session's connection: the ORM's loading machinery would halve
        # the rate, and Core's rows cost more than the reading.
        batches: Iterator[list[tuple[Any, ...]]] = driver_rows(
            self.session.connection(), query, batch
        )
        if on_batch is not None:
            batches = map(partial(_told, on_batch), batches)
        return chain.from_iterable(map(partial(map, LogEntry._make), batches))

    def last_seq(self) -> int:
        """The last entry's number: the log's size (by the primary key, not by counting rows)."""
        return int(self.session.scalar(select(func.max(LogEntryRow.seq))) or 0)

    def stored_tree(self, size: int | None = None, *, last: int | None = None) -> StoredTree:
        """The Merkle tree of the first ``size`` entries (all by default), read from the stored
        nodes as a root or proof needs them: O(log n) rows, nothing rebuilt. ``last``: the log's
        size when the caller has read it already."""
        last = self.last_seq() if last is None else last
        return StoredTree(last if size is None else min(size, last), self)

    def tree(self, size: int | None = None) -> HashTree:
        """The Merkle tree of the first ``size`` entries (all by default), rebuilt in memory from
        their stored hashes (verification; proofs use :meth:`stored_tree`)."""
        table = LogEntryRow.__table__
        query = select(table.c.entry_hash).order_by(table.c.seq)
        if size is not None:
            query = query.limit(size)
        rows = self.session.connection().execute(query, execution_options={"yield_per": 50_000})
        fromhex = bytes.fromhex
        return HashTree.of(fromhex(row[0]) for row in rows)

    def add_head(self, head: TreeHead) -> None:
        self.session.add(
            TreeHeadRow(
                size=head.size,
                root_hash=head.root_hash,
                created_at=head.created_at,
                signature=head.signature,
                key_id=head.key_id,
            )
        )
        self.session.flush()

    def heads(self) -> list[TreeHead]:
        rows = self.session.scalars(select(TreeHeadRow).order_by(TreeHeadRow.id))
        return [
            TreeHead(
                size=row.size,
                root_hash=row.root_hash,
                created_at=row.created_at,
                key_id=row.key_id,
                signature=row.signature,
            )
            for row in rows
        ]
