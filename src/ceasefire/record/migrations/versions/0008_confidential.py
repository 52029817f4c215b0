"""confidential: openings of sealed log entries, and evidence submissions per submitter

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sealed_payloads",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sealed_payloads")),
    )
    op.create_index(op.f("ix_sealed_payloads_subject"), "sealed_payloads", ["subject"])
    op.create_table(
        "submissions",
        sa.Column("id", sa.String(24), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(16), nullable=False),
        sa.Column("party", sa.String(64), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("publisher", sa.String(200)),
        sa.Column("url", sa.Text()),
        sa.Column("published_at", sa.Date()),
        sa.Column("language", sa.String(16)),
        sa.Column("source_name", sa.Text()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_submissions_document_id_documents")
        ),
    )
    op.create_index(op.f("ix_submissions_document_id"), "submissions", ["document_id"])
    op.create_index(op.f("ix_submissions_case_id"), "submissions", ["case_id"])


def downgrade() -> None:
    op.drop_table("submissions")
    op.drop_table("sealed_payloads")
