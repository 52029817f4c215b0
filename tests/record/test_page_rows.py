"""The list's lean read (``IncidentRepository.page_rows`` written by ``report.records.page_record``)
gives, for every incident, the record that ``incident_record`` writes from the incident loaded
whole — over a mixed set: claims with and without figures, hedged and denying ones, mentions citing
documents no claim quotes, victims by category, undated and unplaced incidents, a review flag, a
merged incident, non-ASCII names — and the service's pages (``record_page``) walk the list as
``incident_page`` does, with the same totals, cursors and JSON bytes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import orjson

from ceasefire.domain import (
    Claim,
    DatePrecision,
    Estimate,
    EventDate,
    Incident,
    Mention,
    Place,
    Quantity,
    Stance,
    TargetCategory,
    Victims,
)
from ceasefire.record.incidents import Cursor, IncidentFilter, IncidentRepository
from ceasefire.record.store import Store
from ceasefire.record.tables import DocumentRow
from ceasefire.report.records import incident_record, page_record
from ceasefire.services.incidents import incident_page, record_page

DOCUMENTS = [f"{n:064x}" for n in range(1, 5)]


def _document(document_id: str) -> DocumentRow:
    return DocumentRow(
        id=document_id,
        kind="news",
        collected_at=datetime(2025, 11, 1, tzinfo=UTC),
        media_type="text/plain",
        size=10,
        word_count=2,
        text="two words",
    )


def _incidents() -> list[Incident]:
    made = []
    for number in range(23):
        day = None if number % 7 == 3 else date(2025, 10, 20 + number % 5)
        claims = [
            Claim(
                document_id=DOCUMENTS[(number + k) % 3],
                start=10 * k,
                end=10 * k + 9,
                quote=f"Quote {k} of №{number}: «{k + number} killed»",
                source=None if k == 1 else "Ministry of Defence",
                source_kind="official" if k == 0 else None,
                stance=[Stance.ASSERTS, Stance.ALLEGES, Stance.DENIES][k % 3],
                hedged=k == 1,
                fatalities=Quantity(k, k + 2) if k != 1 else None,
                injuries=Quantity(None, 4) if k == 2 else None,
            )
            for k in range(number % 4)
        ]
        mentions = [
            Mention(
                document_id=DOCUMENTS[3] if number % 2 else DOCUMENTS[number % 3],
                start=0,
                end=5,
                trigger="shelling",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                place=Place(country="Pakistan", admin1="Khyber Pakhtunkhwa"),
            )
            for _ in range(number % 3)
        ]
        made.append(
            Incident(
                id=f"{number:02d}" + "c" * 30,
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike" if number % 2 else "Armed clash",
                date=EventDate(day, DatePrecision.DAY if day else DatePrecision.UNKNOWN),
                place=Place()
                if number % 6 == 5
                else Place(
                    country="Afghanistan" if number % 2 else "Pakistan",
                    admin1="Paktīkā" if number % 2 else "Khyber Pakhtunkhwa",
                    admin2="Barmal" if number % 3 else None,
                    location="Margha — east",
                    latitude=32.7 + number / 100,
                    longitude=69.1,
                    geo_precision=2,
                ),
                actor1="Military Forces of Pakistan" if number % 4 else None,
                actor2="Civilians (Afghanistan)" if number % 5 else None,
                target_categories=(TargetCategory.CIVILIANS,) if number % 2 else (),
                fatalities=Estimate(number % 3, number % 4, number % 5 + 2),
                injuries=Estimate() if number % 4 == 0 else Estimate(1, None, 3),
                victims=Victims(killed={TargetCategory.CIVILIANS: 2, TargetCategory.MILITANTS: 1})
                if number % 3 == 0
                else Victims(),
                claims=claims,
                mentions=mentions,
                is_historical=number % 8 == 0,
                grade="B2" if number % 5 == 0 else None,
                is_reviewed=number % 2 == 0,
                review_flag="date, location" if number == 4 else None,
                status="merged" if number == 9 else "active",
                merged_into=f"{10:02d}" + "c" * 30 if number == 9 else None,
            )
        )
    return made


def _seeded(store: Store) -> list[Incident]:
    made = _incidents()
    with store.session() as session:
        session.add_all([_document(d) for d in DOCUMENTS])
        session.flush()
        IncidentRepository(session).add_many(made)
    return made


def test_page_rows_give_the_records_of_the_incidents_loaded_whole(store: Store) -> None:
    made = _seeded(store)
    ids = [i.id for i in made]
    with store.read_session() as session:
        repository = IncidentRepository(session)
        whole = repository.get_many(ids)
        rows = repository.page_rows(list(reversed(ids)))
    assert [row.id for row in rows.incidents] == list(reversed(ids))  # the order asked for
    for row in rows.incidents:
        lean = page_record(row, rows.claims[row.id], rows.mentioned[row.id])
        expected = incident_record(whole[row.id])
        assert lean == expected
        # Key order too: the JSON bytes are the same.
        assert orjson.dumps(lean) == orjson.dumps(expected)
        assert list(lean) == list(expected)
    # The set is mixed: it exercises what could differ.
    records = [incident_record(whole[i]) for i in ids]
    assert any(r["event_date"] is None for r in records)
    assert any(r["country"] is None for r in records)
    assert any(r["victims"]["killed"]["militants"] == 1 for r in records)
    assert any(len(r["documents"]) > len({c["document"] for c in r["claims"]}) for r in records)
    assert any(
        c["fatalities"] is None and c["injuries"] is None for r in records for c in r["claims"]
    )
    assert any(r["review_flag"] for r in records)


def test_page_rows_of_no_ids_and_unknown_ids(store: Store) -> None:
    _seeded(store)
    with store.read_session() as session:
        repository = IncidentRepository(session)
        assert repository.page_rows([]).incidents == []
        assert [r.id for r in repository.page_rows(["ff" * 16, "01" + "c" * 30]).incidents] == [
            "01" + "c" * 30
        ]


def _old_body(page: object) -> bytes:
    """The body FastAPI wrote for /api/incidents before the lean path (IncidentPageOut)."""
    from ceasefire.web.api.schemas import IncidentPageOut

    assert hasattr(page, "items")
    return (
        IncidentPageOut(
            total=page.total,  # type: ignore[attr-defined]
            offset=page.offset,  # type: ignore[attr-defined]
            limit=page.limit,  # type: ignore[attr-defined]
            items=[incident_record(i) for i in page.items],
            next=str(page.next) if page.next else None,  # type: ignore[attr-defined]
        )
        .model_dump_json()
        .encode()
    )


def _new_body(page: object) -> bytes:
    return orjson.dumps(
        {
            "total": page.total,  # type: ignore[attr-defined]
            "offset": page.offset,  # type: ignore[attr-defined]
            "limit": page.limit,  # type: ignore[attr-defined]
            "items": page.items,  # type: ignore[attr-defined]
            "next": str(page.next) if page.next else None,  # type: ignore[attr-defined]
        }
    )


def test_record_pages_walk_as_incident_pages(store: Store) -> None:
    _seeded(store)
    filters = [
        IncidentFilter(),
        IncidentFilter(country="pakistan"),
        IncidentFilter(actor="pakistan", reviewed=True),
        IncidentFilter(date_from=date(2025, 10, 21), admin1="paktīkā"),
        IncidentFilter(include_historical=False, grade="B2"),
        # A search is counted in another form than a page reads it (record/search.py): the
        # count is the number of incidents the walk gives.
        IncidentFilter(q="margha east"),
        IncidentFilter(q="armed clash"),
    ]
    for where in filters:
        after: Cursor | None = None
        walked = 0
        while True:
            old = incident_page(store, where, limit=4, after=after)
            new = record_page(store, where, limit=4, after=after)
            assert _new_body(new) == _old_body(old)
            assert new.next == old.next and new.total == old.total
            walked += len(new.items)
            if new.next is None:
                break
            after = new.next
        assert walked == new.total
        assert walked or where.q is None  # the searches keep some
        # Paged by offset, too.
        for offset in (0, 3, 7):
            old = incident_page(store, where, limit=3, offset=offset)
            new = record_page(store, where, limit=3, offset=offset)
            assert _new_body(new) == _old_body(old)
    merged = "09" + "c" * 30
    everything = record_page(store, IncidentFilter(), limit=500)
    assert merged not in {r["id"] for r in everything.items}
    assert everything.total == 22
    assert json.loads(_new_body(everything))["items"] == everything.items


def test_the_pages_json_decoder_gives_jsons_values() -> None:
    """PageJSON (orjson) reads a column's text as json.loads does: a number too long for 64 bits
    stays an integer (orjson would make it a float), NaN is read, and a decoded value passes."""
    from sqlalchemy.dialects import sqlite

    from ceasefire.record.incidents import PageJSON

    read = PageJSON().process_result_value
    dialect = sqlite.dialect()
    for text in (
        '{"killed": {"civilians": 3}, "injured": {}}',
        '{"killed": {"civilians": 12345678901234567890123}, "injured": {}}',
        '["civilians", "security_forces", "Kābul \\u00e9"]',
        '{"killed": {"militants": NaN}}',
        "[9223372036854775807, -9223372036854775808, 1.5]",
    ):
        # repr: the same values of the same types (12345… an int, not a float; nan as nan).
        assert repr(read(text, dialect)) == repr(json.loads(text)), text
    assert read(["civilians"], dialect) == ["civilians"]
