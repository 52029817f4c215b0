"""The dashboard's, the choropleth's and the list's figures read from each filter's cube
(services/figures.py: the filter's summary over every day, summed once per version of the record)
against the figures summed for the filter and its period over the summary tables, and against the
incidents the list gives — on SQLite and PostgreSQL, for every role, on a record holding a
complaint's confidential evidence (never extracted), a discarded incident and one merged into
another; and the figures follow a write at once (a cube is kept under one version only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ceasefire.record.incidents import IncidentFilter, IncidentRepository
from ceasefire.record.statistics import summary
from ceasefire.services.cache import CUBES, cubes_of
from ceasefire.services.figures import summary_of
from ceasefire.services.incidents import CEASEFIRE_DATE, dashboard
from ceasefire.services.log import Author
from ceasefire.services.review import discard_incident

from .conftest import ACCOUNTS, Web, incident_filter

ME = Author("tester")
ROLES: tuple[str | None, ...] = (None, *ACCOUNTS)
EVIDENCE = "Evidence-20b7: on 4 November 2025 a drone struck a house near Spin Boldak."
FILTERS = [
    {},
    {"country": "Pakistan"},
    {"admin1": "khyber"},
    {"event_type": "shelling"},
    {"reviewed": "true"},
    {"reviewed": "false", "country": "Afghanistan"},
    {"actor": "taliban"},  # one actor's name, or several: the cube or the incidents
]
# Besides these, each period that starts, ends, or starts and ends on a day of an incident.
PERIODS = [
    {},
    {"date_from": "2025-10-19"},
    {"date_from": "2025-10-25", "date_to": "2025-11-04"},
    {"date_from": "2026-01-01"},
]


def _periods(web: Web) -> list[dict[str, str]]:
    with web.store.read_session() as session:
        days = sorted({i.date.value for i in IncidentRepository(session).list() if i.date.value})
    assert len(days) >= 3
    edges = [
        period
        for day in map(date.isoformat, days)
        for period in ({"date_from": day}, {"date_to": day}, {"date_from": day, "date_to": day})
    ]
    return PERIODS + edges


def _record_with_everything(web: Web) -> None:
    """A complaint's confidential evidence lodged, one incident discarded, one merged into
    another, one edited (reviewed, with a figure of its own)."""
    first, second, third, fourth = (
        item["id"] for item in web.get("/api/incidents?limit=4").json()["items"]
    )
    made = web.post(
        "/api/cases",
        "pakistan",
        data={
            "allegation": "A drone strike near Spin Boldak",
            "text": EVIDENCE,
            "against": "afghanistan",
            "clause": "ceasefire",
            "incident": first,
        },
    )
    assert made.status_code == 201, made.text
    for path, body in (
        (f"/api/incidents/{first}/merge", {"other": second, "reason": "the same act"}),
        (
            f"/api/incidents/{third}/edit",
            {"field": "fatalities.low", "value": "4", "reason": "hospital records"},
        ),
    ):
        done = web.post(path, "monitor", json=body)
        assert done.status_code == 200, done.text
    discard_incident(web.store, fourth, reason="no act reported", author=ME)


def _provinces(body: dict[str, Any]) -> dict[tuple[str, str | None], int]:
    return {(p["name"], p["country"]): p["incidents"] for p in body["provinces"] if p["incidents"]}


def test_the_figures_are_the_summed_ones_for_every_filter_period_and_role(web: Web) -> None:
    _record_with_everything(web)
    periods = _periods(web)
    with web.store.read_session() as session:
        repository = IncidentRepository(session)
        for query in FILTERS:
            for period in periods:
                where = incident_filter({**query, **period})
                listed = repository.list(where)
                # What the dashboard shows: its day defaults to the ceasefire's.
                shown = where
                if where.date_from is None and where.date_to is None:
                    shown = replace(where, date_from=CEASEFIRE_DATE)
                figures = dashboard(web.store, where)
                expected = summary(session, shown)
                assert (figures.totals, figures.days, figures.provinces) == (
                    expected.totals,
                    expected.days,
                    expected.provinces,
                ), where
                wide = replace(where, country=None, admin1=None)
                summed = {
                    (p.country, p.admin1): p.incidents for p in summary(session, wide).provinces
                }
                for who in ROLES:
                    answer = web.get("/api/incidents", who, params={**query, **period, "limit": 3})
                    assert answer.status_code == 200, answer.text
                    assert answer.json()["total"] == len(listed), (where, who)
                    assert EVIDENCE not in answer.text
                    shaded = web.get("/api/map/provinces", who, params={**query, **period})
                    assert shaded.status_code == 200, shaded.text
                    by_province = _provinces(shaded.json())
                    for (name, country), n in by_province.items():
                        assert n == sum(
                            count
                            for (c, a), count in summed.items()
                            if (country is None or (c or "").lower() == country.lower())
                            and name.lower() in (a or "").lower()
                        ), (where, who, name)
                    page = web.get("/", who, params={**query, **period})
                    assert page.status_code == 200
                    assert EVIDENCE not in page.text


def test_the_figures_follow_a_write_at_once(web: Web) -> None:
    before = web.get("/api/map/provinces").json()
    total = web.get("/api/incidents?limit=1").json()["total"]
    assert web.get("/api/incidents?limit=1").headers["x-cache"] == "hit"
    first = web.get("/api/incidents?limit=1").json()["items"][0]
    discard_incident(web.store, first["id"], reason="no act reported", author=ME)
    after = web.get("/api/incidents?limit=1").json()
    assert after["total"] == total - 1
    assert first["id"] not in [i["id"] for i in after["items"]]
    shaded = web.get("/api/map/provinces").json()
    assert sum(p["incidents"] for p in shaded["provinces"]) + shaded["unplaced"]["incidents"] == (
        sum(p["incidents"] for p in before["provinces"]) + before["unplaced"]["incidents"] - 1
    )


def test_the_cubes_a_worker_keeps_are_bounded(web: Web) -> None:
    """However many filters are asked, a worker keeps at most CUBES of their cubes (each a few
    hundred KB at a million incidents), apart from the pages it caches."""
    for number in range(CUBES + 10):
        summary_of(web.store, IncidentFilter(admin1=f"no such province {number}"))
    kept = cubes_of(web.store)
    assert len(kept._items) == CUBES
    # A walk through the list does not push the cubes out: its pages are in the other cache.
    for offset in range(0, 300):
        web.get(f"/api/incidents?limit=1&offset={offset % 5}&country=Pakistan&admin1=x{offset}")
    assert len(kept._items) == CUBES
