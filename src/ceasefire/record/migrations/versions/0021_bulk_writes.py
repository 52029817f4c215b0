"""bulk writes: on PostgreSQL the incident summary's trigger steps aside for the rows a bulk
writer inserts while its transaction's setting ``ceasefire.bulk_write`` is ``on``

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-06

The bulk writer (:mod:`ceasefire.record.deferred`) sets it with ``SET LOCAL`` around one ``COPY``,
then adds the same figures for all those rows with one ``INSERT … ON CONFLICT DO UPDATE``; every
other writer, and every other statement, sees the setting unset: the trigger behaves as before.
The function's body is kept as migration 0018 wrote it, only the test is added in front (the
stored text is edited, and checked to be that text). SQLite needs nothing stored: its bulk writer
drops the insert triggers inside its own transaction and makes them again from their stored text.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

PG_FUNCTION = "incident_summary_follow"
PG_BODY_START = "BEGIN IF TG_OP IN ('UPDATE', 'DELETE')"
PG_SKIP = (
    "BEGIN IF TG_OP = 'INSERT' AND current_setting('ceasefire.bulk_write', true) = 'on' THEN "
    "RETURN NULL; END IF; IF TG_OP IN ('UPDATE', 'DELETE')"
)


def _rewrite_postgresql(*, forward: bool) -> None:
    source = (
        op.get_bind()
        .execute(sa.text("SELECT prosrc FROM pg_proc WHERE proname = :name"), {"name": PG_FUNCTION})
        .scalar_one()
    )
    old, new = (PG_BODY_START, PG_SKIP) if forward else (PG_SKIP, PG_BODY_START)
    if source.count(old) != 1:
        raise RuntimeError(f"function {PG_FUNCTION} is not as migration 0018 wrote it")
    body = source.replace(old, new)
    op.execute(
        f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rewrite_postgresql(forward=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rewrite_postgresql(forward=False)
