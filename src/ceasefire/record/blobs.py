"""Content-addressed folder of original documents: documents/ab/cdef… named by sha256, and packs.

A document ingested alone is a file of its own. The originals of a batch import are written
together into one pack, ``documents/packs/<sha256 of the pack>``: one file and one fsync for a
batch instead of a file each (creating a million small files costs more than the rest of an
import). Where each original lies in its pack is kept in the database (``packed_originals``), in
the transaction that adds the documents; the pack is durable before that transaction commits.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ceasefire.errors import StoreError

PACKS = "packs"


class BlobStore:
    """Keeps original bytes unchanged, each under the hex sha256 of its content."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, digest: str) -> Path:
        return self.root / digest[:2] / digest[2:]

    def has(self, digest: str) -> bool:
        return self.path_of(digest).is_file()

    def put(self, original: bytes, *, sync: bool = True) -> tuple[str, bool]:
        """Stores the bytes; returns their digest and whether this call wrote them. A batch writer
        passes ``sync=False`` and calls :meth:`sync` once before it commits."""
        digest = hashlib.sha256(original).hexdigest()
        target = self.path_of(digest)
        if target.is_file():
            return digest, False
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # Write beside the target and rename: a reader never sees a half-written original.
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            with os.fdopen(fd, "wb") as out:
                out.write(original)
                out.flush()
                if sync:
                    os.fsync(out.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            raise StoreError(f"cannot write original document: {exc}", where=str(target)) from exc
        return digest, True

    def sync(self) -> None:
        """Makes every original written with ``sync=False`` durable (one sync for a batch)."""
        os.sync()

    def pack_path(self, name: str) -> Path:
        return self.root / PACKS / name

    def put_pack(self, originals: Sequence[bytes]) -> tuple[str, bool, list[tuple[int, int]]]:
        """Writes the originals one after the other into one pack, durably (the file and its folder
        synced once); returns the pack's name (the sha256 of its bytes), whether this call wrote it
        (a rerun of a batch finds its pack already there), and each original's (offset, size)."""
        data = b"".join(originals)
        name = hashlib.sha256(data).hexdigest()
        spans, offset = [], 0
        for original in originals:
            spans.append((offset, len(original)))
            offset += len(original)
        target = self.pack_path(name)
        if target.is_file() and target.stat().st_size == len(data):
            return name, False, spans
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _sync_folder(target.parent)
        except OSError as exc:
            raise StoreError(f"cannot write a pack of originals: {exc}", where=str(target)) from exc
        return name, True, spans

    def read_packed(self, name: str, offset: int, size: int) -> bytes:
        """``size`` bytes at ``offset`` of a pack (fewer if the pack was cut short)."""
        with self.pack_path(name).open("rb") as handle:
            handle.seek(offset)
            return handle.read(size)

    def remove_pack(self, name: str) -> None:
        self.pack_path(name).unlink(missing_ok=True)

    def get(self, digest: str) -> bytes:
        try:
            return self.path_of(digest).read_bytes()
        except FileNotFoundError as exc:
            raise StoreError("original document missing", where=str(self.path_of(digest))) from exc

    def remove(self, digest: str) -> None:
        self.path_of(digest).unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Makes a rename in ``folder`` durable (where the platform can sync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a platform without folder handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - a platform that cannot sync a folder
        pass
    finally:
        os.close(fd)
