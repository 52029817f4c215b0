"""Keyword search over incidents and the documents that report them: one clause, compiled for
SQLite's FTS5 tables (migration 0016, kept in step by triggers) or PostgreSQL's full-text search
over the GIN-indexed tsvector of the same columns.

The words of a query are all required (AND), matched on their stems (Porter on SQLite, the
``english`` configuration on PostgreSQL): "airstrike Kurram" finds an incident in Kurram, or an
incident reported by a document that mentions both words."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import String, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import Boolean

from ceasefire.record.checkers import CheckerRegistry

# The same columns and expressions as migration 0016 (the index is used only for these).
INCIDENT_COLUMNS = (
    "location",
    "admin2",
    "admin1",
    "country",
    "actor1",
    "actor2",
    "event_type",
    "sub_event_type",
)
DOCUMENT_COLUMNS = ("title", "publisher", "text")
MAX_WORDS = 12
MAX_QUERY = 200


# PostgreSQL holds a tsvector of at most 1 MB: its index covers a document's first
# SEARCHED_CHARACTERS characters (SQLite's FTS5 indexes the whole text).
SEARCHED_CHARACTERS = 200_000


def _vector(table: str, columns: tuple[str, ...]) -> str:
    values = [
        f"left(coalesce({table}.{c}, ''), {SEARCHED_CHARACTERS})"
        if c == "text"
        else f"coalesce({table}.{c}, '')"
        for c in columns
    ]
    return "to_tsvector('english', " + " || ' ' || ".join(values) + ")"


def query_words(text: str) -> list[str]:
    """The words of a search, lower-cased, at most MAX_WORDS of them."""
    return re.findall(r"\w+", text.lower())[:MAX_WORDS]


def _fts5_query(text: str) -> str:
    # Each word quoted: FTS5's own syntax (NEAR, column filters, "-") is never read from a person.
    return " ".join(f'"{word}"' for word in query_words(text))


class IncidentMatches(ColumnElement[bool]):
    """True for an incident whose own fields, or one of whose documents, hold every word."""

    inherit_cache = False
    type = Boolean()

    def __init__(self, text: str, *, counting: bool = False) -> None:
        self.text = text
        self.counting = counting


# The incident's documents: those of its claims and of its mentions.
_DOCUMENTS_OF = (
    "SELECT incident_id FROM claims WHERE document_id IN ({documents}) "
    "UNION SELECT incident_id FROM mentions WHERE document_id IN ({documents})"
)


@compiles(IncidentMatches, "sqlite")
def _sqlite(element: IncidentMatches, compiler: Any, **kw: Any) -> str:
    words = compiler.process(bindparam(None, _fts5_query(element.text), type_=String()), **kw)
    documents = (
        "SELECT id FROM documents WHERE rowid IN "
        f"(SELECT rowid FROM documents_fts WHERE documents_fts MATCH {words})"
    )
    return (
        f"(incidents.rowid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH {words})"
        f" OR incidents.id IN ({_DOCUMENTS_OF.format(documents=documents)}))"
    )


@compiles(IncidentMatches, "postgresql")
def _postgresql(element: IncidentMatches, compiler: Any, **kw: Any) -> str:
    text = " ".join(query_words(element.text))
    words = compiler.process(bindparam(None, text, type_=String()), **kw)
    query = f"websearch_to_tsquery('english', {words})"
    documents = (
        f"SELECT id FROM documents WHERE {_vector('documents', DOCUMENT_COLUMNS)} @@ {query}"
    )
    by_documents = _DOCUMENTS_OF.format(documents=documents)
    if element.counting:
        # A count reads every match: the matching ids from the GIN index (a bitmap scan), not
        # the vector computed for every row as the OR below makes PostgreSQL do (at 100,000
        # incidents 0.1 s instead of 1.6). A page stops at its 50th match in date order, which
        # the form below reaches sooner.
        return (
            "incidents.id IN (SELECT incidents.id FROM incidents WHERE "
            f"{_vector('incidents', INCIDENT_COLUMNS)} @@ {query} UNION {by_documents})"
        )
    return (
        f"({_vector('incidents', INCIDENT_COLUMNS)} @@ {query} OR incidents.id IN ({by_documents}))"
    )


def incident_matches(text: str, *, counting: bool = False) -> ColumnElement[bool]:
    """The search's clause; ``counting``: for a count of every match (PostgreSQL reads them from
    its index; SQLite's form is the same either way)."""
    return IncidentMatches(text, counting=counting)


# SQLite's FTS5 keeps each index in a virtual table and four tables of its own.
FTS_TABLES = tuple(
    f"{index}{part}"
    for index in ("incidents_fts", "documents_fts")
    for part in ("", "_data", "_idx", "_docsize", "_config")
)


def register(registry: CheckerRegistry) -> None:
    """The full-text indexes are no part of the record: triggers rebuild them from the rows of
    incidents and documents, which the log covers; they change what a search finds, never what
    the record says."""
    for table in FTS_TABLES:
        registry.add_outside(
            table,
            "SQLite's full-text index of incidents and documents (search only), kept by triggers "
            "from rows the log covers; rebuilt with `INSERT INTO <index>(<index>) VALUES('rebuild')`",
        )
