"""interop: dataset rows (ACLED, UCDP event ids to incidents), feed states and feed items

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dataset_rows",
        sa.Column("dataset", sa.String(64), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("incident_id", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("country", sa.String(100)),
        sa.Column("event_date", sa.Date()),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.Column("is_lead", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("dataset", "key", name=op.f("pk_dataset_rows")),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_dataset_rows_incident_id_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_dataset_rows_document_id_documents")
        ),
    )
    op.create_index(op.f("ix_dataset_rows_incident_id"), "dataset_rows", ["incident_id"])
    op.create_table(
        "feed_states",
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_feed_states")),
    )
    op.create_table(
        "feed_items",
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("item_key", sa.String(64), nullable=False),
        sa.Column("link", sa.Text()),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("source", "item_key", name=op.f("pk_feed_items")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_feed_items_document_id_documents")
        ),
    )


def downgrade() -> None:
    for table in ("feed_items", "feed_states", "dataset_rows"):
        op.drop_table(table)
