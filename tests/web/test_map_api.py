"""/api/map/provinces, on SQLite and PostgreSQL: each province of the basemap counts what the
incident list counts for the same filters with that province picked — incidents, and the killed and
injured (at least) of those incidents — from one aggregate; it follows the other filters, ignores the
place filters it replaces, and refuses a filter that cannot keep anything, naming the field."""

from __future__ import annotations

from typing import Any

from .conftest import Web


def _provinces(web: Web, **params: str) -> dict[tuple[str, str | None], dict[str, Any]]:
    answer = web.get("/api/map/provinces", params=params)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return {(p["name"], p["country"]): p for p in body["provinces"]}


def _listed(web: Web, **params: str) -> list[dict[str, Any]]:
    answer = web.get("/api/incidents", params={**params, "limit": "500"})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_each_province_counts_what_the_list_counts_with_it_picked(web: Web) -> None:
    shaded = _provinces(web)
    assert len(shaded) == 42  # the basemap's provinces, Jammu and Kashmir (no country) included
    assert ("Jammu and Kashmir", None) in shaded
    everything = _listed(web)
    counted = 0
    for (name, country), figures in shaded.items():
        picked = {"admin1": name} | ({"country": country} if country else {})
        items = _listed(web, **picked)
        assert figures["incidents"] == len(items), name
        assert figures["killed"] == sum(i["fatalities"]["low"] or 0 for i in items), name
        assert figures["injured"] == sum(i["injuries"]["low"] or 0 for i in items), name
        counted += len(items)
    assert shaded[("Khyber Pakhtunkhwa", "Pakistan")]["incidents"] >= 2
    unplaced = web.get("/api/map/provinces").json()["unplaced"]["incidents"]
    assert counted + unplaced == len(everything)


def test_it_follows_the_other_filters_and_not_the_place_ones(web: Web) -> None:
    whole = _provinces(web)
    late = _provinces(web, date_from="2025-11-06")
    kp = ("Khyber Pakhtunkhwa", "Pakistan")
    expected = _listed(web, date_from="2025-11-06", admin1="Khyber Pakhtunkhwa", country="Pakistan")
    assert late[kp]["incidents"] == len(expected) < whole[kp]["incidents"]
    # A province or country already picked does not empty the other provinces: each is counted as
    # a click on it would pick it.
    assert _provinces(web, admin1="Balochistan", country="Pakistan", admin2="Chaman") == whole


def test_a_filter_that_keeps_nothing_is_refused_in_words(web: Web) -> None:
    answer = web.get(
        "/api/map/provinces", params={"date_from": "2025-11-10", "date_to": "2025-11-01"}
    )
    assert answer.status_code == 422
    assert "date_to" in answer.text


def test_the_marks_are_the_located_incidents_of_the_list_in_its_order(web: Web) -> None:
    """/api/map/incidents: one mark per located incident the filter keeps, newest first as the
    list orders them, each with the list's own values (its body is written once by orjson and
    cached: the same values, and the same bytes, for the same address)."""
    for params in ({}, {"country": "Pakistan"}, {"date_from": "2025-11-06"}):
        answer = web.get("/api/map/incidents", params=params)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/json"
        body = answer.json()
        listed = [i for i in _listed(web, **params) if i["latitude"] is not None]
        assert body["type"] == "FeatureCollection" and body["truncated"] is False
        assert [f["id"] for f in body["features"]] == [i["id"] for i in listed]
        assert len(listed) >= 1
        for mark, item in zip(body["features"], listed, strict=True):
            assert mark["geometry"] == {
                "type": "Point",
                "coordinates": [item["longitude"], item["latitude"]],
            }
            assert list(mark["properties"]) == [
                "id", "country", "event_type", "sub_event_type", "day", "location", "admin1",
                "fatalities",
            ]  # fmt: skip
            assert mark["properties"]["id"] == item["id"]
            assert mark["properties"]["country"] == item["country"]
            assert mark["properties"]["admin1"] == item["admin1"]
            assert mark["properties"]["location"] == item["location"]
            assert mark["properties"]["event_type"] == item["event_type"]
            assert mark["properties"]["sub_event_type"] == item["sub_event_type"]
            assert mark["properties"]["day"] == item["event_date"]
            assert mark["properties"]["fatalities"] == item["fatalities"]["high"]
        again = web.get("/api/map/incidents", params=params)
        assert again.content == answer.content
