"""integrity: the near-duplicate index in the store (document_bands), filled from the stored minhashes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from ceasefire.record.duplicates import band_keys

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bands = op.create_table(
        "document_bands",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_bands_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("document_id", "band", name=op.f("pk_document_bands")),
    )
    op.create_index("ix_document_bands_band_key", "document_bands", ["band", "key"])
    # The index of the documents stored so far, from their signatures (each process kept its own).
    documents = sa.table("documents", sa.column("id", sa.String), sa.column("minhash"))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(documents.c.id, documents.c.minhash)
        .where(documents.c.minhash.is_not(None))
        .order_by(documents.c.id)
    )
    batch: list[dict[str, object]] = []
    for document_id, minhash in rows.fetchall():
        batch += [
            {"document_id": document_id, "band": band, "key": key}
            for band, key in enumerate(band_keys(bytes(minhash)))
        ]
        if len(batch) >= 10_000:
            op.bulk_insert(bands, batch)
            batch = []
    if batch:
        op.bulk_insert(bands, batch)


def downgrade() -> None:
    op.drop_index("ix_document_bands_band_key", table_name="document_bands")
    op.drop_table("document_bands")
