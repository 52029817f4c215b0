"""A reviewed incident a re-extraction reads otherwise shows on the review queue, on its page and in
the incident list filtered with needs_review (page and API), on both backends; keeping the reviewed
values answers it."""

from __future__ import annotations

from ceasefire import services
from ceasefire.record.log import Author

from ..test_reprocess import angoor, retrained_reading
from .conftest import Web
from .test_pages import log_in


def test_a_disagreement_shows_on_the_review_queue_and_filters_the_list(web: Web) -> None:
    incident = angoor(web.store)
    reviewer = Author("mon")
    services.edit_incident(web.store, incident.id, "grade", "fair", reason="seen", author=reviewer)
    assert web.get("/api/incidents?needs_review=true").json()["items"] == []
    reading = retrained_reading()
    report = services.reprocess(
        web.store, author=reviewer, extractor=reading, versions=reading.versions()
    )
    assert report.flagged == 1 and report.updated >= 1

    flagged = web.get("/api/incidents?needs_review=true").json()
    assert [i["id"] for i in flagged["items"]] == [incident.id] and flagged["total"] == 1
    assert flagged["items"][0]["review_flag"] == "location"
    assert flagged["items"][0]["location"] == "Angoor Adda"  # the reviewed value stands
    everything = web.get("/api/incidents?limit=500").json()
    assert everything["total"] > 1
    listed = web.get("/incidents?needs_review=true")
    assert listed.status_code == 200 and incident.id in listed.text
    others = [i["id"] for i in everything["items"] if i["id"] != incident.id]
    assert not any(other in listed.text for other in others)
    assert "reprocessing reads other location" in listed.text

    # The public sees no review queue; a monitor sees the disagreement on it and on the page.
    assert 'id="disputed"' not in web.client.get("/review").text
    assert log_in(web.client, "mon")[0] == 303
    queue = web.client.get("/review").text
    assert f'<li data-incident="{incident.id}">' in queue
    assert '<span class="flag">location</span>' in queue and "1 reviewed incident where" in queue
    page = web.client.get(f"/incidents/{incident.id}").text
    assert 'id="review-flag"' in page and "Keep the reviewed values" in page
    # A reviewer's answer (accepting the reviewed values) takes it off the queue.
    services.edit_incident(web.store, incident.id, "reviewed", "true", reason="ok", author=reviewer)
    queue = web.client.get("/review").text
    assert f'<li data-incident="{incident.id}">' not in queue and "0 reviewed incidents" in queue
