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
