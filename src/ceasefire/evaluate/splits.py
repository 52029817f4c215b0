"""Which gold documents may be read and learned from: the final-test third, and folds by document."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

# One document in three of every gold set is the final test: never trained on, never read while
# developing, scored once for the README.
FINAL_TEST_MODULUS = 3


def _digest(set_name: str, file: str) -> int:
    return int(hashlib.sha256(f"{set_name}/{file}".encode()).hexdigest(), 16)


def is_final_test(set_name: str, file: str) -> bool:
    """Whether a document of a gold set (named by its folder, e.g. "voa") is in the final test."""
    return _digest(set_name, file) % FINAL_TEST_MODULUS == 0


def fold_of(set_name: str, file: str, folds: int) -> int:
    """The cross-validation fold of a document: every incident of a document falls in one fold.
    Taken from the digest's quotient by the final-test modulus, so folds do not follow that split."""
    return (_digest(set_name, file) // FINAL_TEST_MODULUS) % folds


def group_folds(keys: Sequence[tuple[str, str]], folds: int) -> list[list[int]]:
    """Indexes of `keys` (set name, file) per fold; every fold gets at least one document when
    there are enough documents (the hash assignment is topped up in sorted order)."""
    if folds < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    buckets: list[list[int]] = [[] for _ in range(folds)]
    for index, (set_name, file) in enumerate(keys):
        buckets[fold_of(set_name, file, folds)].append(index)
    # A tiny set can leave a fold empty: move the last document of the largest fold into it.
    for bucket in buckets:
        if not bucket:
            largest = max(buckets, key=len)
            if len(largest) > 1:
                bucket.append(largest.pop())
    return [sorted(bucket) for bucket in buckets]


__all__ = ["FINAL_TEST_MODULUS", "fold_of", "group_folds", "is_final_test"]
