"""A reviewed incident re-extraction disagrees with shows on the review queue and in the incident
list filtered with needs_review, on both backends."""

from __future__ import annotations

from ceasefire import services
from ceasefire.record.log import Author

from ..test_reprocess import RetrainedExtractor
from .conftest import Web
from .test_pages import log_in


def test_a_disagreement_shows_on_the_review_queue_and_filters_the_list(web: Web) -> None:
    [angoor] = [i for i in services.list_incidents(web.store) if i.place.location == "Angoor Adda"]
    reviewer = Author("mon")
    services.edit_incident(web.store, angoor.id, "grade", "fair", reason="seen", author=reviewer)
    assert web.get("/api/incidents?needs_review=true").json()["items"] == []
    services.reprocess(web.store, author=reviewer, extractor=RetrainedExtractor())

    flagged = web.get("/api/incidents?needs_review=true").json()
    assert [i["id"] for i in flagged["items"]] == [angoor.id] and flagged["total"] == 1
    everything = web.get("/api/incidents?limit=500").json()
    assert everything["total"] > 1
    listed = web.get("/incidents?needs_review=true")
    assert listed.status_code == 200 and angoor.id in listed.text
    others = [i["id"] for i in everything["items"] if i["id"] != angoor.id]
    assert not any(other in listed.text for other in others)
    assert log_in(web.client, "mon")[0] == 303
    queue = web.client.get("/review").text
    assert f'href="/incidents/{angoor.id}"' in queue and ": location</li>" in queue
    # A reviewer's edit answers it: off the queue.
    services.edit_incident(web.store, angoor.id, "reviewed", "true", reason="ok", author=reviewer)
    assert f'href="/incidents/{angoor.id}"' not in web.client.get("/review").text
