"""extraction: incidents, claims, mentions, aggregates, reported agreements, extraction runs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _figures(prefix: str, *, best: bool) -> list[sa.Column]:  # type: ignore[type-arg]
    names = ["low", "best", "high"] if best else ["low", "high"]
    return [sa.Column(f"{prefix}_{name}", sa.Integer()) for name in names]


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("event_date", sa.Date()),
        sa.Column("date_precision", sa.String(16), nullable=False),
        sa.Column("country", sa.String(100)),
        sa.Column("admin1", sa.String(100)),
        sa.Column("admin2", sa.String(100)),
        sa.Column("location", sa.String(200)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("geo_precision", sa.Integer()),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("target_categories", sa.JSON(), nullable=False),
        *_figures("fatalities", best=True),
        *_figures("injuries", best=True),
        sa.Column("victims", sa.JSON(), nullable=False),
        sa.Column("is_historical", sa.Boolean(), nullable=False),
        sa.Column("grade", sa.String(16)),
        sa.Column("is_reviewed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    for column in ("event_type", "event_date", "country", "admin1", "actor1"):
        op.create_index(op.f(f"ix_incidents_{column}"), "incidents", [column])

    def document_fk(table: str) -> sa.ForeignKeyConstraint:
        return sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f(f"fk_{table}_document_id_documents")
        )

    def incident_fk(table: str) -> sa.ForeignKeyConstraint:
        return sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f(f"fk_{table}_incident_id_incidents"),
            ondelete="CASCADE",
        )

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("source", sa.String(200)),
        sa.Column("source_kind", sa.String(32)),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("is_hedged", sa.Boolean(), nullable=False),
        *_figures("fatalities", best=False),
        *_figures("injuries", best=False),
        sa.Column("victims", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        incident_fk("claims"),
        document_fk("claims"),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(200), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("event_date", sa.Date()),
        sa.Column("date_precision", sa.String(16), nullable=False),
        sa.Column("place", sa.JSON(), nullable=False),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
        incident_fk("mentions"),
        document_fk("mentions"),
    )
    op.create_table(
        "aggregates",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("source", sa.String(200)),
        *_figures("killed", best=False),
        *_figures("injured", best=False),
        sa.Column("period", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aggregates")),
        document_fk("aggregates"),
    )
    op.create_table(
        "reported_agreements",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("agreed_on", sa.Date()),
        sa.Column("location", sa.String(200)),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("mediators", sa.JSON(), nullable=False),
        sa.Column("commitments", sa.JSON(), nullable=False),
        sa.Column("follow_up", sa.JSON()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reported_agreements")),
        document_fk("reported_agreements"),
    )
    op.create_table(
        "extraction_runs",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("versions", sa.JSON(), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_extraction_runs")),
        document_fk("extraction_runs"),
    )
    for table in ("claims", "mentions"):
        op.create_index(op.f(f"ix_{table}_incident_id"), table, ["incident_id"])
        op.create_index(op.f(f"ix_{table}_document_id"), table, ["document_id"])
    for table in ("aggregates", "reported_agreements"):
        op.create_index(op.f(f"ix_{table}_document_id"), table, ["document_id"])


def downgrade() -> None:
    for table in (
        "extraction_runs",
        "reported_agreements",
        "aggregates",
        "mentions",
        "claims",
        "incidents",
    ):
        op.drop_table(table)
