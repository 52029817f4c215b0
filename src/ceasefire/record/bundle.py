"""The verification bundle: a folder that lets anyone check the record without its database.

README.txt        how to check it
log.jsonl         every log entry, one JSON object a line, in order
heads.jsonl       the tree heads issued, oldest first (the last one covers the whole log)
keys.json         the registry of public keys
documents.jsonl   the documents: metadata and cleaned text (the JSONL export)
documents/ab/cd…  the original documents, named by their sha256

A bundle is public: a confidential subject (a case, an unpublished finding, a complaint's evidence)
is in log.jsonl as its sealed entries (salted commitments, :mod:`ceasefire.record.sealing`), and
neither its payload, its row's state, its document's text nor its original is written, until its
payload is disclosed in the log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.errors import BundleError, StoreError
from ceasefire.record.audit import (
    KeyRows,
    LogReplay,
    TreeHeadRows,
    as_logged,
    blob_problem,
    changed_fields,
    observe_document,
    short,
)
from ceasefire.record.blobs import BlobStore
from ceasefire.record.checkers import CheckerRegistry, Discrepancy, JsonLines
from ceasefire.record.documents import to_domain
from ceasefire.record.entries import (
    DOCUMENT_ADDED,
    EXTRACTION_RECORDED,
    EXTRACTION_WITHDRAWN,
    INCIDENT_CREATED,
    INCIDENT_STATE_KINDS,
    document_payload,
    extraction_payload,
    incident_payload,
    state_of,
)
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import LogEntry, TransparencyLog, TreeHead
from ceasefire.record.log_tables import KeyRow
from ceasefire.record.originals import Originals
from ceasefire.record.sealing import PAYLOAD_DISCLOSED, commitment_in, opening_in
from ceasefire.record.tables import DocumentRow, ExtractionRunRow

README = """\
Ceasefire Monitor verification bundle
=====================================

This folder is a complete copy of a Ceasefire Monitor record, made to be checked without its
database, on any machine:

  log.jsonl         every change to the record, one log entry a line, in order
  heads.jsonl       the tree heads (log size, Merkle root, time, secretariat signature)
  keys.json         the public keys of the secretariat, monitors and parties
  documents.jsonl   every document: metadata and cleaned text
  documents/ab/cd…  the original documents, each named by the sha256 of its bytes

To check it, with Ceasefire Monitor installed (see its README):

  ceasefire log verify --bundle THIS_FOLDER

It recomputes the hash of every entry (sha256 of its canonical JSON) and the hash chain, checks each
signature against the keys registered in the log, recomputes the Merkle root (RFC 9162) at every
tree head, checks every original against its document_added entry and every line of
documents.jsonl against the metadata and text hash the log recorded. It names every discrepancy, one
a line, and exits with status 1 if there is any.

An entry whose payload is {"commitment": "…"} is about a confidential subject (a case, a finding not
yet published, a complaint's evidence): the payload is a salted sha256 commitment, checked as part of
the chain and the tree. A later payload_disclosed entry opens it: its salt and payload must hash to
that commitment, and the check says so when they do not.

Compare the root hash of the last line of heads.jsonl with a tree head you obtained earlier from the
secretariat (`ceasefire log check-proof` checks inclusion and consistency proofs against it), and the
public keys in keys.json with the ones you trust.
"""


def check_empty(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BundleError(
            "folder is not empty: give a new or empty folder for the bundle", where=str(folder)
        )


def write_bundle(
    session: Session, blobs: BlobStore, folder: Path, registry: CheckerRegistry
) -> int:
    """Writes the bundle of the whole record into ``folder`` (new or empty), with the file of
    current states of each kind of row the registry writes; returns the number of entries.
    Subjects sealed in the log and not disclosed (:func:`hidden_subjects`) are left out of every
    file but log.jsonl.

    The heads written are those issued so far: issue one covering the whole log first.
    """
    check_empty(folder)
    log = TransparencyLog(session)
    originals = Originals(session, blobs)
    hidden = hidden_subjects(log)
    try:
        (folder / "documents").mkdir(parents=True, exist_ok=True)
        (folder / "README.txt").write_text(README, encoding="utf-8")
        count = 0
        with (folder / "log.jsonl").open("w", encoding="utf-8") as out:
            for entry in log.stream():
                out.write(json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
                if entry.kind == DOCUMENT_ADDED and entry.subject not in hidden:
                    _copy_original(originals, folder, entry.subject)
        keys = {row.name: row for row in session.scalars(select(KeyRow).order_by(KeyRow.name))}
        with (folder / "heads.jsonl").open("w", encoding="utf-8") as out:
            for issued in log.heads():
                key = keys.get(issued.key_id or "")
                line = issued.to_json() | {"public_key": key.public_key if key else None}
                out.write(json.dumps(line, sort_keys=True) + "\n")
        (folder / "keys.json").write_text(
            json.dumps(
                [
                    {
                        "name": row.name,
                        "role": row.role,
                        "party": row.party,
                        "public_key": row.public_key,
                        "created_at": row.created_at,
                    }
                    for row in keys.values()
                ],
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        with (folder / "documents.jsonl").open("w", encoding="utf-8") as out:
            rows = session.scalars(
                select(DocumentRow).order_by(DocumentRow.id).execution_options(yield_per=1000)
            )
            for row in rows:
                if row.id in hidden:
                    continue
                document = to_domain(row)
                line = document_payload(document) | {"text": document.text}
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        registry.write_bundle_files(session, folder, hidden)
    except OSError as exc:
        raise BundleError(f"cannot write the bundle: {exc}", where=str(folder)) from exc
    return count


def hidden_subjects(log: TransparencyLog) -> frozenset[str]:
    """The subjects with an entry of some kind that is sealed, not disclosed, and not followed by a
    plain entry of the same kind: what a public bundle leaves out."""
    latest_sealed: dict[tuple[str, str], int | None] = {}
    disclosed: set[int] = set()
    for entry in log.stream():
        key = (entry.subject, entry.kind)
        if entry.kind == PAYLOAD_DISCLOSED:
            opened = opening_in(json.loads(entry.payload))
            if opened is not None:
                disclosed.add(opened[0])
        elif commitment_in(entry.payload) is not None:
            latest_sealed[key] = entry.seq
        elif key in latest_sealed:
            latest_sealed[key] = None
    return frozenset(
        subject
        for (subject, _), seq in latest_sealed.items()
        if seq is not None and seq not in disclosed
    )


# The current state of each kind of logged row, one file a kind: what the log says must match it.
STATE_FILES = {INCIDENT_CREATED: "incidents.jsonl", EXTRACTION_RECORDED: "extractions.jsonl"}


def _write_incidents(session: Session, folder: Path, hidden: frozenset[str]) -> None:
    with (folder / STATE_FILES[INCIDENT_CREATED]).open("w", encoding="utf-8") as out:
        for incident in IncidentRepository(session).list(include_merged=True):
            if incident.id in hidden:
                continue
            line = {"subject": incident.id, "state": incident_payload(incident)}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def _write_extractions(session: Session, folder: Path, _hidden: frozenset[str]) -> None:
    # Every run: extraction_recorded entries are never sealed, so the bundle holds them all.
    repository = IncidentRepository(session)
    with (folder / STATE_FILES[EXTRACTION_RECORDED]).open("w", encoding="utf-8") as out:
        for run in session.scalars(select(ExtractionRunRow).order_by(ExtractionRunRow.document_id)):
            state = extraction_payload(
                run.document_id,
                dict(run.versions),
                list(repository.aggregates(run.document_id)),
                list(repository.agreements(run.document_id)),
            )
            out.write(
                json.dumps({"subject": run.document_id, "state": state}, sort_keys=True) + "\n"
            )


class BundleStates:
    """Entries that carry a row's whole state, against the bundle's file of current states."""

    kinds: ClassVar[frozenset[str]] = frozenset()
    file_kind: ClassVar[str] = ""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILES[self.file_kind]
        self.expected: dict[str, tuple[int, Any]] = {}

    # Kinds after which the subject has no row (and no line in the file).
    removing: ClassVar[frozenset[str]] = frozenset()

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        if entry.kind in self.removing:
            self.expected.pop(entry.subject, None)
            return None
        try:
            self.expected[entry.subject] = (
                entry.seq,
                state_of(entry.kind, json.loads(entry.payload)),
            )
        except ValueError:
            return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
        return None

    def finish(self) -> list[Discrepancy]:
        found: list[Discrepancy] = []
        if not self.path.is_file():
            if self.expected:
                found.append(Discrepancy(self.path.name, "file missing"))
            return found
        seen: set[str] = set()
        for number, line in _json_lines(self.path, found):
            subject = str(line.get("subject"))
            seen.add(subject)
            expected = self.expected.get(subject)
            where = f"{self.path.name} line {number}"
            if expected is None:
                found.append(Discrepancy(where, f"{subject} has no log entry"))
            elif expected[1] != as_logged(line.get("state"), expected[1]):
                fields = ", ".join(changed_fields(expected[1], line.get("state") or {}))
                found.append(
                    Discrepancy(where, f"{subject} differs from entry {expected[0]} ({fields})")
                )
        for subject, (seq, _) in self.expected.items():
            if subject not in seen:
                found.append(
                    Discrepancy(f"entry {seq}", f"{subject} missing from {self.path.name}")
                )
        return found


def _copy_original(originals: Originals, folder: Path, digest: str) -> None:
    target = folder / "documents" / digest[:2] / digest[2:]
    target.parent.mkdir(exist_ok=True)
    try:
        originals.copy(digest, target)
    except StoreError as exc:
        raise BundleError(
            "original document missing: run `ceasefire log verify`",
            where=str(originals.blobs.path_of(digest)),
        ) from exc


class BundleDocuments:
    """``document_added`` entries against the originals and documents.jsonl of a bundle."""

    kinds: ClassVar[frozenset[str]] = frozenset({DOCUMENT_ADDED})

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.expected: dict[str, tuple[int, dict[str, Any]]] = {}

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        return observe_document(self.expected, entry)

    def finish(self) -> list[Discrepancy]:
        found = []
        documents = self.folder / "documents"
        for digest, (seq, _) in self.expected.items():
            problem = blob_problem(documents / digest[:2] / digest[2:], digest)
            if problem:
                found.append(Discrepancy(f"entry {seq}", f"document {short(digest)} {problem}"))
        if documents.is_dir():
            for path in sorted(documents.glob("*/*")):
                if path.parent.name + path.name not in self.expected:
                    found.append(
                        Discrepancy(str(path.relative_to(self.folder)), "file not in the log")
                    )
        seen = set()
        for number, line in _json_lines(self.folder / "documents.jsonl", found):
            where = f"documents.jsonl line {number}"
            try:
                digest = line["id"]
                text = line.pop("text")
                line["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
            except (KeyError, TypeError, AttributeError):
                found.append(Discrepancy(where, "malformed document"))
                continue
            seen.add(digest)
            expected = self.expected.get(digest)
            if expected is None:
                found.append(Discrepancy(where, f"document {short(digest)} has no log entry"))
            elif expected[1] != line:
                fields = ", ".join(changed_fields(expected[1], line))
                found.append(
                    Discrepancy(
                        where,
                        f"document {short(digest)} differs from entry {expected[0]} ({fields})",
                    )
                )
        for digest, (seq, _) in self.expected.items():
            if digest not in seen:
                found.append(
                    Discrepancy(
                        f"entry {seq}", f"document {short(digest)} missing from documents.jsonl"
                    )
                )
        return found


class BundleIncidents(BundleStates):
    kinds: ClassVar[frozenset[str]] = INCIDENT_STATE_KINDS
    file_kind: ClassVar[str] = INCIDENT_CREATED


class BundleExtractions(BundleStates):
    kinds: ClassVar[frozenset[str]] = frozenset({EXTRACTION_RECORDED, EXTRACTION_WITHDRAWN})
    removing: ClassVar[frozenset[str]] = frozenset({EXTRACTION_WITHDRAWN})
    file_kind: ClassVar[str] = EXTRACTION_RECORDED


def _json_lines(path: Path, found: list[Discrepancy]) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        found.append(Discrepancy(path.name, "file missing"))
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except ValueError:
                found.append(Discrepancy(f"{path.name} line {number}", "not JSON"))
                continue
            if not isinstance(value, dict):
                found.append(Discrepancy(f"{path.name} line {number}", "not a JSON object"))
                continue
            yield number, value


def verify_bundle(
    folder: Path,
    registry: CheckerRegistry,
    *,
    saved_heads: Sequence[tuple[str, TreeHead]] = (),
) -> tuple[list[Discrepancy], TreeHead | None, int]:
    """Checks a bundle; returns the discrepancies, the latest head and the number of entries."""
    if not (folder / "log.jsonl").is_file():
        raise BundleError("not a verification bundle (no log.jsonl)", where=str(folder))
    found: list[Discrepancy] = []

    def read(path: Path) -> Iterator[dict[str, Any]]:
        return (line for _, line in _json_lines(path, found))

    replay = LogReplay(registry.bundle_checkers(folder, read))
    replay.feed(_bundle_entries(folder / "log.jsonl", found))
    heads = []
    for number, line in _json_lines(folder / "heads.jsonl", found):
        try:
            heads.append(TreeHead.from_json(line, where=f"heads.jsonl line {number}"))
        except Exception as exc:  # a malformed head is one more discrepancy
            found.append(Discrepancy(f"heads.jsonl line {number}", str(exc)))
    if not heads:
        found.append(Discrepancy("heads.jsonl", "no tree head: nothing to hold the log against"))
    elif heads[-1].size != replay.size:
        found.append(
            Discrepancy(
                "heads.jsonl",
                f"the last head covers {heads[-1].size} entries but the log has {replay.size}",
            )
        )
    replay.check_heads(heads, label="heads.jsonl head")
    for label, saved in saved_heads:
        replay.check_head(saved, where=f"{label} (size {saved.size})")
    found += replay.finish()
    return found, heads[-1] if heads else None, replay.size


class BundleKeys(KeyRows):
    """``key_registered`` entries against the bundle's keys.json."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "keys.json"
        self.problems: list[Discrepancy] = []
        super().__init__(self._keys)

    def _keys(self) -> list[dict[str, Any]]:
        try:
            keys = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
                raise ValueError("not a list of keys")
        except FileNotFoundError:
            self.problems.append(Discrepancy("keys.json", "file missing"))
            return []
        except ValueError as exc:
            self.problems.append(Discrepancy("keys.json", f"malformed ({exc})"))
            return []
        return keys

    def finish(self) -> list[Discrepancy]:
        found = super().finish()
        return self.problems + found


def bundle_heads(folder: Path, _read: JsonLines) -> TreeHeadRows:
    """``tree_head_issued`` entries against heads.jsonl (whose malformed lines verify_bundle names)."""

    def heads() -> list[tuple[str, Any, Any, Any]]:
        path = folder / "heads.jsonl"
        if not path.is_file():
            return []
        return [
            (f"heads.jsonl line {n}", line.get("size"), line.get("created_at"), line.get("key_id"))
            for n, line in _json_lines(path, [])
        ]

    return TreeHeadRows(heads)


def register(registry: CheckerRegistry) -> None:
    """The bundle's checkers of documents, keys, incidents, extraction and heads."""
    registry.add_bundle("documents", lambda folder, _read: BundleDocuments(folder))
    registry.add_bundle("keys", lambda folder, _read: BundleKeys(folder))
    registry.add_bundle(
        "incidents", lambda folder, _read: BundleIncidents(folder), _write_incidents
    )
    registry.add_bundle(
        "extraction", lambda folder, _read: BundleExtractions(folder), _write_extractions
    )
    registry.add_bundle("tree heads", bundle_heads)


def _bundle_entries(path: Path, found: list[Discrepancy]) -> Iterator[LogEntry]:
    for number, line in _json_lines(path, found):
        try:
            entry = LogEntry.from_json(line)
        except (KeyError, TypeError) as exc:
            found.append(Discrepancy(f"log.jsonl line {number}", f"malformed entry ({exc})"))
            continue
        problem = _malformed(entry)
        if problem is not None:
            found.append(Discrepancy(f"log.jsonl line {number}", f"malformed entry ({problem})"))
            continue
        yield entry


_TEXT_FIELDS = ("kind", "subject", "actor", "created_at", "prev_state_hash", "entry_hash")


def _malformed(entry: LogEntry) -> str | None:
    """What makes a bundle's entry impossible to replay (a hand-edited file): its seq is not a
    whole number, or a field that is text in every entry written is not."""
    if type(entry.seq) is not int:
        return "seq is not a whole number"
    for name in _TEXT_FIELDS:
        if not isinstance(getattr(entry, name), str):
            return f"{name} is not text"
    for name in ("signature", "key_id"):
        value = getattr(entry, name)
        if value is not None and not isinstance(value, str):
            return f"{name} is neither text nor null"
    return None
