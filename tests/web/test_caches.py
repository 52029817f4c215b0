"""What every page reads whatever its filter stays cached while a walk through the list fills the
cache of pages: the filters' choices are counted once per version of the record, not again after
256 pages of the API's list (which never reads them)."""

from __future__ import annotations

from ceasefire.record.incidents import IncidentFilter
from ceasefire.record.store import Store
from ceasefire.services.cache import cache_of, version_of
from ceasefire.services.incidents import record_page
from ceasefire.services.search import facets


def test_the_choices_outlast_a_walk_through_the_list(store: Store) -> None:
    counted = facets(store)
    # A walk's pages, each one entry of the page cache (more entries than it keeps).
    for offset in range(300):
        record_page(store, IncidentFilter(country=f"country {offset}"), limit=1)
    assert len(cache_of(store)._items) == cache_of(store).size  # the page cache was filled
    assert facets(store) is counted  # from the cache: not counted again
    version = version_of(store)
    assert cache_of(store).get(("facets",), version, lambda: None) is None  # kept elsewhere
