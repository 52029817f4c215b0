"""filter statistics: PostgreSQL keeps statistics of the lower-cased text columns the filters
compare, so that it can tell how many incidents a filter keeps

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06

The filters compare ``lower(column)`` (``IncidentFilter.apply``: one country whole, a province,
type or actor anywhere in the text). PostgreSQL keeps statistics of columns, not of such
expressions, so it guessed that ``lower(country) = 'pakistan'`` keeps 0.5% of the rows where it
keeps about half. At a million incidents, for the newest 5,000 located incidents of a country and
a period (the interactive map's marks), it then expected to walk the whole period in the list's
index for 950 matches and chose instead to read the whole table in parallel and sort it (924 ms;
with these statistics: the list index walked until the 5,000th match, 176 ms, most of it the
table's rows read for their coordinates). Statistics on expressions (PostgreSQL 14 and later)
give it each expression's common values, as an index on the expression would, without an index
to keep up on each write. SQLite plans without such estimates: nothing changes there.
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

# The incidents' text columns the filters compare lower-cased (record/incidents.py).
LOWERED = ("country", "admin1", "admin2", "event_type", "sub_event_type", "actor1", "actor2")


def _has_expression_statistics() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    return int(bind.exec_driver_sql("SHOW server_version_num").scalar_one()) >= 140000


def upgrade() -> None:
    if not _has_expression_statistics():
        return
    for column in LOWERED:
        op.execute(
            f"CREATE STATISTICS st_incidents_lower_{column} ON (lower({column})) FROM incidents"
        )
    # Gathered now: until the next ANALYZE (autovacuum's, after enough writes) they are empty.
    op.execute("ANALYZE incidents")


def downgrade() -> None:
    if not _has_expression_statistics():
        return
    for column in LOWERED:
        op.execute(f"DROP STATISTICS IF EXISTS st_incidents_lower_{column}")
