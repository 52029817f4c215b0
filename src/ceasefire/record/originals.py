"""The original bytes of each document, wherever they are kept: a file of their own in the blob
folder, or a span of a pack written by a batch import (see :mod:`ceasefire.record.blobs`)."""

from __future__ import annotations

import hashlib
from collections.abc import Container, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ceasefire.errors import StoreError
from ceasefire.record.blobs import PACKS, BlobStore
from ceasefire.record.bulk import insert_values
from ceasefire.record.interop_tables import PackedOriginalRow

# Locations looked up per query when many originals are read in a row (verification, exports).
_CHUNK = 1000


class Originals:
    """The originals of the record seen through one session."""

    def __init__(self, session: Session, blobs: BlobStore) -> None:
        self.session = session
        self.blobs = blobs

    def add_pack(self, pack: str, located: Sequence[tuple[str, int, int]]) -> None:
        """Records where each document of a pack is: (document id, offset, size)."""
        if located:
            insert_values(
                self.session,
                cast(Table, PackedOriginalRow.__table__),
                ("document_id", "pack", "offset", "size"),
                [(d, pack, o, n) for d, o, n in located],
            )

    def packs(self) -> set[str]:
        """The name of every pack the record locates an original in."""
        table: Any = PackedOriginalRow.__table__
        return set(self.session.scalars(select(table.c.pack).distinct()))

    def packed_outside(self, digests: Container[str]) -> Iterator[str]:
        """Each document located in a pack that is not among ``digests`` (the logged ones)."""
        table: Any = PackedOriginalRow.__table__
        query = select(table.c.document_id).execution_options(yield_per=_CHUNK)
        for document_id in self.session.scalars(query):
            if document_id not in digests:
                yield document_id

    def remove_leftover_packs(self) -> list[str]:
        """Deletes every pack that no row locates an original in — what an import killed between
        writing a batch's pack and committing the batch leaves — and returns their names. Call it
        holding the log's append lock: an import writes its pack holding it too, so no pack is then
        written and not yet committed."""
        folder = self.blobs.root / PACKS
        if not folder.is_dir():
            return []
        used = self.packs()
        removed = []
        for path in sorted(folder.iterdir()):
            if path.is_file() and (path.name not in used or path.name.startswith(".incoming-")):
                path.unlink(missing_ok=True)
                removed.append(path.name)
        return removed

    def _locations(self, digests: Sequence[str]) -> dict[str, tuple[str, int, int]]:
        table: Any = PackedOriginalRow.__table__
        rows = self.session.execute(
            select(table.c.document_id, table.c.pack, table.c.offset, table.c.size).where(
                table.c.document_id.in_(list(digests))
            )
        )
        return {row[0]: (row[1], int(row[2]), int(row[3])) for row in rows}

    def get(self, digest: str) -> bytes:
        return self.get_many([digest])[digest]

    def get_many(self, digests: list[str]) -> dict[str, bytes]:
        """The originals of these documents (their locations looked up with one query); a
        StoreError names the first that cannot be read."""
        found = {}
        for digest, data in self._fetch(digests):
            if isinstance(data, str):
                raise StoreError(f"{data}: run `ceasefire log verify`", where=digest)
            found[digest] = data
        return found

    def problems(self, digests: Iterable[str]) -> Iterator[tuple[str, str]]:
        """Each document whose original is missing, unreadable or not the bytes its id is the
        sha256 of, with the problem in a few words; locations looked up a thousand at a time."""
        chunk: list[str] = []
        for digest in digests:
            chunk.append(digest)
            if len(chunk) == _CHUNK:
                yield from self._problems(chunk)
                chunk = []
        yield from self._problems(chunk)

    def _problems(self, digests: list[str]) -> Iterator[tuple[str, str]]:
        for digest, data in self._fetch(digests):
            if isinstance(data, str):
                yield digest, data
            elif hashlib.sha256(data).hexdigest() != digest:
                yield digest, "original file altered (its sha256 is not the document id)"

    def _fetch(self, digests: list[str]) -> Iterator[tuple[str, bytes | str]]:
        """Each original's bytes, or why they cannot be read."""
        located = self._locations(digests) if digests else {}
        for digest in digests:
            where = located.get(digest)
            try:
                if where is None:
                    yield digest, self.blobs.path_of(digest).read_bytes()
                    continue
                data = self.blobs.read_packed(*where)
                yield digest, data if len(data) == where[2] else "original cut short in its pack"
            except FileNotFoundError:
                yield digest, "original file missing"
            except OSError as exc:
                yield digest, f"original file unreadable ({exc.strerror})"

    def copy(self, digest: str, target: Path) -> None:
        """Writes the original to ``target`` (a bundle's documents/ab/cdef…)."""
        target.write_bytes(self.get(digest))
