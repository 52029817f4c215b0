"""The yardstick: extracted incidents pair with gold by their slots, optimally, required first."""

from __future__ import annotations

from datetime import date

from ceasefire.domain import Incident
from ceasefire.domain.event import Claim, DatePrecision, Estimate, EventDate, Place
from ceasefire.evaluate.gold import GoldDocument, GoldIncident
from ceasefire.evaluate.scoring import Scorer
from ceasefire.extract.gazetteer import Gazetteer, GazetteerEntry

# An invented province with a district the gazetteer knows under an alias too, a town in it, two
# villages whose names one spelling could stand for, and a district with the town of its seat
# spelt apart; a second province with none of them.
_DORVAN = ("Afghanistan", "Dorvan")
PLACES = Gazetteer(
    [
        GazetteerEntry("Dorvan", *_DORVAN[:1], "Dorvan", None, 34.0, 70.0, 3, "province"),
        GazetteerEntry("Beshkan", "Afghanistan", "Beshkan", None, 35.0, 71.0, 3, "province"),
        GazetteerEntry("Qal Sorkh", *_DORVAN, "Qal Sorkh", 34.1, 70.1, 2, "district"),
        GazetteerEntry("Tandar", *_DORVAN, "Qal Sorkh", 34.2, 70.2, 1, "town"),
        GazetteerEntry("Mirzakhel", *_DORVAN, "Qal Sorkh", 34.3, 70.3, 1, "town"),
        GazetteerEntry("Mirzakhil", *_DORVAN, "Qal Sorkh", 34.4, 70.4, 1, "town"),
        GazetteerEntry("Gandomak", *_DORVAN, "Gandomak", 34.5, 70.5, 2, "district"),
        GazetteerEntry("Gand Omak", *_DORVAN, "Gandomak", 34.6, 70.6, 1, "town"),
    ],
    {"Qala-e-Surkh": "Qal Sorkh"},
)
MONDAY = date(2025, 11, 3)
TUESDAY = date(2025, 11, 4)


def gold(
    key: str,
    evidence: str,
    *,
    event_type: str = "Battles",
    sub_event_type: str = "Armed clash",
    when: date | None = MONDAY,
    precision: str = "day",
    admin1: str | None = "Kunar",
    admin2: str | None = None,
    location: str | None = None,
    killed: int | None = None,
    optional: bool = False,
) -> GoldIncident:
    return GoldIncident(
        key=key,
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=when,
        country="Afghanistan",
        admin1=admin1,
        location=location,
        perpetrator=None,
        target_categories=frozenset(),
        killed_low=killed,
        injured_low=None,
        evidence=evidence,
        is_optional=optional,
        is_historical=False,
        date_precision=precision if when else "unknown",
        admin2=admin2,
    )


def extracted(
    text: str,
    quote: str,
    *,
    event_type: str = "Battles",
    sub_event_type: str = "Armed clash",
    when: date | None = MONDAY,
    admin1: str | None = "Kunar",
    location: str | None = None,
    killed: int | None = None,
) -> Incident:
    start = text.index(quote)
    return Incident(
        id=f"i{start}",
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=EventDate(when, DatePrecision.DAY if when else DatePrecision.UNKNOWN),
        place=Place(country="Afghanistan", admin1=admin1, location=location),
        fatalities=Estimate(low=killed, best=killed, high=killed),
        claims=[Claim("doc", start, start + len(quote), quote)],
    )


def score(text: str, golds: list[GoldIncident], predictions: list[Incident]) -> Scorer:
    scorer = Scorer(lambda name: name, PLACES)
    scorer.add(GoldDocument("doc.txt", tuple(golds)), text, predictions, [])
    return scorer


def test_an_optional_gold_incident_never_takes_a_match_from_a_required_one() -> None:
    text = (
        "Fighting broke out in Kunar on Monday. Three people died in the Kunar fighting on Monday."
    )
    required = gold("clash", "Fighting broke out in Kunar on Monday.")
    optional = gold("toll", "Three people died in the Kunar fighting", optional=True)
    prediction = extracted(text, "Three people died in the Kunar fighting on Monday.")

    scorer = score(text, [required, optional], [prediction])

    assert [(g.key, p.id) for g, p in scorer.score.documents[0].matched] == [
        ("clash", prediction.id)
    ]
    assert (scorer.score.recall, scorer.score.precision) == (1.0, 1.0)


def test_the_assignment_is_optimal_not_greedy() -> None:
    # The first prediction fits the first act best, but only it can take the second (undated) act,
    # while the second prediction fits the first act alone: both acts are found.
    text = "Clashes in Kunar on Monday. Later clashes there too. A blast in Kunar on Monday."
    first_act = gold("first", "Clashes in Kunar on Monday. Later clashes")
    second_act = gold("second", "Later clashes there too.", when=None)
    broad = extracted(text, "Clashes in Kunar on Monday. Later clashes there too.")
    blast = extracted(
        text,
        "Clashes in Kunar on Monday",
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
    )

    scorer = score(text, [first_act, second_act], [broad, blast])

    pairs = {g.key: p.id for g, p in scorer.score.documents[0].matched}
    assert pairs == {"first": blast.id, "second": broad.id}
    assert scorer.score.true_positives == 2


def test_an_overlapping_quote_alone_does_not_pair_a_different_place() -> None:
    text = "A clash in Kunar on Monday and a bombing in Nangarhar the same day."
    clash = gold("clash", text)
    bombing_elsewhere = extracted(
        text,
        text,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        admin1="Nangarhar",
    )

    scorer = score(text, [clash], [bombing_elsewhere])

    assert scorer.score.true_positives == 0
    assert scorer.score.documents[0].extra == [bombing_elsewhere]


def test_an_overlapping_quote_does_not_pair_an_act_outside_the_date_window() -> None:
    text = "Soldiers clashed with militants in Kunar on Monday, and again ten days later."
    monday = gold("monday", "Soldiers clashed with militants in Kunar on Monday")
    later = extracted(text, text, when=date(2025, 11, 13))

    assert score(text, [monday], [later]).score.true_positives == 0


def test_a_date_inside_the_window_of_the_gold_precision_pairs() -> None:
    text = "Earlier this month, militants attacked a checkpoint in Kunar. A later report followed."
    month = gold(
        "checkpoint", "militants attacked a checkpoint", when=date(2025, 11, 1), precision="month"
    )
    dated = extracted(text, "A later report followed.", when=date(2025, 11, 20), admin1=None)

    scorer = score(text, [month], [dated])

    assert scorer.score.true_positives == 1
    assert scorer.score.accuracy("date") == 0.0  # the exact day is still a field error


def test_the_place_hierarchy_decides_before_the_quote() -> None:
    text = "Two clashes in Kunar on Monday: one in Asadabad, one in Marawara."
    asadabad = gold(
        "asadabad", "Two clashes in Kunar on Monday: one in Asadabad", location="Asadabad"
    )
    marawara = gold("marawara", "one in Marawara", location="Marawara")
    prediction = extracted(text, "Two clashes in Kunar on Monday", location="Marawara")

    scorer = score(text, [asadabad, marawara], [prediction])

    assert [(g.key, p.id) for g, p in scorer.score.documents[0].matched] == [
        ("marawara", prediction.id)
    ]


def test_an_incident_mixing_two_acts_is_credited_with_the_one_whose_slots_it_carries() -> None:
    # The sentence lumps two acts; the gold keeps them apart. The extracted incident carries the
    # Kunar act's place and day and the summed toll: it is credited with the Kunar act only, and its
    # toll is wrong there.
    text = (
        "Three soldiers died in Kunar on Monday. "
        "Officials said five people died in Kunar and Khost this week, two of them in Khost on Tuesday."
    )
    kunar = gold("kunar", "Three soldiers died in Kunar on Monday.", killed=3)
    khost = gold(
        "khost",
        "five people died in Kunar and Khost this week, two of them in Khost on Tuesday",
        when=TUESDAY,
        admin1="Khost",
        killed=2,
    )
    mixed = extracted(
        text,
        "Officials said five people died in Kunar and Khost this week, two of them in Khost on Tuesday.",
        killed=5,
    )

    scorer = score(text, [kunar, khost], [mixed])

    document = scorer.score.documents[0]
    assert [(g.key, p.id) for g, p in document.matched] == [("kunar", mixed.id)]
    assert [g.key for g in document.missed] == ["khost"]
    assert scorer.score.accuracy("killed_low") == 0.0
    assert scorer.score.strict_hits == 0


def _finest(
    prediction_place: Place,
    *,
    admin1: str | None = "Kunar",
    admin2: str | None = None,
    location: str | None = None,
    country_only: bool = False,
) -> tuple[float | None, float | None]:
    """place and place_finest of one prediction paired with one gold act."""
    text = "Soldiers clashed with militants on Monday."
    act = gold(
        "act", text, admin1=None if country_only else admin1, admin2=admin2, location=location
    )
    prediction = extracted(text, text)
    prediction.place = prediction_place
    scorer = score(text, [act], [prediction])
    assert scorer.score.true_positives == 1
    return scorer.score.accuracy("place"), scorer.score.accuracy("place_finest")


def test_place_finest_asks_for_the_location_the_gold_names() -> None:
    province_only = Place(country="Afghanistan", admin1="Kunar")
    assert _finest(province_only, location="Asadabad") == (1.0, 0.0)
    town = Place(country="Afghanistan", admin1="Kunar", location="Asadabad")
    assert _finest(town, location="Asadabad") == (1.0, 1.0)
    other_town = Place(country="Afghanistan", admin1="Kunar", location="Marawara")
    assert _finest(other_town, location="Asadabad") == (1.0, 0.0)
    # a gazetteer that files the district as a town: the district the coder named as location
    village = Place(country="Afghanistan", admin1="Kunar", admin2="Asadabad", location="Kandi")
    assert _finest(village, location="Asadabad") == (1.0, 1.0)


def test_place_finest_refuses_a_namesake_in_another_district() -> None:
    namesake = Place(country="Afghanistan", admin1="Kunar", admin2="Sarkano", location="Kandi")
    assert _finest(namesake, admin2="Asadabad", location="Kandi") == (1.0, 0.0)
    same = Place(country="Afghanistan", admin1="Kunar", admin2="Asadabad", location="Kandi")
    assert _finest(same, admin2="Asadabad", location="Kandi") == (1.0, 1.0)
    undistricted = Place(country="Afghanistan", admin1="Kunar", location="Kandi")
    assert _finest(undistricted, admin2="Asadabad", location="Kandi") == (1.0, 1.0)


def test_place_finest_asks_for_the_district_when_the_gold_names_no_finer_place() -> None:
    assert _finest(Place(country="Afghanistan", admin1="Kunar"), admin2="Sarkano") == (1.0, 0.0)
    district = Place(country="Afghanistan", admin1="Kunar", admin2="Sarkano")
    assert _finest(district, admin2="Sarkano") == (1.0, 1.0)
    filed_as_town = Place(country="Afghanistan", admin1="Kunar", location="Sarkano")
    assert _finest(filed_as_town, admin2="Sarkano") == (1.0, 1.0)
    # finer than the gold and inside it by its own district: right; a bare town is not known
    # to lie inside the district
    inside = Place(country="Afghanistan", admin1="Kunar", admin2="Sarkano", location="Kandi")
    assert _finest(inside, admin2="Sarkano") == (1.0, 1.0)
    bare_town = Place(country="Afghanistan", admin1="Kunar", location="Kandi")
    assert _finest(bare_town, admin2="Sarkano") == (1.0, 0.0)


def test_place_finest_at_the_province_and_the_country() -> None:
    assert _finest(Place(country="Afghanistan", admin1="Kunar")) == (1.0, 1.0)
    town = Place(country="Afghanistan", admin1="Kunar", location="Asadabad")
    assert _finest(town) == (1.0, 1.0)  # finer, inside the gold's province
    assert _finest(Place(country="Afghanistan")) == (0.0, 0.0)
    assert _finest(Place(country="Afghanistan"), country_only=True) == (1.0, 1.0)
    assert _finest(town, country_only=True) == (0.0, 1.0)  # finer, inside the gold's country


def test_a_place_under_the_gazetteers_spelling_is_the_golds_place() -> None:
    # the gold's district under the alias the gazetteer files it by, as the district itself, as
    # the district of a village, and as the district the gold's town lies in
    district = Place(country="Afghanistan", admin1="Dorvan", admin2="Qal Sorkh")
    assert _finest(district, admin1="Dorvan", admin2="Qala-e-Surkh") == (1.0, 1.0)
    village = Place(country="Afghanistan", admin1="Dorvan", admin2="Qal Sorkh", location="Kandi")
    assert _finest(village, admin1="Dorvan", admin2="Qala-e-Surkh", location="Kandi") == (1.0, 1.0)
    elsewhere = Place(country="Afghanistan", admin1="Dorvan", admin2="Sperkai", location="Kandi")
    assert _finest(elsewhere, admin1="Dorvan", admin2="Qala-e-Surkh", location="Kandi") == (
        1.0,
        0.0,
    )
    # a spelling the gazetteer does not know, which it takes for one name of the province
    town = Place(country="Afghanistan", admin1="Dorvan", admin2="Qal Sorkh", location="Tandar")
    assert _finest(town, admin1="Dorvan", location="Tandaar") == (1.0, 1.0)
    # a spelling of a district and of the town of its seat: one place
    seat = Place(country="Afghanistan", admin1="Dorvan", admin2="Gandomak")
    assert _finest(seat, admin1="Dorvan", admin2="Gandumak") == (1.0, 1.0)


def test_a_namesake_in_another_province_is_another_place() -> None:
    # no province of its own: the prediction's Qal Sorkh and Tandar are the gazetteer's, which
    # lie in Dorvan, not in the gold's Beshkan
    district = Place(country="Afghanistan", admin2="Qal Sorkh")
    assert _finest(district, admin1="Beshkan", admin2="Qala-e-Surkh") == (0.0, 0.0)
    assert _finest(district, admin1="Dorvan", admin2="Qala-e-Surkh") == (0.0, 1.0)
    town = Place(country="Afghanistan", location="Tandar")
    assert _finest(town, admin1="Beshkan", location="Tandaar") == (0.0, 0.0)
    assert _finest(town, admin1="Dorvan", location="Tandaar") == (0.0, 1.0)


def test_a_name_the_gazetteer_does_not_know_is_compared_by_spelling() -> None:
    spelt = Place(country="Afghanistan", admin1="Dorvan", location="Zarghun Kalay")
    assert _finest(spelt, admin1="Dorvan", location="zarghun-kalay") == (1.0, 1.0)
    respelt = Place(country="Afghanistan", admin1="Dorvan", location="Zarghun Kali")
    assert _finest(respelt, admin1="Dorvan", location="Zarghun Kalay") == (1.0, 0.0)
    # a spelling of two names of the province: the gazetteer cannot say which
    village = Place(country="Afghanistan", admin1="Dorvan", location="Mirzakhel")
    assert _finest(village, admin1="Dorvan", location="Mirzakhail") == (1.0, 0.0)
    assert _finest(village, admin1="Dorvan", location="Mirzakhel") == (1.0, 1.0)


def test_the_gazetteers_spelling_pairs_a_prediction_by_its_place() -> None:
    # two acts alike but for the district, and two predictions: the one in Qal Sorkh goes to the
    # act the gold places in Qala-e-Surkh, the other (in neither district) to the other act
    text = "Clashes were reported in two districts on Monday."
    golds = [
        gold("surkh", text, admin1="Dorvan", admin2="Qala-e-Surkh"),
        gold("sperkai", text, admin1="Dorvan", admin2="Sperkai"),
    ]
    found = [extracted(text, text, admin1="Dorvan") for _ in golds]
    found[0].place = Place(country="Afghanistan", admin1="Dorvan", admin2="Nawur")
    found[1].place = Place(country="Afghanistan", admin1="Dorvan", admin2="Qal Sorkh")
    [document] = score(text, golds, found).score.documents
    assert {(g.key, p.place.admin2) for g, p in document.matched} == {
        ("surkh", "Qal Sorkh"),
        ("sperkai", "Nawur"),
    }


def test_strict_with_the_finest_place_asks_for_the_location_too() -> None:
    text = "Soldiers clashed with militants on Monday; three died."
    act = gold("act", text, location="Asadabad", killed=3)
    coarse = extracted(text, text, killed=3)
    scorer = score(text, [act], [coarse])
    assert scorer.score.strict_f1 == 1.0
    assert scorer.score.strict_finest_f1 == 0.0
    fine = extracted(text, text, killed=3, location="Asadabad")
    assert score(text, [act], [fine]).score.strict_finest_f1 == 1.0


def test_a_figure_by_its_floor_name_and_what_it_is_a_share_of() -> None:
    text = "Soldiers clashed with militants on Monday; three died. Police were attacked on Tuesday."
    first = gold("first", text[:54], killed=3)
    second = gold("second", text[55:], when=TUESDAY, event_type="Violence against civilians")
    scorer = score(text, [first, second], [extracted(text, text[:54], killed=2)])
    result = scorer.score
    assert result.figure("incident_f1") == (2 / 3, 2)  # precision 1, recall 1/2
    assert result.figure("strict_f1") == (0.0, 2)  # the one matched has the wrong toll
    assert result.figure("killed_low") == (0.0, 1)
    nothing = score(text, [first], []).score  # nothing matched: no field to score
    assert nothing.figure("killed_low") == (None, 0)
    assert nothing.figure("incident_f1") == (0.0, 1)


def test_a_province_the_gold_spells_another_way_is_the_gazetteers_province() -> None:
    """The gold names a province as its story spells it, the extractor as the gazetteer files it:
    one province under an alias the gazetteer knows is one place; another province stays
    another, however close its name."""
    places = Gazetteer(
        [
            GazetteerEntry("Dorvan", *_DORVAN[:1], "Dorvan", None, 34.0, 70.0, 3, "province"),
            GazetteerEntry("Dorvani", *_DORVAN[:1], "Dorvani", None, 35.0, 71.0, 3, "province"),
        ],
        {"Durwan": "Dorvan"},
    )
    text = "Fighting broke out in Durwan on Monday, killing two."
    spelt = gold("clash", "Fighting broke out in Durwan on Monday", admin1="Durwan", killed=2)
    filed = extracted(text, "Fighting broke out in Durwan on Monday", admin1="Dorvan", killed=2)
    scorer = Scorer(lambda name: name, places)
    scorer.add(GoldDocument("doc.txt", (spelt,)), text, [filed], [])
    assert scorer.score.recall == 1.0 and scorer.score.strict_f1 == 1.0
    assert scorer.score.accuracy("place") == 1.0

    neighbour = extracted(text, "Fighting broke out in Durwan on Monday", admin1="Dorvani")
    other = Scorer(lambda name: name, places)
    other.add(GoldDocument("doc.txt", (spelt,)), text, [neighbour], [])
    assert other.score.recall == 0.0  # a province the gold does not name contradicts it
