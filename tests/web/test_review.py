"""The review queue of incidents through the pages: machine incidents most consequential first,
with grade and reviewed columns and filters; accept, discard and a one-click merge of a likely
duplicate, each one action logged with its reason; a denial merged in makes the act contested."""

from __future__ import annotations

import re

from ceasefire import services
from ceasefire.resolve import matching
from ceasefire.services.incidents import IncidentFilter, list_incidents
from ceasefire.services.log import log_entries

from .conftest import Web
from .test_pages import _csrf, log_in


def _queue_rows(html: str) -> list[tuple[str, int]]:
    """(incident id, possible breaches) of each row of the queue, in order."""
    rows = re.findall(
        r'<tr data-incident="([0-9a-f]+)">.*?class="breaches">(\d+)', html, flags=re.S
    )
    return [(incident, int(breaches)) for incident, breaches in rows]


def _reviewer(web: Web) -> str:
    assert log_in(web.client, "mon")[0] == 303
    return _csrf(web.client.get("/review").text)


def _verifies(web: Web) -> bool:
    result = services.verify_store(web.store)
    assert result.is_clean, result.discrepancies
    return True


def _last_entry(web: Web) -> dict[str, object]:
    size = web.log_size()
    [entry] = log_entries(web.store, start=size, limit=1)
    return {"kind": entry.kind, "subject": entry.subject, "payload": entry.payload}


def test_the_queue_lists_unreviewed_incidents_most_consequential_first(web: Web) -> None:
    _reviewer(web)
    html = web.client.get("/review").text
    rows = _queue_rows(html)
    unreviewed = list_incidents(web.store, IncidentFilter(reviewed=False))
    assert {i for i, _ in rows} == {i.id for i in unreviewed}
    breaches = [b for _, b in rows]
    assert breaches == sorted(breaches, reverse=True) and breaches[0] > 0
    # The filter of the queue: none reviewed yet, so "reviewed" lists nothing.
    assert _queue_rows(web.client.get("/review?reviewed=true").text) == []
    contested = _queue_rows(web.client.get("/review?grade=contested").text)
    assert contested and all(
        i.grade == "contested" for i in unreviewed if i.id in {c for c, _ in contested}
    )
    # Parties and the public have no queue.
    assert web.get("/review", "public").status_code == 403


def test_accept_from_the_queue_is_one_logged_action(web: Web) -> None:
    token = _reviewer(web)
    first = _queue_rows(web.client.get("/review").text)[0][0]
    before = web.log_size()
    done = web.client.post(
        f"/incidents/{first}/accept",
        data={"csrf_token": token, "back": "review"},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Accepted" in done.text
    assert first not in {i for i, _ in _queue_rows(done.text)}
    assert web.log_size() == before + 1
    entry = _last_entry(web)
    assert entry["subject"] == first and "accepted as extracted" in str(entry["payload"])
    assert services.find_incident(web.store, first).is_reviewed
    # The incident list shows it reviewed, and filters on it.
    listed = web.client.get("/incidents?reviewed=true").text
    assert f"/incidents/{first}" in listed and "not yet" not in listed.split("<tbody>")[1]


def test_discard_needs_a_reason_and_keeps_the_incident_on_record(web: Web) -> None:
    token = _reviewer(web)
    target = _queue_rows(web.client.get("/review").text)[-1][0]
    before = web.log_size()
    refused = web.client.post(f"/incidents/{target}/discard", data={"csrf_token": token})
    assert refused.status_code == 422
    assert re.search(
        r'id="discard.reason-error"[^>]*>Say why the incident is discarded', refused.text
    )
    assert web.log_size() == before
    done = web.client.post(
        f"/incidents/{target}/discard",
        data={"csrf_token": token, "reason": "a statement of policy, no act"},
        follow_redirects=True,
    )
    assert "Discarded" in done.text and "discarded" in done.text
    assert web.log_size() == before + 1
    assert target not in web.client.get("/incidents").text
    assert services.find_incident(web.store, target).status == "discarded"
    assert _verifies(web)


def test_a_likely_duplicate_merges_in_one_click_and_a_denial_contests_the_act(web: Web) -> None:
    token = _reviewer(web)
    incidents = list_incidents(web.store)
    denied = next(i for i in incidents if any(c.stance.value == "denies" for c in i.claims))
    act = next(
        i
        for i in incidents
        if i.id != denied.id
        and i.place.location
        and denied.place.location
        and denied.place.location.split()[0] in i.place.location
        and i.date.value == denied.date.value
        and all(c.stance.value != "denies" for c in i.claims)
    )
    page = web.client.get(f"/incidents/{act.id}").text
    row = re.search(rf'<tr data-duplicate="{denied.id}">.*?</tr>', page, flags=re.S)
    assert row, "the denial is listed as a likely duplicate"
    # Shelling against a clash: the page shows what the store's matcher says of the pair (a veto is
    # "ruled out"), for a person to judge.
    judged = matching.score(act, denied)
    shown = "ruled out" if judged is None else f"{judged.total:.2f}"
    assert re.search(rf'class="score">{re.escape(shown)}', row.group(0))
    form = re.search(r'name="reason" value="([^"]+)"', row.group(0))
    assert form
    before = web.log_size()
    done = web.client.post(
        f"/incidents/{act.id}/merge",
        data={"csrf_token": token, "other": denied.id, "reason": form.group(1)},
        follow_redirects=True,
    )
    assert "Merged" in done.text
    # The merge's two incident entries, and the assessment following it in the same transaction.
    kinds = [e.kind for e in log_entries(web.store, start=before + 1, limit=100)]
    assert kinds.count("incident_updated") == 2
    assert set(kinds) <= {"incident_updated", "assessment_recorded", "assessment_withdrawn"}
    merged = services.find_incident(web.store, act.id)
    assert merged.grade == "contested"
    assert {c.stance.value for c in merged.claims} >= {"denies"}
    assert re.search(r'id="grade">contested', done.text)
    assert "stance-denies" in done.text
    assert _verifies(web)
