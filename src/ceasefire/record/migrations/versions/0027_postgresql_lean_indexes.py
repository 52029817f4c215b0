"""lean indexes on PostgreSQL: the single-column indexes of incidents that no query reads go, as
migration 0026 dropped them on SQLite

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07

Measured on a store of 1,000,000 incidents (``benchmarks/api_load.py --backend postgresql``): after
the load run of the dashboard, the choropleth, the API list and the list page,
``pg_stat_user_indexes`` counted no scan of ``ix_incidents_event_type``, ``ix_incidents_admin1``,
``ix_incidents_country``, ``ix_incidents_actor1`` nor ``ix_incidents_status``, for the reasons
0026 gives for SQLite: the filters compare ``lower()`` of the column or a pattern anywhere in it
(``IncidentFilter.apply``), which no B-tree of the plain column answers and which the list's
covering index (0022) carries; ``country`` begins ``ix_incidents_match`` (0004) and ``status``
the list, dashboard and facet indexes, so a query that could seek one seeks the wider one. Each
cost every write of an incident an entry. The other indexes of incidents stay: each was read in
that run or serves a filter it did not send (``ix_incidents_reviewed``: a count of the reviewed
with a filter no summary answers, 58 ms with it and 762 ms without at that size;
``ix_incidents_event_date``: read by the list's pages).
"""

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

# As migration 0003 (and 0004 for status) made them.
DROPPED = ("event_type", "admin1", "country", "actor1", "status")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in DROPPED:
        op.drop_index(f"ix_incidents_{column}", "incidents")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in DROPPED:
        op.create_index(f"ix_incidents_{column}", "incidents", [column])
