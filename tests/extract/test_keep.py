"""Which act mentions are incidents: the participle that is no act's predicate (extract/roles.py),
the keep model's features (extract/keep.py), and a retelling folded into its act
(extract/filling.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ceasefire.domain import DatePrecision, Estimate, EventDate, Incident, Place
from ceasefire.extract.choice import ChoiceModel, LinearChoice
from ceasefire.extract.filling import choose, compatible, fold_into, same_act
from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.extract.keep import trigger_grammar
from ceasefire.extract.pipeline import Resources, default_pipeline, facts_of
from ceasefire.extract.roles import clause_of, reduced_relative_predicate
from ceasefire.extract.slots import candidates_of
from ceasefire.extract.triggers import find_triggers

PUBLISHED = date(2025, 11, 4)  # a Tuesday
# A headline line above the story of its act, in other words: two incidents for the rules.
KHAR = (
    "Roadside blast near Khar\n\n"
    "Three soldiers were killed when a suicide bomber blew himself up near Khar in Bajaur "
    "district on Saturday morning, the military said on Monday."
)


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load(choice=False)


@pytest.fixture(scope="module")
def rules(resources: Resources) -> Any:
    return default_pipeline(resources)


@pytest.fixture(scope="module")
def nlp(resources: Resources) -> Any:
    return resources.nlp()


def run(pipeline: Any, text: str) -> Any:
    return pipeline.run(document_id="t", text=text, published=PUBLISHED)


# --- the participle that modifies a noun is not the act's predicate ------------------------------


@pytest.mark.parametrize(
    ("sentence", "participle", "predicate"),
    [
        (
            "A woman was wounded when artillery shells fired from across the frontier landed on "
            "a house in Angoor Adda on Friday evening, local officials said.",
            "fired",
            "landed",
        ),
        (
            "Three shepherds died when rockets launched from the mountains struck a village near "
            "Zhob on Thursday, police said on Friday.",
            "launched",
            "struck",
        ),
    ],
)
def test_a_reduced_relative_belongs_to_its_nouns_predicate(
    nlp: Any, sentence: str, participle: str, predicate: str
) -> None:
    doc = nlp(sentence)
    found = {t.text: p.text for t in doc for p in [reduced_relative_predicate(t)] if p}
    assert found == {participle: predicate}
    # the participle's clause is its noun's predicate's clause: the date there dates the act
    at = sentence.index(f" {participle} ") + 1
    day = sentence.index(" on ", sentence.index(predicate)) + 4
    assert clause_of(doc, at) == clause_of(doc, day)


@pytest.mark.parametrize(
    "sentence",
    [
        # a real predicate joined by "and" to another
        "Troops fired from across the border on Monday and killed two civilians.",
        # a verb with a clause of its own after it
        "Three shepherds died when a shell struck their hut near Zhob on Thursday.",
        # a passive with its auxiliary is a predicate
        "Rockets were fired at a checkpoint in Bannu on Sunday night.",
    ],
)
def test_a_predicate_is_no_reduced_relative(nlp: Any, sentence: str) -> None:
    assert all(reduced_relative_predicate(t) is None for t in nlp(sentence))


def test_the_act_of_a_reduced_relative_gets_its_date_and_place(rules: Any) -> None:
    analysis = run(
        rules,
        "Three shepherds died when rockets launched from the mountains struck a village near "
        "Zhob on Thursday, police said on Friday.",
    )
    [incident] = analysis.incidents
    assert incident.date.value == date(2025, 10, 30)  # the Thursday before publication
    assert (incident.place.admin1, incident.place.location) == ("Balochistan", "Zhob")
    assert incident.fatalities.low == 3


# --- the grammar of the act word -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected", "absent"),
    [
        ("Militants had attacked the post in 2019.", {"perfect_past"}, {"past", "modal"}),
        ("The group has killed dozens of soldiers.", {"perfect_present"}, {"past"}),
        ("Militants attacked a police post on Sunday.", {"past", "main_clause"}, {"modal"}),
        ("The army said it would attack the hideouts.", {"modal"}, {"past", "future"}),
        ("The rebels will attack the town.", {"modal", "future"}, {"past"}),
        ("The Taliban did not attack the border post.", {"negated"}, {"modal"}),
    ],
)
def test_tense_aspect_modality_and_negation_of_the_act_word(
    nlp: Any, sentence: str, expected: set[str], absent: set[str]
) -> None:
    triggers = find_triggers(sentence)
    assert triggers
    grammar = trigger_grammar(nlp(sentence), 0, triggers)[triggers[0].start]
    assert all(grammar[name] == 1.0 for name in expected), grammar
    assert all(grammar[name] == 0.0 for name in absent), grammar


def test_keep_features_see_the_headline_retold_below(rules: Any) -> None:
    analysis = run(
        rules,
        KHAR,
    )
    found = candidates_of(facts_of(analysis), analysis.incidents)
    assert len(found) == 2
    headline, body = found[0].keep, found[1].keep
    assert headline["headline"] == 1.0 and body["headline"] == 0.0
    # the headline's act is told again below: same kind, nothing contradicting, and dated there
    assert headline["same_event_after"] == 1.0 and headline["headline_retold"] == 1.0
    assert headline["same_event_fuller"] == 1.0 and body["same_event_fuller"] == 0.0
    assert all(isinstance(v, float) for v in headline.values())
    assert body["no_parse"] == 0.0
    # "... were killed when a suicide bomber blew himself up": told in a past when-clause
    assert (body["verb_past"], body["verb_subordinate"], body["verb_main_clause"]) == (1, 1, 0)
    assert headline["verb_verb_found"] == 0.0  # a title: no verb


def test_an_attempted_act_is_kept_for_the_keep_model_to_weigh(rules: Any) -> None:
    # "attempted to attack" cancels nothing by rule (a foiled attack fought off is an armed
    # clash); the keep model reads the cue
    analysis = run(
        rules,
        "Khwarij attempted to attack a police check post in Mattani, Peshawar District, on "
        "Monday night; three of them were killed in the exchange of fire, police said. Gunmen "
        "attacked a school bus in Bannu on Tuesday.",
    )
    found = candidates_of(facts_of(analysis), analysis.incidents)
    cues = sorted(c.keep["attempt_cue"] for c in found)
    assert cues[0] == 0.0 and cues[-1] == 1.0
    attempted = next(c for c in found if c.keep["attempt_cue"] == 1.0)
    assert attempted.incident.place.admin1 == "Khyber Pakhtunkhwa"


def test_an_act_a_foiling_stopped_is_no_second_incident(rules: Any) -> None:
    # "thwarted" is an act word of its own (Disrupted weapons use) and still cancels the act it
    # stopped: one incident, not a suicide bombing beside it
    analysis = run(
        rules, "Security forces thwarted a suicide bombing in Quetta on Monday, police said."
    )
    assert [i.sub_event_type for i in analysis.incidents] == ["Disrupted weapons use"]


def test_keep_features_see_time_words_and_distance_before_publication(rules: Any) -> None:
    analysis = run(
        rules,
        "Gunmen attacked a police post in Bannu on Monday, police said. Last year, militants "
        "stormed a police station in Lakki Marwat in 2024, killing five policemen, officials "
        "recalled.",
    )
    news, recalled = (c.keep for c in candidates_of(facts_of(analysis), analysis.incidents))
    assert (news["year_named"], recalled["year_named"]) == (0.0, 1.0)
    assert (news["past_cue"], recalled["past_cue"]) == (0.0, 1.0)
    assert (news["days_week"], recalled["days_week"]) == (1.0, 0.0)
    assert news["log_days"] < recalled["log_days"]
    assert recalled["first_of_document"] == 0.0


# --- a retelling folds into its act ---------------------------------------------------------------


def _incident(**changes: Any) -> Incident:
    values: dict[str, Any] = {
        "id": "a",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date": EventDate(None),
        "place": Place(country="Pakistan", admin1="Balochistan", location="Chaman"),
    }
    values.update(changes)
    return Incident(**values)


def test_compatible_acts_share_kind_and_contradict_no_slot() -> None:
    act = _incident(date=EventDate(date(2025, 11, 2), DatePrecision.DAY))
    assert compatible(act, _incident(id="b"))
    assert not compatible(act, _incident(id="b", sub_event_type="Attack"))
    assert not compatible(act, _incident(id="b", date=EventDate(date(2025, 11, 1))))
    assert not compatible(act, _incident(id="b", place=Place(country="Pakistan", admin1="Sindh")))
    # a named party's act with no province is not the act in a named province
    unplaced = _incident(id="b", place=Place(country="Pakistan"), actor1="Military Forces")
    assert not compatible(act, unplaced)
    assert compatible(act, _incident(id="b", place=Place(country="Pakistan")))


def test_same_act_prefers_the_fuller_telling() -> None:
    bare = _incident(id="x")
    full = _incident(id="y", date=EventDate(date(2025, 11, 2)), fatalities=Estimate(low=2))
    assert same_act(_incident(id="z"), [bare, full]) is full
    assert same_act(_incident(id="z", sub_event_type="Attack"), [bare, full]) is None


def test_folding_fills_what_the_act_leaves_unknown(rules: Any) -> None:
    analysis = run(
        rules,
        KHAR,
    )
    headline, body = analysis.incidents[0], analysis.incidents[1]
    act = _incident(id="act", claims=list(body.claims), mentions=list(body.mentions))
    fold_into(act, body)
    assert len(act.claims) == len(body.claims)  # a quote already there is not repeated
    fold_into(act, headline)
    assert len(act.mentions) == len(body.mentions) * 2 + len(headline.mentions)
    assert headline.claims[0] in act.claims


def test_choose_folds_a_retold_headline_into_the_act(rules: Any) -> None:
    analysis = run(
        rules,
        KHAR,
    )
    assert len(analysis.incidents) == 2
    # A keep model that calls a headline no new act (weights given here, not learned:
    # the test is of how the choice is applied).
    model = ChoiceModel({"keep": LinearChoice({"headline": -10.0}, 5.0)})
    [incident] = choose(facts_of(analysis), analysis.incidents, model, gazetteer=Gazetteer.load())
    assert incident.sub_event_type == "Suicide bomb"
    assert incident.date.value == date(2025, 11, 1)
    assert incident.fatalities.low == 3
    assert {c.start for c in incident.claims} == {
        c.start for i in analysis.incidents for c in i.claims
    }
    # a retelling with nothing to fold into stays unless background is dropped
    alone = run(
        rules, "Roadside blast near Khar on Saturday\n\nThe market in Peshawar reopened on Monday."
    )
    assert len(alone.incidents) == 1
    assert alone.incidents[0].date.value is not None
    assert len(choose(facts_of(alone), alone.incidents, model, gazetteer=Gazetteer.load())) == len(
        alone.incidents
    )
    assert (
        choose(
            facts_of(alone),
            alone.incidents,
            model,
            gazetteer=Gazetteer.load(),
            drop_background=True,
        )
        == []
    )
    # ... and an undated one stays even then: the keep model has no time to judge it by
    undated = run(rules, KHAR.split("\n")[0] + "\n\nThe market in Peshawar reopened on Monday.")
    assert [i.date.value for i in undated.incidents] == [None]
    kept = choose(
        facts_of(undated),
        undated.incidents,
        model,
        gazetteer=Gazetteer.load(),
        drop_background=True,
    )
    assert [i.id for i in kept] == [i.id for i in undated.incidents]


def test_which_act_a_retelling_tells_is_judged_on_the_rules_slots(rules: Any) -> None:
    analysis = run(rules, KHAR)
    headline, body = analysis.incidents
    assert (headline.place.admin1, body.place.admin1) == ("Khyber Pakhtunkhwa",) * 2
    # A keep model that calls a headline no new act, and a place model that leaves every place
    # unknown (weights given here, not learned: the test is of how the choice is applied). The
    # chosen places no longer say the headline's act is the body's; the rules' places do, so the
    # headline still folds into the act: the slot choice fills values, it makes no acts.
    model = ChoiceModel(
        {
            "keep": LinearChoice({"headline": -10.0}, 5.0),
            "place": LinearChoice({"abstain": 10.0}, 0.0),
        }
    )
    [incident] = choose(
        facts_of(analysis),
        analysis.incidents,
        model,
        gazetteer=Gazetteer.load(),
        drop_background=True,
    )
    assert incident.place == Place()
    assert incident.date.value == date(2025, 11, 1)
    assert len(incident.mentions) == len(headline.mentions) + len(body.mentions)
    # the rules' incidents are left as they were
    assert headline.place.admin1 == body.place.admin1 == "Khyber Pakhtunkhwa"
