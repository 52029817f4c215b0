"""Attribution: who asserts it, with what stance, hedged or not."""

from __future__ import annotations

from typing import Any

import pytest

from ceasefire.domain import Stance
from ceasefire.extract.attribution import attribute, normalise_source
from ceasefire.extract.nlp import load_english


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_english()


def _attribute(nlp: Any, sentence: str, trigger: str) -> Any:
    return attribute(sentence, nlp(sentence), trigger_start=sentence.index(trigger))


def test_according_to(nlp: Any) -> None:
    result = _attribute(
        nlp,
        "Two guards were wounded in the shelling, according to the district hospital.",
        "shelling",
    )
    assert result.source == "hospital" and result.source_kind == "medical"
    assert result.stance is Stance.ASSERTS


def test_said_with_subject(nlp: Any) -> None:
    result = _attribute(nlp, "Police said gunmen attacked the checkpoint overnight.", "attacked")
    assert result.source == "police"
    assert result.stance is Stance.ASSERTS


def test_accusation_is_an_allegation(nlp: Any) -> None:
    result = _attribute(
        nlp, "The Taliban accused Pakistan of conducting air strikes on the capital.", "air strikes"
    )
    assert result.source == "Taliban"
    assert result.stance is Stance.ALLEGES


def test_denial(nlp: Any) -> None:
    result = _attribute(nlp, "The ministry denied that its forces shelled the village.", "shelled")
    assert result.stance is Stance.DENIES
    assert result.source == "ministry"


def test_hedge_turns_an_assertion_into_an_allegation(nlp: Any) -> None:
    result = _attribute(nlp, "Border forces reportedly fired on the post.", "fired")
    assert result.is_hedged and result.stance is Stance.ALLEGES and result.source is None


def test_admission(nlp: Any) -> None:
    result = _attribute(
        nlp, "The group claimed responsibility for the bombing in a statement.", "bombing"
    )
    assert result.is_admission


def test_known_sources_are_normalised() -> None:
    assert normalise_source("The United Nations Assistance Mission in Afghanistan") == (
        "UNAMA",
        "un_agency",
    )
    assert normalise_source("the Center for Research and Security Studies (CRSS)")[0] == "CRSS"


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The defence ministry rejects reports that its border forces fired on the post.", "fired"),
        ("The ministry rejected claims that its artillery shelled the village.", "shelled"),
        ("A spokesman denied that government forces bombed the market.", "bombed"),
        ("The army dismissed as baseless the reports that its troops shelled the camp.", "shelled"),
        ("Officials refuted allegations that drones struck the school.", "drones struck"),
        ("Reports that its forces shelled the town were dismissed by the ministry.", "shelled"),
        ("The governor said the border guards did not fire on the crowd.", "did not fire on"),
        ("Our troops have never shelled a civilian area, the ministry said.", "have never shelled"),
    ],
)
def test_denials_and_their_negated_forms_deny(nlp: Any, sentence: str, trigger: str) -> None:
    assert _attribute(nlp, sentence, trigger).stance is Stance.DENIES


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The ministry said its border forces fired on the post.", "fired"),
        ("Police reported that artillery shelled the village overnight.", "shelled"),
        ("The militants fired on the post after the talks were rejected.", "fired"),
    ],
)
def test_reports_of_acts_do_not_deny(nlp: Any, sentence: str, trigger: str) -> None:
    assert _attribute(nlp, sentence, trigger).stance is not Stance.DENIES
