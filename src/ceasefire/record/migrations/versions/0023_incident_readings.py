"""incident readings: each document's own reading of an incident (its extraction's slots), kept
beside the merged incident so that matching compares a new report with each report

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Incidents stored before have no readings: matching then takes the incident itself for its
    # documents (resolve/readings.py, views), as it did before.
    op.create_table(
        "incident_readings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("event_date", sa.Date()),
        sa.Column("date_precision", sa.String(16), nullable=False),
        sa.Column("place", sa.JSON(), nullable=False),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("target_categories", sa.JSON(), nullable=False),
        sa.Column("fatalities", sa.JSON(), nullable=False),
        sa.Column("is_historical", sa.Boolean(), nullable=False),
        sa.Column("reported_on", sa.Date()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_readings")),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_readings_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_incident_readings_document_id_documents"),
        ),
    )
    for column in ("incident_id", "document_id"):
        op.create_index(op.f(f"ix_incident_readings_{column}"), "incident_readings", [column])


def downgrade() -> None:
    for column in ("incident_id", "document_id"):
        op.drop_index(op.f(f"ix_incident_readings_{column}"), "incident_readings")
    op.drop_table("incident_readings")
