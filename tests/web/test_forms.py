"""The forms as a person meets them: a mistake named beside its field in plain words with what was
typed kept; a confirmation after each action; the secretariat lodging a complaint on a party's
behalf, recorded as such (in the case, its page and the log)."""

from __future__ import annotations

import json
import re

from ceasefire import services
from ceasefire.services.log import log_entries

from .conftest import Web
from .test_pages import _csrf, log_in


def test_the_secretariat_lodges_on_a_partys_behalf_recorded_as_such(web: Web) -> None:
    client = web.client
    assert log_in(client, "sec")[0] == 303
    page = client.get("/cases").text
    assert 'name="on_behalf_of"' in page
    before = web.log_size()
    lodged = client.post(
        "/cases",
        data={
            "csrf_token": _csrf(page),
            "allegation": "Shelling of a border post",
            "against": "afghanistan",
            "on_behalf_of": "pakistan",
            "text": "Pakistan's liaison office reported the shelling by telephone.",
        },
        follow_redirects=True,
    )
    assert lodged.status_code == 200 and "Complaint lodged" in lodged.text
    complainant = re.search(r'id="case-complainant">([^<]+)', lodged.text)
    assert complainant and complainant.group(1).startswith("Pakistan")
    assert "by the secretariat (sec) on behalf of Pakistan" in complainant.group(1)
    entries = log_entries(web.store, start=before + 1, limit=10)
    lodging = next(e for e in entries if e.kind == "case_lodged")
    # A case's entry is sealed: the secretariat reads its payload through the opening.
    assert "commitment" in json.loads(lodging.payload)
    opened = web.get(
        "/api/log/entries", "secretariat", params={"start": lodging.seq, "limit": 1}
    ).json()
    payload = opened[0]["opening"]["payload"]
    assert lodging.actor == "web:sec"
    assert payload["complainant"] == "pakistan"
    assert "on behalf of Pakistan" in json.dumps(payload)
    assert services.verify_store(web.store).is_clean


def test_lodging_on_behalf_is_for_the_secretariat_and_for_parties_only(web: Web) -> None:
    client = web.client
    assert log_in(client, "sec")[0] == 303
    page = client.get("/cases").text
    before = web.log_size()
    wrong = client.post(
        "/cases",
        data={
            "csrf_token": _csrf(page),
            "allegation": "Shots fired",
            "on_behalf_of": "narnia",
            "text": "A report.",
        },
    )
    assert wrong.status_code == 422
    beside = re.search(r'id="on_behalf_of-error"[^>]*>([^<]+)', wrong.text)
    assert beside and "Not a party to the agreement" in beside.group(1)
    assert 'value="Shots fired"' in wrong.text and "A report.</textarea>" in wrong.text
    assert web.log_size() == before
    # A party's liaison lodges for its own party only.
    refused = web.post(
        "/api/cases",
        "pakistan",
        data={"allegation": "x", "text": "y", "on_behalf_of": "afghanistan"},
    )
    assert refused.status_code == 403 and "on_behalf_of" in refused.text
    assert web.log_size() == before


def test_each_case_action_says_it_is_done(web: Web) -> None:
    client = web.client
    assert log_in(client, "sec")[0] == 303
    page = client.get("/cases").text
    lodged = client.post(
        "/cases",
        data={"csrf_token": _csrf(page), "allegation": "Firing", "text": "A report."},
        follow_redirects=True,
    )
    case_url = str(lodged.url).split("?")[0]
    # A move without a reason: the problem beside the reason, the step chosen kept.
    empty = client.post(
        f"{case_url}/advance", data={"csrf_token": _csrf(lodged.text), "to": "acknowledged"}
    )
    assert empty.status_code == 422
    assert re.search(r'id="reason-error"[^>]*>This cannot be left empty', empty.text)
    moved = client.post(
        f"{case_url}/advance",
        data={"csrf_token": _csrf(lodged.text), "to": "acknowledged", "reason": "received"},
        follow_redirects=True,
    )
    assert "Moved" in re.search(r'class="done"[^>]*>([^<]+)', moved.text).group(1)  # type: ignore[union-attr]
    assert re.search(r'id="case-step">acknowledged<', moved.text)
