"""The pages through the test client: login with CSRF and throttling, what each role may open, the
dashboard's filters, the incident page's marked quotes, intake, complaints and the review queue."""

from __future__ import annotations

import re

import pytest

from ceasefire.config import Settings
from ceasefire.record.store import Store

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


def test_login_logout_and_throttling(settings: Settings, seeded_store: Store) -> None:
    from .conftest import add_accounts

    add_accounts(seeded_store)
    tight = settings.model_copy(update={"login_max_failures": 2})
    with TestClient(create_app(tight, store=seeded_store)) as client:
        assert log_in(client, "mon", "wrong")[0] == 401
        assert log_in(client, "mon", "wrong")[0] == 401
        status, _ = log_in(client, "mon")
        assert status == 429
    with TestClient(create_app(settings, store=seeded_store)) as client:
        status, _ = log_in(client, "mon")
        assert status == 303
        assert client.get("/api/me").json()["role"] == "monitor"
        client.post("/logout", data={"csrf_token": _csrf(client.get("/").text)})
        assert client.get("/api/me").json()["name"] is None


@pytest.mark.parametrize(
    ("who", "allowed", "refused"),
    [
        ("secretariat", ["/", "/incidents", "/intake", "/complaints", "/review", "/log"], []),
        ("monitor", ["/", "/incidents", "/intake", "/complaints", "/review", "/log"], []),
        ("pakistan", ["/", "/incidents", "/complaints", "/log"], ["/intake", "/review"]),
        ("public", ["/", "/incidents", "/log"], ["/intake", "/review", "/complaints"]),
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
    nothing = web.client.get("/?actor=nobody-at-all").text
    assert 'id="count-incidents">0<' in nothing
    assert nothing.count("<circle") == 0 and "No incidents match" in nothing
    assert '<path d="M' in nothing  # the provinces are drawn whatever the filter


def test_incident_page_marks_each_quote(web: Web) -> None:
    incident = web.get("/api/incidents?limit=1").json()["items"][0]  # type: ignore[attr-defined]
    html = web.client.get(f"/incidents/{incident['id']}").text
    assert html.count("<mark ") == len({(c["document"], c["start"]) for c in incident["claims"]})
    assert "History from the log" in html and "created" in html


def test_intake_complaint_and_review_pages(web: Web) -> None:
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
    forged = client.post("/intake", data={"csrf_token": "x", "text": "forged"})
    assert forged.status_code == 403
    client.post("/logout", data={"csrf_token": _csrf(client.get("/").text)})

    log_in(client, "pk-liaison")
    page = client.get("/complaints").text
    lodged = client.post(
        "/complaints",
        data={
            "csrf_token": _csrf(page),
            "title": "Drone strike in Kurram",
            "text": "A drone struck a house.",
        },
    )
    assert lodged.status_code == 200 and "lodged" in lodged.text
    complaint_id = re.search(r"Complaint <code>(\w+)</code>", lodged.text).group(1)  # type: ignore[union-attr]
    client.post("/logout", data={"csrf_token": _csrf(client.get("/").text)})

    log_in(client, "mon")
    queue = client.get("/review").text
    assert f'data-complaint="{complaint_id}"' in queue
    reviewed = client.post(
        f"/review/{complaint_id}",
        data={
            "csrf_token": _csrf(queue),
            "review_state": "inconclusive",
            "note": "one source only",
        },
    )
    assert reviewed.status_code == 200
    assert web.get(f"/api/complaints/{complaint_id}", "monitor").json()["state"] == "inconclusive"  # type: ignore[attr-defined]
    verified = client.post("/log/verify", data={"csrf_token": _csrf(client.get("/log").text)})
    assert "no discrepancy" in verified.text
