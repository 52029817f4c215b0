"""Within-document assembly: which mentions make one incident, which figures go where."""

from datetime import date
from typing import Any

import pytest

from ceasefire.domain import Incident, TargetCategory
from ceasefire.extract.pipeline import Resources, default_pipeline

PUBLISHED = date(2024, 6, 14)  # a Friday


@pytest.fixture(scope="module")
def pipeline() -> Any:
    # The rules alone: they propose the candidates and the rules' choice the learned model starts
    # from (tests/extract/test_slots.py tests the choice on top).
    return default_pipeline(Resources.load(choice=False))


def incidents(pipeline: Any, text: str) -> list[Incident]:
    return pipeline.run(document_id="t", text=text, published=PUBLISHED).incidents


def test_fighters_killed_by_the_other_side_are_an_act_of_their_own(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Gunmen attacked a bus on Wednesday in Ghazni province, killing nine passengers. "
        "The army said its troops killed 14 militants in the operation that followed.",
    )
    by_type = {i.sub_event_type: i for i in found}
    assert by_type["Attack"].fatalities.low == 9
    clash = by_type["Armed clash"]
    assert clash.fatalities.low == 14
    # The operation answered the act the story tells: dated with it.
    assert clash.date.value == date(2024, 6, 12)


def test_attackers_killed_stay_with_their_attack(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Gunmen stormed a police station on Wednesday in Ghazni province, killing three officers. "
        "All four attackers were killed.",
    )
    # ACLED counts attackers killed in the fatalities of their attack.
    assert [i.fatalities.low for i in found] == [7]


def test_also_killed_adds_other_victims_to_the_act(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Twelve villagers died in Tuesday's bombing of a market in Ghazni province. "
        "Three policemen were also killed, including one who died in hospital.",
    )
    assert [i.fatalities.low for i in found] == [15]


def test_fighters_killed_in_airstrikes_are_the_strikes_dead(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Airstrikes by the national army in Kandahar province killed at least 20 militants on Monday.",
    )
    assert [(i.sub_event_type, i.fatalities.low) for i in found] == [("Air/drone strike", 20)]
    # A province in the agent's phrase is where the strikes were, not the agent.
    assert found[0].place.admin1 == "Kandahar"


def test_a_year_alone_does_not_make_an_outbreak_of_violence_an_act(pipeline: Any) -> None:
    found = incidents(pipeline, "After the talks collapsed in 2019, violence erupted.")
    assert found == []


def test_an_ambush_on_a_vehicle_carrying_troops_is_a_battle(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "On Monday, rebels ambushed a truck carrying soldiers in Helmand province, killing six.",
    )
    assert [(i.event_type, i.sub_event_type) for i in found] == [("Battles", "Armed clash")]


def test_a_second_act_in_a_clause_of_its_own(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "On Monday a car bomb killed four traders in Helmand province, while the rebels took "
        "credit for attacking a police post in a district owned by Iran.",
    )
    assert sorted(i.sub_event_type for i in found) == [
        "Armed clash",
        "Remote explosive/landmine/IED",
    ]
    # "owned by Iran" says who, not where.
    assert all(i.place.country == "Afghanistan" for i in found)


def test_days_later_is_dated_from_the_act_before(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Last month, gunmen killed five farmers in Helmand province. "
        "Days later, a roadside bomb killed two teachers in Kandahar province. "
        "A day after the attack on Wednesday in Ghor province that killed three, a grenade hit a shop.",
    )
    dates = {i.sub_event_type: i.date for i in found}
    assert dates["Remote explosive/landmine/IED"].value == date(2024, 5, 1)
    assert dates["Remote explosive/landmine/IED"].precision.name == "MONTH"


@pytest.mark.parametrize(
    "text",
    [
        # A figure of speech, a quarrel of leaders, a power in a law: no act.
        "The speaker of the assembly called the court's ruling an attack on the constitutional order.",
        "Aid was cut after the clash between President Smith and Prime Minister Jones on Friday.",
        "In January parliament approved a law that authorizes firing on foreign fishing boats.",
    ],
)
def test_words_of_violence_that_report_no_act(pipeline: Any, text: str) -> None:
    assert incidents(pipeline, text) == []


def test_a_place_near_another_is_one_place_not_two_acts(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Two soldiers were killed in a gun battle with militants on Wednesday in Spin Boldak, "
        "near Kandahar city, officials said.",
    )
    assert len(found) == 1
    assert found[0].place.admin1 == "Kandahar"


def test_one_death_told_again_in_a_quote_is_the_same_act(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Officials said the group's commander was killed Thursday in an airstrike in Kunar province. "
        '"Today the commander of the group in Kunar was killed," the governor wrote on Friday.',
    )
    assert len(found) == 1
    assert found[0].sub_event_type == "Air/drone strike"
    assert len(found[0].claims) == 2


def test_the_acts_own_place_before_its_governing_verbs(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "A trial opened in Paris on Monday over the 2019 bombing in Kunar province that killed "
        "seven police officers.",
    )
    assert [(i.place.country, i.place.admin1) for i in found] == [("Afghanistan", "Kunar")]


def test_the_act_told_again_names_its_province(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "The 2019 bombing of an army base in Afghanistan killed seven soldiers. "
        "Two men are accused of the 2019 bombing of the base near Asadabad.",
    )
    assert len(found) == 1
    assert (found[0].place.country, found[0].place.admin1) == ("Afghanistan", "Kunar")


def test_the_dead_found_since_the_act_began_are_its_toll(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "This week, rebels attacked nearly ten villages near Bocaranga, military sources said. "
        "The military says the bodies of five soldiers and six civilians have been found since "
        "the attacks began.",
    )
    assert len(found) == 1
    assert found[0].fatalities.low == 11


def test_a_result_clause_counts_the_dead_of_the_act_before_it(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Gunmen stormed a hotel in Kandahar city on Wednesday, leaving at least five people dead "
        "and triggering a siege that lasted through the night.",
    )
    assert [i.fatalities.low for i in found if i.fatalities.low] == [5]


def test_unnamed_gunmen_told_again_the_same_day_are_one_act(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Gunmen stormed a hotel in Kandahar city on Friday, leaving at least five people dead. "
        '"They came at dawn this morning, and then gunmen stormed the hotel," a witness said.',
    )
    assert len(found) == 1
    assert found[0].fatalities.low == 5


def test_a_states_troops_fight_where_the_story_is(pipeline: Any) -> None:
    # A story naming two countries: a ground operation by Pakistan's army is not put in the other.
    found = incidents(
        pipeline,
        "Militants attacked a train in Balochistan on Tuesday, Pakistan said, blaming India. "
        "The Pakistani army said it killed 33 militants in the clearance operation.",
    )
    assert {i.place.country for i in found} == {"Pakistan"}
    assert "Military Forces of Pakistan" in {i.actor1 for i in found}


def test_a_day_after_an_act_dates_it_the_day_before(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Officials said on Thursday that troops freed 40 hostages, a day after an attack on a bus "
        "in Ghazni province.",
    )
    attack = next(i for i in found if i.event_type == "Violence against civilians")
    assert attack.date.value == date(2024, 6, 12)  # the Thursday before publication, less a day


def test_fear_of_attack_is_no_attack(pipeline: Any) -> None:
    assert (
        incidents(pipeline, "Villagers avoid the forest in Kunar province for fear of attack.")
        == []
    )


def test_a_toll_for_the_last_months_is_an_aggregate(pipeline: Any) -> None:
    result = pipeline.run(
        document_id="t",
        text="In the last 15 months, 1,250 militants from various groups have been killed in "
        "Pakistan, along with 563 soldiers, officials said.",
        published=PUBLISHED,
    )
    assert result.incidents == []
    # Two groups of victims counted apart: two tolls, not their sum.
    assert [a.killed.low for a in result.aggregates if a.killed] == [1250, 563]


def test_a_surname_is_no_place_anywhere_in_the_document(pipeline: Any) -> None:
    # "Dara" is a district of Panjshir; here it is a journalist's name, first after his given name.
    result = pipeline.run(
        document_id="t",
        text="Police detained the journalist Mech Dara in Phnom Penh on Monday. "
        "Dara's arrest drew condemnation.",
        published=PUBLISHED,
    )
    named = [m.place.admin1 for found in result.places.values() for m in found]
    assert "Panjshir" not in named


@pytest.mark.parametrize(
    ("agent", "group"),
    [
        ("Militants linked with the banned Baloch Liberation Army", "BLA"),
        ("Gunmen belonging to al-Shabab", "al-Shabab"),
    ],
)
def test_unnamed_attackers_of_a_named_group_are_that_group(
    pipeline: Any, agent: str, group: str
) -> None:
    found = incidents(
        pipeline, f"{agent} attacked a bus on Wednesday in Kalat, killing six people."
    )
    assert [i.actor1 for i in found] == [group]


def test_unnamed_attackers_stay_unnamed_when_no_group_is_named(pipeline: Any) -> None:
    found = incidents(pipeline, "Gunmen attacked a bus on Wednesday in Kalat, killing six people.")
    assert [i.actor1 for i in found] == ["Unidentified Armed Group"]


def test_bare_security_forces_are_the_forces_of_the_country_the_story_is_about(
    pipeline: Any,
) -> None:
    found = incidents(
        pipeline,
        "Security forces killed 11 militants on Wednesday in an operation in North Waziristan, "
        "Khyber Pakhtunkhwa, officials in Peshawar said.",
    )
    assert [i.actor1 for i in found] == ["Military Forces of Pakistan"]


def test_bare_security_forces_stay_unnamed_when_the_story_is_about_two_countries(
    pipeline: Any,
) -> None:
    found = incidents(
        pipeline,
        "Security forces killed 11 militants on Wednesday near the border in Kunar, Afghanistan, "
        "and in Bajaur, Pakistan.",
    )
    assert found and all(i.actor1 is None for i in found)


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        # the object of "against" split by the parser into two clauses
        (
            "Islamabad launched strikes on Wednesday in Khost against what it said were militant "
            "hideouts.",
            {"militants"},
        ),
        # the act is the subject, what it hit the object
        ("The drone strike on Wednesday in Khost hit a wedding party.", {"civilians"}),
        # a name's last word says what the place is
        ("Gunmen attacked the Army Public School on Wednesday in Peshawar.", {"civilians"}),
        # a clash on a border is fought by the border forces
        ("Heavy clashes broke out on Wednesday along the border near Chaman.", {"security_forces"}),
    ],
)
def test_what_an_act_hit(pipeline: Any, text: str, targets: set[str]) -> None:
    found = incidents(pipeline, text)
    assert len(found) == 1
    assert {t.value for t in found[0].target_categories} == targets


def test_an_act_told_again_names_what_it_hit(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Pakistan carried out air strikes on Kabul on Wednesday. "
        "These strikes may have targeted the leader of the TTP.",
    )
    assert [{t.value for t in i.target_categories} for i in found] == [{"militants"}]


def test_a_country_adjective_before_a_place_noun_is_no_actor(pipeline: Any) -> None:
    found = incidents(
        pipeline, "Pakistan carried out air strikes on the Afghan capital on Wednesday."
    )
    assert [(i.actor1, i.actor2) for i in found] == [("Military Forces of Pakistan", None)]


def test_conjoined_verbs_share_their_subject(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "An Afghan army operation freed 12 hostages and killed 9 militants on Wednesday in Kunar.",
    )
    clash = next(i for i in found if i.sub_event_type == "Armed clash")
    assert clash.actor1 == "Taliban (Afghanistan)" and clash.fatalities.low == 9


def test_a_province_and_a_town_in_it_can_be_one_act(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Officials blamed the attack on a passenger train in Balochistan on militants. "
        "Militants of the Baloch Liberation Army attacked the train on Wednesday near Sibi, "
        "Balochistan. At least 21 passengers died in the attack.",
    )
    attacks = [i for i in found if i.event_type == "Violence against civilians"]
    assert len(attacks) == 1
    assert attacks[0].place.admin2 == "Sibi" and attacks[0].actor1 == "BLA"
    assert attacks[0].fatalities.low == 21


def test_fighters_killed_by_the_state_are_not_part_of_the_groups_attack(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Militants of the Baloch Liberation Army stormed a passenger train on Wednesday, "
        "taking hostages. The military claimed the killing of 12 terrorists.",
    )
    militants_killed = [i for i in found if i.fatalities.low == 12]
    assert len(militants_killed) == 1 and militants_killed[0].actor1 != "BLA"


def test_a_where_clause_takes_the_date_of_the_clause_it_hangs_on(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "The president was ousted in December 2023, but violence that began on June 6 in the "
        "coastal region, where security forces clashed with loyalist fighters, has shaken hopes.",
    )
    clash = next(i for i in found if i.sub_event_type == "Armed clash")
    assert clash.date.value == date(2024, 6, 6)


def test_figures_told_on_a_second_word_for_the_act_in_the_same_sentence_count(
    pipeline: Any,
) -> None:
    found = incidents(
        pipeline,
        "Afghan forces opened fire on Pakistani posts near Chaman on Wednesday, officials said, "
        "adding that two soldiers were martyred in the exchange of fire.",
    )
    assert [(i.sub_event_type, i.fatalities.low) for i in found] == [("Armed clash", 2)]


def test_jets_that_struck_are_an_air_strike(pipeline: Any) -> None:
    found = incidents(
        pipeline, "Pakistani jets struck hideouts in Paktika on Wednesday, killing eight people."
    )
    assert [(i.sub_event_type, i.actor1, i.fatalities.low) for i in found] == [
        ("Air/drone strike", "Military Forces of Pakistan", 8)
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Thousands of people rallied peacefully in Lahore on Wednesday against rising prices.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "Police fired tear gas to disperse hundreds of protesters in Quetta on Wednesday.",
            ("Protests", "Protest with intervention"),
        ),
        (
            "Angry protesters torched two police vehicles in Peshawar on Wednesday.",
            ("Riots", "Violent demonstration"),
        ),
        (
            "Police opened fire on demonstrators in Gilgit on Wednesday, killing three protesters.",
            ("Protests", "Excessive force against protesters"),
        ),
    ],
)
def test_protests_by_what_met_them(pipeline: Any, text: str, kind: tuple[str, str]) -> None:
    found = incidents(pipeline, text)
    assert [(i.event_type, i.sub_event_type) for i in found] == [kind]
    assert found[0].place.admin1 is not None and found[0].date.value == date(2024, 6, 12)


def test_an_adjective_on_the_first_word_of_the_act_names_its_author_and_the_place_is_its_own(
    pipeline: Any,
) -> None:
    found = incidents(
        pipeline,
        "Pakistani drone strikes on Wednesday killed 10 civilians, including women and children, "
        "in Khost province.",
    )
    assert [(i.actor1, i.place.admin1, i.fatalities.low) for i in found] == [
        ("Military Forces of Pakistan", "Khost", 10)
    ]


def test_a_when_clause_happens_at_the_time_of_its_main_clause(pipeline: Any) -> None:
    found = incidents(
        pipeline, "Three people were killed on Wednesday when a bomb exploded in a market in Bannu."
    )
    assert [(i.sub_event_type, i.date.value) for i in found] == [
        ("Remote explosive/landmine/IED", date(2024, 6, 12))
    ]


def test_joined_figures_of_one_kind_add_up_and_rival_counts_do_not(pipeline: Any) -> None:
    joined = incidents(
        pipeline,
        "The TTP claimed the attack on Wednesday in Tank, which killed a deputy superintendent of "
        "police and two constables.",
    )
    assert [(i.fatalities.low, i.fatalities.high) for i in joined] == [(3, 3)]
    rival = incidents(
        pipeline,
        "The Taliban said 58 Pakistani soldiers were killed in the clashes in Kurram on Wednesday, "
        "while Pakistan said 23 soldiers died.",
    )
    assert [(i.fatalities.low, i.fatalities.high) for i in rival] == [(23, 58)]
    claim = rival[0].claims[0]
    assert claim.victims.killed == {TargetCategory.SECURITY_FORCES: 23}


def test_the_two_sides_of_an_exchange_of_fire(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Pakistan and Afghanistan exchanged heavy fire along the border in Kurram on Wednesday.",
    )
    assert [(i.actor1, i.actor2) for i in found] == [
        ("Military Forces of Pakistan", "Taliban (Afghanistan)")
    ]


def test_killed_by_a_states_shelling(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Afghan officials said three civilians were killed on Wednesday by Pakistani shelling in "
        "Paktia province.",
    )
    assert [(i.actor1, i.place.admin1, i.fatalities.low) for i in found] == [
        ("Military Forces of Pakistan", "Paktia", 3)
    ]


def test_the_act_answered_does_not_outrank_the_act_reported(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Afghan forces targeted Pakistani military posts along the border in Helmand on Wednesday "
        "in response to Pakistani airstrikes.",
    )
    assert [(i.sub_event_type, i.actor1, i.actor2) for i in found] == [
        ("Armed clash", "Taliban (Afghanistan)", "Military Forces of Pakistan")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Security forces conducted an operation in Bajaur on Wednesday on the reported presence "
        "of khawarij, sending 8 of them to hell.",
        "Eight terrorists were neutralised by security forces in Bajaur on Wednesday.",
    ],
)
def test_a_militarys_own_words_for_its_kills(pipeline: Any, text: str) -> None:
    found = incidents(pipeline, text)
    assert [
        (i.sub_event_type, i.actor1, i.place.admin2, i.date.value, i.fatalities.low) for i in found
    ] == [("Armed clash", "Military Forces of Pakistan", "Bajaur", date(2024, 6, 12), 8)]


def test_a_state_that_bombed_struck_from_the_air(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "The Pakistani regime bombed a house in Khost on Wednesday, killing nine children.",
    )
    assert [(i.sub_event_type, i.fatalities.low) for i in found] == [("Air/drone strike", 9)]


def test_the_first_flare_up_since_a_truce_is_no_period(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "QUETTA, Pakistan — Border forces exchanged fire on Wednesday at the Chaman crossing, the "
        "first flare-up since the two sides agreed to a truce ten days ago.",
    )
    assert [(i.sub_event_type, i.place.admin2, i.date.value) for i in found] == [
        ("Armed clash", "Chaman", date(2024, 6, 12))
    ]


def test_a_share_of_a_figure_told_after_it(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Shells hit homes in Spin Boldak on Wednesday. Three civilians were killed, one of them a "
        "boy, and 11 others were wounded.",
    )
    assert [(i.fatalities.low, i.fatalities.high, i.injuries.low) for i in found] == [(3, 3, 11)]


def test_a_toll_that_rose_and_attackers_killed_count_with_the_act(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Militants stormed a police station in Tank on Wednesday, killing seven policemen. By "
        "evening the toll rose to nine after two constables succumbed to their wounds. Two of the "
        "assailants were killed in the return fire.",
    )
    assert [i.fatalities.low for i in found] == [11]


def test_the_blast_and_the_bombing_told_again_are_the_suicide_attack(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "A suicide bomber rammed a car into a convoy near Mir Ali on Wednesday, killing six "
        "soldiers. More than 20 people were wounded by the blast. The Hafiz Gul Bahadur group "
        "claimed the bombing. Hours after the bombing, militants opened fire on a checkpost in "
        "Datta Khel, wounding two soldiers.",
    )
    assert [(i.sub_event_type, i.actor1, i.date.value) for i in found] == [
        ("Suicide bomb", "Hafiz Gul Bahadur Group", date(2024, 6, 12)),
        ("Armed clash", "Unidentified Armed Group", date(2024, 6, 12)),
    ]
    assert found[0].injuries.low == 21


def test_one_of_the_deadliest_raids_since_is_a_comparison(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Security forces killed 23 militants in Bajaur on Wednesday, the military said, in one of "
        "the deadliest raids since the ceasefire with Kabul.",
    )
    assert [(i.place.admin2, i.fatalities.low) for i in found] == [("Bajaur", 23)]


def test_police_fire_on_a_protest_that_kills_is_excessive_force(pipeline: Any) -> None:
    found = incidents(
        pipeline, "One killed, dozens hurt as police fire on a protest in Bara on Wednesday."
    )
    assert [(i.sub_event_type, i.fatalities.low, i.injuries.low) for i in found] == [
        ("Excessive force against protesters", 1, 12)
    ]


def test_strikes_in_two_provinces_told_after_said_that(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Air strikes killed ten civilians in Paktika. The ministry said that "
        "Pakistani aircraft bombed homes in the Barmal district of Paktika and the Gurbuz district "
        "of Khost late Tuesday night, killing ten civilians. The strikes in Barmal hit two houses. "
        "Pakistani officials said the strikes in Barmal had targeted hideouts of the TTP and "
        "killed 15 militants.",
    )
    by_province = {i.place.admin1: i for i in found}
    assert set(by_province) == {"Paktika", "Khost"}
    assert all(i.sub_event_type == "Air/drone strike" for i in found)
    assert by_province["Paktika"].fatalities.low == 15  # the highest lower bound of its claims
    assert by_province["Khost"].fatalities.low is None  # one toll is never counted twice
    assert len(by_province["Paktika"].claims) == 4


def test_a_weapon_in_the_attackers_phrase_is_no_act_of_its_own(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Militants armed with rifles and hand grenades stormed a police station in Tank on "
        "Wednesday, killing nine policemen.",
    )
    assert [(i.sub_event_type, i.fatalities.low) for i in found] == [("Armed clash", 9)]


def test_a_man_gunned_down_and_men_who_opened_fire_on_him(pipeline: Any) -> None:
    gunned = incidents(
        pipeline, "A member of a peace committee was gunned down in Tank on Wednesday."
    )
    assert [(i.sub_event_type, i.fatalities.low) for i in gunned] == [("Attack", 1)]
    fired = incidents(pipeline, "Gunmen opened fire on him in Tank on Wednesday.")
    assert [(i.event_type, i.sub_event_type) for i in fired] == [
        ("Violence against civilians", "Attack")
    ]


def test_a_count_of_attacks_of_one_kind_is_a_statistic(pipeline: Any) -> None:
    found = incidents(
        pipeline, "Officials say at least 30 quadcopter attacks were recorded in Bannu in 2023."
    )
    assert found == []


def test_where_the_victims_come_from_is_not_where_they_were_killed(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Armed men stopped two buses in Kalat district on Wednesday and shot dead nine men, all of "
        "them from Punjab, officials said.",
    )
    assert [(i.place.admin1, i.fatalities.low) for i in found] == [("Balochistan", 9)]


def test_fire_on_a_convoy_of_passenger_vehicles_is_an_attack_on_civilians(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Gunmen opened fire on a convoy of passenger vehicles near Bagan in Kurram on Wednesday, "
        "killing five people.",
    )
    assert [(i.sub_event_type, [t.value for t in i.target_categories]) for i in found] == [
        ("Attack", ["civilians"])
    ]


def test_a_rocket_that_struck_is_shelling(pipeline: Any) -> None:
    found = incidents(
        pipeline, "A rocket fired from across the border killed a woman in Bajaur on Wednesday."
    )
    assert [(i.sub_event_type, i.fatalities.low) for i in found] == [
        ("Shelling/artillery/missile attack", 1)
    ]


def test_none_of_them_killed_is_no_victim(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "The Taliban said none of their fighters were killed in the clashes near Angoor Adda on "
        "Wednesday, while Pakistan claimed to have killed 30.",
    )
    assert [(i.fatalities.low, i.fatalities.high) for i in found] == [(30, 30)]


def test_attackers_blowing_themselves_up_is_a_suicide_attack(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "The attackers killed four guards before blowing themselves up at the gate of a compound "
        "in Bannu on Wednesday.",
    )
    assert [(i.sub_event_type, i.fatalities.low) for i in found] == [("Suicide bomb", 4)]


def test_clashes_between_two_sides(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Clashes between Taliban forces and Pakistani troops erupted on Wednesday at the Torkham "
        "border crossing.",
    )
    assert [(i.actor1, i.actor2) for i in found] == [
        ("Taliban (Afghanistan)", "Military Forces of Pakistan")
    ]


def test_an_act_that_did_not_happen_does_not_outrank_one_that_did(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Security forces arrested 14 suspects, including two would-be suicide bombers, in raids "
        "across Peshawar on Wednesday.",
    )
    assert [i.sub_event_type for i in found] == ["Arrests"]


def test_an_act_ranked_among_a_periods_acts_is_no_new_act(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "A suicide bomber struck a checkpoint in Mir Ali, North Waziristan, on Monday, killing "
        "five soldiers. The checkpoint attack was the third suicide bombing in North Waziristan "
        "this month.",
    )
    assert len(found) == 1
    assert found[0].fatalities.low == 5


def test_a_span_of_days_makes_a_figure_a_periods(pipeline: Any) -> None:
    found = incidents(
        pipeline,
        "Between 19 October and 18 November, shelling killed 23 civilians in Kunar, Nangarhar "
        "and Khost provinces.",
    )
    assert found == []


def test_a_stray_foreign_place_is_no_place_of_the_story(pipeline: Any) -> None:
    [found] = incidents(
        pipeline,
        "An air strike hit a school compound in Kyaukmyaung village, Kani Township, in Myanmar's "
        "Sagaing Region, on Tuesday, killing at least 14 people.",
    )
    assert (found.place.country, found.place.admin1) == ("Myanmar", "Sagaing")


def test_the_datelines_place_and_date_are_not_the_acts(pipeline: Any) -> None:
    [found] = incidents(
        pipeline,
        "JALALABAD, Afghanistan, 14 June 2024 — Artillery shells fired from Pakistan killed two "
        "civilians in the Kamdesh district of Nuristan province on Wednesday evening.",
    )
    assert found.place.admin1 == "Nuristan"
    assert found.date.value == date(2024, 6, 12)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "An explosive device went off near a bus stop in Quetta on Wednesday, killing two people.",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        (
            "A drone dropped an explosive on a house in Miranshah on Wednesday, wounding three.",
            ("Explosions/Remote violence", "Air/drone strike"),
        ),
        (
            "Gunmen set fire to a telecommunications tower in Turbat on Wednesday.",
            ("Strategic developments", "Looting/property destruction"),
        ),
        (
            "Traders blocked the main highway in Gwadar on Wednesday over the closure of the crossing.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "A police post in Lakki Marwat came under heavy fire on Wednesday night; two constables were hurt.",
            ("Battles", "Armed clash"),
        ),
    ],
)
def test_acts_told_in_other_words_of_the_codebook(
    pipeline: Any, text: str, kind: tuple[str, str]
) -> None:
    """An explosion, a bombing from the air, a burning, a road blocked, a post under fire, each
    told without the words the first lexicon knew: one incident of its kind, placed and dated."""
    found = incidents(pipeline, text)
    assert [(i.event_type, i.sub_event_type) for i in found] == [kind]
    assert found[0].place.admin1 is not None and found[0].date.value == date(2024, 6, 12)


def test_what_a_crowd_burns_is_its_riot_not_a_second_act(pipeline: Any) -> None:
    found = incidents(pipeline, "Protesters set fire to two buses in Hyderabad on Wednesday.")
    assert [(i.event_type, i.sub_event_type) for i in found] == [("Riots", "Violent demonstration")]
