"""bulk import: originals packed by batch (where each one is), and the deletion scan by index

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "packed_originals",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("pack", sa.String(64), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_packed_originals")),
    )
    op.create_index(
        "ix_dataset_rows_scope", "dataset_rows", ["dataset", "is_deleted", "event_date"]
    )


def downgrade() -> None:
    op.drop_index("ix_dataset_rows_scope", table_name="dataset_rows")
    op.drop_table("packed_originals")
