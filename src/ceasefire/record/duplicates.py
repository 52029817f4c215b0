"""The near-duplicate index in the store: the LSH band keys of each document's MinHash signature
(table ``document_bands``), written in the document's transaction, and its check in `log verify`.

Banding is datasketch's ``MinHashLSH`` scheme for 128 permutations at threshold 0.5 (25 bands of 5
rows; a test holds the two equal): two documents are candidates when any band's key is equal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import ClassVar

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.orm import Session

from ceasefire.record.checkers import CheckerRegistry, Coverage, Discrepancy
from ceasefire.record.entries import DOCUMENT_ADDED
from ceasefire.record.log import LogEntry
from ceasefire.record.tables import DocumentBandRow, DocumentRow

BANDS = 25
ROWS = 5


def band_keys(minhash: bytes) -> list[str]:
    """The key of each band of a stored signature (128 little-endian uint64): the blake2b of the
    band's bytes."""
    width = ROWS * 8
    blake2b = hashlib.blake2b
    return [
        blake2b(minhash[i * width : (i + 1) * width], digest_size=8).hexdigest()
        for i in range(BANDS)
    ]


class DuplicateBands:
    """The band keys of the stored documents, seen through one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def candidates(self, keys: Sequence[str]) -> list[tuple[str, str | None, bytes | None]]:
        """(id, group, signature) of every document sharing a band with ``keys``, by id."""
        # (band, key) pairs: served by the (band, key) index on both backends.
        pairs = or_(
            *(
                and_(DocumentBandRow.band == band, DocumentBandRow.key == key)
                for band, key in enumerate(keys)
            )
        )
        ids = sorted(set(self.session.scalars(select(DocumentBandRow.document_id).where(pairs))))
        if not ids:
            return []
        found = self.session.execute(
            select(DocumentRow.id, DocumentRow.duplicate_group, DocumentRow.minhash)
            .where(DocumentRow.id.in_(ids))
            .order_by(DocumentRow.id)
        )
        return [(row[0], row[1], row[2]) for row in found]

    def add(self, document_id: str, minhash: bytes) -> None:
        """Indexes a new document (its row, with its signature, is in this transaction)."""
        self.session.execute(
            insert(DocumentBandRow),
            [
                {"document_id": document_id, "band": band, "key": key}
                for band, key in enumerate(band_keys(minhash))
            ],
        )


class DuplicateIndexRows:
    """The index is derived: each grouped document's band keys are recomputed from its signature,
    whose sha256 its ``document_added`` entry holds (DocumentRows checks it); a document logged
    before signatures were logged has its signature recomputed from its text (whose hash is
    logged). A document the log gives no group (a dataset row, an older feed item) has neither."""

    kinds: ClassVar[frozenset[str]] = frozenset({DOCUMENT_ADDED})

    def __init__(self, session: Session, signature_of: Callable[[str], bytes]) -> None:
        self.session = session
        self.signature_of = signature_of
        self.logged: set[str] = set()

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        if '"minhash_sha256":' in entry.payload:
            self.logged.add(entry.subject)
        return None

    def _text(self, document_id: str) -> str:
        """The text of a document whose signature is not logged (read only for those)."""
        return str(
            self.session.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))
        )

    def finish(self) -> list[Discrepancy]:
        found: list[Discrepancy] = []
        bands: dict[str, dict[int, str]] = {}
        for document_id, band, key in self.session.execute(
            select(DocumentBandRow.document_id, DocumentBandRow.band, DocumentBandRow.key)
        ):
            bands.setdefault(document_id, {})[band] = key
        rows = self.session.execute(
            select(DocumentRow.id, DocumentRow.duplicate_group, DocumentRow.minhash).order_by(
                DocumentRow.id
            )
        ).all()
        for document_id, group, minhash in rows:
            where = f"document {document_id[:12]}"
            stored = bands.pop(document_id, {})
            if group is None:
                if minhash is not None or stored:
                    found.append(Discrepancy(where, "indexed as a near-duplicate but has no group"))
                continue
            if minhash is None:
                found.append(Discrepancy(where, "minhash missing (the duplicate index lacks it)"))
                expected = self.signature_of(self._text(document_id))
            elif document_id in self.logged:
                expected = bytes(minhash)  # its sha256 is logged: DocumentRows compares them
            else:
                expected = self.signature_of(self._text(document_id))
                if bytes(minhash) != expected:
                    found.append(Discrepancy(where, "minhash is not the signature of its text"))
            wanted = dict(enumerate(band_keys(expected)))
            if stored != wanted:
                found.append(Discrepancy(where, _band_problem(wanted, stored)))
        for document_id in sorted(bands):
            found.append(
                Discrepancy(f"document_bands of {document_id[:12]}", "bands of no document")
            )
        return found


def _band_problem(wanted: dict[int, str], stored: dict[int, str]) -> str:
    missing = sorted(set(wanted) - set(stored))
    extra = sorted(set(stored) - set(wanted))
    changed = sorted(b for b in set(wanted) & set(stored) if wanted[b] != stored[b])
    parts = [
        f"{label} {', '.join(map(str, bands))}"
        for label, bands in (("missing", missing), ("changed", changed), ("extra", extra))
        if bands
    ]
    return "duplicate index bands wrong (" + "; ".join(parts) + ")"


def register(registry: CheckerRegistry, signature_of: Callable[[str], bytes]) -> None:
    """The index's checker, given how a signature is computed (by :mod:`ceasefire.resolve`)."""
    registry.add(
        Coverage(
            "duplicate index",
            tables=("document_bands",),
            store=lambda session, _blobs: DuplicateIndexRows(session, signature_of),
            derived="the LSH band keys of each document's MinHash signature (whose sha256 is "
            "logged with the document): recomputed and compared",
        )
    )
