"""lean indexes on SQLite: the indexes no query reads go, those a wider index begins with go, and
those that serve one rare filter hold only the rows it keeps

Revision ID: 0026
Revises: 0024
Create Date: 2026-12-06

Each row an import writes goes into every index of its table, and on SQLite that is the writer's
own CPU (performance.md, "Fewer indexes to write"). Every statement the pages, the API, the
matcher, the assessment and `log verify` send was explained (`EXPLAIN QUERY PLAN`) against the
schema at 0024 (SQLite keeps no statistics here: the plans depend on the schema only), and
tests/record/test_index_plans.py holds that each filtered query of the pages stays on an index:

- ``ix_incidents_event_type``, ``ix_incidents_admin1``, ``ix_incidents_actor1`` (0003): no query
  can use them — the filters compare ``lower()`` of the column or a pattern anywhere in it
  (``IncidentFilter.apply``), which the list's covering index answers, and the choices of actors are
  grouped in ``ix_incidents_facet_actor1`` (0022).
- ``ix_incidents_country`` (0003) is the first column of ``ix_incidents_match`` (0004), and
  ``ix_incidents_status`` (0004) the first of the list, dashboard and facet indexes: a query that
  could seek one seeks the wider one.
- ``ix_incidents_historical_date`` (0007): the historical filter is a column of the list's covering
  index (0022), and no plan chose it since.
- ``ix_incidents_reviewed`` (0022) counted the reviewed incidents, which the summary answers since
  0024; a page of reviewed incidents walks the list's covering index (``is_reviewed`` is in it),
  and no plan chose it (not even made partial, for the reviewed rows only: tried).
- ``ix_incidents_review_queue`` (new, partial): the incidents whose re-extraction disagrees with a
  reviewer, in the list's order. The review queue walked the whole list index before, reading
  each incident's row to test its flag; an import writes no entry in it.
- ``ix_documents_duplicate_group`` (0004) and ``ix_log_entries_kind`` (0002): no query filters by
  either (a document's group is read by its id; the log is read by sequence or subject).

PostgreSQL is left as it is: its planner, its statistics and its import (``COPY``, the server's
processes) differ, and its indexes are measured there on their own.
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

# Index name, table, columns: as the migrations that made them.
DROPPED = (
    ("ix_incidents_event_type", "incidents", ["event_type"]),
    ("ix_incidents_admin1", "incidents", ["admin1"]),
    ("ix_incidents_country", "incidents", ["country"]),
    ("ix_incidents_actor1", "incidents", ["actor1"]),
    ("ix_incidents_status", "incidents", ["status"]),
    ("ix_incidents_historical_date", "incidents", ["is_historical", "event_date"]),
    ("ix_incidents_reviewed", "incidents", ["status", "is_reviewed", "event_date"]),
    ("ix_documents_duplicate_group", "documents", ["duplicate_group"]),
    ("ix_log_entries_kind", "log_entries", ["kind"]),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, table, _columns in DROPPED:
        op.drop_index(name, table)
    # The filter is rendered `incidents.review_flag IS NOT NULL`: the same term as the index's, so
    # SQLite reads the queue's pages and its count from it.
    op.create_index(
        "ix_incidents_review_queue",
        "incidents",
        ["status", sa.text("event_date DESC"), "id"],
        sqlite_where=sa.text("review_flag IS NOT NULL"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index("ix_incidents_review_queue", "incidents")
    for name, table, columns in DROPPED:
        op.create_index(name, table, columns)
