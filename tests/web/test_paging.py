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


def test_the_incident_list_is_walked_by_cursor(web: Web) -> None:
    """Each page's `next` starts the page after it: the walk gives the offset pages' incidents in
    the same order, each once, and the total of every page; a bad cursor is refused naming
    `after`; the list page links the next page by its cursor."""
    whole = web.get("/api/incidents", params={"limit": MAX_PAGE}).json()
    assert whole["next"] is None and whole["total"] == len(whole["items"]) >= 3
    walked: list[str] = []
    params: dict[str, Any] = {"limit": 2}
    for _ in range(whole["total"]):
        page = web.get("/api/incidents", params=params).json()
        assert page["total"] == whole["total"]
        walked += [item["id"] for item in page["items"]]
        if page["next"] is None:
            break
        params = {"limit": 2, "after": page["next"]}
    assert walked == [item["id"] for item in whole["items"]]
    refused = web.get("/api/incidents", params={"after": "yesterday"})
    assert refused.status_code == 422, refused.text
    assert "after" in refused.text
    both = web.get("/api/incidents", params={"after": page["next"] or "~abcd", "offset": 2})
    assert both.status_code == 422 and "offset" in both.text
    html = web.get("/incidents").text
    first_page = web.get("/api/incidents", params={"limit": 50}).json()
    if first_page["next"]:
        assert 'rel="next"' in html
    else:
        assert 'rel="next"' not in html
    ids = [item["id"] for item in whole["items"]]
    after_first = web.get("/api/incidents", params={"limit": 1}).json()["next"]
    later = web.get("/incidents", params={"after": after_first}).text
    assert 'rel="first"' in later and f"/incidents/{ids[1]}" in later
    assert f"/incidents/{ids[0]}" not in later
