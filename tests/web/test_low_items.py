"""The low-severity defects of issue 16, one test each: a hidden case, finding or document answers
exactly as a missing one; '%' and '_' in ids are characters, not wildcards; a form posted without
its CSRF token answers 403 (not 422); the Markdown report carries no raw HTML from the record; a
party cannot lodge a case against itself."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from .conftest import Web
from .test_api import _advance, _finding, _lodge
from .test_pages import log_in


def _answer(response: Any) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["error"], body["message"]


def test_a_hidden_finding_answers_as_a_missing_one(web: Web) -> None:
    case_id, finding_id = _finding(web)  # not sent to the parties: hidden from the public
    assert web.get(f"/api/findings/{finding_id}", "monitor").status_code == 200
    hidden = web.get(f"/api/findings/{finding_id}")
    missing = web.get("/api/findings/FZZZZZZZZ")
    assert _answer(hidden) == _answer(missing) == (404, "not_found", "no finding with this id")
    # A case of Pakistan's, to Afghanistan's liaison.
    hidden_case = web.get(f"/api/cases/{case_id}", "afghanistan")
    missing_case = web.get("/api/cases/CZZZZZZZZ", "afghanistan")
    assert (
        _answer(hidden_case) == _answer(missing_case) == (404, "not_found", "no case with this id")
    )
    # Its evidence, likewise.
    evidence = web.get(f"/api/cases/{case_id}", "pakistan").json()["evidence"][0]
    hidden_document = web.get(f"/api/documents/{evidence}", "afghanistan")
    missing_document = web.get("/api/documents/" + "0" * 64, "afghanistan")
    assert _answer(hidden_document) == _answer(missing_document)
    assert hidden_document.status_code == 404


@pytest.mark.parametrize("wildcard", ["%", "_", "%25", "__"])
@pytest.mark.parametrize("kind", ["findings", "cases", "incidents", "documents"])
def test_wildcards_in_ids_match_nothing(web: Web, kind: str, wildcard: str) -> None:
    _finding(web, published=True)  # so that there is a case and a finding to match
    response = web.get(f"/api/{kind}/{wildcard}", "secretariat")
    assert response.status_code == 404, response.text


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/login", {}),
        ("/logout", {}),
        ("/intake", {}),
        ("/log/verify", {}),
        ("/cases", {}),
        ("/assess", {}),
        ("/intake", {"text": "no token"}),
    ],
)
def test_a_form_without_its_csrf_token_answers_403(
    web: Web, path: str, fields: dict[str, str]
) -> None:
    assert log_in(web.client, "sec")[0] == 303
    before = web.log_size()
    response = web.client.post(path, data=fields, follow_redirects=False)
    assert response.status_code == 403, (response.status_code, response.text[:200])
    assert web.log_size() == before


def test_the_markdown_report_carries_no_raw_html(web: Web) -> None:
    case_id, finding_id = _finding(web, party="afghanistan")
    _advance(web, case_id, "sent_to_parties")
    script = "<script>alert('x')</script>"
    reply = web.post(
        f"/api/findings/{finding_id}/replies",
        "afghanistan",
        json={"text": f"{script}\n\n<b>no</b>"},
    )
    assert reply.status_code == 201, reply.text
    today = datetime.now(UTC).date().isoformat()
    report = web.get(
        "/api/reports/doha-2025", params={"format": "md", "date_from": today, "date_to": today}
    ).text
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &lt;b&gt;no&lt;/b&gt;" in report
    assert "<script" not in report and "<b>" not in report


def test_a_party_cannot_lodge_a_case_against_itself(web: Web) -> None:
    before = web.log_size()
    refused = _lodge(web, "pakistan", against="pakistan")
    assert refused.status_code == 422, refused.text
    assert refused.json()["where"] == "against"
    assert "against itself" in refused.json()["message"]
    assert web.log_size() == before
    assert _lodge(web, "pakistan", against="afghanistan").status_code == 201
