"""documents: metadata and extracted text of content-addressed originals

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("publisher", sa.String(200)),
        sa.Column("url", sa.Text()),
        sa.Column("published_at", sa.Date()),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("collected_by", sa.String(200)),
        sa.Column("language", sa.String(16)),
        sa.Column("title", sa.Text()),
        sa.Column("source_name", sa.Text()),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index(op.f("ix_documents_kind"), "documents", ["kind"])
    op.create_index(op.f("ix_documents_published_at"), "documents", ["published_at"])


def downgrade() -> None:
    op.drop_table("documents")
