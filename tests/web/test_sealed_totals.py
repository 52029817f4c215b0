"""The list's `next` cursor carries its filter's total, sealed (services/cursors.py): the page after
it does not count again, even in a process that never counted it (another worker), while a total
altered by the client, carried to another filter, sealed by another key, or counted before the
record changed is not believed — the page counts instead, and says the same bytes it would have
said from a cursor without a total."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import event

from ceasefire.record.incidents import Cursor, IncidentFilter
from ceasefire.services.cache import cache_of, cubes_of
from ceasefire.services.cursors import carried_total, cursor_key, sealed
from ceasefire.services.incidents import count_incidents

from .conftest import ACCOUNTS, Web

ROLES: tuple[str | None, ...] = (None, *ACCOUNTS)
FILTERS = [
    {},
    {"country": "Pakistan"},
    {"actor": "taliban"},
    {"q": "killed"},
    {"reviewed": "false"},
]


@contextmanager
def _statements(web: Web) -> Iterator[list[str]]:
    """The SQL the app sends meanwhile (observed, not changed)."""
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(str(args[2]).lower())

    event.listen(web.store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(web.store.engine, "before_cursor_execute", note)


def _counts(statements: list[str]) -> list[str]:
    """The statements that count a filter's incidents (over the rows or a summary)."""
    counting = (
        "count(",
        "sum(incident_summary.incidents)",
        "sum(incident_actor_summary.incidents)",
    )
    return [s for s in statements if any(c in s for c in counting)]


def _forget(web: Web) -> None:
    """What this process has counted, forgotten: its results and its filters' cubes."""
    cache_of(web.store).clear()
    cubes_of(web.store).clear()


def _page(web: Web, query: dict[str, str], who: str | None, after: str | None = None) -> Any:
    url = "/api/incidents?" + urlencode(
        {**query, "limit": "2", **({"after": after} if after else {})}
    )
    answer = web.get(url, who)
    assert answer.status_code == 200, answer.text
    return answer


@pytest.mark.parametrize("query", FILTERS)
def test_the_next_page_takes_the_total_from_its_cursor(web: Web, query: dict[str, str]) -> None:
    first = _page(web, query, "monitor").json()
    if first["next"] is None:
        pytest.skip("the filter keeps one page only")
    assert first["next"].count("~") == 4  # day~id~total~version~seal
    _forget(web)  # as another worker: it has counted nothing
    with _statements(web) as seen:
        second = _page(web, query, "monitor", first["next"])
    assert second.json()["total"] == first["total"]
    assert _counts(seen) == []
    # Without the total (the cursor's position only) the same page counts, and says the same.
    _forget(web)
    plain = str(Cursor.parse(first["next"]).position)
    with _statements(web) as seen:
        recounted = _page(web, query, "monitor", plain)
    assert _counts(seen) != []
    assert recounted.json() == second.json()


def test_every_role_reads_the_same_sealed_walk(web: Web) -> None:
    """Incidents are public: a cursor is the same for everyone, and so is each page."""
    walks = []
    for who in ROLES:
        pages, after = [], None
        while True:
            answer = _page(web, {"country": "Pakistan"}, who, after).json()
            pages.append(answer)
            after = answer["next"]
            if after is None:
                break
        walks.append(pages)
    assert all(walk == walks[0] for walk in walks)
    assert len(walks[0]) > 1


def test_a_total_the_seal_does_not_hold_for_is_counted_again(web: Web) -> None:
    query = {"actor": "taliban"}
    first = _page(web, query, None).json()
    assert first["next"] is not None
    genuine = _page(web, query, "monitor", first["next"])
    day, ident, total, version, seal = first["next"].split("~")
    forged = [
        f"{day}~{ident}~{int(total) + 1000}~{version}~{seal}",  # the total altered
        f"{day}~{ident}~{total}~{version}~{'0' * 32}",  # the seal altered
        f"{day}~{ident}~{total}~{int(version) + 1}~{seal}",  # another version claimed
    ]
    for cursor in forged:
        _forget(web)
        answer = _page(web, query, "monitor", cursor)
        assert answer.json()["total"] == first["total"], cursor
        assert answer.content == genuine.content, cursor  # the same bytes for the same answer
    # Carried to another filter, the total is not that filter's: it is counted.
    other = {"country": "Pakistan"}
    _forget(web)
    assert _page(web, other, "monitor", first["next"]).json()["total"] == count_incidents(
        web.store, IncidentFilter(country="Pakistan")
    )
    # Sealed with another key (another deployment's secret): not believed either.
    where = IncidentFilter(actor="taliban")
    at = Cursor.parse(first["next"])
    elsewhere = sealed(at, where, 999, int(version), cursor_key("another secret"))
    assert (
        carried_total(elsewhere, where, int(version), web.client.app.state.web.cursor_key) is None
    )
    assert carried_total(at, where, int(version), web.client.app.state.web.cursor_key) == int(total)


def test_a_total_counted_before_the_record_changed_is_dropped(web: Web) -> None:
    query = {"reviewed": "false"}
    first = _page(web, query, None).json()
    assert first["next"] is not None
    # A reviewer's edit: that incident is reviewed now, so the filter keeps one fewer.
    edited = web.post(
        f"/api/incidents/{first['items'][0]['id']}/edit",
        "monitor",
        json={"field": "fatalities.high", "value": "9", "reason": "hospital records"},
    )
    assert edited.status_code == 200, edited.text
    second = _page(web, query, "monitor", first["next"]).json()
    assert second["total"] == first["total"] - 1
    assert second["total"] == count_incidents(web.store, IncidentFilter(reviewed=False))


@pytest.mark.parametrize(
    "cursor",
    ["2025-10-19~abcd~12~3", "2025-10-19~abcd~12~3~zz", "2025-10-19~abcd~x~3~" + "0" * 32],
)
def test_a_malformed_cursor_is_refused_naming_after(web: Web, cursor: str) -> None:
    answer = web.get("/api/incidents?" + urlencode({"after": cursor}))
    assert answer.status_code == 422
    assert "after" in answer.text
