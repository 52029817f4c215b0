from typing import Any

import pytest

from ceasefire.domain import TargetCategory
from ceasefire.extract.quantities import Outcome, count_dead, find_casualties, parse_quantity


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("at least three dozen", 36, None),
        ("more than 600", 601, None),
        ("2, 414", 2414, 2414),
        ("2,414", 2414, 2414),
        ("dozens", 12, None),
        ("tens of", 10, None),
        ("hundreds", 100, None),
        ("between 20 and 30", 20, 30),
        ("twenty-three", 23, 23),
        ("one hundred and fifty", 150, 150),
        ("a dozen", 12, 12),
        ("up to 50", None, 50),
        ("fewer than 10", None, 9),
    ],
)
def test_parse_quantity(text: str, low: int | None, high: int | None) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None and (quantity.low, quantity.high) == (low, high)


def figures(text: str) -> list[tuple[Outcome, int | None, TargetCategory]]:
    return [
        (f.outcome, f.quantity.low, f.category) for f in find_casualties(text) if f.part_of is None
    ]


def test_coordinated_victims_share_their_outcome() -> None:
    assert figures("Two soldiers and a civilian were killed in the attack.") == [
        (Outcome.KILLED, 2, TargetCategory.SECURITY_FORCES),
        (Outcome.KILLED, 1, TargetCategory.CIVILIANS),
    ]


def test_killed_and_injured_kept_apart() -> None:
    assert figures("50 dead and 550 injured") == [
        (Outcome.KILLED, 50, TargetCategory.UNKNOWN),
        (Outcome.INJURED, 550, TargetCategory.UNKNOWN),
    ]
    assert figures("killing 12 people and wounding 20") == [
        (Outcome.KILLED, 12, TargetCategory.UNKNOWN),
        (Outcome.INJURED, 20, TargetCategory.UNKNOWN),
    ]


def test_outcome_before_the_figure() -> None:
    assert figures("Somali forces kill 50 militants in airstrikes") == [
        (Outcome.KILLED, 50, TargetCategory.MILITANTS)
    ]
    assert figures("The military said the death toll rose to 31.") == [
        (Outcome.KILLED, 31, TargetCategory.UNKNOWN)
    ]


def test_other_verbs_break_the_link() -> None:
    assert figures("The army said it killed 33 attackers and rescued nearly 200 passengers.") == [
        (Outcome.KILLED, 33, TargetCategory.MILITANTS)
    ]


def test_abducted_and_arrested() -> None:
    assert figures("More than 200 passengers were taken hostage.") == [
        (Outcome.ABDUCTED, 201, TargetCategory.CIVILIANS)
    ]
    assert figures("Police arrested five suspects.") == [
        (Outcome.ARRESTED, 5, TargetCategory.UNKNOWN)
    ]


def test_a_breakdown_is_part_of_the_whole() -> None:
    found = find_casualties("At least 10 people, including three children, were killed.")
    whole, part = found
    assert (whole.quantity.low, whole.quantity.high, whole.outcome) == (10, None, Outcome.KILLED)
    assert part.part_of == whole.start and part.category is TargetCategory.CIVILIANS


@pytest.mark.parametrize(
    "text",
    [
        "There were 2, 414 attacks in 2024 across 600 kilometres.",
        "five vehicles carrying soldiers were destroyed",
        "the 1,000th day of the war",
        "The loan is worth $8 billion.",
    ],
)
def test_numbers_of_other_things_are_not_figures(text: str) -> None:
    assert find_casualties(text) == []


def test_offsets() -> None:
    text = "A blast killed at least 36 civilians."
    [figure] = find_casualties(text, offset=50)
    assert text[figure.quantity.start - 50 : figure.quantity.end - 50] == "at least 36"


def test_breakdown_after_the_outcome_is_part_of_the_figure() -> None:
    found = find_casualties("Five guards were killed, including one at the gate.")
    whole = [f for f in found if f.part_of is None]
    assert [(f.outcome, f.quantity.low) for f in whole] == [(Outcome.KILLED, 5)]


@pytest.mark.parametrize("text", ["No one was killed in the blast.", "Not a single soldier died."])
def test_no_one_is_no_figure(text: str) -> None:
    assert find_casualties(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A nationality names victims without their role.
        ("Three Americans were killed.", [(Outcome.KILLED, 3, TargetCategory.UNKNOWN)]),
        (
            "The bombing killed an American aid worker and nine French soldiers.",
            [
                (Outcome.KILLED, 1, TargetCategory.CIVILIANS),
                (Outcome.KILLED, 9, TargetCategory.SECURITY_FORCES),
            ],
        ),
        # The subject of an active verb is the killer, not a victim.
        ("A suicide bomber killed a man.", [(Outcome.KILLED, 1, TargetCategory.CIVILIANS)]),
        (
            "Two gunmen killed three police officers.",
            [(Outcome.KILLED, 3, TargetCategory.SECURITY_FORCES)],
        ),
        ("Two gunmen were killed.", [(Outcome.KILLED, 2, TargetCategory.MILITANTS)]),
    ],
)
def test_who_was_hit(text: str, expected: list[tuple[Outcome, int, TargetCategory]]) -> None:
    assert figures(text) == expected


def test_victims_aboard_and_activists() -> None:
    assert figures("Nine activists aboard were killed.") == [
        (Outcome.KILLED, 9, TargetCategory.CIVILIANS)
    ]


@pytest.mark.parametrize(
    ("text", "low"),
    [
        (
            "The death toll from Tuesday's suicide bombing at a mosque in Peshawar has risen to 61.",
            61,
        ),
        ("Four soldiers, including a captain, were martyred in the ambush.", 4),
        ("Four soldiers including a captain were killed.", 4),
    ],
)
def test_a_figure_whose_outcome_stands_far_from_it(text: str, low: int) -> None:
    figures = [f for f in find_casualties(text) if f.part_of is None]
    assert [(f.outcome, f.quantity.low) for f in figures] == [(Outcome.KILLED, low)]


def test_quotation_marks_around_the_outcome_and_an_apposition_that_breaks_it_down() -> None:
    text = 'Two soldiers, a naik and a sepoy, "embraced shahadat" in the exchange of fire.'
    figures = find_casualties(text)
    wholes = [f for f in figures if f.part_of is None]
    assert [(f.outcome, f.quantity.low) for f in wholes] == [(Outcome.KILLED, 2)]
    assert len([f for f in figures if f.part_of is not None]) == 2
    assert wholes[0].text == "Two soldiers"  # offsets and text are the sentence's own


def test_an_outcome_right_after_a_number_comes_before_any_later_noun() -> None:
    figures = find_casualties("One killed, dozens hurt as police fire on a protest in Bara")
    assert [(f.outcome, f.quantity.low, f.category.value) for f in figures] == [
        (Outcome.KILLED, 1, "unknown"),
        (Outcome.INJURED, 12, "unknown"),
    ]


def test_a_toll_told_by_another_source_is_a_rival_count_not_a_whole() -> None:
    text = "Police said 11 people had died, but a hospital official put the toll at 17."
    figures = find_casualties(text)
    assert [(f.quantity.low, f.part_of is None) for f in figures] == [(11, True), (17, True)]


def test_members_of_a_family_are_counted_with_their_breakdown() -> None:
    text = "Six members of a family, including four children, were killed."
    wholes = [f for f in find_casualties(text) if f.part_of is None]
    assert [(f.outcome, f.quantity.low, f.category.value) for f in wholes] == [
        (Outcome.KILLED, 6, "civilians")
    ]


def test_most_of_them_says_who_the_people_were() -> None:
    figures = find_casualties("At least 26 people, most of them pilgrims, were killed.")
    assert [(f.outcome, f.quantity.low, f.category.value) for f in figures] == [
        (Outcome.KILLED, 26, "civilians")
    ]


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("The hospital received seven bodies and 19 injured after the shelling.", 7, 19),
        ("At least five people were killed, among them a police officer, and 12 wounded.", 5, 12),
    ],
)
def test_bodies_and_a_share_told_after_the_outcome(text: str, killed: int, injured: int) -> None:
    wholes = [f for f in find_casualties(text) if f.part_of is None]
    assert [(f.outcome, f.quantity.low) for f in wholes] == [
        (Outcome.KILLED, killed),
        (Outcome.INJURED, injured),
    ]


@pytest.mark.parametrize("number", ["99999999999999999999999", "9" * 5000, "20,000,001"])
def test_a_number_past_any_count_of_people_is_no_figure(number: str) -> None:
    # Issue 16, medium 8: such a figure overflowed the database's integer (a traceback).
    text = f"Militants attacked a checkpoint, killing {number} soldiers and wounding 3 others."
    figures = find_casualties(text)
    assert [(f.quantity.low, f.quantity.high) for f in figures] == [(3, 3)]
    assert parse_quantity(f"at least {number}") is None


@pytest.fixture(scope="module")
def english() -> object:
    from ceasefire.extract.nlp import load_english, model_package

    if model_package() is None:
        pytest.skip("the spaCy English pipeline is not installed")
    return load_english()


@pytest.mark.parametrize(
    ("text", "value", "victims"),
    [
        # a singular victim with a predicate the casualty pass does not read as a figure
        ("A watchman posted at the dam was shot dead on Friday.", 1, ("watchman",)),
        # coordinated victims, one of them an article and a noun of no victim lexicon
        ("The shell hit a clinic, killing four patients and a pharmacist.", 5,
         ("patients", "pharmacist")),
        # "along with": the companions die too
        ("The commander was killed along with three of his aides.", 4, ("commander", "three")),
        # a relative clause: its antecedent died
        ("Havildar Karim Dad, who was martyred in the raid, was buried on Sunday.", 1,
         ("dad",)),
        ("An elder and his nephew were martyred.", 2, ("elder", "nephew")),
        ("More than 40 fighters were killed.", 41, ("fighters",)),
        # a verb that says a death with its object: the subject died
        ("During the exchange of fire, Sepoy Nadir Ali embraced shahadat.", 1, ("ali",)),
        ("A constable lost his life when the post was attacked.", 1, ("constable",)),
        ("Three children lost their lives in the blast.", 3, ("children",)),
    ],
)  # fmt: skip
def test_count_dead_counts_victims_from_the_parse(
    english: Any, text: str, value: int, victims: tuple[str, ...]
) -> None:
    [count] = count_dead(english(text), offset=100)
    assert (count.value, count.victims) == (value, victims)
    assert 100 <= count.start < count.end <= 100 + len(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fighters were killed in the raid.",  # a plural with no number: the parse cannot count
        "No one was killed.",
        "They were killed near the border.",
        "Police killed a suspect's accomplices.",
        # the same verbs with another object say no death
        "The army lost the post in the night.",
        "The family embraced the returning soldier.",
        # a life with no owner, a number of lives, a state for a subject: nobody counted
        "Pakistan has lost over 80,000 lives in the war on terror.",
        "The country lost lives and livelihoods to the floods.",
    ],
)
def test_count_dead_abstains_where_the_parse_has_no_number(english: Any, text: str) -> None:
    assert count_dead(english(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "both" counts two when a verb, a victim noun or the end of the clause follows
        ("Both were killed on the spot.", [(Outcome.KILLED, 2, TargetCategory.UNKNOWN)]),
        ("The gunmen fled after killing both.", [(Outcome.KILLED, 2, TargetCategory.UNKNOWN)]),
        (
            "Both soldiers died in hospital.",
            [(Outcome.KILLED, 2, TargetCategory.SECURITY_FORCES)],
        ),
        ("Both sides traded fire across the border.", []),
        # the region's words for died and for soldiers
        ("Two more have expired in hospital.", [(Outcome.KILLED, 2, TargetCategory.UNKNOWN)]),
        (
            "Three jawans and one citizen shaheed.",
            [
                (Outcome.KILLED, 3, TargetCategory.SECURITY_FORCES),
                (Outcome.KILLED, 1, TargetCategory.CIVILIANS),
            ],
        ),
        ("The ceasefire expired after 72 hours.", []),
        # an outcome reported at one remove
        (
            "Thirteen people are now known to have died.",
            [(Outcome.KILLED, 13, TargetCategory.UNKNOWN)],
        ),
        (
            "Four soldiers were reported killed.",
            [(Outcome.KILLED, 4, TargetCategory.SECURITY_FORCES)],
        ),
    ],
)
def test_figures_read_in_more_words(
    text: str, expected: list[tuple[Outcome, int, TargetCategory]]
) -> None:
    assert figures(text) == expected
