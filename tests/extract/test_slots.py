"""Document-level slot filling: candidates from the whole document, the shipped model's choice, zero
figures (extract/slots.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ceasefire.domain import TargetCategory
from ceasefire.extract.filling import choose
from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.extract.pipeline import Resources, default_pipeline, facts_of
from ceasefire.extract.slots import anchors_of, candidates_of, spot_candidates, story_day

PUBLISHED = date(2025, 11, 4)  # a Tuesday


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


@pytest.fixture(scope="module")
def rules(resources: Resources) -> Any:
    return default_pipeline(
        Resources(resources.gazetteer, resources.actors, resources.places, resources.nlp)
    )


@pytest.fixture(scope="module")
def learned(resources: Resources) -> Any:
    return default_pipeline(resources)


def run(pipeline: Any, text: str) -> Any:
    return pipeline.run(document_id="t", text=text, published=PUBLISHED)


def test_every_slot_gets_candidates_from_the_whole_document(rules: Any) -> None:
    analysis = run(
        rules,
        "Border clash near Chaman\n"
        "Pakistani and Afghan forces exchanged fire near Chaman on Sunday, officials said. "
        "The fighting went on for hours. Later a mortar shell hit a house, killing three "
        "civilians, police said.",
    )
    found = candidates_of(facts_of(analysis), analysis.incidents)
    assert found
    for incident in found:
        assert set(incident.slots) == {"date", "place", "perpetrator", "killed", "target", "join"}
        # abstaining is always a candidate
        assert all(any(c.value is None for c in cands) for cands in incident.slots.values())
    dates = {c.value for c in found[0].slots["date"]}
    assert date(2025, 11, 2) in dates  # "on Sunday" in the lead
    places = {(c.value.admin1 if c.value else None) for c in found[0].slots["place"]}
    assert "Balochistan" in places
    # the rules' own choice is a feature of exactly one candidate per slot (or of abstaining)
    for cands in found[0].slots.values():
        ruled = [c for c in cands if c.features.get("rule") or c.features.get("rule_abstains")]
        assert len(ruled) == 1


def test_features_are_named_numbers(rules: Any) -> None:
    analysis = run(rules, "Gunmen killed two policemen in Bannu on Monday, police said.")
    for incident in candidates_of(facts_of(analysis), analysis.incidents):
        assert all(isinstance(v, float) for v in incident.keep.values())
        for cands in incident.slots.values():
            for candidate in cands:
                assert candidate.features
                assert all(
                    isinstance(k, str) and isinstance(v, float)
                    for k, v in candidate.features.items()
                )


def test_anchors_are_the_sentences_of_the_act(rules: Any) -> None:
    analysis = run(
        rules,
        "The weather was fine. Gunmen killed two policemen in Bannu on Monday. Police said the "
        "gunmen fled.",
    )
    facts = facts_of(analysis)
    assert [anchors_of(facts, i) for i in analysis.incidents] == [[1]]


def test_no_casualties_is_a_figure_of_zero(learned: Any) -> None:
    analysis = run(
        learned,
        "Mortar shells fired from across the border landed in a village near Chaman on Monday, "
        "police said. No casualties were reported.",
    )
    [incident] = analysis.incidents
    assert incident.fatalities.low == 0
    assert incident.injuries.low == 0
    # both zeros are traced to the sentence that says so
    zero = [c for c in incident.claims if c.quote.startswith("No casualties")]
    assert zero and zero[0].injuries is not None and zero[0].injuries.low == 0


def test_no_one_was_hurt_gives_injured_zero_with_the_rules_alone(rules: Any) -> None:
    analysis = run(
        rules,
        "Militants attacked a police post in Bannu district on Sunday night. No one was hurt in "
        "the attack, police said.",
    )
    [incident] = analysis.incidents
    assert (incident.injuries.low, incident.injuries.high) == (0, 0)


# One table for both zeros: what each way of saying it gives, killed 0 and injured 0.
NO_ONE_SAYINGS = [
    ("Nobody was hurt.", True, True),
    ("No one was killed or injured.", True, True),
    ("Nobody has been martyred or wounded.", True, True),
    ("No one was reported injured.", True, True),
    ("Nobody got hurt.", True, True),
    ("Officials said no one is injured.", True, True),
    ("No one hurt in the attack, police said.", True, True),
    ("None of our guards was hurt.", True, True),
    # a phrase between "no one" and the verb
    ("Nobody in the village was injured.", True, True),
    ("No one from the militants' side was killed.", True, False),
    ("No one, however, was hurt.", True, True),
    ("No one else was killed.", True, False),
    # a zero of the dead alone, and no zero at all
    ("No deaths were reported.", True, False),
    ("No one claimed the attack.", False, False),
    ("A doctor said none of the injured needed surgery.", False, False),
]


@pytest.mark.parametrize(("said", "killed_zero", "injured_zero"), NO_ONE_SAYINGS)
def test_every_way_of_saying_no_one_was_hurt_gives_the_same_zeros(
    rules: Any, said: str, killed_zero: bool, injured_zero: bool
) -> None:
    analysis = run(rules, f"Militants attacked a police post in Bannu district on Sunday. {said}")
    [incident] = analysis.incidents
    killed = _killed(candidates_of(facts_of(analysis), analysis.incidents)[0])
    assert (0 in killed) is killed_zero
    expected = (0, 0) if injured_zero else (None, None)
    assert (incident.injuries.low, incident.injuries.high) == expected


def test_the_next_sentence_gives_no_injured_zero_when_it_tells_another_act(rules: Any) -> None:
    analysis = run(
        rules,
        "Gunmen attacked a police post in Bannu district on Monday night, police said. On "
        "Tuesday militants fired rockets at a checkpoint in Lakki Marwat, but no one was hurt, "
        "officials said.",
    )
    injured = {i.place.admin2: i.injuries.low for i in analysis.incidents}
    assert injured == {"Bannu": None, "Lakki Marwat": 0}


def test_the_brittle_sentence_of_the_issue(learned: Any) -> None:
    analysis = run(
        learned,
        "Two civilians were killed when mortar shells fired from across the border landed in a "
        "village near Chaman on Monday night, police said on Tuesday.",
    )
    [incident] = analysis.incidents
    assert incident.date.value == date(2025, 11, 3)
    assert incident.place.admin1 == "Balochistan"
    assert incident.fatalities.low == 2


def test_the_model_version_is_recorded_with_the_run(learned: Any, resources: Resources) -> None:
    analysis = run(learned, "Gunmen killed two policemen in Bannu on Monday, police said.")
    assert resources.choice is not None
    # "+keep": the keep model leaves out the dated incidents it finds no new act (the default)
    assert resources.drop_background
    assert analysis.versions["slots"] == resources.choice.version + "+keep"


def test_the_rules_alone_say_so(rules: Any) -> None:
    analysis = run(rules, "Gunmen killed two policemen in Bannu on Monday, police said.")
    assert analysis.versions["slots"] == "rules"


def test_choose_leaves_the_rules_incidents_untouched(rules: Any, resources: Resources) -> None:
    analysis = run(
        rules,
        "Security forces said on Tuesday that militants had attacked a checkpost. The attack took "
        "place in Lakki Marwat on Sunday, killing four soldiers.",
    )
    before = [(i.date, i.place, i.actor1, i.fatalities) for i in analysis.incidents]
    assert resources.choice is not None
    chosen = choose(
        facts_of(analysis), analysis.incidents, resources.choice, gazetteer=resources.gazetteer
    )
    assert [(i.date, i.place, i.actor1, i.fatalities) for i in analysis.incidents] == before
    assert all(a is not b for a, b in zip(chosen, analysis.incidents, strict=False))


def test_a_headline_above_the_brittle_sentence_leaves_its_date_and_spot(learned: Any) -> None:
    analysis = run(
        learned,
        "Border clash near Chaman\n\n"
        "Two civilians were killed when mortar shells fired from across the border landed in a "
        "village near Chaman on Monday night, police said on Tuesday.",
    )
    # the act told by the body's sentence, once (the headline, a title, is folded into it)
    body = analysis.text.index("Two civilians")
    shelling = [i for i in analysis.incidents if any(m.start >= body for m in i.mentions)]
    assert len(shelling) == 1 and shelling[0].fatalities.low == 2
    assert shelling[0].date.value == date(2025, 11, 3)
    assert (shelling[0].place.admin1, shelling[0].place.location) == ("Balochistan", "Chaman")


def test_days_apart_count_from_the_story_day_not_publication(rules: Any) -> None:
    analysis = rules.run(
        document_id="t",
        text="Gunmen attacked a checkpost in Bannu on 1 November 2025, police said. A day earlier, "
        "a roadside bomb hit a police van in Lakki Marwat, killing two constables.",
        published=date(2025, 11, 3),
    )
    facts = facts_of(analysis)
    assert story_day(facts) == date(2025, 11, 1)
    [restated] = facts.story_dates[1]
    assert (restated.text, restated.date.value) == ("A day earlier", date(2025, 10, 31))
    bomb = [c for c in candidates_of(facts, analysis.incidents) if c.incident.fatalities.low == 2]
    assert bomb
    story = [c for c in bomb[0].slots["date"] if c.value == date(2025, 10, 31)]
    assert story and story[0].features["story_relative"] == 1.0


def _killed(found: Any) -> dict[int | None, dict[str, float]]:
    return {c.value: c.features for c in found.slots["killed"]}


def test_killed_candidates_add_figures_of_two_sentences_and_counts_from_the_parse(
    rules: Any,
) -> None:
    analysis = run(
        rules,
        "Militants stormed a checkpost in Tank district on Monday night. "
        "Four attackers were killed in the exchange of fire. "
        "A havildar and a sepoy were martyred, the military said.",
    )
    facts = facts_of(analysis)
    [found] = [
        c for c in candidates_of(facts, analysis.incidents) if 0 in anchors_of(facts, c.incident)
    ]
    killed = _killed(found)
    # 4 attackers and 2 soldiers: each figure, and their sum as a candidate (not the answer)
    assert {4, 6} <= set(killed)
    assert killed[6]["sum_of_sentences"] == 1.0 and killed[6]["sum_of_all_near"] == 1.0
    assert killed[5]["sum_of_both_sides"] == 1.0  # 4 attackers and 1 soldier
    assert killed[4]["stated"] == 1.0 and killed[4]["sum_of_sentences"] == 0.0
    # "a havildar and a sepoy were martyred": two dead, counted from the parse
    assert killed[2]["parsed"] == 1.0
    # the sentence a candidate comes from becomes its quote
    two = next(c for c in found.slots["killed"] if c.value == 2)
    assert two.quote is not None and two.quote.text.startswith("A havildar")


def test_a_toll_in_another_sentence_with_another_day_is_marked(rules: Any) -> None:
    analysis = run(
        rules,
        "Gunmen killed three policemen at a checkpoint in Bannu on Monday. "
        "Police said 40 people had been killed in the district since January.",
    )
    facts = facts_of(analysis)
    [found] = candidates_of(facts, analysis.incidents)[:1]
    killed = _killed(found)
    assert {3, 40} <= set(killed)
    assert killed[40]["total_cue"] == 1.0 and killed[3]["total_cue"] == 0.0
    assert killed[3]["same_day_in_sentence"] == 1.0


def test_no_civilians_harmed_is_a_zero_candidate(rules: Any) -> None:
    analysis = run(
        rules,
        "Rockets fired from across the border hit a market in Chaman on Monday. "
        "The market was closed. No civilians were harmed, officials said.",
    )
    facts = facts_of(analysis)
    found = candidates_of(facts, analysis.incidents)[0]
    killed = _killed(found)
    assert killed[0]["zero_cue"] == 1.0


def test_target_candidates_are_sets_of_categories(rules: Any) -> None:
    analysis = run(
        rules,
        "Mortar shells hit a border post and a nearby village in Kurram on Monday, killing two "
        "soldiers and a shopkeeper.",
    )
    facts = facts_of(analysis)
    found = candidates_of(facts, analysis.incidents)[0]
    options = {c.value for c in found.slots["target"]}
    assert frozenset({TargetCategory.SECURITY_FORCES}) in options
    assert frozenset({TargetCategory.CIVILIANS}) in options
    both = frozenset({TargetCategory.SECURITY_FORCES, TargetCategory.CIVILIANS})
    assert both in options
    both_features = next(c.features for c in found.slots["target"] if c.value == both)
    assert both_features["covers_all"] == 1.0 and both_features["size_2"] == 1.0
    assert None in options  # abstaining


def test_relative_days_count_from_the_nearest_day_given_in_full(rules: Any) -> None:
    analysis = rules.run(
        document_id="t",
        text="Gunmen attacked a checkpost in Bannu on 1 November 2025, police said. "
        "On 4 November 2025 a bomb hit a police van in Lakki Marwat, killing two constables. "
        "A day earlier, militants fired on a post in Tank, wounding a soldier.",
        published=date(2025, 11, 6),
    )
    facts = facts_of(analysis)
    restated = {(m.text, m.date.value) for m in facts.story_dates[2]}
    # against the story's first day and against the nearest day before the sentence
    assert restated == {
        ("A day earlier", date(2025, 10, 31)),
        ("A day earlier", date(2025, 11, 3)),
    }


def test_the_agent_of_the_act_is_a_perpetrator_feature(rules: Any) -> None:
    analysis = run(
        rules,
        "The TTP attacked a police station in Lakki Marwat on Monday. "
        "The Islamic State had attacked the same station in 2023.",
    )
    facts = facts_of(analysis)
    found = candidates_of(facts, analysis.incidents)[0]
    by_name = {c.value: c.features for c in found.slots["perpetrator"]}
    assert by_name["TTP"]["agent_of_act"] == 1.0
    assert by_name["Islamic State"]["agent_of_act"] == 0.0


def test_a_story_saying_nobody_claimed_the_act_is_a_feature_of_abstaining(rules: Any) -> None:
    analysis = run(
        rules,
        "A bomb blast tore through a bus stand in Mardan on Thursday, killing three men, "
        "officials said. No militant outfit has yet claimed the blast.",
    )
    found = candidates_of(facts_of(analysis), analysis.incidents)[0]
    (abstain,) = [c for c in found.slots["perpetrator"] if c.value is None]
    assert abstain.features["unclaimed_near"] == 1.0
    assert abstain.features["unclaimed_anywhere"] == 1.0


@pytest.mark.parametrize(
    "said",
    [
        "The TTP said it carried out the raid, and no other organisation has claimed it.",
        "No one else has claimed it.",
        "No one took the warnings to heart.",
        "India has not claimed the disputed ridge.",
        "No outfit has accepted the amnesty terms.",
    ],
)
def test_only_a_sentence_that_nobody_owns_the_act_is_unclaimed(rules: Any, said: str) -> None:
    analysis = run(
        rules,
        f"Militants attacked a police post in Tank on Sunday, killing two constables. {said}",
    )
    found = candidates_of(facts_of(analysis), analysis.incidents)[0]
    (abstain,) = [c for c in found.slots["perpetrator"] if c.value is None]
    assert abstain.features["unclaimed_anywhere"] == 0.0


def test_an_actor_named_only_beside_another_act_is_marked_so(rules: Any) -> None:
    analysis = run(
        rules,
        "A shepherd was killed on Wednesday when Pakistani forces shelled his hamlet in "
        "Khost, a cousin said. Neighbours buried him that night. The hamlet lies close to the "
        "frontier. Its people herd goats. Separately, the TTP attacked a police post in Tank "
        "on Saturday.",
    )
    facts = facts_of(analysis)
    found = candidates_of(facts, analysis.incidents)
    first = next(f for f in found if 0 in f.anchors)
    by_name = {c.value: c.features for c in first.slots["perpetrator"]}
    # the TTP is named only in the sentence of the Tank attack, four sentences after the shelling
    assert by_name["TTP"]["nearer_other_act"] == 1.0
    assert by_name["Military Forces of Pakistan"]["nearer_other_act"] == 0.0
    # the subject of "shelled", an act word of the act's sentence ("was killed" has no agent)
    assert by_name["Military Forces of Pakistan"]["agent_in_act_sentence"] == 1.0
    assert by_name["TTP"]["agent_in_act_sentence"] == 0.0


@pytest.mark.parametrize(
    "denial",
    [
        "The attack was not carried out by the BLA, the group's spokesman told reporters.",
        "The BLA denied carrying out the attack on the shop.",
    ],
)
def test_an_actor_named_near_the_act_only_to_deny_it_is_marked_so(rules: Any, denial: str) -> None:
    analysis = run(
        rules, f"Attackers shot dead a shopkeeper in Turbat on Friday, officials said. {denial}"
    )
    found = candidates_of(facts_of(analysis), analysis.incidents)[0]
    by_name = {c.value: c.features for c in found.slots["perpetrator"]}
    assert by_name["BLA"]["negated_near"] == 1.0


def test_a_not_elsewhere_in_the_sentence_does_not_negate_the_actor(rules: Any) -> None:
    analysis = run(
        rules,
        "The TTP attacked a police post in Dera Ismail Khan on Sunday, killing a constable, "
        "and its spokesman said the group would not halt its campaign.",
    )
    found = candidates_of(facts_of(analysis), analysis.incidents)[0]
    by_name = {c.value: c.features for c in found.slots["perpetrator"]}
    assert by_name["TTP"]["negated_near"] == 0.0


def test_the_roles_are_those_of_the_act_word_not_of_its_sentence_root(rules: Any) -> None:
    text = "Pakistani police said the TTP attacked a checkpost in Bannu on Monday."
    analysis = run(rules, text)
    (mention,) = analysis.incidents[0].mentions
    # the mention spans its sentence; the act word is carried with its own offsets
    assert (mention.start, mention.end) == (0, len(text))
    assert (mention.trigger_start, mention.trigger_end) == (30, 38)
    found = candidates_of(facts_of(analysis), analysis.incidents)[0]
    by_name = {c.value: c.features for c in found.slots["perpetrator"]}
    # the subject of "attacked", not that of the sentence's root "said"
    assert by_name["TTP"]["agent_of_act"] == 1.0
    assert by_name["Police Forces of Pakistan"]["agent_of_act"] == 0.0


def test_the_side_hit_and_the_country_of_the_act_are_perpetrator_features(rules: Any) -> None:
    analysis = run(
        rules,
        "Mortar shells fired from across the border killed two Pakistani soldiers in Chaman "
        "on Monday. Officials blamed Afghan Taliban forces.",
    )
    facts = facts_of(analysis)
    found = candidates_of(facts, analysis.incidents)[0]
    by_name = {c.value: c.features for c in found.slots["perpetrator"]}
    hit, blamed = by_name["Military Forces of Pakistan"], by_name["Taliban (Afghanistan)"]
    # "two Pakistani soldiers" are the victims of the figure: the side that was hit
    assert hit["in_victims"] == 1.0 and blamed["in_victims"] == 0.0
    # the act is in Pakistan: Pakistan's forces are of the act's country, the Taliban are not
    assert hit["party_of_place"] == 1.0 and blamed["party_of_place"] == 0.0


def test_a_date_of_saying_and_a_date_of_the_act_are_told_apart(rules: Any) -> None:
    analysis = run(
        rules,
        "Artillery rounds struck a market in Kurram district on Sunday, wounding four traders, "
        "a local official said on Monday.",
    )
    [incident] = candidates_of(facts_of(analysis), analysis.incidents)
    by_day = {c.value: c.features for c in incident.slots["date"] if c.value is not None}
    sunday, monday = by_day[date(2025, 11, 2)], by_day[date(2025, 11, 3)]
    assert sunday["own_clause"] == 1.0 and sunday["said_date"] == 0.0
    assert monday["said_date"] == 1.0 and monday["own_clause"] == 0.0
    assert monday["only_said_date"] == 1.0


def test_a_place_of_the_act_clause_is_marked_apart_from_one_of_another_clause(rules: Any) -> None:
    analysis = run(
        rules,
        "Gunmen shot dead a shopkeeper in Khost province on Sunday after he returned from Quetta.",
    )
    [incident] = candidates_of(facts_of(analysis), analysis.incidents)
    own = {c.value.admin1: c.features["own_clause"] for c in incident.slots["place"] if c.value}
    assert own["Khost"] == 1.0
    assert own["Balochistan"] == 0.0


def test_the_own_clause_is_that_of_the_act_word_not_of_its_sentence_root(rules: Any) -> None:
    analysis = run(
        rules,
        "Residents fled their homes in Quetta on Monday after gunmen attacked a checkpost in "
        "Khost province on Sunday.",
    )
    [incident] = candidates_of(facts_of(analysis), analysis.incidents)
    dates = {c.value: c.features.get("own_clause") for c in incident.slots["date"] if c.value}
    assert dates[date(2025, 11, 2)] == 1.0 and dates[date(2025, 11, 3)] == 0.0
    own = {c.value.admin1: c.features["own_clause"] for c in incident.slots["place"] if c.value}
    assert own["Khost"] == 1.0 and own["Balochistan"] == 0.0


def test_a_movement_named_alone_proposes_its_branch_in_the_acts_country(rules: Any) -> None:
    analysis = run(
        rules,
        "A bomb exploded at a mosque in Peshawar on Monday, killing four worshippers. "
        "The Islamic State claimed responsibility.",
    )
    facts = facts_of(analysis)
    found = candidates_of(facts, analysis.incidents)[0]
    by_name = {c.value: c.features for c in found.slots["perpetrator"]}
    movement, branch = by_name["Islamic State"], by_name["IS-Pakistan"]
    assert branch["branch_of_named"] == 1.0 and movement["has_branch_here"] == 1.0
    # the branch is told where the movement is: the same cue of responsibility, the same distance
    assert branch["responsibility_anywhere"] == movement["responsibility_anywhere"] == 1.0
    assert branch["log_dist"] == movement["log_dist"]
    assert "ISKP" not in by_name  # Afghanistan's branch is not proposed for an act in Pakistan


def test_a_branch_named_in_the_text_is_not_proposed_twice(rules: Any) -> None:
    analysis = run(
        rules,
        "A suicide bomber struck a market in Jalalabad on Monday, killing six people. "
        "Islamic State Khorasan, an affiliate of the Islamic State, claimed the attack.",
    )
    facts = facts_of(analysis)
    found = candidates_of(facts, analysis.incidents)[0]
    names = [c.value for c in found.slots["perpetrator"]]
    assert names.count("ISKP") == 1
    by_name = {c.value: c.features for c in found.slots["perpetrator"]}
    assert by_name["ISKP"].get("branch_of_named", 0.0) == 0.0


def test_a_place_named_away_from_the_act_does_not_move_it_to_another_country(rules: Any) -> None:
    analysis = run(
        rules,
        "Afghan troops shelled a checkpoint across the border on Saturday, wounding two soldiers "
        "of Pakistan's Frontier Corps, officials said. Residents fled to nearby hills. "
        "The district hospital asked for blood donors. "
        "Delegations of the two neighbours are to meet again in Doha, Qatar, next week, and "
        "mourners gathered in Bannu.",
    )
    [incident] = candidates_of(facts_of(analysis), analysis.incidents)
    assert incident.incident.place.country == "Pakistan"
    places = {(c.value.country, c.value.admin1) for c in incident.slots["place"] if c.value}
    # the venue three sentences away, in another country, is no candidate; a far place in the
    # act's own country stays one
    assert not any(country == "Qatar" for country, _ in places)
    assert ("Pakistan", "Khyber Pakhtunkhwa") in places


def test_a_place_of_the_acts_own_sentence_stays_a_candidate_whatever_its_country(
    rules: Any,
) -> None:
    analysis = run(
        rules,
        "A drone struck a house in Khost province, near the border with Pakistan's Kurram "
        "district, on Saturday, killing two farmers. Residents fled to nearby hills. "
        "The district hospital asked for blood donors. "
        "Pakistani officials in Quetta declined to comment.",
    )
    [incident] = candidates_of(facts_of(analysis), analysis.incidents)
    assert incident.incident.place.admin1 == "Khost"
    places = {(c.value.country, c.value.admin1) for c in incident.slots["place"] if c.value}
    assert ("Pakistan", "Khyber Pakhtunkhwa") in places  # Kurram, named in the act's sentence
    assert ("Pakistan", "Balochistan") not in places  # Quetta, named only sentences away


def test_a_far_place_stays_a_candidate_when_the_acts_sentences_name_no_country(
    rules: Any,
) -> None:
    analysis = run(
        rules,
        "Unidentified gunmen killed a tribal elder on Sunday evening. He had just left a wedding. "
        "Relatives said the family had moved away years ago from Lahore in Pakistan's Punjab "
        "province. Police in Jalalabad opened an inquiry.",
    )
    [incident] = candidates_of(facts_of(analysis), analysis.incidents)
    # the rules fell back on the country the story names most, which the act's sentence does not
    assert incident.incident.place.country == "Pakistan"
    places = {(c.value.country, c.value.admin1) for c in incident.slots["place"] if c.value}
    assert ("Afghanistan", "Nangarhar") in places


def test_the_eve_of_publication_is_a_date_candidate_the_text_need_not_name(rules: Any) -> None:
    analysis = run(
        rules, "Militants fired rockets at a police post in Bannu this morning, an official said."
    )
    [incident] = candidates_of(facts_of(analysis), analysis.incidents)
    by_day = {c.value: c.features for c in incident.slots["date"] if c.value is not None}
    eve = by_day[date(2025, 11, 3)]
    assert eve["eve_of_published"] == 1.0 and eve["not_in_text"] == 1.0
    assert eve["today_in_text"] == 1.0 and eve["days_1"] == 1.0 and eve["rule"] == 0.0
    # one candidate per day: the eve is not proposed again when the text names it
    named = run(rules, "Militants fired rockets at a police post in Bannu on Monday.")
    [told] = candidates_of(facts_of(named), named.incidents)
    monday = [c for c in told.slots["date"] if c.value == date(2025, 11, 3)]
    assert len(monday) == 1 and "eve_of_published" not in monday[0].features


def test_forces_named_only_by_their_side_are_perpetrator_candidates(rules: Any) -> None:
    analysis = run(
        rules,
        "Two shells landed on a school in Kurram district on Sunday, wounding four pupils. "
        "Elders said the shells were fired from the Afghan side.",
    )
    facts = facts_of(analysis)
    [side] = [m for found in facts.actors.values() for m in found if m.side]
    assert (analysis.text[side.start : side.end], side.canonical) == (
        "Afghan side",
        "Taliban (Afghanistan)",
    )
    # the rules never read a side as an actor of the act
    assert all(i.actor1 != "Taliban (Afghanistan)" for i in analysis.incidents)
    [incident] = candidates_of(facts, analysis.incidents)
    taliban = next(c for c in incident.slots["perpetrator"] if c.value == side.canonical)
    features = taliban.features
    assert features["by_side"] == features["only_by_side"] == features["unnamed_state"] == 1.0
    assert features["side_near_act"] == features["from_side"] == 1.0
    assert features["rule"] == 0.0


def test_a_state_named_by_its_arms_is_a_perpetrator_candidate(rules: Any) -> None:
    analysis = run(
        rules,
        "A fuel depot in Kharkiv burned on Sunday after a strike that killed two guards. "
        "The governor said Russian missiles hit it.",
    )
    facts = facts_of(analysis)
    [incident] = candidates_of(facts, analysis.incidents)
    russia = next(
        c.features for c in incident.slots["perpetrator"] if c.value == "Military Forces of Russia"
    )
    assert russia["by_arms"] == russia["only_by_side"] == 1.0
    assert russia["by_side"] == russia["from_side"] == 0.0
    assert russia["side_near_act"] == 1.0 and russia["dist_1"] == 1.0


def test_a_state_named_by_its_bare_name_is_a_perpetrator_candidate(rules: Any) -> None:
    analysis = run(
        rules,
        "Two fishermen were killed off the coast of Balochistan on Sunday. "
        "Iran said its coast guard had fired on a smuggling boat.",
    )
    facts = facts_of(analysis)
    [incident] = candidates_of(facts, analysis.incidents)
    iran = next(
        c.features for c in incident.slots["perpetrator"] if c.value == "Military Forces of Iran"
    )
    assert iran["by_country"] == iran["only_by_side"] == 1.0
    assert iran["by_arms"] == iran["by_side"] == 0.0


def _spots(rules: Any, text: str) -> list[Any]:
    analysis = run(rules, text)
    facts = facts_of(analysis)
    return [
        (
            found.incident,
            spot_candidates(
                facts,
                found.incident,
                found.anchors,
                found.others,
                found.incident.place,
                gazetteer=Gazetteer.load(),
            ),
        )
        for found in candidates_of(facts, analysis.incidents)
    ]


def test_spot_candidates_lie_inside_the_chosen_province(rules: Any) -> None:
    found = _spots(
        rules,
        "Two soldiers were killed in a roadside bombing in Khyber Pakhtunkhwa on Monday, police "
        "said. The blast hit a patrol near Mir Ali in North Waziristan, officials said. "
        "Separately, gunmen shot dead a policeman in Quetta on Monday. "
        "The soldiers came from Bannu.",
    )
    bombing = next(
        spots for incident, spots in found if incident.place.admin1 == "Khyber Pakhtunkhwa"
    )
    by_spot = {c.value.location: c.features for c in bombing}
    assert {c.value.admin1 for c in bombing} == {"Khyber Pakhtunkhwa"}
    assert "Quetta" not in by_spot  # another province: never a spot of this act
    assert {"Mir Ali", "North Waziristan", "Bannu"} <= set(by_spot)
    assert by_spot["Mir Ali"]["lead"] == 1.0 and by_spot["Mir Ali"]["at_before"] == 1.0
    assert by_spot["Bannu"]["lead"] == 0.0 and by_spot["Bannu"]["dist_0"] == 0.0
    assert by_spot["Bannu"]["from_before"] == 1.0 and by_spot["Bannu"]["at_before"] == 0.0
    # the rules' own place is one candidate, marked as theirs
    assert sum(1 for c in bombing if c.features.get("rule")) == 1


def test_places_passed_through_are_marked_as_such(rules: Any) -> None:
    # where a coach was bound, where the wounded were taken, the ends of a route: not where the
    # act was, though the act's own sentences name them
    [(_incident, spots)] = _spots(
        rules,
        "Gunmen fired on a Quetta–Khuzdar passenger coach bound for Kalat near Mastung on "
        "Monday, killing three people, police said. The wounded were taken to a hospital in "
        "Quetta, and two of them were later shifted to a hospital in Sibi. The passengers were "
        "on their way to Nushki.",
    )
    by_spot = {c.value.location: c.features for c in spots}
    assert {"Mastung", "Kalat", "Khuzdar", "Quetta", "Sibi", "Nushki"} <= set(by_spot)
    assert by_spot["Kalat"]["toward_before"] == by_spot["Nushki"]["toward_before"] == 1.0
    assert by_spot["Khuzdar"]["route"] == 1.0
    assert by_spot["Sibi"]["hospital_before"] == 1.0
    # Quetta is one end of the route in one sentence and the hospital's town in the other:
    # neither cue holds of every mention
    assert by_spot["Quetta"]["route"] == by_spot["Quetta"]["hospital_before"] == 0.0
    assert by_spot["Mastung"]["toward_before"] == by_spot["Mastung"]["route"] == 0.0
    assert by_spot["Mastung"]["hospital_before"] == 0.0


@pytest.mark.parametrize(
    "text",
    [
        # a dateline's dash is no route; "close to", "according to" name no destination
        "QUETTA — Gunmen shot dead two policemen on Monday, officials said.",
        "Gunmen shot dead two policemen close to Quetta on Monday, officials said.",
        "Two policemen were shot dead on Monday, according to Quetta police.",
    ],
)
def test_a_place_of_the_act_is_not_passed_through(rules: Any, text: str) -> None:
    [(_incident, spots)] = _spots(rules, text)
    [quetta] = [c.features for c in spots if c.value.location == "Quetta"]
    assert quetta["route"] == quetta["toward_before"] == quetta["hospital_before"] == 0.0


def test_spots_the_gazetteer_lacks_are_candidates_inside_the_act_place(rules: Any) -> None:
    [(incident, spots)] = _spots(
        rules,
        "Militants attacked a checkpoint in Bannu on Monday, killing two soldiers, police said. "
        "The attack took place at the Bannu cantonment, near Zarnoshi village.",
    )
    assert incident.place.admin2 == "Bannu"
    unlisted = {c.value.location: c.value for c in spots if c.features.get("unlisted")}
    assert set(unlisted) == {"Bannu cantonment", "Zarnoshi"}
    # the known place's spot lies in its district; an unknown name in the province, in no
    # district, since the text does not say which
    assert (unlisted["Bannu cantonment"].admin1, unlisted["Bannu cantonment"].admin2) == (
        "Khyber Pakhtunkhwa",
        "Bannu",
    )
    assert (unlisted["Zarnoshi"].admin1, unlisted["Zarnoshi"].admin2) == (
        "Khyber Pakhtunkhwa",
        None,
    )
    # with no district, the province's coordinates and precision, not the district's
    zarnoshi = unlisted["Zarnoshi"]
    assert zarnoshi.geo_precision == 3 and zarnoshi.latitude is not None
    assert zarnoshi.latitude != incident.place.latitude
    assert unlisted["Bannu cantonment"].latitude == incident.place.latitude


def test_a_village_named_as_such_far_from_the_act_is_a_spot_candidate(rules: Any) -> None:
    [(_incident, spots)] = _spots(
        rules,
        "Pakistani mortar shells hit houses in Nangarhar on Monday, killing three civilians, "
        "officials said. Residents fled to Jalalabad. Schools were closed. Traders stayed home. "
        "Elders later named the place as the village of Sasobai.",
    )
    by_spot = {c.value.location: c for c in spots}
    sasobai = by_spot["Sasobai"]
    assert (sasobai.value.admin1, sasobai.value.admin2) == ("Nangarhar", None)
    assert sasobai.features["unlisted"] == 1.0 and sasobai.features["dist_far"] == 1.0


def test_a_village_nearer_another_act_is_no_spot_candidate_of_this_one(rules: Any) -> None:
    found = _spots(
        rules,
        "Mortar rounds killed a shepherd in Kurram district on Monday, residents said. "
        "Elders said the shells fell on the village of Gulrezai. Schools stayed closed. "
        "Separately, gunmen opened fire on a police checkpoint in Bannu district on Tuesday, "
        "wounding two constables.",
    )
    by_district = {incident.place.admin2: spots for incident, spots in found}
    assert set(by_district) == {"Kurram", "Bannu"}
    [village] = [c.value for c in by_district["Kurram"] if c.value.location == "Gulrezai"]
    assert (village.admin1, village.admin2, village.geo_precision) == (
        "Khyber Pakhtunkhwa",
        None,
        3,
    )
    # the same province, but the other act's sentences are nearer the village than the Bannu act's
    assert "Gulrezai" not in {c.value.location for c in by_district["Bannu"]}


def test_a_district_spelled_otherwise_than_the_gazetteer_is_a_spot_candidate(rules: Any) -> None:
    [(_incident, spots)] = _spots(
        rules,
        "Gunmen shelled a border police post in Wardooj, Badakhshan province, on "
        "Friday, wounding four officers, a spokesman for the governor said.",
    )
    wardooj = next(c for c in spots if c.value.location == "Wardooj")
    assert (wardooj.value.admin1, wardooj.value.admin2) == ("Badakhshan", "Wardooj")
    assert wardooj.features["other_spelling"] == 1.0
    assert wardooj.features["names_its_unit"] == 1.0
    assert all(c.features.get("other_spelling", 0.0) == 0.0 for c in spots if c is not wardooj)


def test_an_acronym_after_a_locative_is_no_unlisted_spot(rules: Any) -> None:
    found = _spots(
        rules,
        "Militants attacked a checkpoint in Bannu on Monday, killing two soldiers, police said. "
        "Gunmen fired on the PTC camp near Zarnoshi village.",
    )
    unlisted = {c.value.location for _, spots in found for c in spots if c.features.get("unlisted")}
    assert "Zarnoshi" in unlisted
    assert not any(name.startswith("PTC") for name in unlisted)


@pytest.mark.parametrize(
    ("text", "calendar"),
    [
        (
            "On Feb. 4 a hand grenade was thrown at a police station near Zarnoshi village in "
            "Bannu, wounding two constables, police said.",
            "Feb",
        ),
        # a possessive weekday ("in Thursday's attack")
        (
            "Six miners died in Thursday's attack at a mining camp near Zarnoshi village in "
            "Bannu, police said.",
            "Thursday",
        ),
    ],
)
def test_a_month_or_a_weekday_after_a_locative_is_no_unlisted_spot(
    rules: Any, text: str, calendar: str
) -> None:
    found = _spots(rules, text)
    unlisted = {c.value.location for _, spots in found for c in spots if c.features.get("unlisted")}
    assert any(name.startswith("Zarnoshi") for name in unlisted)
    assert not any(name.startswith(calendar) for name in unlisted)


@pytest.mark.parametrize(
    ("last", "zero"),
    [
        # a zero stated beyond the act's reach counts with a casualty verb after "no one" ...
        ("A district official said no one was killed.", True),
        ("A district official said nobody in the market was killed.", True),
        # "no one else" leaves others dead: a zero near the act only
        ("A district official said no one else was killed.", False),
        # ... and not without one: "no one" here says who claimed it, not who died
        ("No one claimed the attack.", False),
    ],
)
def test_a_zero_beyond_the_acts_reach_needs_a_casualty_verb(
    rules: Any, last: str, zero: bool
) -> None:
    analysis = run(
        rules,
        "Rockets fired from across the border hit a market in Chaman on Monday. "
        "The market had been closed since the morning. Traders said they would reopen on "
        "Wednesday. Officials met the traders in the evening. " + last,
    )
    facts = facts_of(analysis)
    found = candidates_of(facts, analysis.incidents)[0]
    killed = _killed(found)
    assert (0 in killed) is zero
    if zero:
        assert killed[0]["zero_cue_far"] == 1.0 and killed[0]["zero_cue"] == 0.0


WOUNDED = (
    "Two police officers were wounded when gunmen opened fire on a checkpoint in Bannu district "
    "on Sunday. "
)


@pytest.mark.parametrize(
    ("after", "zero"),
    [
        # "no one" or "none of" with no casualty verb after it says nothing of the dead
        ("No one has claimed responsibility for the attack.", False),
        ("Nobody claimed the attack.", False),
        ("A doctor said none of the injured needed surgery.", False),
        # with one, it is a figure of zero
        ("No one else was hurt, police said.", True),
        ("Nobody has been martyred, officials said.", True),
        ("An official said no one died.", True),
    ],
)
def test_a_zero_near_the_act_needs_a_casualty_verb_after_no_one(
    rules: Any, after: str, zero: bool
) -> None:
    analysis = run(rules, WOUNDED + after)
    killed = _killed(candidates_of(facts_of(analysis), analysis.incidents)[0])
    assert (0 in killed) is zero


def test_an_act_with_only_its_wounded_has_no_killed_figure(learned: Any) -> None:
    analysis = run(learned, WOUNDED + "No one has claimed responsibility for the attack.")
    [incident] = analysis.incidents
    assert incident.injuries.low == 2
    assert incident.fatalities.low is None and incident.fatalities.high is None
    assert all(c.fatalities is None for c in incident.claims)


def test_no_one_was_hurt_is_zero_killed_and_zero_injured(learned: Any) -> None:
    analysis = run(
        learned,
        "Gunmen opened fire on a police checkpoint in Bannu district on Sunday night. No one was "
        "hurt, police said.",
    )
    [incident] = analysis.incidents
    assert (incident.fatalities.low, incident.fatalities.high) == (0, 0)
    assert (incident.injuries.low, incident.injuries.high) == (0, 0)


def test_the_latest_and_largest_figure_of_the_story_are_killed_features(rules: Any) -> None:
    analysis = run(
        rules,
        "Gunmen killed three policemen at a checkpoint in Bannu on Monday. Two more policemen "
        "died of their wounds on Tuesday, raising the toll to five, officials said.",
    )
    killed = _killed(candidates_of(facts_of(analysis), analysis.incidents)[0])
    assert killed[5]["latest_in_document"] == 1.0 and killed[5]["largest_in_document"] == 1.0
    assert killed[3]["latest_in_document"] == 0.0 and killed[3]["largest_in_document"] == 0.0
    assert killed[5]["latest_near"] == 1.0 and killed[3]["latest_near"] == 0.0
    # abstaining knows that the act's own sentences state a figure
    assert killed[None]["abstain_figure_in_act"] == 1.0


def test_abstaining_knows_an_act_told_only_in_a_headline(rules: Any) -> None:
    analysis = run(
        rules, "Mortar attack in Bajaur\nResidents of Khar said the market stayed closed on Monday."
    )
    killed = _killed(candidates_of(facts_of(analysis), analysis.incidents)[0])
    assert killed[None]["abstain_headline_act"] == 1.0
    assert killed[None]["abstain_figure_in_act"] == 0.0


def test_none_of_them_hurt_and_a_denial_propose_zero(rules: Any) -> None:
    analysis = run(
        rules,
        "Gunmen fired on a border post near Torkham on Monday night. None of our guards was hurt.",
    )
    killed = _killed(candidates_of(facts_of(analysis), analysis.incidents)[0])
    assert killed[0]["none_of_cue"] == 1.0
    analysis = run(
        rules,
        "Officials in Khost said a drone struck a house in Spera on Monday. A spokesman said no "
        "such strike was carried out.",
    )
    killed = _killed(candidates_of(facts_of(analysis), analysis.incidents)[0])
    assert killed[0]["denial_cue"] == 1.0


def test_a_figure_is_told_whether_its_victims_are_whom_the_act_hit(rules: Any) -> None:
    text = (
        "Mortar shells struck a village near Chaman on Monday, killing two civilians. Earlier, "
        "border forces had opened fire on a checkpost and wounded three soldiers, police said."
    )
    analysis = run(rules, text)
    found = candidates_of(facts_of(analysis), analysis.incidents)
    fire = next(f for f in found if f.incident.sub_event_type == "Armed clash")
    assert set(fire.incident.target_categories) == {TargetCategory.SECURITY_FORCES}
    civilians = _killed(fire)[2]
    assert civilians["victims_not_target"] == 1.0 and civilians["victims_are_target"] == 0.0
    shelling = next(f for f in found if f is not fire)
    assert _killed(shelling)[2]["victims_are_target"] == 1.0


def test_a_figure_the_rules_give_another_act_is_marked_as_theirs(rules: Any, learned: Any) -> None:
    """A toll told with one act is marked, on the next act's candidates, as the other act's; the
    next act, with no figure of its own, carries none (the issue's figure from the wrong act)."""
    text = (
        "Rockets fired from across the border hit a market near Torkham on Friday, killing four "
        "traders, officials said. Earlier, border guards had exchanged fire at a nearby post."
    )
    analysis = run(rules, text)
    found = candidates_of(facts_of(analysis), analysis.incidents)
    assert len(found) == 2
    told, other = sorted(found, key=lambda f: f.anchors)
    assert told.incident.fatalities.low == 4
    theirs = [c for c in other.slots["killed"] if c.value == 4]
    assert theirs and theirs[0].features["others_rule_figure"] == 1.0
    abstain = next(c for c in other.slots["killed"] if c.value is None)
    assert abstain.features["abstain_figures_all_others"] == 1.0
    # the act that tells the figure does not see it as another's
    own = next(c for c in told.slots["killed"] if c.value == 4)
    assert own.features["others_rule_figure"] == 0.0
    tolls = sorted(
        (i.fatalities.low for i in run(learned, text).incidents),
        key=lambda v: -1 if v is None else v,
    )
    assert tolls == [None, 4]


def test_acts_split_by_their_places_keep_to_their_own_provinces(rules: Any) -> None:
    """One act word over two provinces is two acts; neither may take the other's province, or
    the two would be one act told twice (a hard constraint on the place's candidates)."""
    analysis = run(
        rules,
        "Pakistani jets carried out air strikes in Khost and Paktika on Sunday night, "
        "local officials said.",
    )
    found = candidates_of(facts_of(analysis), analysis.incidents)
    provinces = sorted(f.incident.place.admin1 or "" for f in found)
    assert provinces == ["Khost", "Paktika"]
    for incident in found:
        offered = {c.value.admin1 for c in incident.slots["place"] if c.value is not None}
        assert incident.incident.place.admin1 in offered
        assert offered.isdisjoint(set(provinces) - {incident.incident.place.admin1})


def test_two_acts_of_one_sentence_keep_to_their_own_provinces(rules: Any) -> None:
    """Two act words of one sentence, each placed by the rules in a province of its own: neither
    act is offered the other's province."""
    analysis = run(
        rules,
        "Heavy fighting broke out in Kurram on Sunday after Pakistani air strikes hit targets "
        "in Paktika, officials said.",
    )
    found = candidates_of(facts_of(analysis), analysis.incidents)
    provinces = {f.incident.place.admin1 for f in found}
    assert {"Khyber Pakhtunkhwa", "Paktika"} <= provinces, provinces
    for incident in found:
        offered = {c.value.admin1 for c in incident.slots["place"] if c.value is not None}
        assert offered.isdisjoint(provinces - {incident.incident.place.admin1})


def test_a_demonstration_proposes_the_crowd_of_its_country_as_first_actor(rules: Any) -> None:
    analysis = run(
        rules,
        "Hundreds of traders staged a sit-in on the main road in Chaman on Monday against the "
        "closure of the border crossing. Police fired tear gas to disperse the protesters.",
    )
    facts = facts_of(analysis)
    [found] = [f for f in candidates_of(facts, analysis.incidents) if f.incident.event_type]
    assert found.incident.event_type == "Protests"
    by_name = {c.value: c.features for c in found.slots["perpetrator"]}
    protesters, rioters = by_name["Protesters (Pakistan)"], by_name["Rioters (Pakistan)"]
    assert protesters["category_protesters"] == 1.0 and protesters["crowd_in_act"] == 1.0
    assert protesters["category_protesters_x_Protests"] == 1.0
    # nothing violent is told of the crowd: the rioters stand nowhere in the text
    assert rioters["crowd_not_in_text"] == 1.0 and rioters["crowd_in_act"] == 0.0


def test_an_act_of_war_proposes_no_crowd(rules: Any) -> None:
    analysis = run(
        rules,
        "Militants attacked a police post in Bannu on Monday, killing three policemen. "
        "Protesters later blocked the road.",
    )
    facts = facts_of(analysis)
    attack = next(f for f in candidates_of(facts, analysis.incidents) if f.incident.fatalities.low)
    names = {c.value for c in attack.slots["perpetrator"]}
    assert not any(name and name.startswith(("Protesters", "Rioters")) for name in names)
