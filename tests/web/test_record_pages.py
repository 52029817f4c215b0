"""Links lead to pages: a document's page (metadata, the incidents it supports, its text with their
quotes marked) and a log entry's page; the pages link to them and keep JSON under /api/."""

from __future__ import annotations

import re

from markupsafe import escape

from ceasefire import services

from .conftest import Web
from .test_pages import _csrf, log_in


def test_an_incident_links_to_its_documents_and_log_entries_as_pages(web: Web) -> None:
    incident = services.list_incidents(web.store)[0]
    page = web.client.get(f"/incidents/{incident.id}").text
    links = set(re.findall(r'href="(/[^"]+)"', page))
    assert {f"/documents/{c.document_id}" for c in incident.claims} <= links
    assert any(re.fullmatch(r"/log/\d+", link) for link in links)
    assert not [link for link in links if link.startswith("/api/") and "docs" not in link]


def test_the_document_page_marks_the_quotes_of_the_incidents_it_supports(web: Web) -> None:
    incident = services.list_incidents(web.store)[0]
    claim = incident.claims[0]
    response = web.client.get(f"/documents/{claim.document_id}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    document = services.find_document(web.store, claim.document_id)
    if document.meta.title:
        assert document.meta.title in page
    assert f'data-incident="{incident.id}"' in page and f'href="/incidents/{incident.id}"' in page
    marks = re.findall(r'<mark id="q(\d+)"[^>]*><sup>\d+</sup>([^<]*)</mark>', page)
    assert marks, "the quoted spans are marked"
    quoted = str(escape(document.text[claim.start : claim.end]))
    assert quoted in {text for _, text in marks}, "the claim's span is one of the marks"
    # Each number in the table leads to its mark in the text.
    for number in re.findall(r'href="#q(\d+)"', page):
        assert f'id="q{number}"' in page


def test_a_complaint_document_page_is_for_those_entitled_only(web: Web) -> None:
    client = web.client
    log_in(client, "pk-liaison")
    page = client.get("/cases").text
    lodged = client.post(
        "/cases",
        data={"csrf_token": _csrf(page), "allegation": "Shelling", "text": "Our evidence."},
        follow_redirects=True,
    )
    evidence = re.search(r'href="/documents/([0-9a-f]+)"', lodged.text)
    assert evidence
    own = client.get(f"/documents/{evidence.group(1)}")
    assert own.status_code == 200 and "Our evidence." in own.text
    client.post("/logout", data={"csrf_token": _csrf(own.text)})
    assert client.get(f"/documents/{evidence.group(1)}").status_code == 404
    assert web.get(f"/documents/{evidence.group(1)}", "afghanistan").status_code == 404


def test_the_log_entry_page(web: Web) -> None:
    size = web.log_size()
    log_page = web.client.get("/log").text
    assert f'href="/log/{size}"' in log_page
    [entry] = services.log_entries(web.store, start=1, limit=1)
    page = web.client.get("/log/1")
    assert page.status_code == 200
    assert entry.entry_hash in page.text and entry.kind.replace("_", " ") in page.text
    assert 'href="/api/log/proofs/inclusion?seq=1"' in page.text
    created = next(
        e for e in services.log_entries(web.store, limit=200) if e.kind == "incident_created"
    )
    shown = web.client.get(f"/log/{created.seq}").text
    assert f'href="/incidents/{created.subject}"' in shown
    assert web.client.get(f"/log/{size + 5}").status_code == 404


def test_a_toll_only_a_denial_gives_is_shown_as_the_deniers_account(web: Web) -> None:
    """The demo's Kabul statement denies the Chaman clash and gives its zero: the incident's page
    says whose figure that is; no other incident's page carries the note."""
    incidents = services.list_incidents(web.store)
    denied = [i for i in incidents if i.deniers_of_toll()]
    assert denied, "the demo's denial gives a toll of its own"
    for incident in incidents:
        page = web.client.get(f"/incidents/{incident.id}").text
        note = re.search(r'<span id="toll-denial">\(by the account of ([^,]+), who denies', page)
        if incident in denied:
            assert note and note.group(1) == " and ".join(incident.deniers_of_toll())
        else:
            assert note is None
