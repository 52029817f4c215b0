"""Actor gazetteer: aliases to canonical names, longest match, case rules for short aliases."""

from __future__ import annotations

from ceasefire.extract.actors import ActorMatcher


def test_aliases_to_canonical_names() -> None:
    matcher = ActorMatcher()
    found = matcher.find("The Pakistani Taliban and the Balochistan Liberation Army claimed it.")
    assert [m.canonical for m in found] == ["TTP", "BLA"]
    assert found[0].text == "Pakistani Taliban"


def test_longest_alias_wins() -> None:
    matcher = ActorMatcher()
    found = matcher.find("Afghan border forces fired first.")
    assert len(found) == 1 and found[0].canonical == "Taliban (Afghanistan)"


def test_short_aliases_need_their_case() -> None:
    matcher = ActorMatcher()
    assert [m.canonical for m in matcher.find("IS claimed the attack.")] == ["Islamic State"]
    assert matcher.find("It is what it is.") == []


def test_country_plus_force_noun() -> None:
    matcher = ActorMatcher(countries={"Malian": "Mali", "Mali": "Mali"})
    found = matcher.find("Malian troops repelled the assault.")
    assert found[0].canonical == "Military Forces of Mali"
    assert found[0].actor.party == "Mali"


def test_canonical_of_free_text() -> None:
    matcher = ActorMatcher()
    actor = matcher.canonical("Pakistan")
    assert actor is not None and actor.canonical == "Military Forces of Pakistan"
    tehreek = matcher.canonical("Tehreek-e-Taliban Pakistan")
    assert tehreek is not None and tehreek.canonical == "TTP"
    assert matcher.canonical("a local shopkeeper") is None


def test_canonical_of_a_longer_name_is_the_actor_named_inside_it() -> None:
    matcher = ActorMatcher(countries={"Malian": "Mali", "Mali": "Mali"})
    assert matcher.canonical("Mali").canonical == "Military Forces of Mali"  # type: ignore[union-attr]
    inside = matcher.canonical("fighters of the Tehreek-e-Taliban Pakistan (claimed)")
    assert inside is not None and inside.canonical == "TTP"


def test_a_crowd_named_with_its_country_is_that_countrys_crowd_not_its_forces() -> None:
    matcher = ActorMatcher(countries={"Pakistani": "Pakistan", "Pakistan": "Pakistan"})
    protesters = matcher.canonical("protesters (Pakistan)")
    assert protesters is not None
    assert (protesters.canonical, protesters.category, protesters.party) == (
        "Protesters (Pakistan)",
        "protesters",
        None,
    )
    rioters = matcher.canonical("Rioters (Pakistani)")
    assert rioters is not None and rioters.canonical == "Rioters (Pakistan)"
    demonstrators = matcher.canonical("demonstrators (Pakistan)")
    assert demonstrators is not None and demonstrators.canonical == "Protesters (Pakistan)"
    # a crowd of no country we know is no actor we name (not the forces of a country inside it)
    assert matcher.canonical("rioters (youths of the old town)") is None


def test_official_jargon_names_its_actor() -> None:
    matcher = ActorMatcher()
    found = matcher.find(
        "Forces engaged Fitna-al-Khawarij in Tank; the Pakistani military regime fired on Kunar."
    )
    assert [(m.text, m.canonical) for m in found] == [
        ("Fitna-al-Khawarij", "TTP"),
        ("Pakistani military regime", "Military Forces of Pakistan"),
    ]
    [proxies] = matcher.find("Indian-backed proxies attacked a convoy near Kalat.")
    assert (proxies.start, proxies.end, proxies.canonical) == (0, 21, "Baloch separatists")


def test_armed_groups_of_more_conflicts_have_acleds_names() -> None:
    matcher = ActorMatcher()
    text = "The TPLF and Fano blamed the ENDF; in Haiti, Viv Ansanm and the FARDC were cited."
    found = [(m.start, m.end, m.canonical) for m in matcher.find(text)]
    assert found == [
        (4, 8, "TPLF: Tigray People's Liberation Front"),
        (13, 17, "Fano Militia"),
        (29, 33, "Military Forces of Ethiopia"),
        (45, 55, "Viv Ansanm"),
        (64, 69, "Military Forces of Democratic Republic of Congo"),
    ]
    # a short alias needs its case: "fano" and "stc" in lower case are no names
    assert matcher.find("a fano tune and the stc rules") == []


def test_official_words_for_the_taliban_government_and_the_frontier_corps() -> None:
    matcher = ActorMatcher()
    found = matcher.find("The FC said the Kabul regime and the Afghan Taliban regime lied.")
    assert [(m.text, m.canonical) for m in found] == [
        ("FC", "Military Forces of Pakistan"),
        ("Kabul regime", "Taliban (Afghanistan)"),
        ("Afghan Taliban regime", "Taliban (Afghanistan)"),
    ]
    [militia] = matcher.find("Shelling by the Rapid Support militia went on.")
    assert (militia.start, militia.canonical) == (16, "Rapid Support Forces")


def test_a_state_named_by_its_side_is_a_mention_of_its_forces_marked_so() -> None:
    matcher = ActorMatcher(countries={"Afghan": "Afghanistan", "Iranian": "Iran"})
    text = "Rounds fired from Afghan territory and the Iranian side hit Afghan posts."
    found = [(m.start, m.end, m.canonical, m.side) for m in matcher.find(text, offset=40)]
    assert found == [
        (58, 74, "Taliban (Afghanistan)", "side"),
        (83, 95, "Military Forces of Iran", "side"),
        # "Afghan" before "posts" is a name the rules already read: no side
        (100, 106, "Taliban (Afghanistan)", ""),
    ]
    # a lower-case word, or a country the matcher does not know, names no side
    assert matcher.find("the afghan side and the Martian side") == []
    # a side noun that begins a compound names none: "side-effects"
    assert matcher.find("Iranian side-effects") == []


def test_a_state_named_by_its_arms_is_a_mention_of_its_forces_marked_so() -> None:
    matcher = ActorMatcher(countries={"Russian": "Russia", "Israeli": "Israel"})
    text = "Russian drones and Israeli air strikes hit depots; Russian officials denied it."
    found = [(m.start, m.end, m.text, m.canonical, m.side) for m in matcher.find(text)]
    assert found == [
        (0, 14, "Russian drones", "Military Forces of Russia", "arms"),
        (19, 38, "Israeli air strikes", "Military Forces of Israel", "arms"),
    ]


def test_a_state_named_by_its_bare_name_is_a_mention_of_its_forces_marked_so() -> None:
    matcher = ActorMatcher(countries={"Iranian": "Iran", "Sudanese": "Sudan"})
    text = "Iran said its guards shot two smugglers who had fled to Iran."
    found = [(m.start, m.end, m.canonical, m.side) for m in matcher.find(text)]
    # the second "Iran" follows a locative: a place, no actor
    assert found == [(0, 4, "Military Forces of Iran", "country")]
    # the end of a longer name is no country's bare name
    assert matcher.find("Fighting in the east of South Sudan went on.") == []


def test_a_country_name_with_a_force_noun_is_its_forces() -> None:
    matcher = ActorMatcher(countries={"Sudanese": "Sudan", "Burkinabe": "Burkina Faso"})
    text = "Burkina Faso army units and Sudan's army moved."
    found = [(m.start, m.end, m.canonical, m.side) for m in matcher.find(text)]
    assert found == [
        (0, 17, "Military Forces of Burkina Faso", ""),
        (28, 40, "Military Forces of Sudan", ""),
    ]
