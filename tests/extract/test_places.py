"""Places the gazetteer lacks: named as a village or an area of a unit the gazetteer knows."""

from datetime import date

import pytest

from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.extract.pipeline import Resources, default_pipeline
from ceasefire.extract.places import PlaceMatcher, named_settlements, names_its_unit


@pytest.fixture(scope="module")
def matcher() -> PlaceMatcher:
    return PlaceMatcher(Gazetteer.load())


def unlisted(matcher: PlaceMatcher, text: str) -> list[tuple[str, str | None, str | None, int]]:
    found = matcher.find(text)
    return [
        (m.text, m.place.admin1, m.place.admin2, m.place.geo_precision or 0)
        for m in matcher.unlisted(text, found)
    ]


def _places_of(text: str) -> list[tuple[str, str, str | None]]:
    pipeline = default_pipeline(Resources.load(choice=False))
    analysis = pipeline.run(document_id="t", text=text, published=date(2025, 11, 14))
    return [
        (m.text, m.place.country or "", m.place.admin1)
        for ms in analysis.places.values()
        for m in ms
    ]


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("Two policemen were killed in Ghazni Khel on Friday.", None),
        ("Shells hit Nawa Killi in the night.", None),
        # the name alone, or before a word that is no settlement's ending, is the known place
        ("Two policemen were killed in Ghazni on Friday.", "Ghazni"),
        ("Two policemen were killed in Ghazni Kot's bazaar.", None),
        ("The Ghazni Police said two were killed.", "Ghazni"),
    ],
)
def test_a_known_name_before_a_settlements_ending_is_another_place(
    matcher: PlaceMatcher, text: str, known: str | None
) -> None:
    found = [m.text for m in matcher.find(text)]
    assert found == ([known] if known else [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a short name abroad is mostly something else ("Lac" is French for a lake) ...
        ("Insurgents attacked a post near Lac on Wednesday.", []),
        # ... unless the text gives it as a unit
        ("Insurgents attacked a post in Lac province on Wednesday.", [("Lac", "Chad", "Lac")]),
        # ... and then only as a province or a district the gazetteer knows (Dar is a town)
        ("Insurgents attacked a post in Dar state on Wednesday.", []),
    ],
)
def test_a_short_name_abroad_is_a_place_only_as_a_unit(
    matcher: PlaceMatcher, text: str, found: list[tuple[str, str, str]]
) -> None:
    assert [(m.text, m.place.country, m.place.admin1) for m in matcher.find(text)] == found


def test_a_name_of_two_provinces_is_read_in_the_one_the_story_names() -> None:
    # Torkham is a crossing of both Nangarhar and Khyber; with no other place, the gazetteer's
    # order (Afghanistan first) decides; a story of Khyber district reads it in Khyber Pakhtunkhwa
    alone = _places_of("Border forces exchanged fire at Torkham on Thursday.")
    assert ("Torkham", "Afghanistan", "Nangarhar") in alone
    in_khyber = _places_of(
        "Border forces exchanged fire at Torkham on Thursday. Landi Kotal's bazaar closed early."
    )
    assert ("Torkham", "Pakistan", "Khyber Pakhtunkhwa") in in_khyber
    assert ("Torkham", "Afghanistan", "Nangarhar") not in in_khyber
    # the province the story's other places are read in most often, whatever their namesakes
    # abroad (Jalalabad is also a town of India)
    in_nangarhar = _places_of(
        "Landi Kotal's traders said border forces exchanged fire at Torkham on Thursday. Shops "
        "in Jalalabad closed early and the road to Jalalabad was shut."
    )
    assert ("Torkham", "Afghanistan", "Nangarhar") in in_nangarhar
    # abroad the larger town keeps its precedence over a namesake in a state the story names
    abroad = _places_of("Delegates flew from New York to Rome on Thursday.")
    assert ("Rome", "Italy", "Lazio") in abroad


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the village of X in Y district": the district's province and district, its precision
        (
            "A shell hit the village of Qalandarkhel in Kurram district.",
            [("Qalandarkhel", "Khyber Pakhtunkhwa", "Kurram", 2)],
        ),
        # "the X area of Y": two words of a name
        (
            "Troops were ambushed in the Sra Ghundai area of North Waziristan.",
            [("Sra Ghundai", "Khyber Pakhtunkhwa", "North Waziristan", 2)],
        ),
        # "in X, a remote village in Y province": a province only, so province precision
        (
            "Fighting spread to Pirano Kalay, a remote village in Kunar province.",
            [("Pirano Kalay", "Kunar", None, 3)],
        ),
        # "Y district's X area": the unit named before it
        ("Shooting was heard in Bajaur district's Loyasam Tangi area.", None),
        # "general area X, Y District": the noun before the name
        (
            "Troops raided a hideout in general area Mangochar, Kalat District.",
            [("Mangochar", "Balochistan", "Kalat", 2)],
        ),
        # a namesake: the gazetteer's Gomal is a district of Paktika, the text's lies in Tank
        (
            "Gunmen abducted six road workers in the Gomal area of Tank district.",
            [("Gomal", "Khyber Pakhtunkhwa", "Tank", 2)],
        ),
    ],
)
def test_a_named_village_takes_the_unit_the_text_puts_it_in(
    matcher: PlaceMatcher, text: str, expected: list[tuple[str, str, str | None, int]] | None
) -> None:
    found = unlisted(matcher, text)
    if expected is None:
        assert [(name, admin2) for name, _, admin2, _ in found] == [("Loyasam Tangi", "Bajaur")]
    else:
        assert found == expected


def test_the_location_keeps_the_offsets_of_its_name(matcher: PlaceMatcher) -> None:
    text = "Police said the hamlet of Gulzarabad near Chaman was shelled."
    found = matcher.find(text, offset=100)
    [village] = matcher.unlisted(text, found, offset=100)
    assert (village.start, village.end) == (
        100 + text.index("Gulzarabad"),
        100 + text.index(" near"),
    )
    assert village.place.location == "Gulzarabad"
    # Near a town: the town's district and coordinates, but no finer than a district.
    chaman = next(m for m in found if m.text == "Chaman")
    assert village.place.admin2 == chaman.place.admin2 == "Chaman"
    assert village.place.latitude == chaman.place.latitude
    assert village.place.geo_precision == 2


@pytest.mark.parametrize(
    "text",
    [
        "A shell hit the village of Qalandarkhel on Sunday.",  # no unit named: nothing to place it in
        "Gunmen opened fire in the border area of Kurram district.",  # no name, only a kind
        "Clashes erupted in the Kurram area.",  # the gazetteer knows it: the matcher's own place
        "Shelling hit a Taliban area in Kunar province.",  # an actor, not a place
        "Residents of the TTP area in Khyber district fled.",  # an acronym is an organisation
    ],
)
def test_no_place_without_a_name_and_a_unit(matcher: PlaceMatcher, text: str) -> None:
    assert unlisted(matcher, text) == []


def test_an_act_in_a_village_the_gazetteer_lacks_is_placed_there() -> None:
    pipeline = default_pipeline(Resources.load(choice=False))
    found = pipeline.run(
        document_id="t",
        text="Two farmers were killed when a mortar shell hit the village of Qalandarkhel "
        "in Kurram district on Sunday, officials said.",
        published=date(2024, 6, 14),
    ).incidents
    [incident] = found
    place = incident.place
    assert (place.country, place.admin1, place.admin2, place.location) == (
        "Pakistan",
        "Khyber Pakhtunkhwa",
        "Kurram",
        "Qalandarkhel",
    )
    assert place.geo_precision == 2
    assert incident.date.value == date(2024, 6, 9)


def test_a_namesake_in_the_unit_the_text_names_replaces_the_one_elsewhere() -> None:
    pipeline = default_pipeline(Resources.load(choice=False))
    analysis = pipeline.run(
        document_id="t",
        text="Gunmen abducted six road workers in the Gomal area of Tank district on Wednesday, "
        "police said.",
        published=date(2024, 6, 14),
    )
    places = [
        (m.text, m.place.admin1, m.place.admin2) for ms in analysis.places.values() for m in ms
    ]
    assert ("Gomal", "Khyber Pakhtunkhwa", "Tank") in places
    assert all(admin1 != "Paktika" for _, admin1, _ in places)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("An air strike hit the Maruf district of Kandahar on Sunday.", "Maruf", True),
        ("Clashes broke out in the Injil district of Herat province.", "Injil", True),
        ("Troops raided a hideout in general area Mangochar, Kalat District.", "Mangochar", True),
        ("Shells fell on Maruf and Kandahar.", "Maruf", False),  # a list, not a container
        ("Kandahar was calm while Maruf was shelled.", "Kandahar", False),  # no unit after it
    ],
)
def test_a_place_names_its_unit_when_its_district_or_province_follows(
    matcher: PlaceMatcher, text: str, name: str, expected: bool
) -> None:
    mentions = matcher.find(text)
    found = matcher.find(text)
    mentions = sorted(found + matcher.unlisted(text, found), key=lambda m: m.start)
    mention = next(m for m in mentions if m.text == name)
    assert names_its_unit(text, mention, mentions) is expected


def test_a_district_under_another_spelling_keeps_the_texts_name(matcher: PlaceMatcher) -> None:
    text = "Gunmen attacked a checkpoint in the Wardooj district of Badakhshan province."
    found = matcher.find(text)
    [variant] = matcher.variants(text, [(m.start, m.end) for m in found])
    assert (variant.start, variant.end) == (text.index("Wardooj"), text.index("Wardooj") + 7)
    place = variant.place
    assert (place.country, place.admin1, place.admin2, place.location) == (
        "Afghanistan",
        "Badakhshan",
        "Wardooj",
        "Wardooj",
    )
    assert place.geo_precision == 2 and place.latitude is not None
    # a name already found, or an actor's span, is no variant
    assert matcher.variants(text, [(text.index("Wardooj"), text.index("Wardooj") + 7)]) == []


def test_a_town_under_another_spelling_lies_in_the_gazetteers_district(
    matcher: PlaceMatcher,
) -> None:
    text = "Border guards exchanged fire at Islam Qalah on Monday."
    senses = {
        (m.place.admin1, m.place.admin2, m.place.location) for m in matcher.variants(text, [])
    }
    assert ("Herat", "Kohsan", "Islam Qalah") in senses  # the town of Eslam Qaleh


def test_names_given_as_a_village_or_an_area_with_or_without_their_unit() -> None:
    text = "The team visited the village of Sasobai on Monday and drove to the Shakai valley later."
    named = {name: (start, end) for start, end, name, _ in named_settlements(text)}
    assert named["Sasobai"] == (text.index("Sasobai"), text.index("Sasobai") + 7)
    assert "Shakai" in named
    assert not any(name.startswith("The") for name in named)


@pytest.mark.parametrize(
    "text",
    [
        "Rangers raided a compound in Sindh province on Saturday, a spokesman said.",
        "Yesterday the convoy of Brigadier Tolmani left the base.",
        "Meanwhile, the delegation of Mr Oskarvold arrived.",
        "This week the governor met the elders again.",
        "The envoy Marta Hecker, an economist, flew to the U.K. in June.",
        "Clashes went on all Sunday and into the night.",
        "Talks on Kashmir stalled again.",
    ],
)
def test_calendar_stop_words_and_words_of_known_names_are_no_variants(
    matcher: PlaceMatcher, text: str
) -> None:
    assert matcher.variants(text, []) == []


def test_a_variant_is_capitalised_words_with_only_spaces_or_hyphens_between(
    matcher: PlaceMatcher,
) -> None:
    text = "Shells fell on Lalpura and on Khost-e-Fereng, then on Khost e Fereng."
    found = {(m.start, m.text, m.place.admin2) for m in matcher.variants(text, [])}
    assert {(m[1], m[2]) for m in found} == {
        ("Lalpura", "Lalpura"),
        ("Khost-e-Fereng", "Khost-e-Fereng"),
        ("Khost e Fereng", "Khost e Fereng"),
    }
    assert text.index("Lalpura") in {start for start, _, _ in found}
