"""incident_summary: the dashboard's figures and the list's counts per day, place and type, kept
by triggers in the transaction of every write to incidents

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06

One row per (event_date, country, admin1, event_type, sub_event_type) of the active incidents, with
their number and the sums the dashboard shows. Triggers on incidents add a row's figures when it
becomes active, take them away when it stops being active or changes, and delete a row that counts
none: whatever writes incidents (ingest, import, merge, split, edit, review, a migration), the
summary follows in the same transaction. `log verify` recomputes it from the incidents and names any
difference (record/summary.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

KEYS = ("event_date", "country", "admin1", "event_type", "sub_event_type")
# The column of the summary, and what one incident adds to it (NULL counts as 0; the high figure
# is the low one when there is none, as on the dashboard).
FIGURES = {
    "incidents": "1",
    "fatalities_low": "coalesce({r}.fatalities_low, 0)",
    "fatalities_high": "coalesce({r}.fatalities_high, {r}.fatalities_low, 0)",
    "injuries_low": "coalesce({r}.injuries_low, 0)",
    "injuries_high": "coalesce({r}.injuries_high, {r}.injuries_low, 0)",
}
WATCHED = (
    "status",
    *KEYS,
    "fatalities_low",
    "fatalities_high",
    "injuries_low",
    "injuries_high",
)
# PostgreSQL matches the keys through these expressions (an index serves them; IS NOT DISTINCT
# FROM would not use one); U+0001 stands for "none" in text and 'infinity' for an undated act.
PG_KEY = {
    "event_date": "coalesce({p}event_date, 'infinity'::date)",
    "country": "coalesce({p}country, chr(1))",
    "admin1": "coalesce({p}admin1, chr(1))",
    "event_type": "{p}event_type",
    "sub_event_type": "{p}sub_event_type",
}


NO_TWIN = " ON CONFLICT DO NOTHING"


def _sqlite_match(r: str) -> str:
    return " AND ".join(f"incident_summary.{k} IS {r}.{k}" for k in KEYS)


def _pg_match(r: str) -> str:
    return " AND ".join(
        f"{PG_KEY[k].format(p='incident_summary.')} = {PG_KEY[k].format(p=r + '.')}" for k in KEYS
    )


def _change(r: str, sign: str, match: str, when: str = "1 = 1", conflict: str = "") -> str:
    """The statements that add (sign +) or take away (sign -) incident ``r``'s figures, if
    ``when``."""
    keys = ", ".join(KEYS)
    zeros = ", ".join("0" for _ in FIGURES)
    sums = ", ".join(f"{c} = {c} {sign} {e.format(r=r)}" for c, e in FIGURES.items())
    return (
        f"INSERT INTO incident_summary ({keys}, {', '.join(FIGURES)}) "
        f"SELECT {', '.join(f'{r}.{k}' for k in KEYS)}, {zeros} "
        f"WHERE {when} AND NOT EXISTS (SELECT 1 FROM incident_summary WHERE {match}){conflict}; "
        f"UPDATE incident_summary SET {sums} WHERE {when} AND {match}; "
        f"DELETE FROM incident_summary WHERE {when} AND {match} AND incidents = 0;"
    )


def _backfill() -> str:
    keys = ", ".join(KEYS)
    sums = ", ".join(f"sum({e.format(r='incidents')})" for e in FIGURES.values())
    return (
        f"INSERT INTO incident_summary ({keys}, {', '.join(FIGURES)}) "
        f"SELECT {keys}, {sums} FROM incidents WHERE status = 'active' GROUP BY {keys}"
    )


def upgrade() -> None:
    op.create_table(
        "incident_summary",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_date", sa.Date()),
        sa.Column("country", sa.String(100)),
        sa.Column("admin1", sa.String(100)),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in FIGURES),
    )
    dialect = op.get_bind().dialect.name
    watched = ", ".join(WATCHED)
    if dialect == "postgresql":
        keys = ", ".join(PG_KEY[k].format(p="") for k in KEYS)
        # Unique: two transactions adding the row of one new key at once, the second waits for
        # the first and then adds its figures to that row (ON CONFLICT DO NOTHING, then UPDATE).
        op.execute(f"CREATE UNIQUE INDEX ix_incident_summary_keys ON incident_summary ({keys})")
        op.execute(
            "CREATE FUNCTION incident_summary_follow() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active' THEN "
            f"{_change('OLD', '-', _pg_match('OLD'), conflict=NO_TWIN)} "
            "END IF; "
            "IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'active' THEN "
            f"{_change('NEW', '+', _pg_match('NEW'), conflict=NO_TWIN)} "
            "END IF; "
            "RETURN NULL; "
            "END $$"
        )
        op.execute(
            f"CREATE TRIGGER incident_summary_follow AFTER INSERT OR DELETE OR UPDATE OF "
            f"{watched} ON incidents FOR EACH ROW EXECUTE FUNCTION incident_summary_follow()"
        )
    else:
        op.create_index("ix_incident_summary_keys", "incident_summary", list(KEYS))
        op.execute(
            "CREATE TRIGGER incident_summary_insert AFTER INSERT ON incidents "
            f"WHEN NEW.status = 'active' BEGIN {_change('NEW', '+', _sqlite_match('NEW'))} END"
        )
        op.execute(
            "CREATE TRIGGER incident_summary_delete AFTER DELETE ON incidents "
            f"WHEN OLD.status = 'active' BEGIN {_change('OLD', '-', _sqlite_match('OLD'))} END"
        )
        # One trigger for both halves of an update, the old row's figures out before the new
        # row's in: SQLite does not promise an order between two triggers.
        op.execute(
            f"CREATE TRIGGER incident_summary_update AFTER UPDATE OF {watched} ON incidents "
            "BEGIN "
            + _change("OLD", "-", _sqlite_match("OLD"), "OLD.status = 'active'")
            + " "
            + _change("NEW", "+", _sqlite_match("NEW"), "NEW.status = 'active'")
            + " END"
        )
    op.execute(_backfill())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS incident_summary_follow ON incidents")
        op.execute("DROP FUNCTION IF EXISTS incident_summary_follow()")
    else:
        for change in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS incident_summary_{change}")
    op.drop_table("incident_summary")
