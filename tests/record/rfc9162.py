"""RFC 9162 §2.1 written out as the RFC states it, to check the tree that pymerkle computes for us."""

from __future__ import annotations

import hashlib


def _largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(entries: list[bytes]) -> bytes:
    """MTH(D[n]) of §2.1.1."""
    n = len(entries)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaf(entries[0])
    k = _largest_power_of_two_below(n)
    return node(mth(entries[:k]), mth(entries[k:]))


def path(m: int, entries: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of §2.1.3.1 (m from 0)."""
    n = len(entries)
    if n == 1:
        return []
    k = _largest_power_of_two_below(n)
    if m < k:
        return [*path(m, entries[:k]), mth(entries[k:])]
    return [*path(m - k, entries[k:]), mth(entries[:k])]


def proof(m: int, entries: list[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of §2.1.4.1."""
    return _subproof(m, entries, True)


def _subproof(m: int, entries: list[bytes], b: bool) -> list[bytes]:
    n = len(entries)
    if m == n:
        return [] if b else [mth(entries)]
    k = _largest_power_of_two_below(n)
    if m <= k:
        return [*_subproof(m, entries[:k], b), mth(entries[k:])]
    return [*_subproof(m - k, entries[k:], False), mth(entries[:k])]


def verify_inclusion(
    leaf_index: int, tree_size: int, leaf_hash: bytes, inclusion_path: list[bytes], root: bytes
) -> bool:
    """§2.1.3.2."""
    if leaf_index >= tree_size:
        return False
    fn, sn, r = leaf_index, tree_size - 1, leaf_hash
    for p in inclusion_path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_hash: bytes, second_hash: bytes, consistency_path: list[bytes]
) -> bool:
    """§2.1.4.2."""
    if first == second:
        return not consistency_path and first_hash == second_hash
    if first & (first - 1) == 0:  # a power of two: prepend first_hash
        consistency_path = [first_hash, *consistency_path]
    if not consistency_path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = consistency_path[0]
    for c in consistency_path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0
