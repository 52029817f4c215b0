"""`ceasefire withdraw-complaint-extractions` on a store written before complaints stopped being
extracted, and `ceasefire log verify` naming what such a store holds of them (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from ceasefire.config import Settings
from ceasefire.domain import DocumentKind, DocumentMeta
from ceasefire.read.files import ReadResult
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.record.tables import AggregateRow, ClaimRow, ExtractionRunRow, MentionRow
from ceasefire.services import add_document
from ceasefire.services.assessment import list_assessments
from ceasefire.services.extraction import analyse, store_analysis
from ceasefire.services.incidents import IncidentFilter, count_incidents, list_incidents
from ceasefire.services.log import hold_log

from .conftest import DEMO, REPO, Cli, opened_store

NEWS = (
    "Mortar shells fired from across the border struck a village near the Chaman crossing in "
    "Balochistan late on Monday, killing two civilians and injuring five others, local police "
    "said on Tuesday."
)
# The same act, told by a party with another figure and a word no public report has.
COMPLAINT_OF_NEWS = (
    "The liaison office complains that mortar shells fired from across the border struck a "
    "village near the Chaman crossing in Balochistan on Monday, killing three civilians in an "
    "orchard."
)


def _put(store: Store, text: str, kind: DocumentKind, published: date) -> str:
    """A document stored as today; a complaint's extraction then written by the store's own
    writer, as ingest did before the guard of services.documents.write_documents."""
    meta = DocumentMeta(
        kind=kind, published_at=published, collected_at=datetime.now(UTC), collected_by="t"
    )
    body = text.encode()
    content = ReadResult(body, text, "text/plain")
    digest, added = add_document(store, content, meta, source_name=f"{kind.value}.txt")
    assert added
    if kind is DocumentKind.COMPLAINT:
        analysis = analyse(digest, text, published)
        assert analysis.incidents
        with store.session() as session:
            hold_log(session)
            store_analysis(session, analysis, Author("an older version"))
    return digest


def _old_store(settings: Settings) -> dict[str, str]:
    with opened_store(settings) as store:
        return {
            "news": _put(store, NEWS, DocumentKind.NEWS, date(2025, 10, 28)),
            "kurram": _put(
                store,
                (DEMO / "example-03-kurram-complaint.md").read_text(encoding="utf-8"),
                DocumentKind.COMPLAINT,
                date(2025, 11, 2),
            ),
            "chaman": _put(store, COMPLAINT_OF_NEWS, DocumentKind.COMPLAINT, date(2025, 10, 28)),
        }


def _incidents(run: Cli, *args: str) -> list[dict[str, object]]:
    listed = run("incidents", "--format", "jsonl", *args)
    assert listed.exit_code == 0, listed.output
    return [json.loads(line) for line in listed.stdout.splitlines()]


def _documents(incident: dict[str, object]) -> set[str]:
    documents = incident["documents"]
    assert isinstance(documents, list)
    return set(documents)


def test_withdrawal_of_what_an_old_store_drew_from_complaints(run: Cli, settings: Settings) -> None:
    ids = _old_store(settings)
    assert run("assess", "--agreement", str(REPO / "agreements" / "doha-2025.yaml")).exit_code == 0
    before = _incidents(run)
    by_document = {d: [i for i in before if d in _documents(i)] for d in ids.values()}
    # The old store: the Kurram act is the complaint's alone; the Chaman act was matched with the
    # news report, its figures reconciled with the complaint's.
    [kurram] = by_document[ids["kurram"]]
    [chaman] = by_document[ids["chaman"]]
    assert _documents(kurram) == {ids["kurram"]}
    assert _documents(chaman) == {ids["news"], ids["chaman"]}
    assert chaman["fatalities"]["high"] == 3  # type: ignore[index]
    assert [i["id"] for i in _incidents(run, "--search", "orchard")] == [chaman["id"]]
    with opened_store(settings) as store:
        assessed = {a.incident for a in list_assessments(store)}
    assert kurram["id"] in assessed

    # `log verify` names each incident drawn from a complaint, and the complaints' extractions.
    checked = run("log", "verify")
    assert checked.exit_code == 1
    named = [line for line in checked.stdout.splitlines() if "confidential complaint" in line]
    assert sorted(named) == sorted(
        f"incident {i['id']}: drawn from a confidential complaint, which is never extracted: "
        "`ceasefire withdraw-complaint-extractions` withdraws it"
        for i in (kurram, chaman)
    )
    assert "extraction of 2 complaint(s)" in checked.stdout
    log_size = len(run("log", "show", "--json").stdout.splitlines())

    withdrawn = run("withdraw-complaint-extractions")
    assert withdrawn.exit_code == 0, withdrawn.output
    assert f"withdrawn        {kurram['id']}" in withdrawn.stdout
    assert f"claims withdrawn {chaman['id']}" in withdrawn.stdout
    assert "1 incidents withdrawn, 1 kept" in withdrawn.stdout
    assert "2 complaints' aggregates, agreements and runs deleted" in withdrawn.stdout

    after = _incidents(run)
    assert kurram["id"] not in {i["id"] for i in after}
    [kept] = [i for i in after if i["id"] == chaman["id"]]
    assert _documents(kept) == {ids["news"]}
    assert kept["fatalities"]["low"] == kept["fatalities"]["high"] == 2  # type: ignore[index]
    assert _incidents(run, "--search", "orchard") == []
    assert _incidents(run, "--search", "Kurram drone") == []
    with opened_store(settings) as store:
        # The summary (the dashboard's counts) follows, and nothing quotes a complaint any more.
        assert count_incidents(store) == len(after) == len(before) - 1
        assert count_incidents(store, IncidentFilter(admin1="Khyber")) == 0
        assert len(list_incidents(store, IncidentFilter(q="orchard"))) == 0
        assert {a.incident for a in list_assessments(store)} <= {i["id"] for i in after}
        with store.read_session() as session:
            complaints = [ids["kurram"], ids["chaman"]]
            for table in (ClaimRow, MentionRow, AggregateRow, ExtractionRunRow):
                count = select(func.count()).where(table.document_id.in_(complaints))
                assert session.scalar(count) == 0, table.__tablename__

    # Each change is logged with its reason; the record verifies again.
    entries = [json.loads(line) for line in run("log", "show", "--json").stdout.splitlines()]
    new = entries[log_size:]
    kinds = [(e["kind"], e["subject"]) for e in new]
    assert ("incident_updated", kurram["id"]) in kinds
    assert ("incident_updated", chaman["id"]) in kinds
    assert {s for k, s in kinds if k == "extraction_withdrawn"} == {ids["kurram"], ids["chaman"]}
    assert any(k == "assessment_withdrawn" for k, _ in kinds)
    gone = next(e for e in new if e["subject"] == kurram["id"])
    assert gone["payload"]["change"] == "withdrawn: drawn from a confidential complaint"
    assert gone["payload"]["state"]["status"] == "discarded"
    assert gone["payload"]["state"]["claims"] == []
    assert "never extracted" in gone["payload"]["reason"]
    verified = run("log", "verify")
    assert verified.exit_code == 0, verified.output

    again = run("withdraw-complaint-extractions")
    assert again.exit_code == 0
    assert "nothing to withdraw" in again.stdout
    assert len(run("log", "show", "--json").stdout.splitlines()) == len(entries)

    # A bundle of the remedied record verifies too (extraction_withdrawn replayed there).
    bundle = settings.data.parent / "bundle"
    assert run("export", "bundle", str(bundle)).exit_code == 0
    assert run("log", "verify", "--bundle", str(bundle)).exit_code == 0


def test_a_store_of_today_has_nothing_to_withdraw(run: Cli, settings: Settings) -> None:
    with opened_store(settings) as store:
        text = (DEMO / "example-03-kurram-complaint.md").read_text(encoding="utf-8")
        meta = DocumentMeta(kind=DocumentKind.COMPLAINT, collected_at=datetime.now(UTC))
        add_document(store, ReadResult(text.encode(), text, "text/plain"), meta, source_name="c")
    assert run("log", "verify").exit_code == 0
    outcome = run("withdraw-complaint-extractions")
    assert outcome.exit_code == 0 and "nothing to withdraw" in outcome.stdout
    assert len(run("log", "show", "--json").stdout.splitlines()) == 1
