"""The incident list's lean path (``services.incidents.record_page``), through the real app, against
what the list was before it (``incident_page``: the incidents loaded whole, written by
``incident_record`` and the IncidentPageOut model): the API's bodies are the same bytes, and the list
page's rows show the same values, for every role — anonymous, public, each party's liaison, monitor
and secretariat — walked by cursor and by offset, with filters, after a complaint's confidential
evidence is lodged (it is never extracted: no item cites it, for anyone) and a reviewer's edit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import lxml.html
import pytest

from ceasefire.domain import Estimate, Incident
from ceasefire.record.incidents import Cursor, IncidentFilter
from ceasefire.report.records import incident_record
from ceasefire.services.incidents import incident_page
from ceasefire.web.api.schemas import IncidentPageOut

from .conftest import ACCOUNTS, Web, incident_filter

ROLES: tuple[str | None, ...] = (None, *ACCOUNTS)
EVIDENCE = "Evidence-4c1d: on 3 November 2025 mortar shells hit the Torkham gate."
FILTERS: list[dict[str, str]] = [
    {},
    {"country": "Pakistan"},
    {"reviewed": "false"},
    {"event_type": "strike", "admin1": "no such province"},
    {"date_from": "2025-10-01", "actor": "taliban"},
    {"q": "killed"},
]


def _before(web: Web, where: IncidentFilter, **paging: Any) -> bytes:
    """The body of /api/incidents as the ORM path wrote it (its cursor sealed with the app's key)."""
    page = incident_page(web.store, where, seal=web.client.app.state.web.cursor_key, **paging)
    return (
        IncidentPageOut(
            total=page.total,
            offset=page.offset,
            limit=page.limit,
            items=[incident_record(i) for i in page.items],
            next=str(page.next) if page.next else None,
        )
        .model_dump_json()
        .encode()
    )


def _lodge_confidential_evidence(web: Web) -> str:
    """Pakistan's complaint with its evidence (a confidential document); returns its id."""
    incident = web.get("/api/incidents?limit=1").json()["items"][0]["id"]
    made = web.post(
        "/api/cases",
        "pakistan",
        data={
            "allegation": "Mortar fire on the Torkham gate",
            "text": EVIDENCE,
            "against": "afghanistan",
            "clause": "ceasefire",
            "incident": incident,
        },
    )
    assert made.status_code == 201, made.text
    evidence: str = web.get(f"/api/cases/{made.json()['id']}", "monitor").json()["evidence"][0]
    return evidence


def _edit(web: Web) -> None:
    """A reviewer's edit: one incident reviewed, with a figure of its own."""
    second = web.get("/api/incidents?limit=2").json()["items"][1]["id"]
    edited = web.post(
        f"/api/incidents/{second}/edit",
        "monitor",
        json={"field": "fatalities.high", "value": "9", "reason": "hospital records"},
    )
    assert edited.status_code == 200, edited.text


def test_the_api_list_is_the_same_bytes_as_before_for_every_role(web: Web) -> None:
    evidence = _lodge_confidential_evidence(web)
    _edit(web)
    walked = 0
    for query in FILTERS:
        where = incident_filter(query)
        for who in ROLES:
            after: Cursor | None = None
            pages = 0
            while True:
                url = "/api/incidents?" + urlencode(
                    {**query, "limit": "3", **({"after": str(after)} if after else {})}
                )
                answer = web.get(url, who)
                assert answer.status_code == 200, answer.text
                assert answer.headers["content-type"] == "application/json"
                assert answer.content == _before(web, where, limit=3, after=after), (url, who)
                assert evidence not in answer.text
                walked += len(answer.json()["items"])
                pages += 1
                following = answer.json()["next"]
                if following is None:
                    break
                after = Cursor.parse(following)
            answer = web.get("/api/incidents?" + urlencode({**query, "offset": "2"}), who)
            assert answer.content == _before(web, where, offset=2, limit=50)
    assert walked > 0
    # Some filters keep more than one page: the cursor was followed.
    assert web.get("/api/incidents?limit=3").json()["next"] is not None


def _estimate(figure: Estimate) -> str:
    """The list's cell for a figure, as its template wrote it (range.html) before the lean path."""
    low, best, high = figure.low, figure.best, figure.high
    if low is None and high is None:
        text = "—"
    elif low == high or high is None:
        text = str(low)
    else:
        text = f"{'?' if low is None else low}–{high}"
    if best is not None and best != low and best != high:
        text += f" (best {best})"
    return text


def _cells(incident: Incident) -> list[str]:
    place = incident.place
    return [
        incident.date.value.isoformat() if incident.date.value else "undated",
        incident.sub_event_type,
        (place.location or "")
        + (f", {place.admin1}" if place.admin1 else "")
        + (f", {place.country}" if place.country else ""),
        incident.actor1 or "unknown",
        incident.actor2 or "",
        _estimate(incident.fatalities),
        _estimate(incident.injuries),
        str(len(incident.claims)),
        incident.grade or "—",
        f"yes; reprocessing reads other {incident.review_flag}"
        if incident.review_flag
        else ("yes" if incident.is_reviewed else "not yet"),
    ]


@pytest.mark.parametrize("who", [None, "pakistan", "secretariat"])
def test_the_list_page_shows_what_it_showed_before(web: Web, who: str | None) -> None:
    evidence = _lodge_confidential_evidence(web)
    _edit(web)
    for query in FILTERS:
        where = incident_filter(query)
        answer = web.get("/incidents?" + urlencode(query), who)
        assert answer.status_code == 200, answer.text
        assert evidence not in answer.text
        tree = lxml.html.fromstring(answer.text)
        rows = tree.xpath("//table[@class='incidents']/tbody/tr")
        before = incident_page(web.store, where, limit=50)
        if not before.items:
            assert [r.text_content().strip() for r in rows] == ["No incidents match."]
            continue
        shown = [[cell.text_content().strip() for cell in row.xpath("td")] for row in rows]
        assert shown == [_cells(i) for i in before.items]
        links = [row.xpath("td[1]/a/@href")[0] for row in rows]
        assert links == [f"/incidents/{i.id}" for i in before.items]
        assert f"{before.total} incidents" in answer.text
    # Walked by cursor: the page says from which day it starts.
    first = incident_page(web.store, IncidentFilter(), limit=50)
    cursor = Cursor.of(first.items[1])
    answer = web.get(f"/incidents?after={cursor}", who)
    after = incident_page(web.store, IncidentFilter(), limit=50, after=cursor)
    day = after.items[0].date.value
    assert f"{after.total} incidents; {len(after.items)} shown, from {day or 'the undated'}." in (
        answer.text
    )
