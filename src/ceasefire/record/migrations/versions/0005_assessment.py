"""assessment: assessments, cases and their steps, findings, replies

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("agreement", sa.String(64), nullable=False),
        sa.Column("commitment", sa.String(64), nullable=False),
        sa.Column("incident_id", sa.String(40), nullable=False),
        sa.Column("party", sa.String(64)),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index(op.f("ix_assessments_agreement"), "assessments", ["agreement"])
    op.create_index(op.f("ix_assessments_incident_id"), "assessments", ["incident_id"])
    op.create_table(
        "cases",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("agreement", sa.String(64), nullable=False),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("clauses", sa.JSON(), nullable=False),
        sa.Column("complainant", sa.String(200), nullable=False),
        sa.Column("allegation", sa.Text(), nullable=False),
        sa.Column("against", sa.String(64)),
        sa.Column("clause", sa.String(64)),
        sa.Column("incident_id", sa.String(40)),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("step", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index(op.f("ix_cases_agreement"), "cases", ["agreement"])
    op.create_index(op.f("ix_cases_step"), "cases", ["step"])
    op.create_table(
        "case_steps",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(16), nullable=False),
        sa.Column("step", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_steps")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_steps_case_id_cases")
        ),
    )
    op.create_index(op.f("ix_case_steps_case_id"), "case_steps", ["case_id"])
    op.create_table(
        "findings",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("case_id", sa.String(16), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("clause", sa.String(64), nullable=False),
        sa.Column("party", sa.String(64)),
        sa.Column("grade", sa.String(16)),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_findings_case_id_cases")),
        sa.UniqueConstraint("case_id", name=op.f("uq_findings_case_id")),
    )
    op.create_table(
        "replies",
        sa.Column("id", sa.String(24), nullable=False),
        sa.Column("finding_id", sa.String(16), nullable=False),
        sa.Column("party", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replies")),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["findings.id"], name=op.f("fk_replies_finding_id_findings")
        ),
    )
    op.create_index(op.f("ix_replies_finding_id"), "replies", ["finding_id"])


def downgrade() -> None:
    for table in ("replies", "findings", "case_steps", "cases", "assessments"):
        op.drop_table(table)
