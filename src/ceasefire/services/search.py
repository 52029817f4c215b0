"""Use cases of finding incidents: a filter checked as a person gave it, and the choices the
filters offer (the countries, provinces, districts, types and actors the record holds)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from ceasefire.errors import InputError
from ceasefire.record.incidents import IncidentFilter
from ceasefire.record.search import MAX_QUERY, query_words
from ceasefire.record.store import Store
from ceasefire.record.tables import IncidentRow, IncidentSummaryRow
from ceasefire.services.cache import shared_of, version_of

__all__ = ["MAX_QUERY", "Facets", "checked_filter", "facets"]


def checked_filter(
    where: IncidentFilter,
    *,
    fields: tuple[str, str] = ("date_from", "date_to"),
    search_field: str = "q",
) -> IncidentFilter:
    """``where`` when it can keep anything: InputError naming the field otherwise (a range that
    ends before it starts, a search without a word). ``fields`` name the two days and
    ``search_field`` the search (the CLI's flags, the API's parameters)."""
    if where.date_from and where.date_to and where.date_to < where.date_from:
        raise InputError(
            f"the range ends ({where.date_to.isoformat()}) before it starts "
            f"({where.date_from.isoformat()}): swap the two days",
            where=fields[1],
        )
    if where.q is not None:
        if len(where.q) > MAX_QUERY:
            raise InputError(f"a search is at most {MAX_QUERY} characters", where=search_field)
        if not query_words(where.q):
            raise InputError(
                "a search needs at least one word (letters or digits)", where=search_field
            )
    return where


MAX_FACET = 200


@dataclass(frozen=True, slots=True)
class Facets:
    """The values the record holds, each with its number of active incidents, by name (at most
    MAX_FACET of each, the most frequent)."""

    countries: list[tuple[str, int]]
    provinces: list[tuple[str, int]]
    districts: list[tuple[str, int]]
    event_types: list[tuple[str, int]]
    actors: list[tuple[str, int]]


def facets(store: Store) -> Facets:
    """The choices of the filters, cached per version of the record."""

    def make() -> Facets:
        with store.read_session() as session:

            def counted(*columns: InstrumentedAttribute[str | None]) -> list[tuple[str, int]]:
                """Each value's number of active incidents: summed over the summary table
                (migration 0018) for the columns it keeps, counted in incidents for the others."""
                counts: dict[str, int] = {}
                for column in columns:
                    summarised = getattr(IncidentSummaryRow, column.key, None)
                    if summarised is not None:
                        query = (
                            select(summarised, func.sum(IncidentSummaryRow.incidents))
                            .where(summarised.isnot(None))
                            .group_by(summarised)
                        )
                    else:
                        query = (
                            select(column, func.count())
                            .where(IncidentRow.status == "active", column.isnot(None))
                            .group_by(column)
                        )
                    for value, n in session.execute(query):
                        if value:
                            counts[value] = counts.get(value, 0) + int(n)
                # The most frequent MAX_FACET values, in name order: a choice list stays short
                # however many actors a large record names.
                common = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                return sorted(common[:MAX_FACET], key=lambda item: item[0].lower())

            return Facets(
                counted(IncidentRow.country),
                counted(IncidentRow.admin1),
                counted(IncidentRow.admin2),
                counted(IncidentRow.event_type, IncidentRow.sub_event_type),
                counted(IncidentRow.actor1, IncidentRow.actor2),
            )

    return shared_of(store).get(("facets",), version_of(store), make)
