"""incident_summary: whether the incidents are reviewed joins the summary's key, so that the
"reviewed" filter of the dashboard, the choropleth and the list's count is answered by the summary;
incident_actor_summary: the same figures per actor, for a filter by one actor

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06

Before, a filter on reviewed incidents read the period's incidents row by row (at a million
incidents 350-460 ms of CPU for a dashboard page, against 8-13 ms for a filter the summary
answers). A key of day, place, type and reviewed has at most twice the rows (in the benchmark's
store, 1.4 times). The table is made again with the sixth key, its indexes and triggers made again
for it (the triggers as migrations 0018 and 0021 wrote them, the reviewed flag now a key and
watched by the update trigger), and filled from the incidents. Downgrading makes the five-key
table of 0018-0021 again the same way.

incident_actor_summary holds the same figures keyed by an actor and the six keys: an active
incident counts once under each of its actors (once when both are the same). A filter by an actor's
text that matches one actor's name on record is then a sum over that actor's rows (an incident
whose two actors both matched would count twice in a sum over two names: such a filter is still
answered from the incidents). Triggers keep it as they keep the summary; `log verify` recomputes it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
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
    table: str,
    keys: dict[str, str],
    r: str,
    sign: str,
    match: str,
    when: str = "1 = 1",
    conflict: str = "",
) -> str:
    """The statements that add (sign +) or take away (sign -) incident ``r``'s figures to the row
    of ``table`` whose ``keys`` (column: value) are matched by ``match``, if ``when`` (as
    migration 0018)."""
    named = ", ".join(keys)
    zeros = ", ".join("0" for _ in FIGURES)
    sums = ", ".join(f"{c} = {c} {sign} {e.format(r=r)}" for c, e in FIGURES.items())
    return (
        f"INSERT INTO {table} ({named}, {', '.join(FIGURES)}) "
        f"SELECT {', '.join(keys.values())}, {zeros} "
        f"WHERE {when} AND NOT EXISTS (SELECT 1 FROM {table} WHERE {match}){conflict}; "
        f"UPDATE {table} SET {sums} WHERE {when} AND {match}; "
        f"DELETE FROM {table} WHERE {when} AND {match} AND incidents = 0;"
    )


def _summary_change(
    keys: tuple[str, ...], r: str, sign: str, match: str, when: str = "1 = 1", conflict: str = ""
) -> str:
    return _change(
        "incident_summary", {k: f"{r}.{k}" for k in keys}, r, sign, match, when, conflict
    )


# The actor summary: an incident under actor1, and under actor2 when it is another actor.
ACTOR_SUMMARY = "incident_actor_summary"
ACTOR_SIDES = {
    "actor1": "{r}.actor1 IS NOT NULL",
    "actor2": "{r}.actor2 IS NOT NULL AND ({r}.actor1 IS NULL OR {r}.actor2 <> {r}.actor1)",
}
ACTOR_TRIGGERS = ("insert", "delete", "update")


def _actor_change(r: str, sign: str, *, postgresql: bool, when: str = "1 = 1") -> str:
    """For each side (actor1, actor2), the statements that add or take away ``r``'s figures under
    that actor."""
    statements = []
    for side, present in ACTOR_SIDES.items():
        if postgresql:
            match = f"{ACTOR_SUMMARY}.actor = {r}.{side} AND " + _pg_match(NEW_KEYS, r).replace(
                "incident_summary.", f"{ACTOR_SUMMARY}."
            )
        else:
            match = f"{ACTOR_SUMMARY}.actor = {r}.{side} AND " + _sqlite_match(NEW_KEYS, r).replace(
                "incident_summary.", f"{ACTOR_SUMMARY}."
            )
        statements.append(
            _change(
                ACTOR_SUMMARY,
                {"actor": f"{r}.{side}", **{k: f"{r}.{k}" for k in NEW_KEYS}},
                r,
                sign,
                match,
                f"{when} AND {present.format(r=r)}",
                NO_TWIN if postgresql else "",
            )
        )
    return " ".join(statements)


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
            f"{_summary_change(keys, 'OLD', '-', _pg_match(keys, 'OLD'), conflict=NO_TWIN)} "
            "END IF; "
            "IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'active' THEN "
            f"{_summary_change(keys, 'NEW', '+', _pg_match(keys, 'NEW'), conflict=NO_TWIN)} "
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
            f"{_summary_change(keys, 'NEW', '+', _sqlite_match(keys, 'NEW'))} END"
        )
        op.execute(
            "CREATE TRIGGER incident_summary_delete AFTER DELETE ON incidents "
            f"WHEN OLD.status = 'active' BEGIN "
            f"{_summary_change(keys, 'OLD', '-', _sqlite_match(keys, 'OLD'))} END"
        )
        # One trigger for both halves of an update, the old row's figures out first.
        op.execute(
            f"CREATE TRIGGER incident_summary_update AFTER UPDATE OF {watched} ON incidents "
            "BEGIN "
            + _summary_change(keys, "OLD", "-", _sqlite_match(keys, "OLD"), "OLD.status = 'active'")
            + " "
            + _summary_change(keys, "NEW", "+", _sqlite_match(keys, "NEW"), "NEW.status = 'active'")
            + " END"
        )
    named = ", ".join(keys)
    sums = ", ".join(f"sum({e.format(r='incidents')})" for e in FIGURES.values())
    op.execute(
        f"INSERT INTO incident_summary ({named}, {', '.join(FIGURES)}) "
        f"SELECT {named}, {sums} FROM incidents WHERE status = 'active' GROUP BY {named}"
    )


def _make_actor_summary() -> None:
    op.create_table(
        ACTOR_SUMMARY,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("event_date", sa.Date()),
        sa.Column("country", sa.String(100)),
        sa.Column("admin1", sa.String(100)),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("is_reviewed", sa.Boolean(), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in FIGURES),
    )
    # An actor's rows of a period, with their figures, from the index alone; its first column
    # also lists the actors' names in order, one seek each (record/incidents.py).
    op.create_index(
        "ix_incident_actor_summary_figures", ACTOR_SUMMARY, ["actor", *NEW_KEYS, *FIGURES]
    )
    watched = _watched(NEW_KEYS) + ", actor1, actor2"
    if op.get_bind().dialect.name == "postgresql":
        unique = ", ".join(["actor", *(PG_KEY[k].format(p="") for k in NEW_KEYS)])
        op.execute(
            f"CREATE UNIQUE INDEX ix_incident_actor_summary_keys ON {ACTOR_SUMMARY} ({unique})"
        )
        op.execute(
            "CREATE FUNCTION incident_actor_summary_follow() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN "
            f"{PG_BULK_SKIP}"
            "IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active' THEN "
            f"{_actor_change('OLD', '-', postgresql=True)} "
            "END IF; "
            "IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'active' THEN "
            f"{_actor_change('NEW', '+', postgresql=True)} "
            "END IF; "
            "RETURN NULL; "
            "END $$"
        )
        op.execute(
            f"CREATE TRIGGER incident_actor_summary_follow AFTER INSERT OR DELETE OR UPDATE OF "
            f"{watched} ON incidents FOR EACH ROW EXECUTE FUNCTION incident_actor_summary_follow()"
        )
    else:
        op.execute(
            "CREATE TRIGGER incident_actor_summary_insert AFTER INSERT ON incidents "
            f"WHEN NEW.status = 'active' BEGIN {_actor_change('NEW', '+', postgresql=False)} END"
        )
        op.execute(
            "CREATE TRIGGER incident_actor_summary_delete AFTER DELETE ON incidents "
            f"WHEN OLD.status = 'active' BEGIN {_actor_change('OLD', '-', postgresql=False)} END"
        )
        op.execute(
            f"CREATE TRIGGER incident_actor_summary_update AFTER UPDATE OF {watched} ON incidents "
            "BEGIN "
            + _actor_change("OLD", "-", postgresql=False, when="OLD.status = 'active'")
            + " "
            + _actor_change("NEW", "+", postgresql=False, when="NEW.status = 'active'")
            + " END"
        )
    keys = ", ".join(NEW_KEYS)
    figures = ", ".join(f"{e.format(r='incidents')} AS {c}" for c, e in FIGURES.items())
    sides = " UNION ALL ".join(
        f"SELECT {side} AS actor, {keys}, {figures} FROM incidents "
        f"WHERE status = 'active' AND {present.format(r='incidents')}"
        for side, present in ACTOR_SIDES.items()
    )
    op.execute(
        f"INSERT INTO {ACTOR_SUMMARY} (actor, {keys}, {', '.join(FIGURES)}) "
        f"SELECT actor, {keys}, {', '.join(f'sum({c})' for c in FIGURES)} FROM ({sides}) AS sides "
        f"GROUP BY actor, {keys}"
    )


def _drop_actor_summary() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS incident_actor_summary_follow ON incidents")
        op.execute("DROP FUNCTION IF EXISTS incident_actor_summary_follow()")
    else:
        for change in ACTOR_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS incident_actor_summary_{change}")
    op.drop_table(ACTOR_SUMMARY)


def upgrade() -> None:
    _drop()
    _make(NEW_KEYS)
    _make_actor_summary()


def downgrade() -> None:
    _drop_actor_summary()
    _drop()
    _make(OLD_KEYS)
