"""Reports that cannot tell which stored act they report join none (resolve/matching.py): a report
coarser than the stored incidents it matches, when two or more match (the ambiguity constraint),
and a report whose one phrase is placed in two provinces of one country (an aggregate reference).
Ingested through the store's own path (`add_document` with the extraction's incidents), as the
chaining test of tests/resolve/test_readings.py."""

from __future__ import annotations

from datetime import date

from ceasefire.domain import (
    Claim,
    DatePrecision,
    Estimate,
    EventDate,
    Incident,
    Mention,
    Place,
    TargetCategory,
)
from ceasefire.domain.document import document_id
from ceasefire.record.store import Store
from ceasefire.resolve.matching import (
    AMBIGUITY_MARGIN,
    ambiguous,
    best_match,
    coarser,
    constraint,
    match,
    places_apart,
)
from ceasefire.resolve.readings import with_reading
from ceasefire.services import list_incidents

from . import reports

DAY = date(2026, 6, 2)
DUR_BABA = Place("Afghanistan", "Nangarhar", "Dur Baba", None, 34.10, 70.97, 2)
ACHIN = Place("Afghanistan", "Nangarhar", "Achin", None, 34.08, 70.68, 2)
NANGARHAR = Place("Afghanistan", "Nangarhar", None, None, 34.30, 70.46, 3)
KHOST = Place("Afghanistan", "Khost", None, None, 33.34, 69.92, 3)
PAKISTAN = "Military Forces of Pakistan"


def report(
    body: str,
    place: Place,
    *,
    actor: str | None = PAKISTAN,
    day: EventDate | None = None,
    phrase_places: tuple[Place, ...] = (),
) -> tuple[bytes, Incident]:
    """A document and the incident its extraction found: an air strike on civilians on 2 June.
    `phrase_places`: the places the extraction read for the incident's one phrase (its mentions)."""
    data = body.encode()
    digest = document_id(data)
    when = day or EventDate(DAY, DatePrecision.DAY)
    mentions = [
        Mention(
            document_id=digest,
            start=0,
            end=len(body),
            trigger="strike",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            date=when,
            place=where,
        )
        for where in phrase_places
    ]
    incident = Incident(
        id=f"i-{digest[:12]}",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        date=when,
        place=place,
        actor1=actor,
        target_categories=(TargetCategory.CIVILIANS,),
        fatalities=Estimate(None, None, None),
        claims=[Claim(digest, 0, len(body), body)],
        mentions=mentions,
        reported_on=DAY,
    )
    return data, incident


DUR_BABA_REPORT = report(
    "Pakistani aircraft bombed a house in Dur Baba district on Tuesday night, killing civilians.",
    DUR_BABA,
)
ACHIN_REPORT = report(
    "Pakistani aircraft bombed a house in Achin district on Tuesday night, killing civilians.",
    ACHIN,
)
PROVINCE_REPORT = report(
    "Pakistani aircraft bombed houses in Nangarhar province on Tuesday night, killing civilians.",
    NANGARHAR,
)
AGGREGATE_REPORT = report(
    "Pakistani aircraft bombed houses in Nangarhar and Khost on Tuesday night, killing civilians.",
    NANGARHAR,
    phrase_places=(NANGARHAR, KHOST),
)


def ingest(store: Store, data: bytes, incident: Incident) -> None:
    reports.ingest(store, data, incident, day=DAY, title="Strikes in Nangarhar")


def read(pair: tuple[bytes, Incident]) -> Incident:
    return with_reading(pair[1], pair[1].claims[0].document_id)


def homes(store: Store) -> dict[str, list[str]]:
    """Each stored incident's documents, by the first document's id."""
    return {i.documents[0]: sorted(i.documents) for i in list_incidents(store)}


def test_each_district_report_alone_matches_the_province_report() -> None:
    """The premise: the province report is like either district report, and no veto stops it."""
    province = read(PROVINCE_REPORT)
    for district in (read(DUR_BABA_REPORT), read(ACHIN_REPORT)):
        found = match(province, district)
        assert found is not None and found.is_match, found
        assert coarser(province, district) and not coarser(district, province)
    # Dur Baba and Achin are two districts: the rule keeps them apart.
    assert match(read(ACHIN_REPORT), read(DUR_BABA_REPORT)) is None


def test_a_province_report_joins_the_one_district_incident_it_matches(store: Store) -> None:
    """The control: with one stored incident in the province, the province report joins it."""
    for data, incident in (DUR_BABA_REPORT, PROVINCE_REPORT):
        ingest(store, data, incident)
    stored = list_incidents(store)
    assert len(stored) == 1
    assert sorted(stored[0].documents) == sorted(
        i.claims[0].document_id for _, i in (DUR_BABA_REPORT, PROVINCE_REPORT)
    )


def test_a_province_report_between_two_district_incidents_joins_neither(store: Store) -> None:
    for data, incident in (DUR_BABA_REPORT, ACHIN_REPORT, PROVINCE_REPORT):
        ingest(store, data, incident)
    stored = list_incidents(store)
    assert sorted(len(i.documents) for i in stored) == [1, 1, 1]
    places = sorted((i.place.admin2 or "-") for i in stored)
    assert places == ["-", "Achin", "Dur Baba"]


def test_an_ambiguous_report_joins_the_best_when_it_leads_by_the_margin() -> None:
    province = read(PROVINCE_REPORT)
    dur_baba = read(DUR_BABA_REPORT)
    # Achin's report names another perpetrator: the province report (Pakistan) scores it lower.
    achin = read(report(ACHIN_REPORT[0].decode() + " ", ACHIN, actor="TTP"))
    scores = [match(province, s) for s in (dur_baba, achin)]
    assert all(s is not None and s.is_match for s in scores)
    lead = scores[0].total - scores[1].total  # type: ignore[union-attr]
    assert lead >= AMBIGUITY_MARGIN
    assert ambiguous(province, [dur_baba, achin])
    chosen = best_match(province, [achin, dur_baba])
    assert chosen is not None and chosen[0].place.admin2 == "Dur Baba"
    # At a margin above the lead it joins neither.
    assert best_match(province, [achin, dur_baba], margin=lead + 0.01) is None


def test_a_report_as_fine_as_both_is_not_ambiguous() -> None:
    """A district report that two stored incidents of its district match says as much as they do:
    the best wins, as before."""
    dur_baba = read(DUR_BABA_REPORT)
    other = read(report(DUR_BABA_REPORT[0].decode() + " Police said.", DUR_BABA))
    again = read(report("Aircraft bombed a house in Dur Baba on Tuesday.", DUR_BABA))
    assert not ambiguous(again, [dur_baba, other])
    assert best_match(again, [dur_baba, other]) is not None


def test_a_day_dated_incident_is_finer_than_a_month_dated_report() -> None:
    month = read(report("Pakistani aircraft bombed a house in Dur Baba district in June.", DUR_BABA,
                        day=EventDate(date(2026, 6, 1), DatePrecision.MONTH)))  # fmt: skip
    dur_baba = read(DUR_BABA_REPORT)
    assert coarser(month, dur_baba) and not coarser(dur_baba, month)


def test_a_report_placing_one_phrase_in_two_provinces_joins_no_act(store: Store) -> None:
    aggregate = read(AGGREGATE_REPORT)
    dur_baba = read(DUR_BABA_REPORT)
    assert places_apart(aggregate) and not places_apart(read(PROVINCE_REPORT))
    assert constraint(aggregate, dur_baba) == "one phrase at several places"
    assert match(aggregate, dur_baba) is None
    for data, incident in (DUR_BABA_REPORT, AGGREGATE_REPORT):
        ingest(store, data, incident)
    assert sorted(len(i.documents) for i in list_incidents(store)) == [1, 1]


def test_places_in_two_countries_are_a_border_act_not_several() -> None:
    """An act across the border is told with a place on each side: not an aggregate."""
    kurram = Place("Pakistan", "Khyber Pakhtunkhwa", "Kurram", None, 33.7, 70.3, 2)
    paktia = Place("Afghanistan", "Paktia", None, None, 33.6, 69.4, 3)
    _data, border = report("Shells fired from Paktia hit posts in Kurram.", kurram,
                           phrase_places=(kurram, paktia))  # fmt: skip
    assert not places_apart(border)
