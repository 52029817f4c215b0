"""incident_summary: an index that holds the figures, so that the dashboard's sums over a period
are read from the index alone

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06

The dashboard, the choropleth and the list's counts sum the summary's rows of a period, grouped
by day or by province (record/statistics.py). Keyed by the day, place and type and carrying the
figures, this index answers them without reading the table: at 100,000 incidents (about 29,000
summary rows) the sums of the whole period took 57 ms on SQLite through the key index and the
table, and take 3-12 ms from this one. On SQLite it also serves the triggers' lookups of a key
(its first five columns are the key), so it replaces the key index of migration 0018 there; on
PostgreSQL the unique key index stays (the triggers' ON CONFLICT needs it).
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

COLUMNS = [
    "event_date",
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
    "incidents",
    "fatalities_low",
    "fatalities_high",
    "injuries_low",
    "injuries_high",
]
KEYS = COLUMNS[:5]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.drop_index("ix_incident_summary_keys", "incident_summary")
    op.create_index("ix_incident_summary_figures", "incident_summary", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_incident_summary_figures", "incident_summary")
    if op.get_bind().dialect.name != "postgresql":
        op.create_index("ix_incident_summary_keys", "incident_summary", KEYS)
