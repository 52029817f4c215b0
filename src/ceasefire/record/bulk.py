"""Many rows of one table written with one statement, in the session's transaction: PostgreSQL's
``COPY … FROM STDIN`` (through psycopg 3), SQLite's ``executemany`` of one prepared INSERT.

A batch import writes millions of rows; SQLAlchemy's ORM, and even its Core ``insert()``, spend
more time per row preparing parameters than the database spends storing them. Values go through
each column type's own bind processor for the dialect (dates, JSON, booleans), so a row reads back
exactly as if SQLAlchemy had written it. For PostgreSQL a row can also be made into its line of
``COPY``'s text format beforehand (:meth:`Columns.line`, by psycopg's own formatter and default
dumpers, in a worker process): the writer then sends the lines as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Select,
    String,
    Table,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import InstrumentedAttribute, Session

# A row of insert_values: its values in the order of the names, or (PostgreSQL) its line of COPY's
# text format, made by Columns.line.
BulkRow = Sequence[Any] | bytes


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Inserts ``rows`` (each a mapping of column names to values, the same names in each) into
    ``table``; the rows of an autoincrementing key get their ids in the order given."""
    if not rows:
        return
    names = list(rows[0])
    dialect = session.get_bind().dialect
    insert_values(session, table, names, _values(rows, names, _processors(table, names, dialect)))


def insert_values(
    session: Session, table: Table, names: Sequence[str], values: Sequence[BulkRow]
) -> None:
    """Inserts rows given as values in the order of ``names``, ready for the dialect already
    (made by :class:`Columns`, or plain strings and integers, which need nothing): one COPY or
    one executemany, nothing done per row in Python. On PostgreSQL a row may be given as its line
    of COPY text instead (:meth:`Columns.line`): those are sent as they are."""
    if not values:
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # rows added through the ORM first, as a query would (foreign keys)
    connection = session.connection()
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    driver = connection.connection.driver_connection
    assert driver is not None
    if dialect.name == "postgresql":
        statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
        lines = [row for row in values if type(row) is bytes]
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            if lines:
                # The lines are UTF-8 (see Columns.line); psycopg encodes text for the connection.
                data = b"".join(lines)
                copy.write(data if driver.info.encoding == "utf-8" else data.decode("utf-8"))
            if len(lines) < len(values):
                write = copy.write_row
                for row in values:
                    if type(row) is not bytes:
                        write(row)
    else:
        marks = ", ".join("?" for _ in names)
        cursor = driver.cursor()
        try:
            cursor.executemany(
                f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", values
            )
        finally:
            cursor.close()


def dialect_named(name: str) -> Dialect:
    """The dialect of a URL's driver name (``sqlite+pysqlite``, ``postgresql+psycopg``), made
    without an engine: a worker process makes rows ready for the writer's database with it."""
    return make_url(f"{name}://").get_dialect()()


def dialect_name(dialect: Dialect) -> str:
    """What :func:`dialect_named` takes back."""
    return f"{dialect.name}+{dialect.driver}"


class Columns:
    """Some columns of a table, in order, and how each value is made ready for a dialect (each
    column type's own bind processor, as SQLAlchemy would apply it): :meth:`ready` turns a row of
    plain values into what :func:`insert_values` writes. Pure, so a worker process can do it."""

    def __init__(self, table: Table, names: Sequence[str], dialect: Dialect) -> None:
        self.table = table
        self.names = tuple(names)
        self._lines = dialect.name == "postgresql" and _copy_format() is not None
        self._converted = [
            (i, p) for i, p in enumerate(_processors(table, list(names), dialect)) if p is not None
        ]

    def ready(self, values: Sequence[Any]) -> tuple[Any, ...]:
        if not self._converted:
            return tuple(values)
        listed = list(values)
        for index, process in self._converted:
            listed[index] = process(listed[index])
        return tuple(listed)

    def bulk(self, values: Sequence[Any]) -> BulkRow:
        """The row as :func:`insert_values` takes it best for the dialect: on PostgreSQL its line
        of COPY text (:meth:`line`), else its values made ready."""
        ready = self.ready(values)
        return copy_line(ready) if self._lines else ready

    def line(self, values: Sequence[Any]) -> bytes:
        """The row's line of PostgreSQL's COPY text format (UTF-8), as ``copy.write_row`` would
        send it: psycopg's own formatter and default dumpers, which the store's connections use
        for the values bind processors make (text, numbers, booleans, dates, times)."""
        return copy_line(self.ready(values))


# psycopg's C formatter of a COPY row (what Copy.write_row calls) and a transformer of its default
# adapters, made at the first line (PostgreSQL's driver is not loaded for SQLite). The formatter is
# psycopg's own but not of its public API: a version without it leaves rows as values, and
# tests/record/test_bulk.py then fails on PostgreSQL (pyproject.toml pins the versions tested).
_COPY_FORMAT: list[tuple[Callable[[Sequence[Any], Any, bytearray], None], Any] | None] = []


def _copy_format() -> tuple[Callable[[Sequence[Any], Any, bytearray], None], Any] | None:
    if not _COPY_FORMAT:
        try:
            from psycopg._copy_base import format_row_text
            from psycopg.adapt import Transformer
        except ImportError:  # pragma: no cover - psycopg 3.2 and 3.3 have both
            _COPY_FORMAT.append(None)
        else:
            _COPY_FORMAT.append((format_row_text, Transformer()))
    return _COPY_FORMAT[0]


def copy_line(values: Sequence[Any]) -> bytes:
    """Values ready for PostgreSQL as one line of COPY's text format (UTF-8, ending in a newline)."""
    found = _copy_format()
    if found is None:  # pragma: no cover - see _COPY_FORMAT
        raise RuntimeError("this psycopg has no COPY row formatter")
    format_row, transformer = found
    out = bytearray()
    format_row(values, transformer, out)
    return bytes(out)


def _values(
    rows: Sequence[Mapping[str, Any]],
    names: list[str],
    processors: list[Callable[[Any], Any] | None],
) -> list[tuple[Any, ...]]:
    """Each row's values in the order of ``names``, through the columns' processors: a tuple a
    row made by one ``itemgetter`` call, the processors applied only to the columns that have one
    (most — strings, integers — have none)."""
    # itemgetter of one name gives the value, not a tuple of it.
    pick = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    values: list[tuple[Any, ...]] = [pick(row) for row in rows]
    converted = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not converted:
        return values
    out = []
    for row in values:
        listed = list(row)
        for index, process in converted:
            listed[index] = process(listed[index])
        out.append(tuple(listed))
    return out


def _processors(
    table: Table, names: list[str], dialect: Dialect
) -> list[Callable[[Any], Any] | None]:
    found: list[Callable[[Any], Any] | None] = []
    for name in names:
        kind = table.c[name].type.dialect_impl(dialect)
        found.append(kind.bind_processor(dialect))
    return found


def one_of(
    session: Session, column: ColumnElement[Any] | InstrumentedAttribute[Any], values: Sequence[str]
) -> ColumnElement[bool]:
    """``column IN (values)`` with the values bound as one parameter — a JSON array read by
    ``json_each`` on SQLite, an array on PostgreSQL — instead of one each: SQLAlchemy compiles a
    parameter per value of an ``IN`` list, and a batch asks about thousands (by index either way)."""
    dialect = session.get_bind().dialect.name
    return one_of_bound(dialect, column, "values", one_of_value(dialect, values))


def one_of_bound(
    dialect: str,
    column: ColumnElement[Any] | InstrumentedAttribute[Any],
    name: str,
    value: Any = None,
) -> ColumnElement[bool]:
    """:func:`one_of` with the values in the parameter ``name`` (its value: :func:`one_of_value`),
    so that a statement built once can be executed with other values (the list's pages)."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, value, type_=ARRAY(String)))
    values = bindparam(name, value, type_=String)
    listed: Select[Any] = select(literal_column("value")).select_from(func.json_each(values))
    return column.in_(listed.scalar_subquery())


def one_of_value(dialect: str, values: Sequence[str]) -> Any:
    """The value of :func:`one_of_bound`'s parameter: an array on PostgreSQL, JSON on SQLite."""
    return list(values) if dialect == "postgresql" else json.dumps(list(values))


# SQLite's page cache is 2 MiB by default: a store of a million rows has indexes on random keys
# (document ids, incident ids, log subjects) far larger, and each row's insert would read their
# pages back from the file. A bulk writer's connection gets this much: a batch of 20,000 rows
# dirties tens of thousands of pages, and a smaller cache spills them to the WAL mid-transaction
# and writes them again when the batch touches them again. Memory stays bounded by it.
BULK_CACHE_KIB = 256 * 1024
_DEFAULT_CACHE_KIB = 2000


def widen_cache(session: Session, *, wide: bool = True) -> None:
    """Gives the session's connection a page cache fit for a bulk write (SQLite; PostgreSQL's
    cache is the server's), or gives it back the default size."""
    if session.get_bind().dialect.name == "sqlite":
        size = BULK_CACHE_KIB if wide else _DEFAULT_CACHE_KIB
        session.execute(text(f"PRAGMA cache_size = -{size}"))


def sync_each_commit(connection: Connection, *, on: bool = True) -> None:
    """Makes each commit of this connection durable when it returns (SQLite ``synchronous=FULL``:
    the WAL synced at every commit), or gives back the store's default (NORMAL: synced at
    checkpoints, so a power cut could take back the last commits; a crash of the process cannot).
    A bulk writer commits once a batch of thousands of rows: one fsync a batch costs nothing
    measurable. Set outside a transaction (SQLite refuses it inside one); PostgreSQL's commits are
    durable already (``synchronous_commit`` on)."""
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute(f"PRAGMA synchronous = {'FULL' if on else 'NORMAL'}")
