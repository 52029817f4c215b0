"""log: tamper-evident log entries, signed tree heads, registry of public keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "log_entries",
        # Sequence numbers are given by the log itself (1, 2, 3…), never by the database.
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("prev_state_hash", sa.String(64), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("signature", sa.Text()),
        sa.Column("key_id", sa.String(64)),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_log_entries")),
    )
    op.create_index(op.f("ix_log_entries_kind"), "log_entries", ["kind"])
    op.create_index(op.f("ix_log_entries_subject"), "log_entries", ["subject"])
    op.create_table(
        "tree_heads",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("root_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("signature", sa.Text()),
        sa.Column("key_id", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tree_heads")),
    )
    op.create_index(op.f("ix_tree_heads_size"), "tree_heads", ["size"])
    op.create_table(
        "keys",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("party", sa.String(200)),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_keys")),
    )


def downgrade() -> None:
    op.drop_table("keys")
    op.drop_table("tree_heads")
    op.drop_table("log_entries")
