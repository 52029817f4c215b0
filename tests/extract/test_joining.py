"""The same act told again: the join model's candidates and features (extract/joining.py), how
its choice folds a retelling into its act (extract/filling.py), and where its training labels
come from (services/training.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ceasefire.evaluate.gold import GoldDocument, GoldIncident
from ceasefire.extract.choice import JOIN, ChoiceModel, LinearChoice
from ceasefire.extract.filling import choose
from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.extract.pipeline import Resources, default_pipeline, facts_of
from ceasefire.extract.slots import candidates_of
from ceasefire.services.training import (
    Examples,
    Prepared,
    _gold_acts,
    _headlines_told,
    _pair_by_evidence,
    new_scorer,
)

PUBLISHED = date(2025, 11, 4)  # a Tuesday
# A headline above the story of its act, in other words; then an act of another kind elsewhere,
# then the first act told again with a day of its own.
STORY = (
    "Roadside blast near Khar\n\n"
    "Three soldiers were killed when a suicide bomber blew himself up near Khar in Bajaur "
    "district on Saturday morning, the military said on Monday. "
    "In a separate incident, gunmen abducted two teachers in Tank on Sunday, police said. "
    "The suicide bomber blew himself up near Khar on Friday, a local official said."
)


def _khar(admin1: str) -> GoldIncident:
    """The gold act of STORY's suicide bombing near Khar, placed in `admin1`."""
    return GoldIncident(
        key="khar",
        event_type="Explosions/Remote violence",
        sub_event_type="Suicide bomb",
        date=date(2025, 11, 1),
        country="Pakistan",
        admin1=admin1,
        location="Khar",
        perpetrator=None,
        target_categories=frozenset({"security_forces"}),
        killed_low=3,
        injured_low=None,
        evidence="Three soldiers were killed when a suicide bomber blew himself up near Khar",
        is_optional=False,
        is_historical=False,
    )


@pytest.fixture(scope="module")
def rules() -> Any:
    return default_pipeline(Resources.load(choice=False))


def run(pipeline: Any, text: str) -> Any:
    return pipeline.run(document_id="t", text=text, published=PUBLISHED)


def test_candidates_are_abstaining_and_the_acts_it_may_tell_again(rules: Any) -> None:
    analysis = run(rules, STORY)
    incidents = analysis.incidents
    kinds = [i.sub_event_type for i in incidents]
    assert kinds.count("Suicide bomb") == 2, kinds  # the rules keep the two tellings apart
    found = candidates_of(facts_of(analysis), incidents)
    for position, incident in enumerate(found):
        candidates = incident.slots[JOIN]
        assert candidates[0].value is None and candidates[0].features["abstain"] == 1.0
        targets = [c.value for c in candidates[1:]]
        assert position not in targets
        if incident.keep.get("headline"):
            assert targets and all(t > position for t in targets)  # a title names what follows
        else:
            assert all(t < position for t in targets)  # a retelling follows its act
            assert all(incidents[t].mentions[0].start != 0 for t in targets)  # never a headline
        # exactly one candidate is the rules' own choice (an act, or abstaining)
        ruled = [c for c in candidates if c.features.get("rule") or c.features.get("rule_abstains")]
        assert len(ruled) == 1
    first, last = kinds.index("Suicide bomb"), len(kinds) - 1 - kinds[::-1].index("Suicide bomb")
    pair = next(c for c in found[last].slots[JOIN] if c.value == first)
    # the same kind and place, another day: the rules cannot fold it, the features say why
    assert pair.features["same_sub_type"] == 1.0
    assert pair.features["admin1_same"] == 1.0
    assert pair.features["date_differs"] == 1.0 and pair.features["date_one_day"] == 1.0
    assert pair.features["compatible"] == 0.0
    # an act of another event type is never a candidate (only a headline names its act in other
    # words): the abduction between them is not
    other = kinds.index("Abduction/forced disappearance")
    assert other not in [c.value for c in found[last].slots[JOIN]]


def test_the_join_choice_folds_the_retelling_into_its_act(rules: Any) -> None:
    analysis = run(rules, STORY)
    incidents = analysis.incidents
    # Weights given here, not learned: the test is of how the choice is applied.
    join = LinearChoice({"abstain": 1.0, "same_sub_type": 1.0, "admin1_same": 1.0}, 0.0)
    chosen = choose(
        facts_of(analysis), incidents, ChoiceModel({JOIN: join}), gazetteer=Gazetteer.load()
    )
    kinds = sorted(i.sub_event_type for i in chosen)
    assert kinds == ["Abduction/forced disappearance", "Suicide bomb"]
    bomb = next(i for i in chosen if i.sub_event_type == "Suicide bomb")
    assert bomb.date.value == date(2025, 11, 1)  # the act keeps its own day
    told = {c.start for i in incidents if i.sub_event_type != kinds[0] for c in i.claims}
    assert told <= {c.start for c in bomb.claims}  # the retellings' quotes are its claims now
    # a model that always abstains folds nothing
    never = LinearChoice({"abstain": 5.0}, 0.0)
    assert len(
        choose(
            facts_of(analysis), incidents, ChoiceModel({JOIN: never}), gazetteer=Gazetteer.load()
        )
    ) == len(incidents)


def test_training_labels_a_retelling_with_the_gold_act_whose_evidence_it_holds(
    rules: Any,
) -> None:
    analysis = run(rules, STORY)
    gold = _khar("Khyber Pakhtunkhwa")
    document = Prepared("t", GoldDocument("t.txt", (gold,)), STORY, analysis, facts_of(analysis))
    body = next(i for i in analysis.incidents if i.claims[0].quote.startswith("Three soldiers"))
    acts = _gold_acts(document, {id(body): gold})
    by_incident = dict(zip((i.sub_event_type for i in analysis.incidents), acts, strict=False))
    assert acts[analysis.incidents.index(body)] == "khar"  # the scorer's pair
    assert by_incident["Abduction/forced disappearance"] is None  # no gold act in its sentence
    # the headline holds no gold evidence: no act of its own ...
    assert acts[0] is None
    # ... but for the join labels it tells the act near Khar in other words ("blast")
    assert analysis.incidents[0].sub_event_type != gold.sub_event_type
    told = _headlines_told(document, acts, new_scorer())
    assert told[0] == "khar" and told[1:] == acts[1:]


def test_a_headline_tells_no_act_it_contradicts(rules: Any) -> None:
    analysis = run(rules, STORY)
    gold = _khar("Balochistan")  # the headline's Khar is in Khyber Pakhtunkhwa
    document = Prepared("t", GoldDocument("t.txt", (gold,)), STORY, analysis, facts_of(analysis))
    assert analysis.incidents[0].place.admin1 == "Khyber Pakhtunkhwa"
    acts = _gold_acts(document, {})
    assert "khar" in acts  # the body's sentence holds the evidence
    assert _headlines_told(document, acts, new_scorer())[0] is None


def test_the_act_a_headline_tells_stays_the_bodys_for_the_other_models(rules: Any) -> None:
    # when the scorer paired nothing with the act, it is paired for training with the body's
    # sentence that tells it, not with the headline that tells it in other words
    analysis = run(rules, STORY)
    gold = _khar("Khyber Pakhtunkhwa")
    document = Prepared("t", GoldDocument("t.txt", (gold,)), STORY, analysis, facts_of(analysis))
    matched: dict[int, GoldIncident] = {}
    acts = _gold_acts(document, matched)
    _pair_by_evidence(document, matched, acts, new_scorer().filed)
    [paired] = [i for i in analysis.incidents if id(i) in matched]
    assert paired.claims[0].quote.startswith("Three soldiers")
    assert _headlines_told(document, acts, new_scorer())[0] == "khar"


def test_one_act_word_split_by_place_is_never_joined_back(rules: Any) -> None:
    # the rules make one act per coordinated province; the join offers no candidate between them
    analysis = run(
        rules, "Pakistani strikes hit Khost and Paktika on Monday, killing nine, officials said."
    )
    incidents = analysis.incidents
    assert {i.place.admin1 for i in incidents} == {"Khost", "Paktika"}
    for found in candidates_of(facts_of(analysis), incidents):
        assert [c.value for c in found.slots[JOIN]] == [None]


def test_a_retelling_in_the_same_words_is_measured(rules: Any) -> None:
    """The retelling and its act share the names and words of the act ("suicide bomber blew
    himself up near Khar"): the share of content words, a name; the keep model sees the same of
    the earlier act."""
    analysis = run(rules, STORY)
    incidents = analysis.incidents
    kinds = [i.sub_event_type for i in incidents]
    first, last = kinds.index("Suicide bomb"), len(kinds) - 1 - kinds[::-1].index("Suicide bomb")
    found = candidates_of(facts_of(analysis), incidents)
    pair = next(c for c in found[last].slots[JOIN] if c.value == first)
    # shared: suicide, bomber, blew, near, Khar (of 20 or so content words of both sentences)
    assert 0.15 < pair.features["word_overlap"] < 0.6
    assert pair.features["name_shared"] == 1.0  # Khar
    assert pair.features["figure_shared"] == 0.0  # no figure in the retelling
    assert found[last].keep["echo_overlap"] == pair.features["word_overlap"]
    assert found[last].keep["echo_name"] == 1.0
    # the abduction says nothing in the act's words
    abduction = kinds.index("Abduction/forced disappearance")
    assert found[abduction].keep["echo_overlap"] == 0.0


def test_an_act_whose_slot_contradicts_the_gold_still_trains_as_that_act(rules: Any) -> None:
    """The rules find the act but put it in another province than the gold's, so the scorer
    leaves both alone: for training it is still the gold act its sentence tells (a yes for the
    keep model, and its slots labelled by that act), once, and only when no incident was paired
    with that act."""
    analysis = run(rules, STORY)

    def gold(admin1: str) -> Prepared:
        act = _khar(admin1)
        return Prepared("t", GoldDocument("t.txt", (act,)), STORY, analysis, facts_of(analysis))

    right, contradicted = Examples(), Examples()
    right.add(gold("Khyber Pakhtunkhwa"))
    contradicted.add(gold("Balochistan"))
    assert contradicted.unreachable == 1  # the scorer did miss it
    for examples in (right, contradicted):
        assert sum(label for _features, label in examples.rows["keep"]) == 1
        assert {c for c in examples.choices["place"]} == {c for c in right.choices["place"]}
        assert examples.rows["killed"]
    # the place labels follow the gold: no candidate is in Balochistan
    assert any(label for _f, label in right.rows["place"])
    assert not any(label for _f, label in contradicted.rows["place"])
