"""Trigger lexicon: acts map to ACLED types; negated, threatened and statistical uses are flagged."""

from __future__ import annotations

import pytest

from ceasefire.extract.triggers import find_triggers, is_attempted, is_negated, is_statistic


@pytest.mark.parametrize(
    ("sentence", "trigger", "sub_event_type"),
    [
        ("A drone strike hit a compound in North Waziristan.", "drone strike", "Air/drone strike"),
        ("Jets carried out airstrikes overnight.", "airstrikes", "Air/drone strike"),
        (
            "Mortar shells landed in the village.",
            "Mortar shells",
            "Shelling/artillery/missile attack",
        ),
        (
            "Heavy shelling was reported near the crossing.",
            "shelling",
            "Shelling/artillery/missile attack",
        ),
        ("A suicide bomber blew himself up at the gate.", "suicide bomber", "Suicide bomb"),
        ("A roadside bomb struck a convoy.", "roadside bomb", "Remote explosive/landmine/IED"),
        ("Troops clashed with fighters on Friday.", "clashed", "Armed clash"),
        ("Border forces opened fire on a checkpost.", "opened fire on", "Armed clash"),
        ("Gunmen ambushed a police patrol.", "ambushed", "Attack"),
        ("Militants kidnapped four engineers.", "kidnapped", "Abduction/forced disappearance"),
        ("Fighting broke out at dawn.", "Fighting broke out", "Armed clash"),
        # the region's official words and ACLED's other sub-events
        (
            "Security forces conducted an intelligence based operation in Datta Khel.",
            "intelligence based operation",
            "Armed clash",
        ),
        ("The IBO was carried out on Friday.", "IBO", "Armed clash"),
        ("A sanitisation operation is under way.", "sanitisation operation", "Armed clash"),
        ("Our martyrdom-seeker struck a convoy.", "martyrdom-seeker", "Suicide bomb"),
        ("The drone martyred three fighters.", "martyred", "Attack"),
        ("Two soldiers embraced shahadat.", "embraced shahadat", "Attack"),
        ("Air defences shot down a drone.", "shot down", "Disrupted weapons use"),
        ("The aircraft carried out bombardment.", "bombardment", "Air/drone strike"),
        ("A commander was assassinated in Kunduz.", "assassinated", "Attack"),
    ],
)
def test_trigger_types(sentence: str, trigger: str, sub_event_type: str) -> None:
    found = find_triggers(sentence)
    assert any(t.text == trigger and t.sub_event_type == sub_event_type for t in found), found


def test_offsets_are_shifted() -> None:
    found = find_triggers("A blast hit the market.", offset=100)
    assert found[0].start == 102 and found[0].end == 107


@pytest.mark.parametrize(
    ("sentence", "word", "negated"),
    [
        ("Both sides agreed not to target civilians.", "target", True),
        ("The group threatened to attack polling stations.", "attack", True),
        ("The ministry denied that its forces shelled the town.", "shelled", True),
        ("The army shelled the town on Monday.", "shelled", False),
        ("After talks failed, gunmen attacked the convoy.", "attacked", False),
        ("Two men were charged with planning to abduct a judge.", "abduct", True),
    ],
)
def test_negation_window(sentence: str, word: str, negated: bool) -> None:
    assert is_negated(sentence, sentence.index(word)) is negated


@pytest.mark.parametrize(
    ("sentence", "word", "attempted"),
    [
        ("Militants attempted to attack a check post in Mattani on Monday.", "attack", True),
        ("Gunmen tried to storm the camp before dawn.", "storm", True),
        ("Militants attacked a check post in Mattani on Monday.", "attack", False),
        # another clause's attempt is not this act's
        (
            "A raid was attempted last year, and gunmen attacked the post on Monday.",
            "attacked",
            False,
        ),
    ],
)
def test_an_attempt_is_read_apart_from_a_negation(
    sentence: str, word: str, attempted: bool
) -> None:
    start = sentence.index(word)
    assert is_attempted(sentence, start) is attempted
    assert not is_negated(sentence, start)  # an attempt cancels nothing: the keep model weighs it


def test_statistics_are_not_incidents() -> None:
    assert is_statistic("The group carried out more than 600 attacks last year.")
    assert is_statistic("Officials reported a surge in attacks in the north.")
    assert not is_statistic("The group attacked a checkpoint on Monday.")


@pytest.mark.parametrize(
    "sentence",
    [
        "The network documented 14 incidents of cross-border fire affecting civilians.",
        "Most incidents involved artillery or rocket fire on villages.",
        "Partners recorded eleven incidents of shelling in Kunar.",
    ],
)
def test_a_count_of_incidents_is_a_statistic(sentence: str) -> None:
    assert is_statistic(sentence)


def test_one_incident_is_no_statistic() -> None:
    assert not is_statistic("The incident took place near the crossing on Monday.")
