"""bulk writes: the per-row insert triggers that keep the search index and the incident summary
step aside while a bulk writer does their work for a whole batch with set-based statements

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-06

SQLite: the insert triggers of the FTS5 indexes (``incidents_fts_insert``, ``documents_fts_insert``)
and of the summary (``incident_summary_insert``) get the condition ``NOT EXISTS (SELECT 1 FROM
bulk_writes)``; the table ``bulk_writes`` holds a row only inside a bulk writer's transaction, around
one multi-row INSERT, after which the writer inserts the same index entries and summary figures
itself (:mod:`ceasefire.record.deferred`). Every other writer, and every committed state, sees the
table empty: the triggers behave as before. PostgreSQL: the summary function returns at once for
an insert while the transaction's setting ``ceasefire.bulk_write`` is ``on`` (set with ``SET
LOCAL``, so it ends with the transaction). The trigger bodies are kept as they were, only the
condition is added (the stored text is edited, and checked to be the text migration 0016 or 0018
wrote).
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None

UNLESS_BULK = "NOT EXISTS (SELECT 1 FROM bulk_writes)"
# (trigger, the text before the body as written, as rewritten)
SQLITE_TRIGGERS = (
    (
        "incidents_fts_insert",
        "AFTER INSERT ON incidents BEGIN",
        f"AFTER INSERT ON incidents WHEN {UNLESS_BULK} BEGIN",
    ),
    (
        "documents_fts_insert",
        "AFTER INSERT ON documents BEGIN",
        f"AFTER INSERT ON documents WHEN {UNLESS_BULK} BEGIN",
    ),
    (
        "incident_summary_insert",
        "WHEN NEW.status = 'active' BEGIN",
        f"WHEN NEW.status = 'active' AND {UNLESS_BULK} BEGIN",
    ),
)
PG_FUNCTION = "incident_summary_follow"
PG_BODY_START = "BEGIN IF TG_OP IN ('UPDATE', 'DELETE')"
PG_SKIP = (
    "BEGIN IF TG_OP = 'INSERT' AND current_setting('ceasefire.bulk_write', true) = 'on' THEN "
    "RETURN NULL; END IF; IF TG_OP IN ('UPDATE', 'DELETE')"
)


def _rewrite_sqlite(*, forward: bool) -> None:
    bind = op.get_bind()
    for name, before, after in SQLITE_TRIGGERS:
        old, new = (before, after) if forward else (after, before)
        sql = bind.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
            {"name": name},
        ).scalar_one()
        if sql.count(old) != 1:
            raise RuntimeError(f"trigger {name} is not as migrations 0016 and 0018 wrote it")
        op.execute(f"DROP TRIGGER {name}")
        op.execute(sql.replace(old, new))


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
    if op.get_bind().dialect.name == "sqlite":
        op.create_table("bulk_writes", sa.Column("id", sa.Integer(), primary_key=True))
        _rewrite_sqlite(forward=True)
    else:
        _rewrite_postgresql(forward=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite(forward=False)
        op.drop_table("bulk_writes")
    else:
        _rewrite_postgresql(forward=False)
