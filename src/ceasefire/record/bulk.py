"""Many rows of one table written with one statement, in the session's transaction: PostgreSQL's
``COPY … FROM STDIN`` (through psycopg 3), SQLite's ``executemany`` of one prepared INSERT.

A batch import writes millions of rows; SQLAlchemy's ORM, and even its Core ``insert()``, spend
more time per row preparing parameters than the database spends storing them. Values go through
each column type's own bind processor for the dialect (dates, JSON, booleans), so a row reads back
exactly as if SQLAlchemy had written it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Inserts ``rows`` (each a mapping of column names to values, the same names in each) into
    ``table``; the rows of an autoincrementing key get their ids in the order given."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    processors = _processors(table, names, dialect)
    values = [
        tuple(
            value if process is None else process(value)
            for value, process in zip((row[name] for name in names), processors, strict=True)
        )
        for row in rows
    ]
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    driver = connection.connection.driver_connection
    assert driver is not None
    if dialect.name == "postgresql":
        statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in values:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in names)
        cursor = driver.cursor()
        try:
            cursor.executemany(
                f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", values
            )
        finally:
            cursor.close()


def _processors(
    table: Table, names: list[str], dialect: Dialect
) -> list[Callable[[Any], Any] | None]:
    found: list[Callable[[Any], Any] | None] = []
    for name in names:
        kind = table.c[name].type.dialect_impl(dialect)
        found.append(kind.bind_processor(dialect))
    return found
