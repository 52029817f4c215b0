"""Content-addressed folder of original documents: documents/ab/cdef… named by sha256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ceasefire.errors import StoreError


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

    def get(self, digest: str) -> bytes:
        try:
            return self.path_of(digest).read_bytes()
        except FileNotFoundError as exc:
            raise StoreError("original document missing", where=str(self.path_of(digest))) from exc

    def remove(self, digest: str) -> None:
        self.path_of(digest).unlink(missing_ok=True)
