"""The tables' metadata (record/tables.py and the modules beside it) is the schema the migrations
build, on each backend: Alembic's comparison of the two (its autogenerate diff) finds nothing to
add or drop — no table, column, type or index. An index the migrations build on one backend only
is declared for that backend (``only_on``); migration 0027 drops on PostgreSQL the single-column
indexes of incidents that 0026 dropped on SQLite, and its downgrade makes them again."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

# Every module that declares tables on the metadata (the store's own imports do not load them all).
from ceasefire.record import (  # noqa: F401
    assess_tables,
    evidence,
    interop_tables,
    log_tables,
    sealing,
    web_tables,
)
from ceasefire.record.store import Store
from ceasefire.record.tables import Base, in_schema_of

from .test_summary import _migrate

# Made by 0003 and 0004, dropped by 0026 on SQLite and by 0027 on PostgreSQL.
LEAN = {f"ix_incidents_{c}" for c in ("event_type", "admin1", "country", "actor1", "status")}


def _differences(store: Store) -> list[Any]:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": in_schema_of(connection.dialect.name)},
        )
        return list(compare_metadata(context, Base.metadata))


def _incident_indexes(store: Store) -> set[str]:
    with store.engine.connect() as connection:
        return {i["name"] for i in inspect(connection).get_indexes("incidents") if i["name"]}


@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_the_metadata_is_the_migrated_schema(store: Store) -> None:
    assert _differences(store) == []
    indexes = _incident_indexes(store)
    assert not indexes & LEAN
    assert {"ix_incidents_list", "ix_incidents_match", "ix_incidents_dashboard"} <= indexes


@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_the_comparison_finds_an_index_the_metadata_lacks(store: Store) -> None:
    """Downgraded to 0026, PostgreSQL has its single-column indexes again and the comparison names
    each of them; SQLite, which 0027 leaves alone, still agrees."""
    _migrate(store, "0026", up=False)
    try:
        removed = {
            d[1].name
            for d in _differences(store)
            if isinstance(d, tuple) and d[0] == "remove_index"
        }
        if store.engine.dialect.name == "postgresql":
            assert removed == LEAN
            assert _incident_indexes(store) >= LEAN
        else:
            assert removed == set()
    finally:
        _migrate(store, "head", up=True)
    assert _differences(store) == []
