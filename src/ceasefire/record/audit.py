"""Verification: replay the log, recompute every hash, check every signature and tree head, and
compare what the entries say with the rows and files they made.

:class:`LogReplay` checks the log itself (sequence, entry hashes, hash chain, signatures against the
keys registered through the log, tree heads). Each kind of entry is handed to the checker registered
for it, which compares the entries with the rows. A later kind of row plugs in with a class that has
``kinds`` (the entry kinds it replays), ``observe(entry)`` (called in log order; may return
discrepancies) and ``finish()`` (compares what it saw with the rows: changed, deleted, or rows without
an entry), added to :data:`STORE_CHECKERS`. An entry of a kind nobody checks is itself a discrepancy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.record.blobs import BlobStore
from ceasefire.record.documents import to_domain
from ceasefire.record.entries import (
    DOCUMENT_ADDED,
    EXTRACTION_RECORDED,
    INCIDENT_CREATED,
    INCIDENT_STATE_KINDS,
    KEY_REGISTERED,
    TOKEN_ISSUED,
    USER_ADDED,
    document_payload,
    extraction_payload,
    incident_payload,
    state_of,
)
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.keys import KeyRole, is_valid_signature
from ceasefire.record.log import GENESIS, LogEntry, TreeHead, entry_bytes_of
from ceasefire.record.log_tables import KeyRow
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


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """One thing wrong, said in one line: ``where`` (an entry, a row, a file) and the problem."""

    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


class EntryChecker(Protocol):
    kinds: ClassVar[frozenset[str]]

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None: ...

    def finish(self) -> list[Discrepancy]: ...


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


class LogReplay:
    """Checks a log entry by entry, in order; builds its Merkle tree and key registry as it goes."""

    def __init__(self, checkers: Iterable[EntryChecker]) -> None:
        self.by_kind: dict[str, EntryChecker] = {}
        self.checkers = list(checkers)
        self.opener: Opener | None = None
        for checker in self.checkers:
            for kind in checker.kinds:
                self.by_kind[kind] = checker
            if hasattr(checker, "open"):
                self.opener = checker  # type: ignore[assignment]
        self.tree = HashTree()
        self.keys: dict[str, RegisteredKey] = {}
        self.found: list[Discrepancy] = []
        self._seq = 0
        self._prev = GENESIS

    @property
    def size(self) -> int:
        return self._seq

    def feed(self, entries: Iterable[LogEntry]) -> None:
        # The hot loop of `log verify`: locals only, and strings built only for discrepancies.
        found, sha256, add_leaf, by_kind = self.found, hashlib.sha256, self.tree.add, self.by_kind
        encode, opener = entry_bytes_of, self.opener
        last, prev = self._seq, self._prev
        for entry in entries:
            seq = entry.seq
            if seq != last + 1:
                problem = (
                    f"entries {last + 1}–{seq - 1} are missing"
                    if seq > last + 1
                    else f"out of order (after entry {last})"
                )
                found.append(Discrepancy(f"entry {seq}", problem))
            elif entry.prev_state_hash != prev:
                found.append(
                    Discrepancy(
                        f"entry {seq}",
                        "hash chain broken (prev_state_hash is not the previous entry's hash)",
                    )
                )
            data = encode(entry)
            digest = sha256(data).digest()
            if digest.hex() != entry.entry_hash:
                found.append(
                    Discrepancy(
                        f"entry {seq}",
                        f"{entry.kind} entry altered (its hash does not match its contents)",
                    )
                )
            last, prev = seq, entry.entry_hash
            add_leaf(digest)
            kind = entry.kind
            if kind == KEY_REGISTERED:
                self._register(entry)
            if entry.key_id is not None or entry.signature is not None:
                self._check_signature(entry, data)
            if entry.payload.startswith('{"commitment":') and commitment_in(entry.payload):
                opened = opener.open(entry) if opener is not None else None
                if opened is None:
                    continue
                entry = opened
            checker = by_kind.get(kind)
            if checker is None:
                found.append(
                    Discrepancy(f"entry {seq}", f"unknown kind {kind!r}: nothing can check it")
                )
                continue
            more = checker.observe(entry)
            if more:
                found += more
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
            where = f"{label} {number} (size {head.size})"
            if head.size > self.size:
                self.found.append(
                    Discrepancy(
                        where, f"the log has only {self.size} entries: entries were removed"
                    )
                )
                continue
            if self.tree.root(head.size).hex() != head.root_hash:
                self.found.append(
                    Discrepancy(where, "root hash does not match the log: entries were altered")
                )
            if head.key_id is None and head.signature is None:
                continue
            key = self.keys.get(head.key_id or "")
            if key is None or head.signature is None:
                self.found.append(Discrepancy(where, f"signed by unregistered key {head.key_id!r}"))
            elif key.role != KeyRole.SECRETARIAT:
                self.found.append(
                    Discrepancy(where, f"signed by {key.name!r}, not a secretariat key")
                )
            elif not is_valid_signature(key.public_key, head.signed_bytes(), head.signature):
                self.found.append(Discrepancy(where, f"bad signature by key {key.name!r}"))

    def finish(self) -> list[Discrepancy]:
        for checker in self.checkers:
            self.found += checker.finish()
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
            actual = document_payload(to_domain(row))
            if actual != payload:
                fields = ", ".join(changed_fields(payload, actual))
                found.append(
                    Discrepancy(f"entry {seq}", f"document {short(row.id)} row changed ({fields})")
                )
        originals = dict(Originals(self.session, self.blobs).problems(self.expected))
        for digest, (seq, _) in self.expected.items():
            if digest not in seen:
                found.append(Discrepancy(f"entry {seq}", f"document {short(digest)} row deleted"))
            problem = originals.get(digest)
            if problem:
                found.append(Discrepancy(f"entry {seq}", f"document {short(digest)} {problem}"))
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
                {"name": r.name, "role": r.role, "party": r.party, "public_key": r.public_key}
                for r in session.scalars(select(KeyRow).order_by(KeyRow.name))
            ]

        return cls(rows)

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        try:
            payload = json.loads(entry.payload)
            self.expected.setdefault(payload["name"], (entry.seq, payload))
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
            fields = [f for f in ("role", "party", "public_key") if payload.get(f) != row.get(f)]
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
            actual = incident_payload(incident)
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

    kinds: ClassVar[frozenset[str]] = frozenset({EXTRACTION_RECORDED})

    def __init__(self, session: Session) -> None:
        self.session = session
        self.expected: dict[str, tuple[int, dict[str, Any]]] = {}

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
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
            actual = extraction_payload(
                document_id,
                dict(run.versions),
                list(repository.aggregates(document_id)),
                list(repository.agreements(document_id)),
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
    payload field to the row attribute it must equal; the first kind creates the row."""

    kinds: ClassVar[frozenset[str]] = frozenset()
    noun: ClassVar[str] = "row"
    creating_kind: ClassVar[str] = ""
    fields: ClassVar[dict[str, str]] = {}

    def __init__(self, session: Session) -> None:
        self.session = session
        self.expected: dict[str, tuple[int, dict[str, Any]]] = {}

    def rows(self) -> Iterable[Any]:
        raise NotImplementedError

    def key_of(self, row: Any) -> str:
        raise NotImplementedError

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        try:
            payload = json.loads(entry.payload)
        except ValueError:
            return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
        if not isinstance(payload, dict):
            return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
        known = self.expected.get(entry.subject)
        if entry.kind == self.creating_kind:
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
        self.expected[entry.subject] = (entry.seq, {**known[1], **payload})
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
                if name in payload and payload[name] != getattr(row, attribute)
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
    """``user_added`` entries against the users table (name, role, party; not the password)."""

    kinds = frozenset({USER_ADDED})
    noun = "user"
    creating_kind = USER_ADDED
    fields: ClassVar[dict[str, str]] = {"name": "name", "role": "role", "party": "party"}

    def rows(self) -> Iterable[Any]:
        return self.session.scalars(select(UserRow).order_by(UserRow.name))

    def key_of(self, row: Any) -> str:
        return str(row.name)


class TokenRows(StateRows):
    """``token_issued`` entries against the API tokens (by the token's sha256)."""

    kinds = frozenset({TOKEN_ISSUED})
    noun = "token"
    creating_kind = TOKEN_ISSUED
    fields: ClassVar[dict[str, str]] = {"user": "user_name", "token_sha256": "token_sha256"}

    def rows(self) -> Iterable[Any]:
        return self.session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.token_sha256))

    def key_of(self, row: Any) -> str:
        return str(row.token_sha256)


# Every checker of rows in the database; later kinds of rows add theirs here.
StoreChecker = Callable[[Session, BlobStore], EntryChecker]
STORE_CHECKERS: list[StoreChecker] = [
    DocumentRows,
    lambda session, _blobs: KeyRows.of_session(session),
    lambda session, _blobs: IncidentRows(session),
    lambda session, _blobs: ExtractionRows(session),
    lambda session, _blobs: UserRows(session),
    lambda session, _blobs: TokenRows(session),
]

# Assessments, cases, findings and replies (record/assess_audit.py, which imports from this module:
# imported here, at the end, and looked up when a check is made).
from ceasefire.record import assess_audit  # noqa: E402

STORE_CHECKERS += [
    lambda session, _blobs: assess_audit.AssessmentRows(assess_audit.assessment_states(session)),
    lambda session, _blobs: assess_audit.CaseRows(assess_audit.case_states(session)),
    lambda session, _blobs: assess_audit.FindingRows(assess_audit.finding_states(session)),
    lambda session, _blobs: assess_audit.ReplyRows(assess_audit.reply_states(session)),
]

# Interoperability (dataset rows, feeds): imported last, as its checkers build on this module.
from ceasefire.record.interop_audit import store_checkers as _interop_checkers  # noqa: E402

STORE_CHECKERS += _interop_checkers()

# Sealed entries (openings kept in the store, disclosures) and evidence submissions.
from ceasefire.record import sealing_audit  # noqa: E402

STORE_CHECKERS += [
    lambda session, _blobs: sealing_audit.Commitments.of_store(session),
    lambda session, _blobs: sealing_audit.SubmissionRows.of_session(session),
]
