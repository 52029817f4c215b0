"""The HTTP API, endpoint by endpoint and role by role: anonymous writes answer 401, forbidden ones
403, and a refused request changes nothing (the log does not grow)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from ceasefire import services

from ..conftest import SHARED
from .conftest import Web

WRITERS = ("secretariat", "monitor")
NOT_WRITERS = ("pakistan", "afghanistan", "public")


def _incident_id(web: Web) -> str:
    items = web.get("/api/incidents?limit=1").json()["items"]  # type: ignore[attr-defined]
    assert items, "the demo reports give incidents"
    return str(items[0]["id"])


def _lodge(web: Web, who: str = "pakistan", **fields: Any) -> Any:
    data = {
        "title": "Shelling of Chaman crossing",
        "text": "On 2 November 2025 mortar shells hit "
        "the Chaman crossing, killing two civilians, our officials said.",
        **fields,
    }
    return web.post("/api/complaints", who, data=data)


# Reading: open to everyone


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents",
        "/api/incidents",
        "/api/incidents?country=Pakistan&limit=2",
        "/api/claims",
        "/api/log/head",
        "/api/log/entries?start=1&limit=5",
        "/api/log/proofs/inclusion?seq=1",
        "/api/log/proofs/consistency?old_size=1",
        "/api/exports/incidents?format=jsonl",
        "/api/exports/incidents?format=geojson",
        "/api/me",
        "/openapi.json",
    ],
)
def test_anonymous_reads(web: Web, path: str) -> None:
    assert web.get(path).status_code == 200  # type: ignore[attr-defined]


def test_one_incident_and_one_document(web: Web) -> None:
    incident_id = _incident_id(web)
    found = web.get(f"/api/incidents/{incident_id[:10]}").json()  # type: ignore[attr-defined]
    assert found["incident"]["id"] == incident_id
    assert found["history"][0]["change"] == "created"
    document_id = found["incident"]["claims"][0]["document"]
    document = web.get(f"/api/documents/{document_id}").json()  # type: ignore[attr-defined]
    quote = found["incident"]["claims"][0]
    assert document["text"][quote["start"] : quote["end"]] == quote["quote"]
    assert web.get("/api/incidents/ffffffffff").status_code == 404  # type: ignore[attr-defined]


def test_incident_paging_and_filters(web: Web) -> None:
    every = web.get("/api/incidents?limit=500").json()  # type: ignore[attr-defined]
    assert every["total"] == len(every["items"]) >= 2
    first = web.get("/api/incidents?limit=1&offset=0").json()  # type: ignore[attr-defined]
    second = web.get("/api/incidents?limit=1&offset=1").json()  # type: ignore[attr-defined]
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [
        i["id"] for i in every["items"][:2]
    ]
    countries = {i["country"] for i in every["items"]}
    for country in countries - {None}:
        some = web.get(f"/api/incidents?country={country}&limit=500").json()  # type: ignore[attr-defined]
        assert some["total"] == sum(1 for i in every["items"] if i["country"] == country)
    assert web.get("/api/incidents?limit=0").status_code == 422  # type: ignore[attr-defined]
    assert web.get("/api/incidents?date_from=notadate").status_code == 422  # type: ignore[attr-defined]


def test_claims_are_those_of_the_page(web: Web) -> None:
    page = web.get("/api/incidents?limit=3").json()  # type: ignore[attr-defined]
    claims = web.get("/api/claims?limit=3").json()  # type: ignore[attr-defined]
    assert len(claims) == sum(len(i["claims"]) for i in page["items"])
    assert {c["incident"] for c in claims} <= {i["id"] for i in page["items"]}


def test_exports_follow_the_schema(web: Web) -> None:
    schema = json.loads((SHARED / "schema" / "incident.schema.json").read_text(encoding="utf-8"))
    text = web.get("/api/exports/incidents?format=jsonl").text  # type: ignore[attr-defined]
    incidents = [json.loads(line) for line in text.splitlines()]
    assert incidents
    for record in incidents:
        jsonschema.validate(record, schema)
    geo = web.get("/api/exports/incidents?format=geojson").json()  # type: ignore[attr-defined]
    assert geo["type"] == "FeatureCollection"
    assert len(geo["features"]) == len(incidents)


def test_log_proofs_check_against_the_head(web: Web) -> None:
    head = web.get("/api/log/head").json()["current"]  # type: ignore[attr-defined]
    proof = web.get(f"/api/log/proofs/inclusion?seq=2&size={head['size']}").json()  # type: ignore[attr-defined]
    tree_head = services.TreeHead(head["size"], head["root_hash"], head["created_at"])
    assert "entry 2 is in the log" in services.check_proof(proof, [tree_head])
    too_far = web.get(f"/api/log/proofs/inclusion?seq={head['size'] + 5}")  # type: ignore[attr-defined]
    assert too_far.status_code == 422


# Writing: intake


@pytest.mark.parametrize("who", WRITERS)
def test_intake_by_secretariat_and_monitors(web: Web, who: str) -> None:
    before = web.log_size()
    response = web.post(
        "/api/documents",
        who,
        data={"kind": "monitor_report", "title": f"Field note by {who}", "published": "2025-11-03"},
        files={"file": ("note.txt", f"Field note by {who}: all quiet at Torkham today.".encode())},
    )
    assert response.status_code == 201, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["added"] is True
    document = web.get(f"/api/documents/{body['id']}").json()  # type: ignore[attr-defined]
    assert document["kind"] == "monitor_report"
    assert document["collected_by"] == web.get("/api/me", who).json()["name"]  # type: ignore[attr-defined]
    assert web.log_size() > before
    again = web.post(
        "/api/documents",
        who,
        data={"text": "ignored"},
        files={"file": ("note.txt", f"Field note by {who}: all quiet at Torkham today.".encode())},
    )
    assert again.json()["added"] is False  # type: ignore[attr-defined]


def test_intake_of_pasted_text_and_bad_input(web: Web) -> None:
    pasted = web.post("/api/documents", "monitor", data={"text": "A pasted statement of the day."})
    assert pasted.status_code == 201  # type: ignore[attr-defined]
    before = web.log_size()
    for data, files in (
        ({}, None),
        ({"text": "x", "published": "yesterday"}, None),
        ({}, {"file": ("photo.png", b"\x89PNG\x00\x00")}),
    ):
        refused = web.post("/api/documents", "monitor", data=data, files=files)
        assert refused.status_code == 422, refused.text  # type: ignore[attr-defined]
    assert web.log_size() == before


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_intake_forbidden_changes_nothing(web: Web, who: str) -> None:
    before = web.log_size()
    documents = web.get("/api/documents", "secretariat").json()["total"]  # type: ignore[attr-defined]
    response = web.post("/api/documents", who, data={"text": "A statement nobody may add."})
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert response.json()["error"] == "forbidden"  # type: ignore[attr-defined]
    assert web.log_size() == before
    assert web.get("/api/documents", "secretariat").json()["total"] == documents  # type: ignore[attr-defined]


def test_anonymous_writes_answer_401(web: Web) -> None:
    before = web.log_size()
    assert web.post("/api/documents", data={"text": "anonymous"}).status_code == 401  # type: ignore[attr-defined]
    assert _lodge(web, who=None).status_code == 401  # type: ignore[arg-type]
    review = web.post("/api/complaints/x/review", json={"state": "verified", "note": "n"})
    assert review.status_code == 401  # type: ignore[attr-defined]
    assert web.log_size() == before


def test_bad_tokens_answer_401(web: Web) -> None:
    for header in ("Bearer cf_nonsense", "Basic dXNlcjpwdw=="):
        response = web.client.get("/api/me", headers={"Authorization": header})
        assert response.status_code == 401


# Complaints


def test_a_party_lodges_and_a_monitor_reviews(web: Web) -> None:
    incident_id = _incident_id(web)
    lodged = _lodge(web, incident=incident_id)
    assert lodged.status_code == 201, lodged.text  # type: ignore[attr-defined]
    complaint = lodged.json()  # type: ignore[attr-defined]
    assert (complaint["party"], complaint["state"], complaint["incident"]) == (
        "Pakistan",
        "received",
        incident_id,
    )
    document = web.get(f"/api/documents/{complaint['document']}", "pakistan").json()  # type: ignore[attr-defined]
    assert document["kind"] == "complaint"

    review = web.post(
        f"/api/complaints/{complaint['id']}/review", "monitor", json={"state": "under_review"}
    )
    assert review.status_code == 200 and review.json()["state"] == "under_review"  # type: ignore[attr-defined]
    no_note = web.post(
        f"/api/complaints/{complaint['id']}/review", "monitor", json={"state": "verified"}
    )
    assert no_note.status_code == 422  # type: ignore[attr-defined]
    closed = web.post(
        f"/api/complaints/{complaint['id']}/review",
        "secretariat",
        json={"state": "verified", "note": "two independent sources"},
    )
    assert closed.json()["state"] == "verified"  # type: ignore[attr-defined]
    again = web.post(
        f"/api/complaints/{complaint['id']}/review",
        "monitor",
        json={"state": "inconclusive", "note": "n"},
    )
    assert again.status_code == 409  # type: ignore[attr-defined]
    seen = web.get(f"/api/complaints/{complaint['id']}", "pakistan").json()  # type: ignore[attr-defined]
    assert (seen["state"], seen["reviewed_by"]) == ("verified", "sec")
    assert services.verify_store(web.store).is_clean


@pytest.mark.parametrize("who", ["monitor", "secretariat", "public"])
def test_only_a_party_lodges(web: Web, who: str) -> None:
    before = web.log_size()
    assert _lodge(web, who).status_code == 403  # type: ignore[attr-defined]
    assert web.log_size() == before


def test_party_liaison_limits(web: Web) -> None:
    complaint = _lodge(web, "pakistan").json()  # type: ignore[attr-defined]
    before = web.log_size()
    # Another party neither sees the complaint nor its evidence, nor finds it in the lists.
    assert web.get(f"/api/complaints/{complaint['id']}", "afghanistan").status_code == 404  # type: ignore[attr-defined]
    assert web.get(f"/api/documents/{complaint['document']}", "afghanistan").status_code == 404  # type: ignore[attr-defined]
    assert web.get(f"/api/documents/{complaint['document']}", "public").status_code == 404  # type: ignore[attr-defined]
    assert web.get(f"/api/documents/{complaint['document']}").status_code == 404  # type: ignore[attr-defined]
    assert web.get("/api/complaints", "afghanistan").json() == []  # type: ignore[attr-defined]
    listed = web.get("/api/documents?limit=500", "afghanistan").json()["items"]  # type: ignore[attr-defined]
    assert complaint["document"] not in {d["id"] for d in listed}
    # A party does not review, not even its own complaint; the public does not list complaints.
    for who in ("pakistan", "afghanistan", "public"):
        refused = web.post(
            f"/api/complaints/{complaint['id']}/review",
            who,
            json={"state": "verified", "note": "n"},
        )
        assert refused.status_code == 403  # type: ignore[attr-defined]
    assert web.get("/api/complaints", "public").status_code == 403  # type: ignore[attr-defined]
    assert web.get("/api/complaints").status_code == 401  # type: ignore[attr-defined]
    assert web.log_size() == before
    state = web.get(f"/api/complaints/{complaint['id']}", "monitor").json()["state"]  # type: ignore[attr-defined]
    assert state == "received"
    # The lodging party and the monitors see it.
    assert [c["id"] for c in web.get("/api/complaints", "pakistan").json()] == [complaint["id"]]  # type: ignore[attr-defined]
    assert complaint["id"] in {c["id"] for c in web.get("/api/complaints", "monitor").json()}  # type: ignore[attr-defined]


def test_cookie_writes_need_the_csrf_header(web: Web) -> None:
    client = web.client
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    logged = client.post(
        "/login",
        data={"csrf_token": token, "name": "mon", "password": "correct horse battery"},
        follow_redirects=False,
    )
    assert logged.status_code == 303
    before = web.log_size()
    refused = client.post("/api/documents", data={"text": "cookie without csrf"})
    assert refused.status_code == 403 and refused.json()["error"] == "csrf"
    assert web.log_size() == before
    accepted = client.post(
        "/api/documents", data={"text": "cookie with csrf"}, headers={"X-CSRF-Token": token}
    )
    assert accepted.status_code == 201


def test_every_write_is_in_the_verified_log(web: Web) -> None:
    _lodge(web)
    web.post("/api/documents", "monitor", data={"text": "One more statement for the record."})
    verification = services.verify_store(web.store)
    assert verification.is_clean, [str(d) for d in verification.discrepancies]
    kinds = {e.kind for e in services.show_entries(web.store)}
    assert {"user_added", "token_issued", "complaint_lodged", "document_added"} <= kinds
