"""Verification of the stored Merkle nodes (table ``merkle_nodes``): derived data, recomputed from
the entries by `ceasefire log verify` and compared node by node.

Proofs and tree heads are read from these nodes (:class:`ceasefire.record.merkle.StoredTree`), so a
node altered in the database gives proofs that do not check against a head saved earlier; this
names the node.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.record.checkers import CheckerRegistry, Coverage, Discrepancy
from ceasefire.record.log_tables import MerkleNodeRow
from ceasefire.record.merkle import HASH_SIZE, STORED_LEVEL, HashTree

_SHOWN = 20  # nodes named one by one; more are counted


def expected_nodes(tree: HashTree) -> dict[int, bytes]:
    """Every node a log of ``tree``'s leaves stores, by level: the level's hashes packed."""
    return {level: packed for level, packed in enumerate(tree.levels()) if level >= STORED_LEVEL}


def check_stored_nodes(session: Session, tree: HashTree) -> list[Discrepancy]:
    """The stored nodes against those recomputed from the leaves of ``tree`` (the entries' hashes
    as verification recomputed them): altered, missing, or beyond the log."""
    expected = expected_nodes(tree)
    table = MerkleNodeRow.__table__
    query = select(table.c.level, table.c.position, table.c.hash).order_by(
        table.c.level, table.c.position
    )
    rows = session.connection().execute(query, execution_options={"yield_per": 50_000})
    found: list[Discrepancy] = []
    seen: dict[int, int] = {}
    for level, position, digest in rows:
        where = f"merkle node (level {level}, position {position})"
        packed = expected.get(level, b"")
        start = position * HASH_SIZE
        if position < 0 or start >= len(packed):
            found.append(Discrepancy(where, "stored for a subtree the log does not have"))
            continue
        seen[level] = seen.get(level, 0) + 1
        if packed[start : start + HASH_SIZE].hex() != digest:
            found.append(
                Discrepancy(where, "stored hash differs from the entries' (derived data altered)")
            )
    missing = [
        (level, position)
        for level, packed in sorted(expected.items())
        if seen.get(level, 0) < len(packed) // HASH_SIZE
        for position in _missing_positions(session, level, len(packed) // HASH_SIZE)
    ]
    for level, position in missing[:_SHOWN]:
        found.append(
            Discrepancy(
                f"merkle node (level {level}, position {position})", "missing from the store"
            )
        )
    if len(missing) > _SHOWN:
        found.append(Discrepancy("merkle nodes", f"{len(missing) - _SHOWN} more missing"))
    return found


def _missing_positions(session: Session, level: int, count: int) -> list[int]:
    table = MerkleNodeRow.__table__
    stored = set(
        session.scalars(
            select(table.c.position).where(table.c.level == level, table.c.position < count)
        )
    )
    return [position for position in range(count) if position not in stored]


def register(registry: CheckerRegistry) -> None:
    """The stored nodes are derived: `log verify` recomputes them from the replayed entries
    (:func:`check_stored_nodes`, run once the whole log is replayed)."""
    registry.add(
        Coverage(
            "merkle nodes",
            tables=("merkle_nodes",),
            derived="the hashes of complete subtrees of 64 entries and more, recomputed from the "
            "entries' hashes by log verify and compared node by node",
        )
    )
