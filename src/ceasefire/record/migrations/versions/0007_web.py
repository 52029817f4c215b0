"""web: users, API tokens; indexes for the dashboard and the incident list

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("party", sa.String(200)),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_users")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_api_tokens")),
        sa.ForeignKeyConstraint(
            ["user_name"], ["users.name"], name=op.f("fk_api_tokens_user_name_users")
        ),
    )
    op.create_index(op.f("ix_api_tokens_user_name"), "api_tokens", ["user_name"])
    # The incident list pages the active incidents by (date, id); the dashboard groups them by date
    # and province. The order of the list (newest first, undated last, then id), so that a page is
    # read straight from the index; SQLite puts NULLs last in a descending index and takes no
    # NULLS LAST here.
    newest_first = "event_date DESC" + (
        " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    )
    op.create_index(
        "ix_incidents_status_event_date_id", "incidents", ["status", sa.text(newest_first), "id"]
    )
    op.create_index("ix_incidents_historical_date", "incidents", ["is_historical", "event_date"])
    # Covers the dashboard's figures (statistics.summary, statistics.cells): read from the index.
    op.create_index(
        "ix_incidents_dashboard",
        "incidents",
        [
            "status",
            "event_date",
            "country",
            "admin1",
            "fatalities_low",
            "fatalities_high",
            "injuries_low",
            "injuries_high",
            "latitude",
            "longitude",
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_incidents_dashboard", "incidents")
    op.drop_index("ix_incidents_historical_date", "incidents")
    op.drop_index("ix_incidents_status_event_date_id", "incidents")
    for table in ("api_tokens", "users"):
        op.drop_table(table)
