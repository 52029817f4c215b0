"""web sessions kept server-side; API tokens with an expiry and a revocation

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A token made before this revision has no expiry of its own: it expires token_max_age after
    # it was made (ceasefire.services.accounts).
    op.add_column("api_tokens", sa.Column("expires_at", sa.String(40)))
    op.add_column("api_tokens", sa.Column("revoked_at", sa.String(40)))
    op.create_table(
        "web_sessions",
        sa.Column("session_sha256", sa.String(64), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.String(40)),
        sa.PrimaryKeyConstraint("session_sha256", name=op.f("pk_web_sessions")),
        sa.ForeignKeyConstraint(
            ["user_name"], ["users.name"], name=op.f("fk_web_sessions_user_name_users")
        ),
    )
    op.create_index(op.f("ix_web_sessions_user_name"), "web_sessions", ["user_name"])


def downgrade() -> None:
    op.drop_index(op.f("ix_web_sessions_user_name"), "web_sessions")
    op.drop_table("web_sessions")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("expires_at")
