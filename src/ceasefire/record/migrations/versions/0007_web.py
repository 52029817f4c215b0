"""web: users, API tokens, complaints; indexes for the dashboard and the incident list

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
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("party", sa.String(200), nullable=False),
        sa.Column("lodged_by", sa.String(64), nullable=False),
        sa.Column("lodged_at", sa.String(40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("incident_id", sa.String(40)),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("reviewed_by", sa.String(64)),
        sa.Column("reviewed_at", sa.String(40)),
        sa.Column("review_note", sa.Text()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_complaints_document_id_documents")
        ),
    )
    for column in ("document_id", "party", "state"):
        op.create_index(op.f(f"ix_complaints_{column}"), "complaints", [column])
    # The incident list pages by (date, id); the dashboard groups by date and province.
    # The order of the list (newest first, undated last, then id), so that a page is read straight
    # from the index; SQLite puts NULLs last in a descending index and takes no NULLS LAST here.
    newest_first = "event_date DESC" + (
        " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    )
    op.create_index("ix_incidents_event_date_id", "incidents", [sa.text(newest_first), "id"])
    op.create_index("ix_incidents_historical_date", "incidents", ["is_historical", "event_date"])
    # Covers the dashboard's figures (statistics.summary, statistics.cells): read from the index.
    op.create_index(
        "ix_incidents_dashboard",
        "incidents",
        [
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
    op.drop_index("ix_incidents_event_date_id", "incidents")
    for table in ("complaints", "api_tokens", "users"):
        op.drop_table(table)
