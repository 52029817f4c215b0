"""Each report's own reading kept beside a merged incident (resolve/readings.py), and a new report
matched against each report of a stored incident, not against their union (resolve/matching.py,
match): merges do not chain through a report that leaves a slot open, the readings are stored on
SQLite and PostgreSQL, logged in the incident's state and checked by `log verify`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from ceasefire.domain import (
    Claim,
    DatePrecision,
    Estimate,
    EventDate,
    Incident,
    Place,
    TargetCategory,
)
from ceasefire.record.store import Store
from ceasefire.resolve.matching import match
from ceasefire.resolve.merge import absorb, split_off
from ceasefire.resolve.readings import views, with_reading
from ceasefire.services import list_incidents, verify_store

from . import reports

DAY = date(2026, 1, 10)
CHAMAN = Place("Pakistan", "Balochistan", "Killa Abdullah", "Chaman", 30.92, 66.45, 1)
CIVILIANS = (TargetCategory.CIVILIANS,)
BOTH = (TargetCategory.CIVILIANS, TargetCategory.MILITANTS)
MILITANTS = (TargetCategory.MILITANTS,)


def report(body: str, targets: tuple[TargetCategory, ...], killed: int) -> tuple[bytes, Incident]:
    """A document and the incident its extraction found: mortar shelling in Chaman on one day,
    differing in who was hit."""
    data = body.encode()
    from ceasefire.domain.document import document_id

    digest = document_id(data)
    incident = Incident(
        id=f"i-{digest[:12]}",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date=EventDate(DAY, DatePrecision.DAY),
        place=CHAMAN,
        target_categories=targets,
        fatalities=Estimate(killed, killed, killed),
        claims=[Claim(digest, 0, len(body), body)],
        reported_on=DAY,
    )
    return data, incident


A = report("Mortar shells fired across the border hit homes in Chaman on Saturday, killing two "
           "civilians.", CIVILIANS, 2)  # fmt: skip
B = report("Mortar shells fired across the border hit Chaman on Saturday; two civilians and three "
           "militants were killed.", BOTH, 5)  # fmt: skip
C = report("Mortar shells fired across the border hit a militant hideout in Chaman on Saturday, "
           "killing three militants.", MILITANTS, 3)  # fmt: skip


def ingest(store: Store, data: bytes, incident: Incident) -> None:
    reports.ingest(store, data, incident, day=DAY, title="Shelling in Chaman")


def test_two_reports_that_contradict_do_not_join_through_a_third_that_leaves_it_open() -> None:
    a, b, c = (with_reading(i, i.claims[0].document_id) for _, i in (A, B, C))
    # A~B and B~C, but A (civilians hit) and C (only militants hit, no perpetrator named on
    # either side) are an attack and the operation against its authors.
    assert match(a, b) is not None and match(a, b).is_match  # type: ignore[union-attr]
    assert match(c, b) is not None and match(c, b).is_match  # type: ignore[union-attr]
    assert match(c, a) is None
    merged = absorb(a, b)
    # The union of A's and B's targets no longer opposes C: compared with it, C would join ...
    joined = match(c, merged, linkage="merged")
    assert joined is not None and joined.is_match
    # ... compared with each report, A's own reading still says no.
    assert match(c, merged) is None
    assert [v.target_categories for v in views(merged)] == [CIVILIANS, BOTH]


def test_the_store_keeps_each_reports_reading_and_does_not_chain(store: Store) -> None:
    for data, incident in (A, B, C):
        ingest(store, data, incident)
    incidents = sorted(list_incidents(store), key=lambda i: len(i.documents))
    assert [len(i.documents) for i in incidents] == [1, 2]
    alone, merged = incidents
    assert alone.documents == [C[1].claims[0].document_id]
    assert [r.document_id for r in merged.readings] == [
        A[1].claims[0].document_id,
        B[1].claims[0].document_id,
    ]
    assert [r.target_categories for r in merged.readings] == [CIVILIANS, BOTH]
    assert [r.fatalities.low for r in merged.readings] == [2, 5]
    assert all(r.place == CHAMAN and r.date.value == DAY for r in merged.readings)
    # The merged incident unites the targets; its readings keep each report's own.
    assert set(merged.target_categories) == set(BOTH)
    assert verify_store(store).discrepancies == []


def test_log_verify_names_an_altered_reading(store: Store) -> None:
    for data, incident in (A, B):
        ingest(store, data, incident)
    with store.session() as session:
        session.execute(text("UPDATE incident_readings SET actor1 = 'TTP'"))
    problems = [str(d) for d in verify_store(store).discrepancies]
    assert problems and all("readings" in p for p in problems), problems


def test_a_split_takes_the_readings_of_the_documents_it_moves() -> None:
    a, b = (with_reading(i, i.claims[0].document_id) for _, i in (A, B))
    merged = absorb(a, b)
    kept, moved = split_off(merged, {b.claims[0].ref}, "new")
    assert [r.document_id for r in kept.readings] == [a.claims[0].document_id]
    assert [r.document_id for r in moved.readings] == [b.claims[0].document_id]
