"""The Merkle tree over log entries (RFC 9162 hashing), built on pymerkle with a compact backend.

A leaf is ``sha256(0x00 || entry_hash)`` where ``entry_hash`` is the 32-byte sha256 of the canonical
entry; a node is ``sha256(0x01 || left || right)``; the root of ``n`` leaves is RFC 9162's MTH.
pymerkle computes roots and proofs and checks them; this module keeps its leaves in one bytearray
(32 bytes a leaf: 32 MB for a million entries) and turns proofs into and out of plain JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from pymerkle import BaseMerkleTree, ConsistencyProof, InclusionProof, InvalidProof

from ceasefire.errors import ProofError

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
# Complete subtrees of 2**STORED_LEVEL leaves and more are stored (table merkle_nodes); smaller ones
# are recomputed from the entry hashes, at most 2 * 64 of them for a proof.
STORED_LEVEL = 6
STORED_WIDTH = 1 << STORED_LEVEL
_DUMMY = bytes(HASH_SIZE)
T = TypeVar("T")


def leaf_hash(entry_hash: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry_hash).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def subtree_root(leaves: list[bytes]) -> bytes:
    """The root of a complete subtree (a power of two of leaf hashes, left to right)."""
    level = leaves
    while len(level) > 1:
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def level_hashes(lower: bytes | bytearray) -> bytes:
    """The next level up of a level of node hashes packed 32 bytes each (an odd last one dropped):
    every node is sha256(0x01 || left || right), and a left and right child sit side by side."""
    sha256, one, view = hashlib.sha256, b"\x01", memoryview(lower)
    end = len(lower) - len(lower) % (2 * HASH_SIZE)
    return b"".join([sha256(one + view[i : i + 64]).digest() for i in range(0, end, 64)])


def block_levels(leaves: bytes, depth: int) -> list[bytes]:
    """Levels 1..``depth`` of a block of at most 2**depth leaf hashes that starts where a
    subtree of that size starts: the tree's own nodes over the block (a worker's share)."""
    levels, level = [], leaves
    for _ in range(depth):
        level = level_hashes(level)
        levels.append(level)
    return levels


def frontier_keys(size: int) -> list[tuple[int, int]]:
    """The stored nodes (level, position) among the maximal complete subtrees of a tree of ``size``
    leaves, left to right; the leaves after them (fewer than STORED_WIDTH) are not in a stored node."""
    keys, offset = [], 0
    for level in range(size.bit_length() - 1, STORED_LEVEL - 1, -1):
        if size >> level & 1:
            keys.append((level, offset >> level))
            offset += 1 << level
    return keys


class Frontier:
    """The roots of the maximal complete subtrees of the tree so far, left to right: all that an
    append needs to compute the nodes it completes."""

    def __init__(self, size: int = 0, roots: Iterable[tuple[int, bytes]] = ()) -> None:
        self.size = size
        self.roots = list(roots)

    def add(self, entry_hash: bytes) -> list[tuple[int, int, bytes]]:
        """Appends a leaf; returns the stored nodes it completes as (level, position, hash)."""
        roots = self.roots
        roots.append((0, hashlib.sha256(b"\x00" + entry_hash).digest()))
        self.size += 1
        made = []
        while len(roots) > 1 and roots[-1][0] == roots[-2][0]:
            level, right = roots.pop()
            _, left = roots.pop()
            digest = hashlib.sha256(b"\x01" + left + right).digest()
            level += 1
            roots.append((level, digest))
            if level >= STORED_LEVEL:
                made.append((level, (self.size >> level) - 1, digest))
        return made


class _Proofs:
    """Roots and proofs in this module's JSON, for a pymerkle tree (the mixin's ``self``)."""

    def _compute(self, make: Callable[[], T]) -> T:
        return make()

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves (all by default); sha256('') for an empty tree."""
        tree: Any = self
        return bytes(self._compute(lambda: tree.get_root(size)))

    def inclusion_path(self, index: int, size: int) -> dict[str, Any]:
        """pymerkle's inclusion proof of leaf ``index`` (from 1) in the tree of ``size`` leaves."""
        return self.inclusion_and_root(index, size)[0]

    def inclusion_and_root(self, index: int, size: int) -> tuple[dict[str, Any], bytes]:
        """:meth:`inclusion_path` and the root of ``size`` leaves, from one reading of the nodes
        both need (a stored tree reads them in two queries, not four)."""
        tree: Any = self
        if not 0 < index <= size <= tree.size:
            raise ProofError(f"no entry {index} in a log of size {size}", where="inclusion")
        path, root = self._compute(
            lambda: (tree.prove_inclusion(index, size).serialize(), tree.get_root(size))
        )
        return dict(path), bytes(root)

    def consistency_path(self, old_size: int, new_size: int) -> dict[str, Any]:
        return self.consistency_and_roots(old_size, new_size)[0]

    def consistency_and_roots(
        self, old_size: int, new_size: int
    ) -> tuple[dict[str, Any], bytes, bytes]:
        """:meth:`consistency_path` and the roots at both sizes, from one reading of the nodes."""
        tree: Any = self
        if not 0 < old_size <= new_size <= tree.size:
            raise ProofError(
                f"sizes must satisfy 0 < old ({old_size}) <= new ({new_size}) <= log size "
                f"({tree.size})",
                where="consistency",
            )
        path, old_root, new_root = self._compute(
            lambda: (
                tree.prove_consistency(old_size, new_size).serialize(),
                tree.get_root(old_size),
                tree.get_root(new_size),
            )
        )
        return dict(path), bytes(old_root), bytes(new_root)


class HashTree(_Proofs, BaseMerkleTree):  # type: ignore[misc]  # pymerkle is untyped
    """A pymerkle tree whose leaves are entry hashes, kept packed in memory."""

    def __init__(self) -> None:
        self._leaves = bytearray()
        self._size = 0
        self._levels: list[bytes] = []
        # Blocks of leaves added with their levels computed elsewhere: (first leaf, number of
        # leaves, levels 1..); a block added without levels has none.
        self._blocks: list[tuple[int, int, Sequence[bytes]]] = []
        super().__init__("sha256")

    def levels(self) -> list[bytes]:
        """Every complete level of the tree, packed: ``levels()[k]`` holds the roots of the
        subtrees of 2**k leaves, left to right (level 0 is the leaves). Computed once per size
        with hashlib in a tight loop (the lower levels joined from those of the blocks added with
        theirs, when the blocks tile the leaves); roots and verification of the stored nodes
        read it."""
        if not self._levels or len(self._levels[0]) != len(self._leaves):
            levels = [bytes(self._leaves), *self._joined_blocks()]
            self._blocks = []  # joined (or of no use): leaves added later recompute the levels
            while len(levels[-1]) >= 2 * HASH_SIZE:
                levels.append(level_hashes(levels[-1]))
            self._levels = levels
        return self._levels

    def _joined_blocks(self) -> list[bytes]:
        """Levels 1..k of the whole tree joined from the blocks' own, if the blocks cover every
        leaf and each but the last is a complete subtree of the same 2**k leaves (each then
        starts where a subtree of the tree starts); else nothing (computed from the leaves)."""
        blocks = self._blocks
        if not blocks or blocks[-1][0] + blocks[-1][1] != self._size:
            return []
        depth = len(blocks[0][2])
        width = 1 << depth
        for number, (first, count, levels) in enumerate(blocks):
            full = count == width or (number == len(blocks) - 1 and 0 < count < width)
            if first != number * width or len(levels) != depth or not full:
                return []
            if any(len(levels[k]) != (count >> (k + 1)) * HASH_SIZE for k in range(depth)):
                return []
        return [b"".join(levels[k] for _first, _count, levels in blocks) for k in range(depth)]

    def _get_subroot(self, offset: int, width: int) -> bytes:
        level = width.bit_length() - 1
        if width >= STORED_WIDTH and offset % width == 0:
            levels = self.levels()
            start = (offset >> level) * HASH_SIZE
            if level < len(levels) and start + HASH_SIZE <= len(levels[level]):
                return levels[level][start : start + HASH_SIZE]
        return bytes(super()._get_subroot(offset, width))

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

    def add_leaf_hashes(self, packed: bytes | bytearray, levels: Sequence[bytes] = ()) -> None:
        """Appends leaf hashes already computed, packed 32 bytes each; with ``levels``, the block's
        own levels 1, 2, ... as :func:`block_levels` computes them (used if the blocks so added
        tile the tree, see :meth:`levels`)."""
        if len(packed) % HASH_SIZE:
            raise ValueError("leaf hashes come 32 bytes each")
        count = len(packed) // HASH_SIZE
        if levels or self._blocks:
            self._blocks.append((self._size, count, levels))
        self._leaves += packed
        self._size += count

    @property
    def size(self) -> int:
        return self._size

    def leaf_hashes(self) -> memoryview:
        """Every leaf hash, packed 32 bytes each, left to right (read-only)."""
        return memoryview(self._leaves).toreadonly()

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


class NodeReader(Protocol):
    """Where a :class:`StoredTree` reads: stored nodes and entry hashes (the log's tables)."""

    def subtrees(
        self, keys: set[tuple[int, int]], seqs: set[int]
    ) -> tuple[dict[tuple[int, int], bytes], dict[int, bytes]]: ...


class StoredTree(_Proofs, BaseMerkleTree):  # type: ignore[misc]  # pymerkle is untyped
    """The log's tree of ``size`` leaves read from its stored nodes, never rebuilt: pymerkle runs a
    root or a proof once to learn which subtrees it needs (their hashes being placeholders), they
    are read in one query, and it runs again on the real hashes."""

    def __init__(self, size: int, reader: NodeReader) -> None:
        self._size = size
        self._reader = reader
        self._nodes: dict[tuple[int, int], bytes] = {}
        self._leaves: dict[int, bytes] = {}
        self._wanted: tuple[set[tuple[int, int]], set[int]] | None = None
        super().__init__("sha256")

    @property
    def size(self) -> int:
        return self._size

    def _compute(self, make: Callable[[], T]) -> T:
        self._wanted = (set(), set())
        try:
            make()
            nodes, positions = self._wanted
        finally:
            self._wanted = None
        nodes -= self._nodes.keys()
        positions -= self._leaves.keys()
        if nodes or positions:
            found, hashes = self._reader.subtrees(nodes, {p + 1 for p in positions})
            if len(found) != len(nodes):
                missing = min(nodes - found.keys())
                raise ProofError(
                    f"Merkle node (level {missing[0]}, position {missing[1]}) is missing from the "
                    "store: run `ceasefire log verify`",
                    where="merkle_nodes",
                )
            if len(hashes) != len(positions):
                raise ProofError("log entries are missing: run `ceasefire log verify`", where="log")
            self._nodes.update(found)
            self._leaves.update({seq - 1: leaf_hash(digest) for seq, digest in hashes.items()})
        return make()

    def _leaf(self, position: int) -> bytes:
        if self._wanted is not None:
            self._wanted[1].add(position)
            return _DUMMY
        return self._leaves[position]

    # pymerkle's storage interface.
    def _encode_entry(self, data: bytes) -> bytes:
        return data

    def _store_leaf(self, data: bytes, digest: bytes) -> int:
        raise NotImplementedError("the log's tree grows by TransparencyLog.append")

    def _get_leaf(self, index: int) -> bytes:
        return self._leaf(index - 1)

    def _get_leaves(self, offset: int, width: int) -> list[bytes]:
        return [self._leaf(position) for position in range(offset, offset + width)]

    def _get_size(self) -> int:
        return self._size

    def _get_subroot(self, offset: int, width: int) -> bytes:
        level = width.bit_length() - 1
        if width >= STORED_WIDTH and offset % width == 0:
            key = (level, offset >> level)
            if self._wanted is not None:
                self._wanted[0].add(key)
                return _DUMMY
            return self._nodes[key]
        if self._wanted is not None:
            self._wanted[1].update(range(offset, offset + width))
            return _DUMMY
        return subtree_root(self._get_leaves(offset, width))


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
