"""Every list endpoint of the API answers a page at a time: a page larger than MAX_PAGE is refused
(422 naming `limit`), and `limit`/`offset` (`start` for the log) choose the page."""

from __future__ import annotations

from typing import Any

import pytest

from ceasefire.web.api.filters import MAX_PAGE

from .conftest import Web
from .test_api import _finding

# path, who asks, the items of an answer, the query that moves to the next item. The claims are
# those of a page of incidents (a page of one incident may hold several claims).
LISTS: dict[str, tuple[str | None, str, str]] = {
    "/api/documents": ("secretariat", "items", "offset"),
    "/api/incidents": (None, "items", "offset"),
    "/api/claims": (None, "", "offset"),
    "/api/assessments": (None, "", "offset"),
    "/api/cases": ("secretariat", "", "offset"),
    "/api/findings": ("secretariat", "", "offset"),
    "/api/log/entries": (None, "", "start"),
}


def _items(answer: Any, key: str) -> list[Any]:
    found = answer[key] if key else answer
    assert isinstance(found, list)
    return found


def test_every_list_endpoint_is_named_here(web: Web) -> None:
    schema = web.get("/openapi.json").json()
    lists = {
        path
        for path, operations in schema["paths"].items()
        if "get" in operations
        and "{" not in path
        and any(p["name"] == "limit" for p in operations["get"].get("parameters", []))
    }
    assert lists == set(LISTS)
    # The others that answer many items are bounded otherwise: the agreements by the files the
    # app was given; the export streams rows (tests/web/test_api.py).
    unpaged = {
        path
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path and path not in LISTS
    }
    assert unpaged == {
        "/api/agreements",
        "/api/exports/incidents",
        "/api/me",
        "/api/incidents/facets",  # at most MAX_FACET values of each filter (services.search)
        "/api/log/head",
        "/api/log/proofs/inclusion",  # one proof: a path of log2(size) hashes
        "/api/log/proofs/consistency",
        # The map answers one mark per incident, 5000 at most (services/maps.py), its basemap is
        # the package's own boundaries, and its choropleth one count per province of that
        # basemap: all bounded, none a page.
        "/api/map/basemap",
        "/api/map/incidents",
        "/api/map/provinces",
    }


@pytest.mark.parametrize("path", sorted(LISTS))
def test_a_page_is_bounded_and_chosen(web: Web, path: str) -> None:
    who, key, move = LISTS[path]
    _finding(web, published=True)
    _finding(web, published=True)  # two cases and two findings
    too_big = web.get(path, who, params={"limit": MAX_PAGE + 1})
    assert too_big.status_code == 422, too_big.text
    assert "limit" in str(too_big.json()["detail"][0]["loc"])
    first = _items(web.get(path, who, params={"limit": 1}).json(), key)
    two = _items(web.get(path, who, params={"limit": 2}).json(), key)
    step = 2 if move == "start" else 1  # the log counts from entry 1
    second = _items(web.get(path, who, params={"limit": 1, move: step}).json(), key)
    if path == "/api/claims":
        first, two, second = ([c["incident"] for c in page] for page in (first, two, second))
        first, second = sorted(set(first)), sorted(set(second))
        two = list(dict.fromkeys(two))
    assert len(first) == 1
    assert len(two) == 2 and two[0] == first[0]
    assert second == [two[1]]
    whole = _items(web.get(path, who, params={"limit": MAX_PAGE}).json(), key)
    assert 2 <= len(whole) <= MAX_PAGE
