"""incident_summary: whether the incidents are reviewed joins the summary's key, so that the
"reviewed" filter of the dashboard, the choropleth and the list's count is answered by the summary

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-06

Before, a filter on reviewed incidents read the period's incidents row by row (at a million
incidents 350-460 ms of CPU for a dashboard page, against 8-13 ms for a filter the summary
answers). A key of day, place, type and reviewed has at most twice the rows (in the benchmark's
store, 1.4 times). The table is made again with the sixth key, its indexes and triggers made again
for it (the triggers as migrations 0018 and 0021 wrote them, the reviewed flag now a key and
watched by the update trigger), and filled from the incidents. Downgrading makes the five-key
table of 0018-0021 again the same way.
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0022"
branch_labels = None
depends_on = None

OLD_KEYS = ("event_date", "country", "admin1", "event_type", "sub_event_type")
NEW_KEYS = (*OLD_KEYS, "is_reviewed")
# The column of the summary, and what one incident adds to it (as migration 0018).
FIGURES = {
    "incidents": "1",
    "fatalities_low": "coalesce({r}.fatalities_low, 0)",
    "fatalities_high": "coalesce({r}.fatalities_high, {r}.fatalities_low, 0)",
    "injuries_low": "coalesce({r}.injuries_low, 0)",
    "injuries_high": "coalesce({r}.injuries_high, {r}.injuries_low, 0)",
}
# PostgreSQL matches the keys through these expressions (migration 0018); is_reviewed is never
# NULL.
PG_KEY = {
    "event_date": "coalesce({p}event_date, 'infinity'::date)",
    "country": "coalesce({p}country, chr(1))",
    "admin1": "coalesce({p}admin1, chr(1))",
    "event_type": "{p}event_type",
    "sub_event_type": "{p}sub_event_type",
    "is_reviewed": "{p}is_reviewed",
}
NO_TWIN = " ON CONFLICT DO NOTHING"
# Migration 0021: the trigger steps aside for the rows of a bulk writer (record/deferred.py).
PG_BULK_SKIP = (
    "IF TG_OP = 'INSERT' AND current_setting('ceasefire.bulk_write', true) = 'on' THEN "
    "RETURN NULL; END IF; "
)
SQLITE_TRIGGERS = ("incident_summary_insert", "incident_summary_delete", "incident_summary_update")


def _watched(keys: tuple[str, ...]) -> str:
    return ", ".join(
        ("status", *keys, "fatalities_low", "fatalities_high", "injuries_low", "injuries_high")
    )


def _sqlite_match(keys: tuple[str, ...], r: str) -> str:
    return " AND ".join(f"incident_summary.{k} IS {r}.{k}" for k in keys)


def _pg_match(keys: tuple[str, ...], r: str) -> str:
    return " AND ".join(
        f"{PG_KEY[k].format(p='incident_summary.')} = {PG_KEY[k].format(p=r + '.')}" for k in keys
    )


def _change(
    keys: tuple[str, ...], r: str, sign: str, match: str, when: str = "1 = 1", conflict: str = ""
) -> str:
    """The statements that add (sign +) or take away (sign -) incident ``r``'s figures, if
    ``when`` (as migration 0018)."""
    named = ", ".join(keys)
    zeros = ", ".join("0" for _ in FIGURES)
    sums = ", ".join(f"{c} = {c} {sign} {e.format(r=r)}" for c, e in FIGURES.items())
    return (
        f"INSERT INTO incident_summary ({named}, {', '.join(FIGURES)}) "
        f"SELECT {', '.join(f'{r}.{k}' for k in keys)}, {zeros} "
        f"WHERE {when} AND NOT EXISTS (SELECT 1 FROM incident_summary WHERE {match}){conflict}; "
        f"UPDATE incident_summary SET {sums} WHERE {when} AND {match}; "
        f"DELETE FROM incident_summary WHERE {when} AND {match} AND incidents = 0;"
    )


def _drop() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS incident_summary_follow ON incidents")
        op.execute("DROP FUNCTION IF EXISTS incident_summary_follow()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("incident_summary")  # its indexes with it


def _make(keys: tuple[str, ...]) -> None:
    """The summary keyed by ``keys``: table, indexes, triggers, and its rows from the incidents."""
    columns: list[sa.Column[object]] = [
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_date", sa.Date()),
        sa.Column("country", sa.String(100)),
        sa.Column("admin1", sa.String(100)),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
    ]
    if "is_reviewed" in keys:
        columns.append(sa.Column("is_reviewed", sa.Boolean(), nullable=False))
    op.create_table(
        "incident_summary",
        *columns,
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in FIGURES),
    )
    # Migration 0020: the key and the figures in one index, which answers the sums of a period.
    op.create_index("ix_incident_summary_figures", "incident_summary", [*keys, *FIGURES])
    watched = _watched(keys)
    if op.get_bind().dialect.name == "postgresql":
        unique = ", ".join(PG_KEY[k].format(p="") for k in keys)
        op.execute(f"CREATE UNIQUE INDEX ix_incident_summary_keys ON incident_summary ({unique})")
        op.execute(
            "CREATE FUNCTION incident_summary_follow() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            f"{PG_BULK_SKIP}"
            "IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active' THEN "
            f"{_change(keys, 'OLD', '-', _pg_match(keys, 'OLD'), conflict=NO_TWIN)} "
            "END IF; "
            "IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'active' THEN "
            f"{_change(keys, 'NEW', '+', _pg_match(keys, 'NEW'), conflict=NO_TWIN)} "
            "END IF; "
            "RETURN NULL; "
            "END $$"
        )
        op.execute(
            f"CREATE TRIGGER incident_summary_follow AFTER INSERT OR DELETE OR UPDATE OF "
            f"{watched} ON incidents FOR EACH ROW EXECUTE FUNCTION incident_summary_follow()"
        )
    else:
        op.execute(
            "CREATE TRIGGER incident_summary_insert AFTER INSERT ON incidents "
            f"WHEN NEW.status = 'active' BEGIN "
            f"{_change(keys, 'NEW', '+', _sqlite_match(keys, 'NEW'))} END"
        )
        op.execute(
            "CREATE TRIGGER incident_summary_delete AFTER DELETE ON incidents "
            f"WHEN OLD.status = 'active' BEGIN "
            f"{_change(keys, 'OLD', '-', _sqlite_match(keys, 'OLD'))} END"
        )
        # One trigger for both halves of an update, the old row's figures out first.
        op.execute(
            f"CREATE TRIGGER incident_summary_update AFTER UPDATE OF {watched} ON incidents "
            "BEGIN "
            + _change(keys, "OLD", "-", _sqlite_match(keys, "OLD"), "OLD.status = 'active'")
            + " "
            + _change(keys, "NEW", "+", _sqlite_match(keys, "NEW"), "NEW.status = 'active'")
            + " END"
        )
    named = ", ".join(keys)
    sums = ", ".join(f"sum({e.format(r='incidents')})" for e in FIGURES.values())
    op.execute(
        f"INSERT INTO incident_summary ({named}, {', '.join(FIGURES)}) "
        f"SELECT {named}, {sums} FROM incidents WHERE status = 'active' GROUP BY {named}"
    )


def upgrade() -> None:
    _drop()
    _make(NEW_KEYS)


def downgrade() -> None:
    _drop()
    _make(OLD_KEYS)
