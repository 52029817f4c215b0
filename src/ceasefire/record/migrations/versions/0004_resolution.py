"""resolution: duplicate groups of documents, incident status and merges, admissions, first report

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("duplicate_group", sa.String(64)))
        batch.add_column(sa.Column("minhash", sa.LargeBinary()))
        batch.create_index("ix_documents_duplicate_group", ["duplicate_group"])
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(
            sa.Column("status", sa.String(16), nullable=False, server_default="active")
        )
        batch.add_column(sa.Column("merged_into", sa.String(40)))
        batch.add_column(
            sa.Column("declared", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("reported_on", sa.Date()))
        batch.create_index("ix_incidents_match", ["country", "reported_on"])
        batch.create_index("ix_incidents_status", ["status"])
    with op.batch_alter_table("claims") as batch:
        batch.add_column(
            sa.Column("admits", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("admits")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_index("ix_incidents_status")
        batch.drop_index("ix_incidents_match")
        for column in ("reported_on", "declared", "merged_into", "status"):
            batch.drop_column(column)
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_duplicate_group")
        batch.drop_column("minhash")
        batch.drop_column("duplicate_group")
