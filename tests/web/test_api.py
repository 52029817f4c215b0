"""The HTTP API, endpoint by endpoint and role by role: anonymous writes answer 401, forbidden ones
403, and a refused request changes nothing (the log does not grow). The API answers what the CLI
answers: the same exports, the same cases and findings."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ceasefire import services
from ceasefire.schema import incident_schema

from ..conftest import Cli
from .conftest import ACCOUNTS, Web

ROLES = tuple(ACCOUNTS)
CLAUSE = "ceasefire"


def _incident_ids(web: Web, n: int = 1) -> list[str]:
    items = web.get(f"/api/incidents?limit={n}").json()["items"]
    assert len(items) == n, "the demo reports give incidents"
    return [str(i["id"]) for i in items]


def _lodge(web: Web, who: str | None = "pakistan", **fields: Any) -> Any:
    data = {
        "allegation": "Mortar fire on the Chaman crossing",
        "text": "On 2 November 2025 mortar shells hit the Chaman crossing, killing two civilians.",
        "against": "afghanistan",
        "clause": CLAUSE,
        **fields,
    }
    return web.post("/api/cases", who, data=data)


def _advance(web: Web, case_id: str, to: str | None = None, who: str = "monitor") -> Any:
    body: dict[str, Any] = {"reason": f"moved to {to or 'the next step'}"}
    if to:
        body["to"] = to
    return web.post(f"/api/cases/{case_id}/advance", who, json=body)


def _finding(web: Web, party: str = "afghanistan", published: bool = False) -> tuple[str, str]:
    """A case lodged by Pakistan against Afghanistan, taken to its finding (about ``party``);
    sent to the parties when ``published``. Returns (case id, finding id)."""
    case_id = _lodge(web).json()["id"]
    _advance(web, case_id)  # acknowledged
    _advance(web, case_id)  # preliminary_check
    made = web.post(
        "/api/findings",
        "monitor",
        json={
            "case": case_id,
            "status": "verified",
            "rationale": "crater analysis and two hospital records",
            "party": party,
            "grade": "fair",
        },
    )
    assert made.status_code == 201, made.text
    if published:
        assert _advance(web, case_id, "sent_to_parties").status_code == 200
    return case_id, made.json()["id"]


# Reading: open to everyone


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents",
        "/api/incidents",
        "/api/incidents?country=Pakistan&limit=2",
        "/api/claims",
        "/api/assessments",
        "/api/assessments?agreement=doha-2025&party=afghanistan",
        "/api/agreements",
        "/api/agreements/doha-2025",
        "/api/findings",
        "/api/reports/doha-2025?format=json",
        "/api/log/head",
        "/api/log/entries?start=1&limit=5",
        "/api/log/proofs/inclusion?seq=1",
        "/api/log/proofs/consistency?old_size=1",
        "/api/exports/incidents?format=jsonl",
        "/api/exports/incidents?format=geojson",
        "/api/exports/incidents?format=acled-csv",
        "/api/exports/incidents?format=ucdp-csv",
        "/api/me",
        "/openapi.json",
    ],
)
def test_anonymous_reads(web: Web, path: str) -> None:
    assert web.get(path).status_code == 200


def test_one_incident_with_its_assessments_and_history(web: Web) -> None:
    assessed = web.get("/api/assessments").json()
    assert assessed, "the demo incidents are assessed against doha-2025"
    incident_id = assessed[0]["incident"]
    found = web.get(f"/api/incidents/{incident_id[:10]}").json()
    assert found["incident"]["id"] == incident_id
    assert (found["status"], found["merged_into"]) == ("active", None)
    assert {a["id"] for a in found["assessments"]} == {
        a["id"] for a in assessed if a["incident"] == incident_id
    }
    assert found["history"][0]["change"] == "created"
    assert len(found["claim_refs"]) == len(found["incident"]["claims"])
    quote = found["incident"]["claims"][0]
    document = web.get(f"/api/documents/{quote['document']}").json()
    assert document["text"][quote["start"] : quote["end"]] == quote["quote"]
    assert web.get("/api/incidents/ffffffffff").status_code == 404


def test_incident_paging_and_filters(web: Web) -> None:
    every = web.get("/api/incidents?limit=500").json()
    assert every["total"] == len(every["items"]) >= 2
    first = web.get("/api/incidents?limit=1&offset=0").json()
    second = web.get("/api/incidents?limit=1&offset=1").json()
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [
        i["id"] for i in every["items"][:2]
    ]
    for country in {i["country"] for i in every["items"]} - {None}:
        some = web.get(f"/api/incidents?country={country}&limit=500").json()
        assert some["total"] == sum(1 for i in every["items"] if i["country"] == country)
    assert web.get("/api/incidents?date_from=&date_to=").json()["total"] == every["total"]
    assert web.get("/api/incidents?limit=0").status_code == 422
    refused = web.get("/api/incidents?date_from=notadate")
    assert refused.status_code == 422 and "date_from" in refused.text


def test_claims_are_those_of_the_page(web: Web) -> None:
    page = web.get("/api/incidents?limit=3").json()
    claims = web.get("/api/claims?limit=3").json()
    assert len(claims) == sum(len(i["claims"]) for i in page["items"])
    assert {c["incident"] for c in claims} <= {i["id"] for i in page["items"]}


@pytest.mark.parametrize("export_format", ["jsonl", "geojson", "acled-csv", "ucdp-csv"])
def test_exports_are_the_cli_exports(web: Web, export_format: str) -> None:
    """One way to export: the API streams what `ceasefire export incidents` writes."""
    query = f"/api/exports/incidents?format={export_format}&country=Pakistan"
    response = web.get(query)
    assert response.status_code == 200
    cli = Cli(web.settings)
    printed = cli("export", "incidents", "--format", export_format, "--country", "Pakistan")
    assert printed.exit_code == 0, printed.output
    assert response.text == printed.output
    assert response.text.strip(), "the demo has incidents in Pakistan"


def test_jsonl_export_follows_the_schema(web: Web) -> None:
    schema = incident_schema()
    lines = web.get("/api/exports/incidents?format=jsonl").text.splitlines()
    assert len(lines) == web.get("/api/incidents").json()["total"]
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    assert web.get("/api/exports/incidents?format=xml").status_code == 422


def test_log_proofs_check_against_the_head(web: Web) -> None:
    head = web.get("/api/log/head").json()["current"]
    proof = web.get(f"/api/log/proofs/inclusion?seq=2&size={head['size']}").json()
    tree_head = services.TreeHead(head["size"], head["root_hash"], head["created_at"])
    assert "entry 2 is in the log" in services.check_proof(proof, [tree_head])
    assert web.get(f"/api/log/proofs/inclusion?seq={head['size'] + 5}").status_code == 422


def test_agreements_with_their_commitments(web: Web) -> None:
    listed = web.get("/api/agreements").json()
    assert [a["id"] for a in listed] == ["doha-2025"]
    one = web.get("/api/agreements/doha-2025").json()
    assert {p["id"] for p in one["parties"]} == {"pakistan", "afghanistan"}
    ceasefire = next(c for c in one["commitments"] if c["id"] == CLAUSE)
    # The seed articles the pointers name are not in the demo store: said so, not guessed.
    assert ceasefire["sources"] and all(
        s["text"] is None and "not in the store" in s["problem"] for s in ceasefire["sources"]
    )
    assert web.get("/api/agreements/nowhere").status_code == 404


# Writing: who may do what. Each action below, tried by a role that may not, answers 403 (401
# anonymous) and the log stays as it was.


def _case_at_check(web: Web) -> str:
    case_id = str(_lodge(web).json()["id"])
    _advance(web, case_id)
    _advance(web, case_id)
    return case_id


Action = Callable[[Web, str | None], Any]

ACTIONS: dict[str, tuple[Action, set[str]]] = {
    "intake": (
        lambda web, who: web.post("/api/documents", who, data={"text": "A new statement."}),
        {"secretariat", "monitor"},
    ),
    "edit incident": (
        lambda web, who: web.post(
            f"/api/incidents/{_incident_ids(web)[0]}/edit",
            who,
            json={"field": "admin1", "value": "Kunar", "reason": "the map says so"},
        ),
        {"secretariat", "monitor"},
    ),
    "merge incidents": (
        lambda web, who: web.post(
            f"/api/incidents/{_incident_ids(web, 2)[0]}/merge",
            who,
            json={"other": _incident_ids(web, 2)[1], "reason": "one act"},
        ),
        {"secretariat", "monitor"},
    ),
    "split incident": (
        lambda web, who: web.post(
            f"/api/incidents/{_incident_ids(web)[0]}/split",
            who,
            json={"claims": ["0000:1-2"], "reason": "two acts"},
        ),
        {"secretariat", "monitor"},
    ),
    "run assessment": (
        lambda web, who: web.post("/api/assessments", who, json={"agreement": "doha-2025"}),
        {"secretariat", "monitor"},
    ),
    "lodge complaint": (
        lambda web, who: _lodge(web, who),
        {"secretariat", "pakistan", "afghanistan"},
    ),
    "advance case": (
        lambda web, who: web.post(
            "/api/cases/C0001/advance", who, json={"reason": "on", "to": "acknowledged"}
        ),
        {"secretariat", "monitor"},
    ),
    "record finding": (
        lambda web, who: web.post(
            "/api/findings",
            who,
            json={"case": "C0001", "status": "verified", "rationale": "r", "clause": CLAUSE},
        ),
        {"secretariat", "monitor"},
    ),
    "reply": (
        lambda web, who: web.post("/api/findings/F0001/replies", who, json={"text": "We deny."}),
        {"secretariat", "pakistan", "afghanistan"},
    ),
}

REFUSED = [
    (action, who)
    for action, (_, allowed) in ACTIONS.items()
    for who in (*ROLES, None)
    if who not in allowed
]


@pytest.mark.parametrize(("action", "who"), REFUSED, ids=[f"{a}-{w}" for a, w in REFUSED])
def test_refused_writes_change_nothing(web: Web, action: str, who: str | None) -> None:
    _lodge(web)  # C0001, at `received`, for the actions on a case
    before = web.log_size()
    documents = web.get("/api/documents?limit=1", "secretariat").json()["total"]
    act, _ = ACTIONS[action]
    response = act(web, who)
    assert response.status_code == (401 if who is None else 403), response.text
    assert response.json()["error"] == ("unauthenticated" if who is None else "forbidden")
    assert web.log_size() == before
    assert web.get("/api/documents?limit=1", "secretariat").json()["total"] == documents
    assert web.get("/api/cases/C0001", "monitor").json()["step"] == "received"


@pytest.mark.parametrize("who", ["secretariat", "monitor"])
def test_intake_by_secretariat_and_monitors(web: Web, who: str) -> None:
    before = web.log_size()
    note = f"Field note by {who}: all quiet at Torkham today.".encode()
    response = web.post(
        "/api/documents",
        who,
        data={"kind": "monitor_report", "title": f"Field note by {who}", "published": "2025-11-03"},
        files={"file": ("note.txt", note)},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["added"] is True
    document = web.get(f"/api/documents/{body['id']}").json()
    assert document["kind"] == "monitor_report"
    assert document["collected_by"] == web.get("/api/me", who).json()["name"]
    assert web.log_size() > before
    again = web.post("/api/documents", who, files={"file": ("note.txt", note)})
    assert again.json()["added"] is False


def test_intake_of_pasted_text_and_bad_input(web: Web) -> None:
    pasted = web.post("/api/documents", "monitor", data={"text": "A pasted statement of the day."})
    assert pasted.status_code == 201
    before = web.log_size()
    for data, files, field in (
        ({}, None, "document"),
        ({"text": "x", "published": "yesterday"}, None, "published"),
        ({}, {"file": ("photo.png", b"\x89PNG\x00\x00")}, "photo.png"),
    ):
        refused = web.post("/api/documents", "monitor", data=data, files=files)
        assert refused.status_code == 422, refused.text
        assert field in json.dumps(refused.json())
    assert web.log_size() == before


def test_bad_tokens_answer_401(web: Web) -> None:
    for header in ("Bearer cf_nonsense", "Basic dXNlcjpwdw=="):
        response = web.client.get("/api/me", headers={"Authorization": header})
        assert response.status_code == 401


# Incidents: a reviewer's changes, as `ceasefire incidents merge|split|edit`


def test_a_monitor_edits_merges_and_splits(web: Web) -> None:
    keep, other = _incident_ids(web, 2)
    edited = web.post(
        f"/api/incidents/{keep}/edit",
        "monitor",
        json={"field": "fatalities.high", "value": "9", "reason": "hospital list"},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["incident"]["fatalities"]["high"] == 9
    merged = web.post(
        f"/api/incidents/{keep}/merge",
        "secretariat",
        json={"other": other, "reason": "the same strike"},
    )
    assert merged.status_code == 200, merged.text
    gone = web.get(f"/api/incidents/{other}").json()
    assert (gone["status"], gone["merged_into"]) == ("merged", keep)
    assert other not in {i["id"] for i in web.get("/api/incidents?limit=500").json()["items"]}
    refs = web.get(f"/api/incidents/{keep}").json()["claim_refs"]
    assert len(refs) >= 2
    split = web.post(
        f"/api/incidents/{keep}/split",
        "monitor",
        json={"claims": refs[-1:], "reason": "a second act that day"},
    )
    assert split.status_code == 200, split.text
    new_id = split.json()["new"]["id"]
    history = web.get(f"/api/incidents/{keep}").json()["history"]
    assert [(s["change"], s["reason"], s["actor"]) for s in history[1:]] == [
        ("edited fatalities.high", "hospital list", "web:mon"),
        (f"merged {other} into it", "the same strike", "web:sec"),
        (f"split {new_id} off", "a second act that day", "web:mon"),
    ]
    assert services.verify_store(web.store).is_clean


def test_bad_incident_changes_name_the_field(web: Web) -> None:
    keep, other = _incident_ids(web, 2)
    before = web.log_size()
    for path, body, field in (
        ("edit", {"field": "colour", "value": "red", "reason": "r"}, "colour"),
        ("edit", {"field": "fatalities.low", "value": "many", "reason": "r"}, "fatalities.low"),
        ("edit", {"field": "admin1", "value": "Kunar", "reason": " "}, "reason"),
        ("merge", {"other": keep, "reason": "r"}, keep),
        ("split", {"claims": ["nothing:1-2"], "reason": "r"}, "claims"),
    ):
        refused = web.post(f"/api/incidents/{keep}/{path}", "monitor", json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["where"] == field
    missing = web.post(
        f"/api/incidents/{keep}/merge", "monitor", json={"other": "ffffffffff", "reason": "r"}
    )
    assert missing.status_code == 404
    assert web.log_size() == before
    assert web.get(f"/api/incidents/{other}").json()["status"] == "active"


def test_assessment_runs_again_through_the_log(web: Web) -> None:
    before = web.log_size()
    again = web.post("/api/assessments", "monitor", json={})
    assert again.status_code == 200, again.text
    outcome = again.json()
    assert (outcome["added"], outcome["updated"], outcome["withdrawn"]) == (0, 0, 0)
    assert web.log_size() == before  # nothing changed: nothing written
    some = web.get("/api/assessments").json()
    incident = some[0]["incident"]
    by_incident = web.get(f"/api/assessments?incident={incident}").json()
    assert by_incident and {a["incident"] for a in by_incident} == {incident}
    unknown = web.post("/api/assessments", "monitor", json={"agreement": "nowhere"})
    assert unknown.status_code == 404


# Complaints, cases, findings, replies


def test_a_complaint_becomes_a_case_a_finding_and_replies(web: Web) -> None:
    lodged = web.post(
        "/api/cases",
        "pakistan",
        data={
            "allegation": "Drone strike on a house in Kurram",
            "against": "afghanistan",
            "clause": "no-targeting",
            "incident": _incident_ids(web)[0][:12],
        },
        files={"file": ("statement.txt", b"A drone struck a house in Kurram on 4 November 2025.")},
    )
    assert lodged.status_code == 201, lodged.text
    case = lodged.json()
    assert (case["complainant"], case["step"], case["against"]) == (
        "pakistan",
        "received",
        "afghanistan",
    )
    evidence = web.get(f"/api/documents/{case['evidence'][0]}", "pakistan").json()
    assert evidence["kind"] == "complaint" and "Kurram" in evidence["text"]
    assert [c["id"] for c in web.get("/api/cases", "pakistan").json()] == [case["id"]]

    assert _advance(web, case["id"]).json()["step"] == "acknowledged"
    assert _advance(web, case["id"]).json()["step"] == "preliminary_check"
    made = web.post(
        "/api/findings",
        "monitor",
        json={
            "case": case["id"],
            "status": "verified",
            "rationale": "imagery and two witnesses",
            "party": "afghanistan",
        },
    )
    assert made.status_code == 201, made.text
    finding = made.json()
    assert (finding["clause"], finding["case_step"], finding["published"]) == (
        "no-targeting",
        "finding",
        False,
    )
    early = web.post(f"/api/findings/{finding['id']}/replies", "afghanistan", json={"text": "No."})
    assert early.status_code == 422  # replies come once the finding is sent to the parties
    sent = _advance(web, case["id"], "sent_to_parties").json()
    assert sent["step"] == "sent_to_parties" and sent["finding"] == finding["id"]

    denied = web.post(
        f"/api/findings/{finding['id']}/replies",
        "afghanistan",
        json={"text": "Our forces were not there.", "party": "pakistan"},
    )
    assert denied.status_code == 403  # a party replies for itself only
    for who, text in (("afghanistan", "Our forces were not there."), ("pakistan", "Noted.")):
        reply = web.post(f"/api/findings/{finding['id']}/replies", who, json={"text": text})
        assert reply.status_code == 201, reply.text
        assert reply.json()["party"] == ACCOUNTS[who].party
    shown = web.get(f"/api/findings/{finding['id']}").json()
    assert [r["party"] for r in shown["replies"]] == ["afghanistan", "pakistan"]
    assert shown["case_step"] == "responses_recorded"  # every party has replied
    verification = services.verify_store(web.store)
    assert verification.is_clean, [str(d) for d in verification.discrepancies]
    kinds = [e.kind for e in services.show_entries(web.store)]
    for kind in ("case_lodged", "case_advanced", "finding_recorded", "reply_recorded"):
        assert kind in kinds


def test_the_cli_sees_what_the_web_did(web: Web) -> None:
    """No second store of complaints: `ceasefire cases` and `findings` show the web's case."""
    case_id, finding_id = _finding(web, published=True)
    cli = Cli(web.settings)
    shown = cli("cases", "show", case_id)
    assert (
        "Mortar fire on the Chaman crossing" in shown.output and "sent_to_parties" in shown.output
    )
    assert "web:mon" in shown.output
    assert f"finding {finding_id}" in cli("findings", "show", finding_id).output


def test_party_liaison_limits(web: Web) -> None:
    case_id, finding_id = _finding(web, party="afghanistan")
    about_pakistan = _finding(web, party="pakistan")[1]
    case = web.get(f"/api/cases/{case_id}", "pakistan").json()
    evidence = case["evidence"][0]
    before = web.log_size()
    # Another party, the public and anonymous readers neither see the case nor its evidence.
    assert web.get(f"/api/cases/{case_id}", "afghanistan").status_code == 404
    assert web.get("/api/cases", "afghanistan").json() == []
    assert web.get("/api/cases", "public").status_code == 403
    assert web.get("/api/cases").status_code == 401
    for who in ("afghanistan", "public", None):
        assert web.get(f"/api/documents/{evidence}", who).status_code == 404
        listed = web.get("/api/documents?limit=500", who).json()["items"]
        assert evidence not in {d["id"] for d in listed}
    # The finding is about Afghanistan and not published: Afghanistan sees it; Pakistan, which
    # lodged the complaint, does not (nor its own case's link to it), nor does the public.
    assert web.get(f"/api/findings/{finding_id}", "afghanistan").status_code == 200
    for who in ("pakistan", "public", None):
        assert web.get(f"/api/findings/{finding_id}", who).status_code == 404
        assert finding_id not in {f["id"] for f in web.get("/api/findings", who).json()}
    assert web.get(f"/api/cases/{case_id}", "pakistan").json()["finding"] is None
    assert about_pakistan in {f["id"] for f in web.get("/api/findings", "pakistan").json()}
    assert about_pakistan not in {f["id"] for f in web.get("/api/findings", "afghanistan").json()}
    # …nor in the report each downloads.
    today = datetime.now(UTC).date().isoformat()  # the period in which the finding was made
    report_url = f"/api/reports/doha-2025?format=json&date_from={today}&date_to={today}"
    for who, sees in (("pakistan", False), ("afghanistan", True), ("public", False)):
        report = web.get(report_url, who).text
        assert (finding_id in report) is sees, who
    assert finding_id in web.get(report_url, "monitor").text
    assert web.log_size() == before
    # Published, it is everyone's.
    _advance(web, case_id, "sent_to_parties")
    for who in ("pakistan", "public", None):
        assert web.get(f"/api/findings/{finding_id}", who).json()["published"] is True


def test_bad_complaints_name_the_field_and_write_nothing(web: Web) -> None:
    before = web.log_size()
    documents = web.get("/api/documents?limit=1", "secretariat").json()["total"]
    blobs = sorted(p.name for p in web.settings.documents_dir.rglob("*") if p.is_file())
    for fields, status, where in (
        ({"clause": "no-such-clause"}, 422, "clause"),
        ({"against": "narnia"}, 422, "against"),
        ({"text": ""}, 422, "document"),
        ({"incident": "ffffffffffff"}, 404, "ffffffffffff"),
        ({"agreement": "nowhere"}, 404, "nowhere"),
    ):
        refused = _lodge(web, **fields)
        assert refused.status_code == status, refused.text
        assert refused.json()["where"] == where
    assert web.log_size() == before
    assert web.get("/api/documents?limit=1", "secretariat").json()["total"] == documents
    after = sorted(p.name for p in web.settings.documents_dir.rglob("*") if p.is_file())
    assert after == blobs  # no original left behind by a refused complaint


def test_bad_case_steps_and_findings_name_the_field(web: Web) -> None:
    case_id = _case_at_check(web)
    before = web.log_size()
    for body, where in (
        ({"to": "responses_recorded", "reason": "skip"}, "to"),
        ({"to": "finding", "reason": "no finding"}, "to"),
        ({"reason": " "}, "reason"),
    ):
        refused = web.post(f"/api/cases/{case_id}/advance", "monitor", json=body)
        assert refused.status_code == 422, refused.text
        if refused.json().get("where"):
            assert refused.json()["where"] == where
    bad = {"case": case_id, "status": "verified", "rationale": "r"}
    for body, where in (
        ({**bad, "clause": "nothing"}, "clause"),
        ({**bad, "party": "narnia"}, "party"),
        ({**bad, "grade": "excellent"}, "grade"),
    ):
        refused = web.post("/api/findings", "monitor", json=body)
        assert refused.status_code == 422 and refused.json()["where"] == where, refused.text
    assert web.post("/api/findings", "monitor", json={**bad, "status": "maybe"}).status_code == 422
    assert web.log_size() == before


@pytest.mark.parametrize(
    ("report_format", "media"), [("html", "text/html"), ("md", "text/markdown")]
)
def test_reports_download(web: Web, report_format: str, media: str) -> None:
    response = web.get(f"/api/reports/doha-2025?format={report_format}&date_to=2025-11-30")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    assert "Pakistan–Afghanistan ceasefire" in response.text
    backwards = web.get("/api/reports/doha-2025?date_from=2025-11-30&date_to=2025-11-01")
    assert backwards.status_code == 422 and backwards.json()["where"] == "date_to"


@pytest.mark.parametrize(
    ("query", "where", "problem"),
    [
        # Issue 16, high 3: 21 s and 3.27 GB (a loop over every day to 9999), and a 500.
        ("format=json&date_to=9999-12-30", "date_to", "out of range (1900-01-01 to 2100-12-31)"),
        ("format=json&date_to=9999-12-31", "date_to", "out of range"),
        ("format=md&date_from=0001-01-01", "date_from", "out of range"),
        ("date_from=1900-01-01&date_to=2100-12-31", "date_to", "at most 731"),
    ],
)
def test_a_report_request_is_bounded(web: Web, query: str, where: str, problem: str) -> None:
    response = web.get(f"/api/reports/doha-2025?{query}")
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "input" and body["where"] == where
    assert problem in body["message"]


def test_the_longest_report_follows_the_incidents_not_the_days(web: Web) -> None:
    response = web.get("/api/reports/doha-2025?format=json&date_from=2024-11-30&date_to=2026-11-30")
    assert response.status_code == 200, response.text
    report = response.json()
    days = {incident["date"] for incident in report["incidents"]}
    assert days, "the demo reports give incidents in the period"
    assert [day["date"] for day in report["timeline"]] == sorted(days)
    longer = web.get("/api/reports/doha-2025?date_from=2024-11-30&date_to=2026-12-01")
    assert longer.status_code == 422 and longer.json()["where"] == "date_to"


@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_incident_filters_refuse_days_out_of_range(web: Web, field: str) -> None:
    for path in ("/api/incidents", "/api/claims", "/api/exports/incidents"):
        response = web.get(f"{path}?{field}=9999-12-31")
        assert response.status_code == 422, (path, response.text)
        assert response.json() == {
            "error": "input",
            "message": "out of range (1900-01-01 to 2100-12-31): 9999-12-31",
            "where": field,
        }
    page = web.get(f"/?{field}=9999-12-31")
    assert page.status_code == 422 and "out of range" in page.text


def test_cookie_writes_need_the_csrf_header(web: Web) -> None:
    client = web.client
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
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
    stale = client.post(  # the token of the page before the login is not the session's
        "/api/documents", data={"text": "cookie with old csrf"}, headers={"X-CSRF-Token": token}
    )
    assert stale.status_code == 403
    token = client.get("/").text.split('name="csrf_token" value="')[1].split('"')[0]
    accepted = client.post(
        "/api/documents", data={"text": "cookie with csrf"}, headers={"X-CSRF-Token": token}
    )
    assert accepted.status_code == 201


def test_ingest_never_reads_the_session_secret_through_a_link(web: Web, tmp_path: Path) -> None:
    """Issue 16, high 2: a folder holding secret.txt -> DATA/web-secret stored the app's session
    secret as a document, and anonymous GET /api/documents/ID returned it."""
    secret = web.settings.secret_file.read_bytes()  # made by the app when it started
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "secret.txt").symlink_to(web.settings.secret_file)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "report.txt").write_text("Shelling was reported near the crossing.", "utf-8")
    before = web.get("/api/documents?limit=1").json()["total"]
    result = Cli(web.settings)("ingest", "--no-extract", str(folder))
    assert result.exit_code == 1
    refused = [line for line in result.output.splitlines() if line.startswith("refused")]
    assert len(refused) == 2, result.output
    assert any("secret.txt: inside the data folder" in line for line in refused)
    assert any("passwd.txt: a symbolic link out of the folder" in line for line in refused)
    assert "1 added, 0 already present, 0 failed, 2 refused" in result.output
    assert web.get("/api/documents?limit=1").json()["total"] == before + 1
    for leaked in (secret, Path("/etc/passwd").read_bytes()):
        response = web.get(f"/api/documents/{hashlib.sha256(leaked).hexdigest()}")
        assert response.status_code == 404, response.text


def test_intake_of_a_day_past_the_bounds_is_a_form_error(web: Web) -> None:
    """Issue 16, medium 8: web intake of a document published 9999-12-31 was a 500."""
    before = web.log_size()
    data = {"text": "Militants attacked a checkpoint yesterday.", "published": "9999-12-31"}
    response = web.post("/api/documents", "monitor", data=data)
    assert response.status_code == 422, response.text
    assert response.json()["where"] == "form: field 'published'"
    assert "out of range" in response.json()["message"]
    assert web.log_size() == before
