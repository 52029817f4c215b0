"""Roles from the dependency parse, not word order: agent, patient and place phrases."""

from __future__ import annotations

from typing import Any

import pytest

from ceasefire.extract.nlp import load_english
from ceasefire.extract.roles import find_roles


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_english()


def _roles(nlp: Any, sentence: str, trigger: str) -> tuple[str | None, str | None, list[str]]:
    doc = nlp(sentence)
    start = sentence.index(trigger)
    roles = find_roles(doc, start, start + len(trigger))

    def text(span: tuple[int, int] | None) -> str | None:
        return sentence[span[0] : span[1]] if span else None

    return text(roles.agent), text(roles.patient), [sentence[s:e] for s, e in roles.places]


def test_active_verb(nlp: Any) -> None:
    agent, patient, _ = _roles(nlp, "Afghan forces fired on Pakistani border posts.", "fired")
    assert agent == "Afghan forces"
    assert patient == "Pakistani border posts"


def test_passive_verb_agent_comes_after(nlp: Any) -> None:
    agent, patient, _ = _roles(
        nlp, "The checkpoint was attacked by militants on Sunday.", "attacked"
    )
    assert agent == "militants"
    assert patient == "The checkpoint"


def test_noun_trigger_with_prepositions(nlp: Any) -> None:
    agent, _, places = _roles(
        nlp, "Residents reported drone strikes from Pakistan in Khost.", "drone strikes"
    )
    assert agent == "Pakistan"
    assert any("Khost" in place for place in places)


def test_accusation_object_is_the_perpetrator(nlp: Any) -> None:
    sentence = "Kabul accused Islamabad of carrying out air strikes on a market."
    agent, _, _ = _roles(nlp, sentence, "air strikes")
    assert agent == "Islamabad"


def test_subject_of_launch_is_the_perpetrator(nlp: Any) -> None:
    agent, _, _ = _roles(
        nlp, "The army launched airstrikes against hideouts in Kurram.", "airstrikes"
    )
    assert agent == "The army"


def test_who_takes_credit_for_an_act_is_its_agent(nlp: Any) -> None:
    agent, _, _ = _roles(
        nlp, "The rebel front took credit for the raid on the police station.", "raid"
    )
    assert agent == "The rebel front"


def test_an_act_blamed_on_a_group(nlp: Any) -> None:
    agent, _, _ = _roles(nlp, "The bombing was blamed on a local militia.", "bombing")
    assert agent == "a local militia"


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # The one who says "it killed" is the one who killed.
        ("The Pakistan military said it killed 33 militants on Tuesday.", "killed", "military"),
        # A day owns no act.
        ("Tuesday's attack on the checkpoint killed four police officers.", "attack", None),
    ],
)
def test_agent_found_through_speaker_and_not_a_day(
    nlp: Any, sentence: str, trigger: str, expected: str | None
) -> None:
    agent, _, _ = _roles(nlp, sentence, trigger)
    assert (agent.split()[-1] if agent else None) == expected


def test_a_relative_pronoun_agent_is_its_antecedent(nlp: Any) -> None:
    text = "Police said six militants of al-Shabab who stormed a hotel on Tuesday were killed."
    doc = nlp(text)
    start = text.index("stormed")
    roles = find_roles(doc, start, start + len("stormed"))
    assert roles.agent is not None
    assert text[roles.agent[0] : roles.agent[1]] == "militants"
