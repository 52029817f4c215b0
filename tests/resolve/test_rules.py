"""The written rules of resolution, one by one: matching vetoes and weights, reconciliation, grades."""

from __future__ import annotations

from datetime import date

from ceasefire.domain import (
    Claim,
    DatePrecision,
    EventDate,
    Incident,
    Place,
    Quantity,
    Stance,
    TargetCategory,
)
from ceasefire.resolve.duplicates import best_group, signature, to_bytes
from ceasefire.resolve.grading import grade
from ceasefire.resolve.matching import rule_score, score
from ceasefire.resolve.merge import absorb, split_off
from ceasefire.resolve.reconcile import reconcile

KABUL = Place(country="Afghanistan", admin1="Kabul", location="Kabul", geo_precision=1)
PAKTIKA = Place(country="Afghanistan", admin1="Paktika", geo_precision=3)


def claim(doc: str, start: int, *, quote: str = "Strikes hit Kabul.", source: str | None = None, kind: str | None = None,
          killed: tuple[int | None, int | None] | None = None, stance: Stance = Stance.ASSERTS, admits: bool = False) -> Claim:  # fmt: skip
    fatalities = Quantity(*killed) if killed else None
    return Claim(
        doc,
        start,
        start + len(quote),
        quote,
        source,
        kind,
        stance,
        False,
        fatalities,
        None,
        admits=admits,
    )


def incident(ident: str, *claims: Claim, place: Place = KABUL, day: date | None = date(2025, 10, 9),
             precision: DatePrecision = DatePrecision.DAY, sub: str = "Air/drone strike",
             event: str = "Explosions/Remote violence", actor1: str | None = None) -> Incident:  # fmt: skip
    return Incident(ident, event, sub, EventDate(day, precision if day else DatePrecision.UNKNOWN), place,
                    actor1=actor1, claims=list(claims))  # fmt: skip


def test_same_strike_reported_twice_matches() -> None:
    a = incident(
        "a", claim("d1", 0, quote="Pakistani jets struck a compound in Kabul on Thursday.")
    )
    b = incident("b", claim("d2", 0, quote="Air strikes hit a compound in Kabul, officials said."))
    found = score(a, b)
    assert found is not None and found.is_match
    by_rule = rule_score(a, b)
    assert by_rule is not None and by_rule.is_match


def test_vetoes() -> None:
    a = incident("a", claim("d1", 0))
    assert score(a, incident("b", claim("d2", 0), place=PAKTIKA)) is None  # other province
    assert (
        score(a, incident("b", claim("d2", 0), day=date(2025, 10, 12))) is None
    )  # 3 days apart, day precision
    other_country = Place(country="Pakistan", admin1="Balochistan")
    assert score(a, incident("b", claim("d2", 0), place=other_country)) is None


def test_coarse_dates_widen_the_window_and_a_district_matches_its_province_lower() -> None:
    a = incident("a", claim("d1", 0), day=date(2025, 10, 1), precision=DatePrecision.MONTH)
    b = incident("b", claim("d2", 0), day=date(2025, 10, 20))
    assert score(a, b) is not None
    district = Place(country="Afghanistan", admin1="Kabul", admin2="Paghman", geo_precision=2)
    province = Place(country="Afghanistan", admin1="Kabul", geo_precision=3)
    both = score(
        incident("a", claim("d1", 0), place=district), incident("b", claim("d2", 0), place=district)
    )
    one = score(
        incident("a", claim("d1", 0), place=district), incident("b", claim("d2", 0), place=province)
    )
    assert both is not None and one is not None and both.place > one.place


def test_different_acts_same_day_same_place_do_not_match() -> None:
    a = incident(
        "a", claim("d1", 0, quote="A suicide bomber struck a mosque in Kabul."), sub="Suicide bomb"
    )
    b = incident(
        "b",
        claim("d2", 0, quote="Police arrested three men at a Kabul market."),
        sub="Arrests",
        event="Strategic developments",
    )
    found = score(a, b)
    assert found is None or not found.is_match
    by_rule = rule_score(a, b)
    assert by_rule is None or not by_rule.is_match


def test_low_best_high_from_independent_sources() -> None:
    merged = incident(
        "a",
        claim("d1", 0, source="police", kind="official", killed=(5, 5)),
        claim("d2", 0, source="UNAMA", kind="un_agency", killed=(7, 7)),
        claim("d3", 0, source="hospital", kind="media", killed=(9, None)),
    )
    result = reconcile(merged, groups={})
    # "at least 9" from the hospital: nine is the floor, and nothing caps it
    assert (result.fatalities.low, result.fatalities.best, result.fatalities.high) == (9, 9, None)
    merged = incident(
        "a",
        claim("d1", 0, source="police", kind="official", killed=(5, 5)),
        claim("d2", 0, source="UNAMA", kind="un_agency", killed=(4, 8)),
    )
    result = reconcile(merged, groups={})
    # lower bounds combine by the largest; best is the UN agency's; high the largest number stated
    assert (result.fatalities.low, result.fatalities.best, result.fatalities.high) == (5, 5, 8)


def test_a_source_counts_once_and_its_latest_toll_wins() -> None:
    merged = incident(
        "a",
        claim("d1", 0, source="police", kind="official", killed=(3, 3)),
        claim("d2", 0, source="police", kind="official", killed=(8, 8)),
    )
    result = reconcile(merged, groups={})
    assert result.fatalities.low == 8


def test_a_partys_count_of_its_enemys_dead_only_widens_the_high() -> None:
    merged = incident(
        "a",
        claim("d1", 0, source="Pakistani military", kind="party", killed=(40, 40)),
        claim("d2", 0, source="Afghan officials", kind="official", killed=(6, 6)),
        actor1="Military Forces of Pakistan",
    )
    result = reconcile(merged, groups={})
    assert (result.fatalities.low, result.fatalities.best, result.fatalities.high) == (6, 6, 40)


def test_a_crowd_named_by_its_country_is_no_side_whose_count_is_held_back() -> None:
    # the police of the crowd's country counting the protesters killed is no party counting its
    # enemy's dead: the figure stands
    merged = incident(
        "a",
        claim("d1", 0, source="Pakistani police", kind="official", killed=(3, 3)),
        actor1="Protesters (Pakistan)",
    )
    result = reconcile(merged, groups={})
    assert (result.fatalities.low, result.fatalities.best, result.fatalities.high) == (3, 3, 3)


def test_grades_one_by_one() -> None:
    one = incident("a", claim("d1", 0, source="police", kind="official"))
    assert grade(one, groups={}).grade == "weak"
    two = incident(
        "a",
        claim("d1", 0, source="police", kind="official"),
        claim("d1", 50, source="UNAMA", kind="un_agency"),
    )
    assert grade(two, groups={}).grade == "fair"
    copies = incident("a", claim("d1", 0), claim("d2", 0))
    assert grade(copies, groups={"d1": "d1", "d2": "d1"}).grade == "weak"  # two copies of one story
    assert grade(copies, groups={"d1": "d1", "d2": "d2"}).grade == "fair"
    denied = incident(
        "a",
        claim("d1", 0, source="UNAMA", kind="un_agency"),
        claim("d2", 0, source="ISPR", stance=Stance.DENIES),
    )
    assert grade(denied, groups={}).grade == "contested"
    claimed = incident("a", claim("d1", 0, source="TTP", admits=True), actor1="TTP")
    result = grade(claimed, groups={})
    assert result.grade == "confirmed" and result.declared
    other = incident(
        "a", claim("d1", 0, source="BLA", admits=True), actor1="Military Forces of Pakistan"
    )
    assert grade(other, groups={}).grade == "discounted"


def test_absorb_and_split_keep_every_claim() -> None:
    a = incident(
        "a",
        claim("d1", 0, killed=(2, 2)),
        place=Place(country="Afghanistan", admin1="Kabul"),
        day=None,
    )
    b = incident("b", claim("d2", 10, killed=(3, 3)), place=KABUL)
    merged = absorb(a, b)
    assert (
        len(merged.claims) == 2 and merged.place == KABUL and merged.date.value == date(2025, 10, 9)
    )
    ref = merged.claims[1].ref
    old, new = split_off(merged, {ref}, "c")
    assert [c.ref for c in new.claims] == [ref] and len(old.claims) == 1


def test_near_duplicates_found_and_different_stories_not() -> None:
    story = (
        "Pakistani jets struck three villages in Paktika province late on Tuesday, killing at least ten "
        "people including four children, local officials said, as the two sides traded accusations over "
        "the collapse of the truce agreed last week in talks hosted by Qatar."
    )
    rewrite = story.replace("local officials said", "according to local officials").replace(
        "late on", "on"
    )
    other = (
        "Floods swept through the Swat valley on Monday, destroying two bridges and cutting off roads to "
        "dozens of villages, while rescue teams searched for missing tourists near the river banks."
    )
    stored = [("first", "first", to_bytes(signature(story)))]
    assert best_group(signature(rewrite), stored)[0] == "first"
    assert best_group(signature(other), stored)[0] is None


def test_who_was_hit_disputed_by_the_two_sides_is_one_act_of_one_perpetrator() -> None:
    # The side that struck says militants, the other side civilians: one strike, disputed.
    struck = claim("d1", 0, quote="Pakistani jets struck militant hideouts in Kabul on Thursday.")
    hit = claim("d2", 0, quote="Pakistani strikes in Kabul killed civilians, officials said.")
    a = incident("a", struck, actor1="Military Forces of Pakistan")
    b = incident("b", hit, actor1="Military Forces of Pakistan")
    a.target_categories = (TargetCategory.MILITANTS,)
    b.target_categories = (TargetCategory.CIVILIANS,)
    found = rule_score(a, b)
    assert found is not None and found.is_match
    # An attack by militants and the operation against them the same day: two acts.
    b.actor1 = "TTP"
    other = rule_score(a, b)
    assert other is None or not other.is_match
