"""merkle_nodes: the log's complete Merkle subtrees, so that proofs read O(log n) nodes

Revision ID: 0015
Revises: 0010
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from ceasefire.record.merkle import Frontier

revision = "0015"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    nodes = op.create_table(
        "merkle_nodes",
        sa.Column("level", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            autoincrement=False,
        ),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("level", "position", name=op.f("pk_merkle_nodes")),
    )
    # The nodes of the entries logged so far, computed as appends compute them.
    connection = op.get_bind()
    entries = sa.table("log_entries", sa.column("seq"), sa.column("entry_hash"))
    rows = connection.execute(
        sa.select(entries.c.entry_hash).order_by(entries.c.seq),
        execution_options={"yield_per": 50_000},
    )
    frontier, batch = Frontier(), []
    for (entry_hash,) in rows:
        for level, position, digest in frontier.add(bytes.fromhex(entry_hash)):
            batch.append({"level": level, "position": position, "hash": digest.hex()})
    for start in range(0, len(batch), 10_000):
        op.bulk_insert(nodes, batch[start : start + 10_000])


def downgrade() -> None:
    op.drop_table("merkle_nodes")
