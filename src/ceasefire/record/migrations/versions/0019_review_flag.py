"""reprocessing: incidents.review_flag, the fields on which a re-extraction disagrees with the
values a reviewer set

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("review_flag", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("review_flag")
