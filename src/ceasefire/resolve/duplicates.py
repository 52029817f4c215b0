"""Near-duplicate documents: MinHash signatures of word shingles, looked up with LSH (datasketch).

Two documents whose estimated Jaccard similarity of 3-word shingles reaches ``THRESHOLD`` are copies or
light rewrites of one story (syndication, paraphrasing tools): they form a group and count as one
independent source. A group is named by its first document's id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# datasketch 2's default permutation scheme; named, so that stored signatures read back the same.
SCHEME = "affine32"
SHINGLE = 3
THRESHOLD = 0.5
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return bytes(np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes())


def from_bytes(data: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64).copy(), scheme=SCHEME
    )


class DuplicateIndex:
    """The signatures of the stored documents, for finding the group a new document belongs to."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}
        self._groups: dict[str, str] = {}

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str | None, bytes | None]]) -> DuplicateIndex:
        index = cls()
        for document_id, group, data in rows:
            if data is not None:
                index.add(document_id, from_bytes(data), group or document_id)
        return index

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, document_id: str, minhash: MinHash, group: str) -> None:
        if document_id in self._signatures:
            return
        self._lsh.insert(document_id, minhash)
        self._signatures[document_id] = minhash
        self._groups[document_id] = group

    def group_of(self, minhash: MinHash) -> tuple[str | None, float]:
        """The group of the most similar stored document at or above the threshold, and its similarity."""
        best: tuple[str | None, float] = (None, 0.0)
        for candidate in self._lsh.query(minhash):
            similarity = float(minhash.jaccard(self._signatures[candidate]))
            if similarity >= self.threshold and similarity > best[1]:
                best = (self._groups[candidate], similarity)
        return best
