"""The Merkle tree (pymerkle with our backend) against RFC 9162 §2.1 as written, and forged proofs."""

from __future__ import annotations

import hashlib

import pytest

from ceasefire.errors import ProofError
from ceasefire.record.merkle import (
    EMPTY_ROOT,
    HashTree,
    block_levels,
    check_consistency,
    check_inclusion,
    leaf_hash,
)

from . import rfc9162


def _hashes(n: int) -> list[bytes]:
    return [hashlib.sha256(b"entry %d" % i).digest() for i in range(n)]


def test_empty_tree_root_is_hash_of_nothing() -> None:
    assert HashTree().root() == EMPTY_ROOT == rfc9162.mth([])


@pytest.mark.parametrize("n", [*range(1, 34), 100, 127, 128, 129])
def test_root_is_rfc9162_mth_at_every_size(n: int) -> None:
    hashes = _hashes(n)
    tree = HashTree.of(hashes)
    assert tree.root() == rfc9162.mth(hashes)
    for size in range(1, n + 1, max(1, n // 7)):
        assert tree.root(size) == rfc9162.mth(hashes[:size])


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 21])
def test_inclusion_path_is_rfc9162_path_and_checks(n: int) -> None:
    hashes = _hashes(n)
    tree = HashTree.of(hashes)
    root = tree.root()
    for m in range(n):
        proof = tree.inclusion_path(m + 1, n)
        path = [bytes.fromhex(h) for h in proof["path"]]
        # pymerkle puts the leaf first, then the RFC's audit path, leaf level first.
        assert path[0] == rfc9162.leaf(hashes[m])
        assert path[1:] == rfc9162.path(m, hashes)
        assert rfc9162.verify_inclusion(m, n, path[0], path[1:], root)
        check_inclusion(proof, entry_hash=hashes[m], index=m + 1, size=n, root=root)


@pytest.mark.parametrize("n", [2, 3, 7, 8, 9, 20])
def test_consistency_proofs_check_at_every_old_size(n: int) -> None:
    hashes = _hashes(n)
    tree = HashTree.of(hashes)
    for m in range(1, n + 1):
        old_root, new_root = rfc9162.mth(hashes[:m]), rfc9162.mth(hashes)
        check_consistency(
            tree.consistency_path(m, n),
            old_size=m,
            old_root=old_root,
            new_size=n,
            new_root=new_root,
        )
        # The RFC's own proof and verification agree on the same roots.
        assert rfc9162.verify_consistency(m, n, old_root, new_root, rfc9162.proof(m, hashes))


def test_forged_inclusion_proofs_fail() -> None:
    hashes = _hashes(10)
    tree = HashTree.of(hashes)
    root = tree.root()
    proof = tree.inclusion_path(4, 10)
    with pytest.raises(ProofError, match="does not check"):
        check_inclusion(proof, entry_hash=hashes[5], index=4, size=10, root=root)
    with pytest.raises(ProofError):
        check_inclusion(proof, entry_hash=hashes[3], index=5, size=10, root=root)
    forged = dict(proof, path=[*proof["path"][:-1], "00" * 32])
    with pytest.raises(ProofError):
        check_inclusion(forged, entry_hash=hashes[3], index=4, size=10, root=root)
    with pytest.raises(ProofError, match="malformed"):
        check_inclusion({"type": "inclusion"}, entry_hash=hashes[3], index=4, size=10, root=root)


def test_consistency_with_a_rewritten_history_fails() -> None:
    hashes = _hashes(12)
    honest_old = rfc9162.mth(hashes[:5])
    rewritten = [*hashes[:2], hashlib.sha256(b"rewritten").digest(), *hashes[3:]]
    tree = HashTree.of(rewritten)
    with pytest.raises(ProofError, match="does not check"):
        check_consistency(
            tree.consistency_path(5, 12),
            old_size=5,
            old_root=honest_old,
            new_size=12,
            new_root=tree.root(),
        )


def test_proofs_beyond_the_tree_are_refused() -> None:
    tree = HashTree.of(_hashes(3))
    with pytest.raises(ProofError):
        tree.inclusion_path(4, 3)
    with pytest.raises(ProofError):
        tree.consistency_path(2, 5)


def _leaves(hashes: list[bytes]) -> bytes:
    return b"".join(leaf_hash(h) for h in hashes)


@pytest.mark.parametrize("n", [16, 17, 31, 64, 65, 100])
def test_blocks_added_with_their_levels_give_the_tree_of_their_leaves(n: int) -> None:
    """Blocks of 16 leaves, with levels 1..4 computed apart, as verification's workers add them;
    the last block may be short."""
    hashes = _hashes(n)
    whole = HashTree.of(hashes)
    joined = HashTree()
    for first in range(0, n, 16):
        packed = _leaves(hashes[first : first + 16])
        joined.add_leaf_hashes(packed, block_levels(packed, 4))
    assert joined.levels() == whole.levels()
    assert joined.root() == whole.root() == rfc9162.mth(hashes)
    assert joined.inclusion_path(n // 2 + 1, n) == whole.inclusion_path(n // 2 + 1, n)


def test_blocks_that_do_not_tile_the_tree_have_their_levels_recomputed() -> None:
    """A short block before the last (an entry missing from a run), or leaves added without
    levels after the blocks: the blocks' own levels no longer sit where the tree's do."""
    hashes = _hashes(40)
    short = HashTree()
    for first, last in ((0, 16), (16, 31), (31, 40)):
        packed = _leaves(hashes[first:last])
        short.add_leaf_hashes(packed, block_levels(packed, 4))
    assert short.levels() == HashTree.of(hashes).levels()
    tail = HashTree()
    packed = _leaves(hashes[:16])
    tail.add_leaf_hashes(packed, block_levels(packed, 4))
    tail.add_leaf_hashes(_leaves(hashes[16:20]))
    assert tail.root() == rfc9162.mth(hashes[:20])
    assert tail.levels() == HashTree.of(hashes[:20]).levels()
