"""Search and filters on the demo record, on both backends: the keyword search (FTS5 / PostgreSQL
full-text, through its index), the choices of the filters, case-insensitive matching, a reversed
range refused in words, and one count for one filter across the dashboard, the list, the CSV
export and the report."""

from __future__ import annotations

import csv
import io
import json
import re

from sqlalchemy import text

from ceasefire.record.incidents import IncidentFilter
from ceasefire.services.assessment import load_agreements, run_assessment
from ceasefire.services.incidents import count_incidents

from .conftest import ADMIN, AGREEMENTS, Web


def _total(web: Web, **params: str) -> int:
    response = web.get("/api/incidents", params=params)
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


def _undated(web: Web) -> None:
    """A report of our own with no day in it and no publication date: an undated incident whose
    death toll is unknown (only the wounded are counted)."""
    text_ = (
        "Militants fired on a police checkpost near Zhob, wounding two constables, officials said."
    )
    added = web.post("/api/documents", "monitor", data={"text": text_})
    assert added.status_code == 201, added.text
    assert any(not i["event_date"] for i in web.get("/api/incidents").json()["items"])


def test_search_finds_incidents_by_their_fields_and_documents(web: Web) -> None:
    everything = _total(web)
    chaman = web.get("/api/incidents", params={"q": "chaman"}).json()
    # The two acts at Chaman, in two incidents: the shelling at the crossing, and the clash told
    # twice, by the report (which places it at Chaman by the spot its sentence before names) and
    # by the ministry's denial, placed at Chaman: both at one place, the two accounts merge.
    assert chaman["total"] == 2
    assert {i["admin1"] for i in chaman["items"]} == {"Balochistan"}
    assert all(i["admin2"] == "Chaman" for i in chaman["items"])
    assert sorted(len(i["documents"]) for i in chaman["items"]) == [1, 2]
    # A word of a document's text only (no incident field holds it) still finds its incidents.
    wounded = _total(web, q="wounded")
    assert 0 < wounded < everything
    # Every word is required, and stems match ("attacks" finds "attack" and "attacked").
    assert _total(web, q="policemen attacks") == 2
    assert _total(web, q="policemen Chaman") == 0
    # The demo's complaint is confidential evidence, never extracted: its words find nothing.
    assert _total(web, q="drone") == 0
    assert _total(web, q="zzzunheardof") == 0


def test_search_uses_its_index(web: Web) -> None:
    with web.store.read_session() as session:
        dialect = session.get_bind().dialect.name
        if dialect == "sqlite":
            plan = " ".join(
                str(row[-1])
                for row in session.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT rowid FROM incidents_fts "
                        "WHERE incidents_fts MATCH :q"
                    ),
                    {"q": '"chaman"'},
                )
            )
            assert "VIRTUAL TABLE INDEX" in plan
        else:
            session.execute(text("SET LOCAL enable_seqscan = off"))
            from ceasefire.record.search import DOCUMENT_COLUMNS

            vector = " || ' ' || ".join(
                f"left(coalesce({c}, ''), 200000)" if c == "text" else f"coalesce({c}, '')"
                for c in DOCUMENT_COLUMNS
            )
            plan = " ".join(
                row[0]
                for row in session.execute(
                    text(
                        "EXPLAIN SELECT id FROM documents WHERE to_tsvector('english', "
                        f"{vector}) @@ websearch_to_tsquery('english', 'killed')"
                    )
                )
            )
            assert "ix_documents_search" in plan
    # The repository's own query gives what the index gives.
    assert count_incidents(web.store, IncidentFilter(q="Chaman")) == 2


def test_facets_offer_what_the_record_holds(web: Web) -> None:
    facets = web.get("/api/incidents/facets").json()
    provinces = {f["value"]: f["incidents"] for f in facets["provinces"]}
    # The monitors' field report's act: two Afghan border guards wounded at Spin Boldak (Kandahar).
    # Balochistan's two: the shelling at Chaman and the clash, its two accounts merged.
    assert provinces == {"Balochistan": 2, "Khyber Pakhtunkhwa": 3, "Kandahar": 1}
    assert {"Chaman", "Lakki Marwat", "Bannu"} <= {f["value"] for f in facets["districts"]}
    assert "TTP" in {f["value"] for f in facets["actors"]}


def test_filters_match_any_case_anywhere(web: Web) -> None:
    assert _total(web, admin1="khyber") == 3
    assert _total(web, admin1="KHYBER PAKHTUNKHWA") == 3
    assert _total(web, admin2="waziristan") == 1
    assert _total(web, event_type="shelling") == 2
    assert _total(web, admin1="100%_") == 0  # LIKE's wildcards are taken literally


def test_reversed_range_is_refused_in_words(web: Web) -> None:
    response = web.get(
        "/api/incidents", params={"date_from": "2025-11-10", "date_to": "2025-11-01"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "input" and body["where"] == "date_to"
    assert "2025-11-01" in body["message"] and "before it starts" in body["message"]
    export = web.get(
        "/api/exports/incidents",
        params={"format": "acled-csv", "date_from": "2025-11-10", "date_to": "2025-11-01"},
    )
    assert export.status_code == 422
    page = web.client.get("/incidents", params={"date_from": "2025-11-10", "date_to": "2025-11-01"})
    assert page.status_code == 422
    beside = re.search(r'id="date_to-error"[^>]*>([^<]+)<', page.text)
    assert beside and "before it starts" in beside.group(1)
    assert web.get("/api/incidents", params={"q": "!!!"}).status_code == 422


def _list_count(web: Web, query: dict[str, str]) -> int:
    found = re.search(r"<p>(\d+) incidents;", web.client.get("/incidents", params=query).text)
    assert found
    return int(found.group(1))


def _dashboard(web: Web, query: dict[str, str]) -> tuple[int, int, str]:
    page = web.client.get("/", params=query).text
    counter = re.search(r'id="count-incidents">(\d+)<', page)
    every = re.search(r'<a href="/incidents\?([^"]*)">All (\d+) matching incidents', page)
    assert counter and every
    return int(counter.group(1)), int(every.group(2)), every.group(1).replace("&amp;", "&")


def _csv_rows(web: Web, query: dict[str, str]) -> list[dict[str, str]]:
    response = web.get("/api/exports/incidents", params={"format": "acled-csv", **query})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.text)))


def test_one_count_for_one_filter_everywhere(web: Web) -> None:
    query = {
        "date_from": "2025-10-19",
        "date_to": "2025-11-30",
        "admin1": "khyber",
        "include_historical": "false",
    }
    listed = _list_count(web, query)
    counter, linked, _ = _dashboard(web, query)
    rows = _csv_rows(web, query)
    report = web.get("/api/reports/doha-2025", "secretariat", params={"format": "json", **query})
    assert report.status_code == 200, report.text
    reported = json.loads(report.text)["summary"]["incidents"]
    assert listed == counter == linked == len(rows) == reported == 3


def test_dashboard_links_keep_its_own_from_day(web: Web) -> None:
    _undated(web)
    counter, linked, link_query = _dashboard(web, {})
    # The dashboard counts from the ceasefire; its "All N" link opens that many, dated ones only.
    assert "date_from=2025-10-19" in link_query
    opened = web.client.get("/incidents?" + link_query).text
    found = re.search(r"<p>(\d+) incidents;", opened)
    assert found and int(found.group(1)) == counter == linked
    assert _total(web) == counter + 1  # the undated incident is in no dated view


def test_unknown_fatalities_export_empty_not_zero(web: Web) -> None:
    _undated(web)
    rows = _csv_rows(web, {})
    undated = [r for r in rows if not r["event_date"]]
    assert undated and all(r["fatalities"] == "" for r in undated)
    ucdp = web.get("/api/exports/incidents", params={"format": "ucdp-csv"}).text
    unknown = [r for r in csv.DictReader(io.StringIO(ucdp)) if r["low"] == "" and r["high"] == ""]
    assert unknown and all(r["best"] == "" and r["deaths_unknown"] == "" for r in unknown)


def test_merge_reassesses_without_assess(web: Web) -> None:
    """Merging an act that has possible violations into another changes them at once: the absorbed
    incident's assessments are withdrawn in the same transaction."""
    items = web.get("/api/incidents", params={"admin1": "Balochistan"}).json()["items"]
    chaman = web.get("/api/incidents", params={"admin2": "Chaman"}).json()["items"]
    query = {"agreement": "doha-2025", "limit": "500"}
    on = {a["incident"] for a in web.get("/api/assessments", "secretariat", params=query).json()}
    # Two acts at Chaman that have possible violations are merged into one.
    at_chaman = {i["id"] for i in chaman}
    flagged = [i for i in items if i["id"] in on]
    assert len(flagged) >= 2 and {i["id"] for i in flagged} <= at_chaman
    keep, other = flagged[0], flagged[1]
    response = web.post(
        f"/api/incidents/{keep['id']}/merge",
        "monitor",
        json={"other": other["id"], "reason": "same shelling, two reports"},
    )
    assert response.status_code == 200, response.text
    now = {a["incident"] for a in web.get("/api/assessments", "secretariat", params=query).json()}
    assert other["id"] in on and other["id"] not in now
    # `assess` afterwards finds nothing left to change: the merge re-assessed already.
    again = run_assessment(web.store, load_agreements(AGREEMENTS)[0], ADMIN)
    assert (again.added, again.updated, again.withdrawn) == (0, 0, 0)


def test_intake_assesses_what_it_finds(web: Web) -> None:
    """A document taken in through the API comes with the possible violations of the incidents
    extracted from it, without `assess`."""
    before = {i["id"] for i in web.get("/api/incidents", params={"limit": "500"}).json()["items"]}
    text_ = (
        "Islamabad, 21 November 2025. Afghan Taliban forces fired mortar shells at a village in "
        "Kurram district on Thursday, killing three civilians, Pakistan's foreign ministry said."
    )
    added = web.post("/api/documents", "monitor", data={"text": text_, "published": "2025-11-21"})
    assert added.status_code == 201, added.text
    after = web.get("/api/incidents", params={"limit": "500"}).json()["items"]
    new = [i["id"] for i in after if i["id"] not in before]
    assert new, "the document gave no new incident"
    assessed = {
        a["incident"]
        for a in web.get(
            "/api/assessments", "secretariat", params={"agreement": "doha-2025", "limit": "500"}
        ).json()
    }
    assert set(new) & assessed
    again = run_assessment(web.store, load_agreements(AGREEMENTS)[0], ADMIN)
    assert (again.added, again.updated, again.withdrawn) == (0, 0, 0)


def test_undated_incident_is_shown_as_undated_and_only_in_undated_views(web: Web) -> None:
    _undated(web)
    listed = web.client.get("/incidents").text
    assert re.search(r'<a href="/incidents/[0-9a-f]+">undated</a>', listed)
    dated = web.client.get("/incidents", params={"date_from": "2025-10-19"}).text
    assert ">undated</a>" not in dated
    undated = [i for i in web.get("/api/incidents").json()["items"] if not i["event_date"]]
    assert len(undated) == 1
    assert undated[0]["id"] not in web.client.get("/").text
