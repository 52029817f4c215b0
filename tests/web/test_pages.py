"""The pages through the test client: login with CSRF and throttling, what each role may open, the
dashboard's filters, the incident page (marked quotes, assessments, history, a reviewer's forms),
intake, and a complaint taken to a finding and replies through the forms."""

from __future__ import annotations

import re

import pytest

from ceasefire import services

from .conftest import ACCOUNTS, PASSWORD, TestClient, Web, create_app


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> tuple[int, str]:
    token = _csrf(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf_token": token, "name": name, "password": password, "next": "/review"},
        follow_redirects=False,
    )
    return response.status_code, token


def test_login_needs_the_csrf_token(web: Web) -> None:
    web.client.get("/login")
    response = web.client.post(
        "/login", data={"csrf_token": "forged", "name": "mon", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert (
        "user" not in web.client.get("/api/me").json()
        or web.client.get("/api/me").json()["name"] is None
    )


def test_login_logout_and_throttling(web: Web) -> None:
    tight = web.settings.model_copy(update={"login_max_failures": 2})
    with TestClient(create_app(tight, store=web.store)) as client:
        assert log_in(client, "mon", "wrong")[0] == 401
        assert log_in(client, "mon", "wrong")[0] == 401
        status, _ = log_in(client, "mon")
        assert status == 429
    with TestClient(create_app(web.settings, store=web.store)) as client:
        status, _ = log_in(client, "mon")
        assert status == 303
        assert client.get("/api/me").json()["role"] == "monitor"
        client.post("/logout", data={"csrf_token": _csrf(client.get("/").text)})
        assert client.get("/api/me").json()["name"] is None


EVERYONE = ["/", "/incidents", "/findings", "/reports", "/log"]


@pytest.mark.parametrize(
    ("who", "allowed", "refused"),
    [
        ("secretariat", [*EVERYONE, "/intake", "/cases", "/review"], []),
        ("monitor", [*EVERYONE, "/intake", "/cases", "/review"], []),
        ("pakistan", [*EVERYONE, "/cases"], ["/intake", "/review"]),
        ("public", EVERYONE, ["/intake", "/review", "/cases"]),
    ],
)
def test_pages_by_role(web: Web, who: str, allowed: list[str], refused: list[str]) -> None:
    assert log_in(web.client, ACCOUNTS[who].name)[0] == 303
    for path in allowed:
        assert web.client.get(path).status_code == 200, path
    for path in refused:
        assert web.client.get(path).status_code == 403, path


def test_anonymous_is_sent_to_login(web: Web) -> None:
    response = web.client.get("/review", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/review"
    assert web.client.get("/").status_code == 200


def test_dashboard_filters_change_counters_chart_and_map(web: Web) -> None:
    every = web.client.get("/").text
    circles = every.count("<circle")
    bars = every.count('fill="#1f5f8b"><title>')
    assert circles >= 1 and bars >= 1
    total = int(re.search(r'id="count-incidents">(\d+)<', every).group(1))  # type: ignore[union-attr]
    api_total = web.get("/api/incidents?date_from=2025-10-19").json()["total"]  # type: ignore[attr-defined]
    assert total == api_total
    # The map without scripts: a circle per province with incidents, its count the list's for
    # that province (and the provinces' circles add up to the counter, save the unplaced).
    circles = dict(
        re.findall(r'<circle [^>]*data-province="([^"]+)" data-incidents="(\d+)"', every)
    )
    assert circles
    for name, count in circles.items():
        listed = web.get(f"/api/incidents?date_from=2025-10-19&admin1={name}").json()  # type: ignore[attr-defined]
        assert int(count) == listed["total"], name
    unplaced = re.search(r'class="unplaced">(\d+) incident', every)
    assert sum(map(int, circles.values())) + int(unplaced.group(1) if unplaced else 0) == total
    nothing = web.client.get("/?actor=nobody-at-all").text
    assert 'id="count-incidents">0<' in nothing
    assert nothing.count("<circle") == 0 and "No incidents match" in nothing
    assert '<path d="M' in nothing  # the provinces are drawn whatever the filter


def test_incident_page_marks_quotes_and_shows_assessments_and_history(web: Web) -> None:
    assessment = web.get("/api/assessments").json()[0]
    incident = web.get(f"/api/incidents/{assessment['incident']}").json()["incident"]
    html = web.client.get(f"/incidents/{incident['id']}").text
    assert html.count("<mark ") == len({(c["document"], c["start"]) for c in incident["claims"]})
    assert f'data-assessment="{assessment["id"]}"' in html
    assert "History from the log" in html and '<td data-label="What changed">created</td>' in html
    assert 'id="edit"' not in html  # the public does not edit


def test_a_monitor_edits_an_incident_through_its_page(web: Web) -> None:
    client = web.client
    incident_id = web.get("/api/incidents?limit=1").json()["items"][0]["id"]
    log_in(client, "mon")
    page = client.get(f"/incidents/{incident_id}").text
    assert page.count('id="edit"') == 1 and page.count('id="merge"') == 1
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)  # type: ignore[union-attr]
    assert title == f"Incident {incident_id[:12]} · Ceasefire Monitor"
    before = web.log_size()
    wrong = client.post(
        f"/incidents/{incident_id}/edit",
        data={"csrf_token": _csrf(page), "field": "grade", "value": "stellar", "reason": "r"},
    )
    assert wrong.status_code == 422 and "Grade is one of" in wrong.text
    # The problem beside the field, in words, and what was typed kept.
    beside = re.search(r'<span class="field-error" id="edit.value-error"[^>]*>([^<]+)', wrong.text)
    assert beside and "Grade is one of" in beside.group(1)
    assert 'value="stellar" aria-invalid="true"' in wrong.text
    assert re.search(r'<option value="grade" selected>', wrong.text)
    assert web.log_size() == before
    edited = client.post(
        f"/incidents/{incident_id}/edit",
        data={
            "csrf_token": _csrf(page),
            "field": "grade",
            "value": "fair",
            "reason": "two sources",
        },
    )
    assert edited.status_code == 200 and 'id="grade">fair' in edited.text
    assert "edited grade" in edited.text and "two sources" in edited.text
    forged = client.post(
        f"/incidents/{incident_id}/edit",
        data={"csrf_token": "forged", "field": "grade", "value": "weak", "reason": "r"},
    )
    assert forged.status_code == 403
    assert web.log_size() == before + 1


@pytest.mark.parametrize("who", ["pakistan", "public"])
def test_others_may_not_edit_an_incident(web: Web, who: str) -> None:
    client = web.client
    incident_id = web.get("/api/incidents?limit=1").json()["items"][0]["id"]
    log_in(client, ACCOUNTS[who].name)
    token = _csrf(client.get("/").text)
    before = web.log_size()
    refused = client.post(
        f"/incidents/{incident_id}/edit",
        data={"csrf_token": token, "field": "grade", "value": "fair", "reason": "mine"},
    )
    assert refused.status_code == 403
    assert web.log_size() == before


def test_intake_page(web: Web) -> None:
    client = web.client
    log_in(client, "mon")
    added = client.post(
        "/intake",
        data={
            "csrf_token": _csrf(client.get("/intake").text),
            "text": "Monitors saw no firing.",
            "kind": "monitor_report",
        },
    )
    assert added.status_code == 200 and "Added" in added.text
    bad = client.post(
        "/intake",
        data={"csrf_token": _csrf(client.get("/intake").text), "text": "x", "published": "soon"},
    )
    assert bad.status_code == 422 and 'id="published-error"' in bad.text
    assert 'name="published" type="date" value="soon"' in bad.text
    forged = client.post("/intake", data={"csrf_token": "x", "text": "forged"})
    assert forged.status_code == 403


def _log_out(client: TestClient) -> None:
    client.post("/logout", data={"csrf_token": _csrf(client.get("/").text)})


def test_complaint_to_finding_and_replies_through_the_forms(web: Web) -> None:
    client = web.client
    log_in(client, "pk-liaison")
    page = client.get("/cases").text
    assert 'id="lodge"' in page
    missing = client.post("/cases", data={"csrf_token": _csrf(page), "allegation": "Shelling"})
    assert missing.status_code == 422 and "Paste the text or choose a file" in missing.text
    assert 'id="text-error"' in missing.text and 'value="Shelling"' in missing.text
    lodged = client.post(
        "/cases",
        data={
            "csrf_token": _csrf(page),
            "allegation": "Drone strike in Kurram",
            "against": "afghanistan",
            "clause": "no-targeting",
        },
        files={"file": ("statement.txt", b"A drone struck a house in Kurram.")},
    )
    assert lodged.status_code == 200 and "Complaint lodged" in lodged.text
    case_id = re.search(r'id="case-id">(C\d+)<', lodged.text).group(1)  # type: ignore[union-attr]
    assert 'id="advance"' not in lodged.text  # a party does not move its case
    _log_out(client)

    log_in(client, "mon")
    assert f'data-case="{case_id}"' in client.get("/review").text
    for step in ("acknowledged", "preliminary_check"):
        page = client.get(f"/cases/{case_id}").text
        moved = client.post(
            f"/cases/{case_id}/advance",
            data={"csrf_token": _csrf(page), "to": step, "reason": f"{step} by the monitor"},
        )
        assert f'id="case-step">{step}<' in moved.text
    page = client.get(f"/cases/{case_id}").text
    found = client.post(
        f"/cases/{case_id}/finding",
        data={
            "csrf_token": _csrf(page),
            "status": "verified",
            "clause": "no-targeting",
            "party": "afghanistan",
            "grade": "fair",
            "rationale": "imagery and witnesses",
        },
    )
    assert found.status_code == 200 and 'id="finding-status">verified<' in found.text
    finding_id = re.search(r"<title>Finding (F\d+)", found.text).group(1)  # type: ignore[union-attr]
    page = client.get(f"/cases/{case_id}").text
    client.post(
        f"/cases/{case_id}/advance",
        data={"csrf_token": _csrf(page), "to": "sent_to_parties", "reason": "sent"},
    )
    _log_out(client)

    log_in(client, "af-liaison")
    page = client.get(f"/findings/{finding_id}").text
    assert 'id="reply"' in page
    replied = client.post(
        f"/findings/{finding_id}/replies",
        data={"csrf_token": _csrf(page), "text": "Our forces were not in Kurram."},
    )
    assert replied.status_code == 200 and "Our forces were not in Kurram." in replied.text
    assert 'data-party="afghanistan"' in replied.text
    _log_out(client)
    public = client.get("/findings").text
    assert f'data-finding="{finding_id}"' in public
    assert services.verify_store(web.store).is_clean


def test_reports_page_links_each_format(web: Web) -> None:
    page = web.client.get("/reports").text
    assert 'action="/api/reports/doha-2025"' in page
    for report_format in ("html", "md", "json"):
        assert f'value="{report_format}"' in page
    download = web.client.get("/api/reports/doha-2025?format=html&date_from=2025-10-19&date_to=")
    assert download.status_code == 200 and "<svg" in download.text


def test_log_page_and_verification(web: Web) -> None:
    client = web.client
    log_in(client, "mon")
    verified = client.post("/log/verify", data={"csrf_token": _csrf(client.get("/log").text)})
    assert "no discrepancy" in verified.text
