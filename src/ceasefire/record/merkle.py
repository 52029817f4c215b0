"""The Merkle tree over log entries (RFC 9162 hashing), built on pymerkle with a compact backend.

A leaf is ``sha256(0x00 || entry_hash)`` where ``entry_hash`` is the 32-byte sha256 of the canonical
entry; a node is ``sha256(0x01 || left || right)``; the root of ``n`` leaves is RFC 9162's MTH.
pymerkle computes roots and proofs and checks them; this module keeps its leaves in one bytearray
(32 bytes a leaf: 32 MB for a million entries) and turns proofs into and out of plain JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from pymerkle import BaseMerkleTree, ConsistencyProof, InclusionProof, InvalidProof

from ceasefire.errors import ProofError

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry_hash: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry_hash).digest()


class HashTree(BaseMerkleTree):  # type: ignore[misc]  # pymerkle is untyped
    """A pymerkle tree whose leaves are entry hashes, kept packed in memory."""

    def __init__(self) -> None:
        self._leaves = bytearray()
        self._size = 0
        super().__init__("sha256")

    @classmethod
    def of(cls, entry_hashes: Iterable[bytes]) -> HashTree:
        tree = cls()
        tree.extend(entry_hashes)
        return tree

    def add(self, entry_hash: bytes) -> None:
        """Appends one entry hash (the fast path of pymerkle's ``append_entry``)."""
        self._leaves += hashlib.sha256(b"\x00" + entry_hash).digest()
        self._size += 1

    def extend(self, entry_hashes: Iterable[bytes]) -> None:
        leaves, sha256, count = self._leaves, hashlib.sha256, 0
        for entry_hash in entry_hashes:
            leaves += sha256(b"\x00" + entry_hash).digest()
            count += 1
        self._size += count

    @property
    def size(self) -> int:
        return self._size

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves (all by default); sha256('') for an empty tree."""
        return bytes(self.get_root(size))

    # pymerkle's storage interface.
    def _encode_entry(self, data: bytes) -> bytes:
        return data

    def _store_leaf(self, data: bytes, digest: bytes) -> int:
        self._leaves += digest
        self._size += 1
        return self._size

    def _get_leaf(self, index: int) -> bytes:
        start = (index - 1) * HASH_SIZE
        return bytes(self._leaves[start : start + HASH_SIZE])

    def _get_leaves(self, offset: int, width: int) -> list[bytes]:
        view = memoryview(self._leaves)
        start = offset * HASH_SIZE
        return [
            bytes(view[i : i + HASH_SIZE])
            for i in range(start, start + width * HASH_SIZE, HASH_SIZE)
        ]

    def _get_size(self) -> int:
        return self._size

    def inclusion_path(self, index: int, size: int) -> dict[str, Any]:
        """pymerkle's inclusion proof of leaf ``index`` (from 1) in the tree of ``size`` leaves."""
        if not 0 < index <= size <= self._size:
            raise ProofError(f"no entry {index} in a log of size {size}", where="inclusion")
        return dict(self.prove_inclusion(index, size).serialize())

    def consistency_path(self, old_size: int, new_size: int) -> dict[str, Any]:
        if not 0 < old_size <= new_size <= self._size:
            raise ProofError(
                f"sizes must satisfy 0 < old ({old_size}) <= new ({new_size}) <= log size "
                f"({self._size})",
                where="consistency",
            )
        return dict(self.prove_consistency(old_size, new_size).serialize())


def check_inclusion(path: Any, *, entry_hash: bytes, index: int, size: int, root: bytes) -> None:
    """Raises ProofError unless ``path`` proves leaf ``index`` in the tree of ``size`` and ``root``."""
    try:
        proof = InclusionProof.deserialize(path)
        proof.verify(leaf_hash(entry_hash), root, index=index, size=size, algorithm="sha256")
    except InvalidProof as exc:
        raise ProofError(f"inclusion proof does not check: {_reason(exc)}") from exc


def check_consistency(
    path: Any, *, old_size: int, old_root: bytes, new_size: int, new_root: bytes
) -> None:
    """Raises ProofError unless ``path`` proves the tree (new_size, new_root) extends the old one."""
    try:
        proof = ConsistencyProof.deserialize(path)
        proof.verify(
            old_root, new_root, prior_size=old_size, later_size=new_size, algorithm="sha256"
        )
    except InvalidProof as exc:
        raise ProofError(f"consistency proof does not check: {_reason(exc)}") from exc


def _reason(exc: InvalidProof) -> str:
    return (str(exc) or "invalid proof").lower().replace("state", "root")
