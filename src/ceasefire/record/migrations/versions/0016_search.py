"""keyword search over incidents and documents: SQLite FTS5 tables over the rows (external content,
kept in step by triggers) or PostgreSQL GIN indexes over their tsvector

Revision ID: 0016
Revises: 0010
Create Date: 2026-12-06
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# Written out here, not imported: a migration stays as it was run. ceasefire.record.search queries
# with the same columns and expressions (PostgreSQL uses an index only for the very expression).
INCIDENT_COLUMNS = (
    "location",
    "admin2",
    "admin1",
    "country",
    "actor1",
    "actor2",
    "event_type",
    "sub_event_type",
)
DOCUMENT_COLUMNS = ("title", "publisher", "text")
INCIDENT_VECTOR = (
    "to_tsvector('english', "
    + " || ' ' || ".join(f"coalesce({c}, '')" for c in INCIDENT_COLUMNS)
    + ")"
)
# PostgreSQL holds a tsvector of at most 1 MB: a document's first 200,000 characters are indexed
# (SQLite's FTS5 has no such bound and indexes the whole text).
DOCUMENT_VECTOR = (
    "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(publisher, '') || ' ' || "
    "left(coalesce(text, ''), 200000))"
)


def _sqlite_fts(table: str, columns: tuple[str, ...]) -> list[str]:
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        "content_rowid='rowid', tokenize='porter unicode61')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _sqlite_fts("incidents", INCIDENT_COLUMNS) + _sqlite_fts(
            "documents", DOCUMENT_COLUMNS
        ):
            op.execute(statement)
        return
    op.execute(f"CREATE INDEX ix_incidents_search ON incidents USING gin ({INCIDENT_VECTOR})")
    op.execute(f"CREATE INDEX ix_documents_search ON documents USING gin ({DOCUMENT_VECTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in ("incidents", "documents"):
            for change in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{change}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        return
    op.execute("DROP INDEX IF EXISTS ix_incidents_search")
    op.execute("DROP INDEX IF EXISTS ix_documents_search")
