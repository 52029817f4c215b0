"""The dashboard's, the choropleth's and the list's figures for a filter, from its cube: the
summary of the filter without its days, summed once per version of the record
(:class:`~ceasefire.record.statistics.Cube`), answers every period of it with a few bisections.
A visitor who changes the period (the dashboard's most varied filter) then costs no query."""

from __future__ import annotations

from dataclasses import replace

from ceasefire.record.incidents import IncidentFilter, IncidentRepository
from ceasefire.record.statistics import Cube, Summary, cube, summary
from ceasefire.record.store import Store
from ceasefire.services.cache import cubes_of, version_of


def _cube_of(store: Store, where: IncidentFilter, version: int) -> Cube | None:
    """The cube of ``where`` without its days, cached under ``version`` (at most
    :data:`~ceasefire.services.cache.CUBES` at once); None (cached too) when no summary table
    answers the filter."""
    undated = replace(where, date_from=None, date_to=None)

    def make() -> Cube | None:
        with store.read_session() as session:
            return cube(session, undated)

    return cubes_of(store).get(("cube", undated), version, make)


def summary_of(store: Store, where: IncidentFilter, version: int | None = None) -> Summary:
    """:func:`~ceasefire.record.statistics.summary` of ``where``: from its cube when a summary
    table answers the filter, else over the incidents."""
    found = _cube_of(store, where, version_of(store) if version is None else version)
    if found is not None:
        return found.summary(where.date_from, where.date_to)
    with store.read_session() as session:
        return summary(session, where)


def count_of(store: Store, where: IncidentFilter, version: int | None = None) -> int:
    """How many active incidents ``where`` keeps: from its cube when a summary table answers the
    filter, else counted (``IncidentRepository.count``)."""
    found = _cube_of(store, where, version_of(store) if version is None else version)
    if found is not None:
        return found.count(where.date_from, where.date_to)
    with store.read_session() as session:
        return IncidentRepository(session).count(where)
