"""Near-duplicate documents: MinHash signatures of word shingles, looked up with LSH (datasketch).

Two documents whose estimated Jaccard similarity of 3-word shingles reaches ``THRESHOLD`` are copies or
light rewrites of one story (syndication, paraphrasing tools): they form a group and count as one
independent source. A group is named by its first document's id.

The index of signatures lives in the store (``ceasefire.record.duplicates``), so that every process
sees the same groups; :func:`best_group` chooses among the candidates it returns, the same way
whatever order they come in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    # datasketch imports scipy (about a second): only what makes a signature loads it, not every
    # process that imports the record (an import's worker processes, every command).
    from datasketch import MinHash

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
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return bytes(np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes())


def from_bytes(data: bytes) -> MinHash:
    from datasketch import MinHash

    return MinHash(
        num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64).copy(), scheme=SCHEME
    )


def jaccard(values: np.ndarray, data: bytes) -> float:
    """``MinHash.jaccard`` of a signature and a stored one, without building a MinHash (which
    draws its permutations anew: too slow for every candidate of every new document)."""
    other = np.frombuffer(data, dtype=np.uint64)
    return float(np.count_nonzero(values == other)) / float(len(values))


def best_group(
    minhash: MinHash,
    candidates: Iterable[tuple[str, str | None, bytes | None]],
    threshold: float = THRESHOLD,
) -> tuple[str | None, float]:
    """The group of the most similar candidate (id, group, signature) at or above the threshold,
    and its similarity; among equally similar ones, that of the smallest document id."""
    values = np.asarray(minhash.hashvalues, dtype=np.uint64)
    best: tuple[str | None, float] = (None, 0.0)
    # In id order, and only a strictly better one replaces the best: ties go to the smallest id.
    for document_id, group, data in sorted(candidates, key=lambda c: c[0]):
        if data is None:
            continue
        similarity = jaccard(values, data)
        if similarity >= threshold and similarity > best[1]:
            best = (group or document_id, similarity)
    return best
