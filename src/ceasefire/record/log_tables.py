"""Tables of the tamper-evident log: entries, signed tree heads and the registry of public keys.

They share the declarative ``Base`` of :mod:`ceasefire.record.tables`; the schema itself is made by
migration 0002. Times that are hashed or signed are kept as the exact ISO 8601 text that was hashed,
so that SQLite and PostgreSQL give back the same bytes.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ceasefire.record.tables import Base, only_on


class LogEntryRow(Base):
    """One change to the record; ``entry_hash`` is the sha256 of the canonical entry (a Merkle leaf)."""

    __tablename__ = "log_entries"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200), index=True)
    payload: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))
    prev_state_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(Text)
    key_id: Mapped[str | None] = mapped_column(String(64))

    # 0002; 0026 dropped it on SQLite, where no query reads it.
    __table_args__ = (only_on("postgresql", Index("ix_log_entries_kind", "kind")),)


class TreeHeadRow(Base):
    """A tree head issued by `ceasefire log head`: the log's size and Merkle root at a time."""

    __tablename__ = "tree_heads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    size: Mapped[int] = mapped_column(BigInteger, index=True)
    root_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(40))
    signature: Mapped[str | None] = mapped_column(Text)
    key_id: Mapped[str | None] = mapped_column(String(64))


class KeyRow(Base):
    """A registered public key (Ed25519, base64 of the 32 raw bytes); registered through the log."""

    __tablename__ = "keys"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(32))
    party: Mapped[str | None] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(40))


class MerkleNodeRow(Base):
    """The root of a complete subtree of the log's Merkle tree, stored as entries are appended so
    that roots and proofs read O(log n) nodes instead of rebuilding the tree.

    Node (``level``, ``position``) covers entries ``position * 2**level + 1`` to
    ``(position + 1) * 2**level``; only levels from :data:`~ceasefire.record.merkle.STORED_LEVEL`
    up are stored (the smaller subtrees are recomputed from at most two runs of entry hashes).
    Derived data: `ceasefire log verify` recomputes every node from the entries."""

    __tablename__ = "merkle_nodes"

    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    hash: Mapped[str] = mapped_column(String(64))
