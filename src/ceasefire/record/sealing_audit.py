"""Verification of sealed entries: each commitment against its opening, each disclosure against the
commitment it opens, and the evidence submissions against their (sealed) entries.

:class:`Commitments` is both the checker of ``payload_disclosed`` entries and the opener that
:class:`ceasefire.record.audit.LogReplay` hands every sealed entry to. Over a store, every sealed
entry must have its opening kept (``sealed_payloads``), and the opened entry is then replayed by the
checker of its kind like any other. Over a public bundle only the disclosed entries can be opened;
the others are checked as part of the chain and the tree, and nothing else can be said of them.
Both checkers are registered by :func:`register` (:mod:`ceasefire.record.checkers`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from ceasefire.record.assess_audit import StateRows
from ceasefire.record.checkers import CheckerRegistry, Coverage, Discrepancy, JsonLines
from ceasefire.record.evidence import EVIDENCE_SUBMITTED, EvidenceRepository, submission_payload
from ceasefire.record.log import LogEntry
from ceasefire.record.sealing import (
    PAYLOAD_DISCLOSED,
    Opening,
    SealedPayloads,
    commitment_in,
    opening_in,
)


class Commitments:
    """Opens sealed entries with the openings at hand and checks every disclosure.

    ``kept``: the openings kept in a store, by seq, with the kind and subject they were kept for
    (every sealed entry must have one); None over a bundle, where only disclosures open entries.
    """

    kinds: ClassVar[frozenset[str]] = frozenset({PAYLOAD_DISCLOSED})

    def __init__(
        self,
        *,
        kept: dict[int, tuple[str, str, Opening]] | None = None,
        disclosed: dict[int, Opening] | None = None,
    ) -> None:
        self.kept = kept
        self.disclosed = disclosed or {}
        self.sealed: dict[int, tuple[str, str]] = {}  # seq: (subject, commitment)
        self.opened_by_disclosure: set[int] = set()
        self.found: list[Discrepancy] = []

    @classmethod
    def of_store(cls, session: Session) -> Commitments:
        return cls(kept=SealedPayloads(session).all())

    @classmethod
    def of_disclosures(cls, entries: Iterable[dict[str, Any]]) -> Commitments:
        """Over a bundle: the openings its ``payload_disclosed`` entries give (checked as they come)."""
        disclosed: dict[int, Opening] = {}
        for line in entries:
            if line.get("kind") == PAYLOAD_DISCLOSED:
                found = opening_in(line.get("payload"))
                if found is not None:
                    disclosed.setdefault(found[0], found[1])
        return cls(disclosed=disclosed)

    def open(self, entry: LogEntry) -> LogEntry | None:
        """The entry with its payload opened, or None when it cannot (or may not) be opened."""
        commitment = commitment_in(entry.payload) or ""
        self.sealed[entry.seq] = (entry.subject, commitment)
        where = f"entry {entry.seq}"
        if self.kept is None:
            opening = self.disclosed.get(entry.seq)
            if opening is None or opening.commitment() != commitment:
                return None  # not disclosed (or wrongly: the disclosure entry says so)
            return entry._replace(payload=opening.payload)
        held = self.kept.get(entry.seq)
        if held is None:
            self.found.append(Discrepancy(where, f"sealed {entry.kind} payload missing"))
            return None
        kind, subject, opening = held
        if (kind, subject) != (entry.kind, entry.subject):
            self.found.append(
                Discrepancy(where, f"sealed payload kept for another entry ({kind} {subject})")
            )
            return None
        if opening.commitment() != commitment:
            self.found.append(
                Discrepancy(where, f"sealed {entry.kind} payload does not match its commitment")
            )
            return None
        return entry._replace(payload=opening.payload)

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        where = f"entry {entry.seq}"
        try:
            found = opening_in(json.loads(entry.payload))
        except ValueError:
            found = None
        if found is None:
            return [Discrepancy(where, "malformed payload_disclosed payload")]
        seq, opening = found
        sealed = self.sealed.get(seq)
        if sealed is None:
            return [
                Discrepancy(where, f"discloses entry {seq}, which is no sealed entry before it")
            ]
        subject, commitment = sealed
        if subject != entry.subject:
            return [Discrepancy(where, f"discloses entry {seq}, which is about another subject")]
        if opening.commitment() != commitment:
            return [
                Discrepancy(where, f"disclosed payload does not match entry {seq}'s commitment")
            ]
        if seq in self.opened_by_disclosure:
            return [Discrepancy(where, f"entry {seq} disclosed twice")]
        self.opened_by_disclosure.add(seq)
        return None

    def finish(self) -> list[Discrepancy]:
        found = self.found
        if self.kept is not None:
            for seq, (kind, subject, _) in sorted(self.kept.items()):
                if seq not in self.sealed:
                    found.append(
                        Discrepancy(
                            f"sealed payload of entry {seq}",
                            f"kept for {kind} {subject}, but entry {seq} is not sealed",
                        )
                    )
        return found


class SubmissionRows(StateRows):
    """``evidence_submitted`` entries (opened) against the submissions table."""

    kinds: ClassVar[frozenset[str]] = frozenset({EVIDENCE_SUBMITTED})
    noun: ClassVar[str] = "submission"
    once: ClassVar[bool] = True

    @classmethod
    def of_session(cls, session: Session) -> SubmissionRows:
        return cls(
            lambda: (
                (s.id, submission_payload(s)) for s in EvidenceRepository(session).submissions()
            )
        )


def _log_lines(path: Path) -> Iterator[dict[str, Any]]:
    """The entries of a bundle's log.jsonl, read quietly: the replay of the log itself names a
    malformed line (once)."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError:
        return
    with handle:
        for raw in handle:
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if isinstance(line, dict):
                yield line


def _bundle_commitments(folder: Path, _read: JsonLines) -> Commitments:
    return Commitments.of_disclosures(_log_lines(folder / "log.jsonl"))


def register(registry: CheckerRegistry) -> None:
    """The openings of sealed entries, and the evidence submissions (whose entries are sealed)."""
    registry.add(
        Coverage(
            "sealed payloads",
            tables=("sealed_payloads",),
            store=lambda s, _b: Commitments.of_store(s),
        )
    )
    registry.add(
        Coverage(
            "submissions",
            tables=("submissions",),
            store=lambda s, _b: SubmissionRows.of_session(s),
        )
    )
    # A bundle keeps no openings: the disclosures in its log open what may be read.
    registry.add_bundle("commitments", _bundle_commitments)
