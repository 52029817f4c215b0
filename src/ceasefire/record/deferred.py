"""A bulk insert with the per-row triggers that keep derived data deferred to one set-based pass.

The search index (SQLite's FTS5 tables, migration 0016) and the incident summary (migration 0018)
follow every insert of an incident or a document through a trigger run for each row. In a batch of
thousands those triggers cost more than the rows themselves (on SQLite about 19 µs a row for the
incidents' index, 26 for the summary, 25 for the documents' index, against 12 and 5 for the rows):
inside :func:`triggers_deferred` they step aside, and on leaving, one statement
per derived table does their work for every row the block inserted — the same index entries, the
same sums, in the same transaction. A search, the dashboard and `log verify` (which recomputes the
summary from the incidents) cannot tell the two apart; tests hold this.

The block must insert rows only (no update or delete of the table in it): the insert triggers are
the ones deferred.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from ceasefire.record.search import DOCUMENT_COLUMNS, INCIDENT_COLUMNS
from ceasefire.record.tables import PG_SUMMARY_KEYS, SUMMARY_KEYS

INCIDENTS = "incidents"
DOCUMENTS = "documents"

# The summary's keys and what one incident adds to each figure (as the triggers of migrations 0018
# and 0024).
_FIGURES = {
    "incidents": "count(*)",
    "fatalities_low": "sum(coalesce(fatalities_low, 0))",
    "fatalities_high": "sum(coalesce(fatalities_high, fatalities_low, 0))",
    "injuries_low": "sum(coalesce(injuries_low, 0))",
    "injuries_high": "sum(coalesce(injuries_high, injuries_low, 0))",
}


# The actor summary (migration 0024): each active incident under actor1, and under actor2 when it
# is another actor.
_ACTOR_SIDES = {
    "actor1": "actor1 IS NOT NULL",
    "actor2": "actor2 IS NOT NULL AND (actor1 IS NULL OR actor2 <> actor1)",
}

# SQLite's insert triggers of each table, as migrations 0016, 0018 and 0024 made them.
_SQLITE_TRIGGERS = {
    INCIDENTS: ("incidents_fts_insert", "incident_summary_insert", "incident_actor_summary_insert"),
    DOCUMENTS: ("documents_fts_insert",),
}


@contextmanager
def triggers_deferred(session: Session, table: str, ids: Sequence[str]) -> Iterator[None]:
    """Runs the block (which inserts the rows of ``table`` whose ids are ``ids``) with the insert
    triggers of ``table`` stepped aside, then does their work for those rows. If the block raises,
    nothing more is done: the caller's transaction is rolled back whole, and with it whatever
    stepped aside."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # SQLite's schema changes are transactional: the triggers are dropped and made again,
        # from their own stored text, inside the writer's transaction. No other connection sees
        # them missing (its reads see the last commit), and a rollback brings them back. A
        # condition in the trigger would not do: SQLite sets up a trigger's whole program for
        # every row before it reads the condition (the summary's costs 20 µs a row doing nothing).
        names = _SQLITE_TRIGGERS[table]
        stored: dict[str, str] = dict(
            connection.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = :table AND name IN (" + ", ".join(f"'{n}'" for n in names) + ")"
                ),
                {"table": table},
            ).all()
        )
        if set(stored) != set(names):
            raise RuntimeError(f"the insert triggers of {table} are not those of the migrations")
        before = int(
            connection.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {table}")).scalar_one()
        )
        for name in names:
            connection.execute(text(f"DROP TRIGGER {name}"))
        yield
        for name in names:
            connection.execute(text(stored[name]))
        _catch_up_sqlite(connection, table, before)
    elif table == INCIDENTS:
        connection.execute(text("SET LOCAL ceasefire.bulk_write = 'on'"))
        yield
        connection.execute(text("SET LOCAL ceasefire.bulk_write = 'off'"))
        _summary_postgresql(connection, ids)
    else:
        yield  # PostgreSQL's search indexes are GIN indexes, kept by the server itself


def _catch_up_sqlite(connection: Connection, table: str, before: int) -> None:
    """The rows of ``table`` after rowid ``before`` (those the block inserted: a new row's rowid
    is one more than the largest) into the search index and, for incidents, the summary."""
    columns = ", ".join(INCIDENT_COLUMNS if table == INCIDENTS else DOCUMENT_COLUMNS)
    new = {"before": before}
    connection.execute(
        text(
            f"INSERT INTO {table}_fts (rowid, {columns}) "
            f"SELECT rowid, {columns} FROM {table} WHERE rowid > :before"
        ),
        new,
    )
    if table != INCIDENTS:
        return
    _catch_up_summary_sqlite(connection, "incident_summary", (), "incidents", before)
    sides = " UNION ALL ".join(
        f"SELECT {side} AS actor, * FROM incidents WHERE rowid > :before AND {present}"
        for side, present in _ACTOR_SIDES.items()
    )
    _catch_up_summary_sqlite(connection, "incident_actor_summary", ("actor",), f"({sides})", before)


def _catch_up_summary_sqlite(
    connection: Connection, table: str, extra: tuple[str, ...], source: str, before: int
) -> None:
    """The figures of the incidents of ``source`` (after rowid ``before``) added to the summary
    ``table``, keyed by ``extra`` and the summary's keys."""
    keys = ", ".join((*extra, *SUMMARY_KEYS))
    figures = ", ".join(f"{expression} AS {name}" for name, expression in _FIGURES.items())
    groups = (
        f"SELECT {keys}, {figures} FROM {source} AS incident "
        f"WHERE {'' if extra else 'rowid > :before AND '}status = 'active' GROUP BY {keys}"
    )
    # The batch's groups are computed once, into a temporary table of this connection (its
    # writes are in no file that a reader or a crash sees): read as a subquery twice, they cost
    # the UPDATE and the INSERT each a pass over the batch's incidents and a sort.
    batch = f"temp.{table}_batch"
    connection.execute(text(f"DROP TABLE IF EXISTS {batch}"))
    connection.execute(text(f"CREATE TEMPORARY TABLE {batch} AS {groups}"), {"before": before})
    same = " AND ".join(f"{table}.{k} IS new.{k}" for k in (*extra, *SUMMARY_KEYS))
    # Keys the summary has: their figures added; then keys it has not: their rows.
    sums = ", ".join(f"{name} = {table}.{name} + new.{name}" for name in _FIGURES)
    connection.execute(text(f"UPDATE {table} SET {sums} FROM {batch} AS new WHERE {same}"))
    connection.execute(
        text(
            f"INSERT INTO {table} ({keys}, {', '.join(_FIGURES)}) "
            f"SELECT {keys}, {', '.join(_FIGURES)} FROM {batch} AS new "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {same})"
        )
    )
    connection.execute(text(f"DROP TABLE {batch}"))


def _summary_postgresql(connection: Connection, ids: Sequence[str]) -> None:
    figures = ", ".join(_FIGURES.values())
    sums = ", ".join(f"{name} = {{table}}.{name} + excluded.{name}" for name in _FIGURES)
    keys = ", ".join(SUMMARY_KEYS)
    connection.execute(
        text(
            f"INSERT INTO incident_summary ({keys}, {', '.join(_FIGURES)}) "
            f"SELECT {keys}, {figures} FROM incidents WHERE id = ANY(:ids) AND status = 'active' "
            f"GROUP BY {keys} "
            f"ON CONFLICT ({', '.join(PG_SUMMARY_KEYS)}) DO UPDATE SET "
            + sums.format(table="incident_summary")
        ),
        {"ids": list(ids)},
    )
    sides = " UNION ALL ".join(
        f"SELECT {side} AS actor, * FROM incidents WHERE id = ANY(:ids) AND {present}"
        for side, present in _ACTOR_SIDES.items()
    )
    connection.execute(
        text(
            f"INSERT INTO incident_actor_summary (actor, {keys}, {', '.join(_FIGURES)}) "
            f"SELECT actor, {keys}, {figures} FROM ({sides}) AS incident "
            f"WHERE status = 'active' GROUP BY actor, {keys} "
            f"ON CONFLICT (actor, {', '.join(PG_SUMMARY_KEYS)}) DO UPDATE SET "
            + sums.format(table="incident_actor_summary")
        ),
        {"ids": list(ids)},
    )
