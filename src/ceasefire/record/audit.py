"""Verification: replay the log, recompute every hash, check every signature and tree head, and
compare what the entries say with the rows and files they made.

:class:`LogReplay` checks the log itself (sequence, entry hashes, hash chain, signatures against the
keys registered through the log, tree heads). Each kind of entry is handed to the checker registered
for it, which compares the entries with the rows. A later kind of row plugs in with a class that has
``kinds`` (the entry kinds it replays), ``observe(entry)`` (called in log order; may return
discrepancies) and ``finish()`` (compares what it saw with the rows: changed, deleted, or rows without
an entry), registered with one call (see :mod:`ceasefire.record.checkers`). An entry of a kind nobody
checks is itself a discrepancy, and so is a checker that fails: verification never stops at a
traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.errors import LogError
from ceasefire.record.blobs import PACKS, BlobStore
from ceasefire.record.checkers import CheckerRegistry, Coverage, Discrepancy, EntryChecker
from ceasefire.record.documents import to_domain
from ceasefire.record.entries import (
    DOCUMENT_ADDED,
    EXTRACTION_RECORDED,
    EXTRACTION_WITHDRAWN,
    INCIDENT_CREATED,
    INCIDENT_STATE_KINDS,
    KEY_REGISTERED,
    PASSWORD_SET,
    TOKEN_ISSUED,
    TOKEN_REVOKED,
    TREE_HEAD_ISSUED,
    USER_ADDED,
    USER_DISABLED,
    USER_ENABLED,
    document_payload,
    extraction_payload,
    incident_payload,
    password_sha256,
    state_of,
)
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.keys import KeyRole, is_valid_signature
from ceasefire.record.log import GENESIS, HashedRun, LogEntry, TreeHead, entry_bytes
from ceasefire.record.log_tables import KeyRow, TreeHeadRow
from ceasefire.record.merkle import HashTree
from ceasefire.record.originals import Originals
from ceasefire.record.sealing import commitment_in
from ceasefire.record.tables import (
    AggregateRow,
    DocumentRow,
    ExtractionRunRow,
    ReportedAgreementRow,
)
from ceasefire.record.web_tables import ApiTokenRow, UserRow

__all__ = ["Discrepancy", "EntryChecker", "LogReplay", "register"]


class Opener(Protocol):
    """A checker that also opens sealed entries (:mod:`ceasefire.record.sealing`;
    :class:`ceasefire.record.sealing_audit.Commitments`): an entry it opens goes on to the checker
    of its kind; one it cannot open is checked as part of the chain and the tree only."""

    def open(self, entry: LogEntry) -> LogEntry | None: ...


@dataclass(frozen=True, slots=True)
class RegisteredKey:
    name: str
    role: str
    public_key: str
    seq: int


def short(digest: str) -> str:
    return digest[:12]


def blob_problem(path: Any, digest: str) -> str | None:
    """Why the original at ``path`` is not the document ``digest``; None when it is."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "original file missing"
    except OSError as exc:
        return f"original file unreadable ({exc.strerror})"
    if hashlib.sha256(data).hexdigest() != digest:
        return "original file altered (its sha256 is not the document id)"
    return None


# Fields added to payloads after the first entries were written: an older entry without one vouches
# for the fields it has (no entry can be altered to drop one).
NEWER_FIELDS = frozenset({"mentions", "victims", "quote_sha256", "minhash_sha256", "readings"})


def as_logged(actual: Any, logged: Any) -> Any:
    """``actual`` without the newer fields (:data:`NEWER_FIELDS`) the logged state lacks."""
    if actual == logged:
        return actual  # the usual case, and the fast one
    if isinstance(actual, dict) and isinstance(logged, dict):
        return {
            key: as_logged(value, logged[key]) if key in logged else value
            for key, value in actual.items()
            if key in logged or key not in NEWER_FIELDS
        }
    if isinstance(actual, list) and isinstance(logged, list) and len(actual) == len(logged):
        return [as_logged(a, b) for a, b in zip(actual, logged, strict=True)]
    return actual


def checker_name(checker: object) -> str:
    return type(checker).__name__


def changed_fields(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Names of the payload fields that differ (``meta.title`` shown as ``title``)."""
    names = []
    for key in sorted(set(expected) | set(actual)):
        left, right = expected.get(key), actual.get(key)
        if isinstance(left, dict) and isinstance(right, dict):
            names += changed_fields(left, right)
        elif left != right:
            names.append("text" if key == "text_sha256" else key)
    return names


def _check_run(run: HashedRun, seen: int) -> None:
    """A worker hashed the rows of its run that it read; this process must have read as many, or
    their leaves are not those of the entries checked here."""
    if seen != run.count:
        raise LogError(
            f"the log changed while it was verified (a worker read {run.count} of entries "
            f"{run.first}–{run.last}, this process {seen}): verify it again",
            where="log",
        )


class LogReplay:
    """Checks a log entry by entry, in order; builds its Merkle tree and key registry as it goes."""

    def __init__(self, checkers: Iterable[EntryChecker]) -> None:
        # A kind may be replayed by more than one checker (a document's row and its index).
        self.by_kind: dict[str, tuple[EntryChecker, ...]] = {}
        self.checkers = list(checkers)
        self.opener: Opener | None = None
        for checker in self.checkers:
            for kind in checker.kinds:
                self.by_kind[kind] = (*self.by_kind.get(kind, ()), checker)
            if hasattr(checker, "open"):
                self.opener = checker  # type: ignore[assignment]
        self.tree = HashTree()
        self.keys: dict[str, RegisteredKey] = {}
        self.found: list[Discrepancy] = []
        self._seq = 0
        self._prev = GENESIS

    @property
    def size(self) -> int:
        """The number of entries read (a missing row is not counted, though its seq is)."""
        return int(self.tree.size)

    def feed(self, entries: Iterable[LogEntry], hashed: Iterable[HashedRun] = ()) -> None:
        """Checks ``entries`` in order. ``hashed``: runs of them that workers read and hashed
        (:func:`~ceasefire.record.log.hash_run`), in order from the first; their hashes are taken
        in place of hashing here, and an entry past them is hashed here."""
        # The hot loop of `log verify`: locals only, fields unpacked once, leaf hashes packed into
        # one buffer, and strings built only for discrepancies.
        found, sha256, by_kind, opener = self.found, hashlib.sha256, self.by_kind, self.opener
        leaves, zero = bytearray(), b"\x00"
        last, prev = self._seq, self._prev
        runs = iter(hashed)
        run = next(runs, None)  # the run the entries are in, while there are runs
        if run is not None:
            self.tree.add_leaf_hashes(run.leaves, run.levels)
        seen = 0  # entries of the current run met here
        for entry in entries:
            seq, kind, subject, payload, actor, created_at, prev_hash, entry_hash = entry[:8]
            signature, key_id = entry[8], entry[9]
            if seq != last + 1:
                if seq == last + 2:
                    problem = f"entry {last + 1} is missing"
                elif seq > last + 2:
                    problem = f"entries {last + 1}–{seq - 1} are missing"
                else:
                    problem = f"out of order (after entry {last})"
                found.append(Discrepancy(f"entry {seq}", problem))
            elif prev_hash != prev:
                found.append(
                    Discrepancy(
                        f"entry {seq}",
                        "hash chain broken (prev_state_hash is not the previous entry's hash)",
                    )
                )
            while run is not None and seq > run.last:
                _check_run(run, seen)
                run, seen = next(runs, None), 0
                if run is not None:
                    self.tree.add_leaf_hashes(run.leaves, run.levels)
            data = None
            if run is not None:
                seen += 1
                altered = seq in run.altered
            else:
                data = entry_bytes(
                    seq, kind, subject, payload, actor, created_at, prev_hash, key_id
                )
                digest = sha256(data).digest()
                altered = digest.hex() != entry_hash
                leaves += sha256(zero + digest).digest()
            if altered:
                found.append(
                    Discrepancy(
                        f"entry {seq}",
                        f"{kind} entry altered (its hash does not match its contents)",
                    )
                )
            last, prev = seq, entry_hash
            if kind == KEY_REGISTERED:
                self._register(entry)
            if key_id is not None or signature is not None:
                if data is None:
                    data = entry_bytes(
                        seq, kind, subject, payload, actor, created_at, prev_hash, key_id
                    )
                self._check_signature(entry, data)
            if payload.startswith('{"commitment":') and commitment_in(payload):
                try:
                    opened = opener.open(entry) if opener is not None else None
                except Exception as exc:  # a checker's failure is a discrepancy, never a crash
                    found.append(Discrepancy(f"entry {seq}", f"cannot be opened ({exc!r})"))
                    continue
                if opened is None:
                    continue
                entry = opened
            checkers = by_kind.get(kind)
            if checkers is None:
                found.append(
                    Discrepancy(f"entry {seq}", f"unknown kind {kind!r}: nothing can check it")
                )
                continue
            for checker in checkers:
                try:
                    more = checker.observe(entry)
                except Exception as exc:  # a checker's failure is a discrepancy, never a crash
                    more = [Discrepancy(f"entry {seq}", f"cannot be checked ({exc!r})")]
                if more:
                    found += more
        if run is not None:
            _check_run(run, seen)
        for rest in runs:
            _check_run(rest, 0)
        if leaves:
            self.tree.add_leaf_hashes(leaves)
        self._seq, self._prev = last, prev

    def _register(self, entry: LogEntry) -> None:
        try:
            payload = json.loads(entry.payload)
            key = RegisteredKey(payload["name"], payload["role"], payload["public_key"], entry.seq)
        except (ValueError, KeyError, TypeError):
            self.found.append(Discrepancy(f"entry {entry.seq}", "malformed key_registered payload"))
            return
        if key.name in self.keys:
            self.found.append(
                Discrepancy(f"entry {entry.seq}", f"key {key.name!r} registered twice")
            )
            return
        self.keys[key.name] = key

    def _check_signature(self, entry: LogEntry, data: bytes) -> None:
        where = f"entry {entry.seq}"
        if entry.key_id is None or entry.signature is None:
            self.found.append(
                Discrepancy(where, "a signature without a key, or a key without a signature")
            )
            return
        key = self.keys.get(entry.key_id)
        if key is None:
            self.found.append(Discrepancy(where, f"signed by unregistered key {entry.key_id!r}"))
        elif not is_valid_signature(key.public_key, data, entry.signature):
            self.found.append(Discrepancy(where, f"bad signature by key {entry.key_id!r}"))

    def check_heads(self, heads: Iterable[TreeHead], *, label: str = "head") -> None:
        for number, head in enumerate(heads, start=1):
            self.check_head(head, where=f"{label} {number} (size {head.size})")

    def check_head(self, head: TreeHead, *, where: str) -> None:
        """The log must extend ``head``: as many entries at least, the same root at its size, and
        a good signature by a secretariat key registered in the log."""
        if not isinstance(head.size, int) or head.size < 0:
            self.found.append(Discrepancy(where, "malformed size"))
            return
        if head.size > self.size:
            self.found.append(
                Discrepancy(where, f"the log has only {self.size} entries: entries were removed")
            )
            return
        if self.tree.root(head.size).hex() != head.root_hash:
            self.found.append(
                Discrepancy(where, "root hash does not match the log: entries were altered")
            )
        if head.key_id is None and head.signature is None:
            return
        key = self.keys.get(head.key_id or "")
        if key is None or head.signature is None:
            self.found.append(Discrepancy(where, f"signed by unregistered key {head.key_id!r}"))
        elif key.role != KeyRole.SECRETARIAT:
            self.found.append(Discrepancy(where, f"signed by {key.name!r}, not a secretariat key"))
        elif not is_valid_signature(key.public_key, head.signed_bytes(), head.signature):
            self.found.append(Discrepancy(where, f"bad signature by key {key.name!r}"))

    def finish(self) -> list[Discrepancy]:
        for checker in self.checkers:
            try:
                self.found += checker.finish()
            except Exception as exc:  # a row no checker could read is a discrepancy, not a crash
                self.found.append(Discrepancy(checker_name(checker), f"cannot check ({exc!r})"))
        return self.found


class DocumentRows:
    """``document_added`` entries against the documents table and the folder of originals."""

    kinds: ClassVar[frozenset[str]] = frozenset({DOCUMENT_ADDED})

    def __init__(self, session: Session, blobs: BlobStore) -> None:
        self.session = session
        self.blobs = blobs
        self.expected: dict[str, tuple[int, dict[str, Any]]] = {}

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        return observe_document(self.expected, entry)

    def finish(self) -> list[Discrepancy]:
        found = []
        seen: set[str] = set()
        rows = self.session.scalars(
            select(DocumentRow).order_by(DocumentRow.id).execution_options(yield_per=1000)
        )
        for row in rows:
            seen.add(row.id)
            expected = self.expected.get(row.id)
            if expected is None:
                found.append(Discrepancy(f"document {short(row.id)}", "row without a log entry"))
                continue
            seq, payload = expected
            document = to_domain(row)
            actual = as_logged(document_payload(document), payload)
            if actual != payload:
                fields = ", ".join(changed_fields(payload, actual))
                found.append(
                    Discrepancy(f"entry {seq}", f"document {short(row.id)} row changed ({fields})")
                )
            elif row.word_count != document.word_count:
                found.append(
                    Discrepancy(
                        f"document {short(row.id)}", "word_count is not the count of its text"
                    )
                )
        kept = Originals(self.session, self.blobs)
        originals = dict(kept.problems(self.expected))
        for document_id in kept.packed_outside(self.expected):
            found.append(
                Discrepancy(
                    f"packed original {short(document_id)}", "location of a document not in the log"
                )
            )
        for digest, (seq, _) in self.expected.items():
            if digest not in seen:
                found.append(Discrepancy(f"entry {seq}", f"document {short(digest)} row deleted"))
            problem = originals.get(digest)
            if problem:
                found.append(Discrepancy(f"entry {seq}", f"document {short(digest)} {problem}"))
        found += stray_files(self.blobs.root, set(self.expected), kept.packs())
        return found


def stray_files(
    root: Path, digests: set[str], packs: set[str] | frozenset[str] = frozenset()
) -> list[Discrepancy]:
    """Every file in the folder of originals that is no logged document's original nor a pack
    the record locates originals in (``packs``): a planted file, or the leftover of a write that
    was killed (``.incoming-*``, or a pack of a batch that was never committed; safe to delete,
    and the next import removes such a pack)."""
    found = []
    top = root.name
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        inside = os.path.relpath(folder, root)
        # Only documents/ab/cdef… can be an original.
        prefix = inside if len(inside) == 2 and os.sep not in inside else None
        for name in sorted(files):
            relative = (
                f"{top}/{name}" if inside == "." else f"{top}/{Path(inside).as_posix()}/{name}"
            )
            if name.startswith(".incoming-"):
                found.append(
                    Discrepancy(relative, "leftover of an interrupted write (safe to delete)")
                )
            elif inside == PACKS:
                if name not in packs:
                    found.append(
                        Discrepancy(
                            relative,
                            "pack not in the record: leftover of an interrupted import (safe to "
                            "delete; the next import removes it)",
                        )
                    )
            elif prefix is None or prefix + name not in digests:
                found.append(Discrepancy(relative, "file not in the log"))
    return found


def observe_document(
    expected: dict[str, tuple[int, dict[str, Any]]], entry: LogEntry
) -> list[Discrepancy] | None:
    try:
        payload = json.loads(entry.payload)
        digest = payload["id"]
    except (ValueError, KeyError, TypeError):
        return [Discrepancy(f"entry {entry.seq}", "malformed document_added payload")]
    if digest != entry.subject:
        return [Discrepancy(f"entry {entry.seq}", "subject is not the document id of the payload")]
    if digest in expected:
        return [Discrepancy(f"entry {entry.seq}", f"document {short(digest)} added twice")]
    expected[digest] = (entry.seq, payload)
    return None


class KeyRows:
    """``key_registered`` entries against the keys table."""

    kinds: ClassVar[frozenset[str]] = frozenset({KEY_REGISTERED})

    def __init__(self, rows: Callable[[], Iterable[dict[str, Any]]]) -> None:
        self.rows = rows
        self.expected: dict[str, tuple[int, dict[str, Any]]] = {}

    @classmethod
    def of_session(cls, session: Session) -> KeyRows:
        def rows() -> list[dict[str, Any]]:
            return [
                {
                    "name": r.name,
                    "role": r.role,
                    "party": r.party,
                    "public_key": r.public_key,
                    "created_at": r.created_at,
                }
                for r in session.scalars(select(KeyRow).order_by(KeyRow.name))
            ]

        return cls(rows)

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        try:
            payload = json.loads(entry.payload)
            self.expected.setdefault(
                payload["name"], (entry.seq, {**payload, "created_at": entry.created_at})
            )
        except (ValueError, KeyError, TypeError):
            pass  # LogReplay reports the malformed payload
        return None

    def finish(self) -> list[Discrepancy]:
        found = []
        seen = set()
        for row in self.rows():
            name = row.get("name", "?")
            seen.add(name)
            expected = self.expected.get(name)
            if expected is None:
                found.append(Discrepancy(f"key {name}", "registered without a log entry"))
                continue
            seq, payload = expected
            fields = [
                f
                for f in ("role", "party", "public_key", "created_at")
                if f in row and payload.get(f) != row.get(f)
            ]
            if fields:
                found.append(
                    Discrepancy(f"entry {seq}", f"key {name} row changed ({', '.join(fields)})")
                )
        for name, (seq, _) in self.expected.items():
            if name not in seen:
                found.append(Discrepancy(f"entry {seq}", f"key {name} row deleted"))
        return found


class IncidentRows:
    """``incident_created`` entries against the incidents with their claims. Each entry carries the
    incident's whole state; a later entry about the same incident replaces what is expected of it."""

    kinds: ClassVar[frozenset[str]] = INCIDENT_STATE_KINDS

    def __init__(self, session: Session) -> None:
        self.session = session
        self.expected: dict[str, tuple[int, dict[str, Any]]] = {}

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        try:
            payload = state_of(entry.kind, json.loads(entry.payload))
        except ValueError:
            return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
        where = f"entry {entry.seq}"
        if not isinstance(payload, dict) or payload.get("id") != entry.subject:
            return [Discrepancy(where, "subject is not the incident id of the payload")]
        if entry.kind == INCIDENT_CREATED and entry.subject in self.expected:
            return [Discrepancy(where, f"incident {entry.subject} created twice")]
        if entry.kind != INCIDENT_CREATED and entry.subject not in self.expected:
            return [Discrepancy(where, f"incident {entry.subject} updated before it was created")]
        self.expected[entry.subject] = (entry.seq, payload)
        return None

    def finish(self) -> list[Discrepancy]:
        found = []
        seen: set[str] = set()
        for incident in IncidentRepository(self.session).list(include_merged=True):
            seen.add(incident.id)
            expected = self.expected.get(incident.id)
            if expected is None:
                found.append(Discrepancy(f"incident {incident.id}", "row without a log entry"))
                continue
            seq, payload = expected
            actual = as_logged(incident_payload(incident), payload)
            if actual != payload:
                fields = ", ".join(changed_fields(payload, actual))
                found.append(
                    Discrepancy(f"entry {seq}", f"incident {incident.id} changed ({fields})")
                )
        for incident_id, (seq, _) in self.expected.items():
            if incident_id not in seen:
                found.append(Discrepancy(f"entry {seq}", f"incident {incident_id} row deleted"))
        return found


class ExtractionRows:
    """``extraction_recorded`` entries against the aggregates, agreements and run of each document."""

    kinds: ClassVar[frozenset[str]] = frozenset({EXTRACTION_RECORDED, EXTRACTION_WITHDRAWN})

    def __init__(self, session: Session) -> None:
        self.session = session
        self.expected: dict[str, tuple[int, dict[str, Any]]] = {}

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        if entry.kind == EXTRACTION_WITHDRAWN:  # no rows expected of the document from here on
            self.expected.pop(entry.subject, None)
            return None
        try:
            payload = json.loads(entry.payload)
        except ValueError:
            return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
        self.expected[entry.subject] = (entry.seq, payload)
        return None

    def finish(self) -> list[Discrepancy]:
        found = []
        repository = IncidentRepository(self.session)
        runs = {row.document_id: row for row in self.session.scalars(select(ExtractionRunRow))}
        documents_with_rows = set(runs)
        documents_with_rows |= set(self.session.scalars(select(AggregateRow.document_id)))
        documents_with_rows |= set(self.session.scalars(select(ReportedAgreementRow.document_id)))
        for document_id in sorted(documents_with_rows - set(self.expected)):
            found.append(
                Discrepancy(f"document {short(document_id)}", "extraction rows without a log entry")
            )
        for document_id, (seq, payload) in self.expected.items():
            run = runs.get(document_id)
            if run is None:
                found.append(
                    Discrepancy(f"entry {seq}", f"extraction of {short(document_id)} deleted")
                )
                continue
            actual = as_logged(
                extraction_payload(
                    document_id,
                    dict(run.versions),
                    list(repository.aggregates(document_id)),
                    list(repository.agreements(document_id)),
                ),
                payload,
            )
            if actual != payload:
                fields = ", ".join(changed_fields(payload, actual))
                found.append(
                    Discrepancy(
                        f"entry {seq}", f"extraction of {short(document_id)} changed ({fields})"
                    )
                )
        return found


class StateRows:
    """Entries that set fields of one row each (the row's key is the entry's subject), against the
    rows: a later entry about the same key updates what is expected of it. ``fields`` maps each
    payload field to the row attribute it must equal; the first kind creates the row, with
    ``defaults`` for the fields its entry leaves unsaid (a new token is not revoked)."""

    kinds: ClassVar[frozenset[str]] = frozenset()
    noun: ClassVar[str] = "row"
    creating_kind: ClassVar[str] = ""
    fields: ClassVar[dict[str, str]] = {}
    defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, session: Session) -> None:
        self.session = session
        self.expected: dict[str, tuple[int, dict[str, Any]]] = {}

    def rows(self) -> Iterable[Any]:
        raise NotImplementedError

    def key_of(self, row: Any) -> str:
        raise NotImplementedError

    def value(self, row: Any, attribute: str) -> Any:
        return getattr(row, attribute)

    def merged(self, kind: str, known: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
        """What is expected of a row after a later entry about it: the fields it sets, set."""
        return {**known, **payload}

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        try:
            payload = json.loads(entry.payload)
        except ValueError:
            return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
        if not isinstance(payload, dict):
            return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
        known = self.expected.get(entry.subject)
        if entry.kind == self.creating_kind:
            # The row keeps the time of the entry that made it.
            payload = {**self.defaults, **payload, "created_at": entry.created_at}
            if known is not None:
                return [
                    Discrepancy(f"entry {entry.seq}", f"{self.noun} {entry.subject} made twice")
                ]
            self.expected[entry.subject] = (entry.seq, payload)
            return None
        if known is None:
            return [
                Discrepancy(
                    f"entry {entry.seq}", f"{entry.kind} of unknown {self.noun} {entry.subject}"
                )
            ]
        self.expected[entry.subject] = (entry.seq, self.merged(entry.kind, known[1], payload))
        return None

    def finish(self) -> list[Discrepancy]:
        found = []
        seen: set[str] = set()
        for row in self.rows():
            key = self.key_of(row)
            seen.add(key)
            expected = self.expected.get(key)
            if expected is None:
                found.append(Discrepancy(f"{self.noun} {key}", "row without a log entry"))
                continue
            seq, payload = expected
            changed = [
                name
                for name, attribute in self.fields.items()
                if name in payload and payload[name] != self.value(row, attribute)
            ]
            if changed:
                found.append(
                    Discrepancy(
                        f"entry {seq}", f"{self.noun} {key} row changed ({', '.join(changed)})"
                    )
                )
        for key, (seq, _) in self.expected.items():
            if key not in seen:
                found.append(Discrepancy(f"entry {seq}", f"{self.noun} {key} row deleted"))
        return found


class UserRows(StateRows):
    """``user_added`` entries and the later ``user_disabled``, ``user_enabled`` and ``password_set``
    entries about a user, merged into its state, against the users table: name, role, party,
    whether active, and the sha256 of the password hash (a hash copied from another account is a
    changed row). ``user_added`` makes an active account unless it says otherwise."""

    kinds = frozenset({USER_ADDED, USER_DISABLED, USER_ENABLED, PASSWORD_SET})
    noun = "user"
    creating_kind = USER_ADDED
    fields: ClassVar[dict[str, str]] = {
        "name": "name",
        "role": "role",
        "party": "party",
        "is_active": "is_active",
        "password_sha256": "password_hash",
        "created_at": "created_at",
    }
    defaults: ClassVar[dict[str, Any]] = {"is_active": True}

    def merged(self, kind: str, known: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
        state = {**known, **payload}
        if kind == PASSWORD_SET and "password_sha256" not in payload:
            # Written before password_set carried the new hash's sha256: the hash is not known.
            state.pop("password_sha256", None)
        return state

    def rows(self) -> Iterable[Any]:
        return self.session.scalars(select(UserRow).order_by(UserRow.name))

    def key_of(self, row: Any) -> str:
        return str(row.name)

    def value(self, row: Any, attribute: str) -> Any:
        if attribute == "password_hash":
            return password_sha256(row.password_hash)
        if attribute == "is_active":
            return bool(row.is_active)
        return getattr(row, attribute)


class TokenRows(StateRows):
    """``token_issued`` and ``token_revoked`` entries against the API tokens (by the token's sha256):
    owner, time, expiry, revocation. A token issued is not revoked; one issued before tokens
    expired (no ``expires_at`` in its entry) has none in its row either."""

    kinds = frozenset({TOKEN_ISSUED, TOKEN_REVOKED})
    noun = "token"
    creating_kind = TOKEN_ISSUED
    fields: ClassVar[dict[str, str]] = {
        "user": "user_name",
        "token_sha256": "token_sha256",
        "created_at": "created_at",
        "expires_at": "expires_at",
        "revoked_at": "revoked_at",
    }
    defaults: ClassVar[dict[str, Any]] = {"expires_at": None, "revoked_at": None}

    def rows(self) -> Iterable[Any]:
        return self.session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.token_sha256))

    def key_of(self, row: Any) -> str:
        return str(row.token_sha256)


class AccountEntries:
    """In a verification bundle, which carries no accounts (password hashes and token digests stay
    with the store): the user and token entries are checked for order only: each change follows
    the entry that made its user or token, and nothing is made twice."""

    kinds: ClassVar[frozenset[str]] = UserRows.kinds | TokenRows.kinds

    def __init__(self) -> None:
        self.made: set[tuple[str, str]] = set()

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        noun = UserRows.noun if entry.kind in UserRows.kinds else TokenRows.noun
        key = (noun, entry.subject)
        if entry.kind in (UserRows.creating_kind, TokenRows.creating_kind):
            if key in self.made:
                return [Discrepancy(f"entry {entry.seq}", f"{noun} {entry.subject} made twice")]
            self.made.add(key)
            return None
        if key not in self.made:
            return [
                Discrepancy(f"entry {entry.seq}", f"{entry.kind} of unknown {noun} {entry.subject}")
            ]
        return None

    def finish(self) -> list[Discrepancy]:
        return []


class TreeHeadRows:
    """``tree_head_issued`` entries against the tree heads: each entry says a head covering the log
    up to it was issued, so a deleted head is named. (Roots and signatures are checked by
    :meth:`LogReplay.check_heads`.) Heads issued before the first such entry predate it."""

    kinds: ClassVar[frozenset[str]] = frozenset({TREE_HEAD_ISSUED})

    def __init__(self, heads: Callable[[], Iterable[tuple[str, Any, Any, Any]]]) -> None:
        self.heads = heads
        self.expected: dict[int, dict[str, Any]] = {}

    @classmethod
    def of_session(cls, session: Session) -> TreeHeadRows:
        def heads() -> list[tuple[str, Any, Any, Any]]:
            rows = session.scalars(select(TreeHeadRow).order_by(TreeHeadRow.id))
            return [(f"tree head {r.id}", r.size, r.created_at, r.key_id) for r in rows]

        return cls(heads)

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        try:
            payload = json.loads(entry.payload)
            self.expected[entry.seq] = {
                "created_at": payload["created_at"],
                "key_id": payload["key_id"],
            }
        except (ValueError, KeyError, TypeError):
            return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
        return None

    def finish(self) -> list[Discrepancy]:
        found = []
        seen: set[int] = set()
        first = min(self.expected, default=None)
        for where, size, created_at, key_id in self.heads():
            expected = self.expected.get(size)
            if expected is None:
                if first is not None and size >= first:
                    found.append(Discrepancy(f"{where} (size {size})", "head without a log entry"))
                continue
            if size in seen:
                found.append(Discrepancy(f"{where} (size {size})", "a second head of this size"))
                continue
            seen.add(size)
            changed = [
                name
                for name, value in (("created_at", created_at), ("key_id", key_id))
                if expected[name] != value
            ]
            if changed:
                found.append(
                    Discrepancy(f"entry {size}", f"tree head changed ({', '.join(changed)})")
                )
        for seq in sorted(set(self.expected) - seen):
            found.append(Discrepancy(f"entry {seq}", f"tree head of size {seq} deleted"))
        return found


def register(registry: CheckerRegistry) -> None:
    """The checkers of this module: documents, keys, incidents, extraction, accounts, heads."""
    registry.add(Coverage("log", tables=("log_entries",)))
    registry.add(
        Coverage(
            "documents",
            tables=("documents", "packed_originals"),
            store=DocumentRows,
        )
    )
    registry.add(
        Coverage("keys", tables=("keys",), store=lambda s, _b: KeyRows.of_session(s)),
    )
    registry.add(
        Coverage(
            "incidents",
            tables=("incidents", "claims", "mentions", "incident_readings"),
            store=lambda s, _b: IncidentRows(s),
            unchecked={
                "claims.id": "a surrogate key: a claim is its incident, document and offsets",
                "mentions.id": "a surrogate key: a mention is its incident, document and offsets",
                "incident_readings.id": "a surrogate key: a reading is its incident and document",
            },
        )
    )
    registry.add(
        Coverage(
            "extraction",
            tables=("extraction_runs", "aggregates", "reported_agreements"),
            store=lambda s, _b: ExtractionRows(s),
            unchecked={
                "aggregates.id": "a surrogate key: an aggregate is its document and offsets",
                "reported_agreements.id": "a surrogate key: an agreement is its document and "
                "offsets",
                "extraction_runs.ran_at": "when the pipeline ran, before its entry was written "
                "(the entry's time is the logged one)",
            },
        )
    )
    registry.add(Coverage("users", tables=("users",), store=lambda s, _b: UserRows(s)))
    registry.add(Coverage("tokens", tables=("api_tokens",), store=lambda s, _b: TokenRows(s)))
    # A bundle carries no accounts: their entries are checked for order only.
    registry.add_bundle("accounts", lambda _folder, _read: AccountEntries())
    registry.add_outside(
        "web_sessions",
        "logins of the web app, by the sha256 of their cookie's random id: logging them would "
        "publish who logs in when. A row is accepted only for an active user and with a cookie "
        "signed by the server's secret, and ending one only logs someone out",
    )
    registry.add(
        Coverage(
            "tree heads",
            tables=("tree_heads",),
            store=lambda s, _b: TreeHeadRows.of_session(s),
            unchecked={"tree_heads.id": "a surrogate key: a head is named by its size"},
        )
    )
