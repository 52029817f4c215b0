"""Commitments as rules, one by one, on hand-made incidents."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ceasefire.assess.agreements import load_agreement
from ceasefire.assess.rules import assess, assess_incident
from ceasefire.domain import (
    Claim,
    DatePrecision,
    Estimate,
    EventDate,
    Incident,
    Place,
    Quantity,
    Stance,
    TargetCategory,
)
from ceasefire.domain.agreement import RuleKind

from .test_agreements import DOHA

AGREEMENT = load_agreement(DOHA)


def _incident(
    *,
    day: date | None = date(2025, 11, 10),
    precision: DatePrecision = DatePrecision.DAY,
    actor1: str | None = "Taliban (Afghanistan)",
    actor2: str | None = "Military Forces of Pakistan",
    country: str | None = "Pakistan",
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Shelling/artillery/missile attack",
    targets: tuple[TargetCategory, ...] = (TargetCategory.SECURITY_FORCES,),
    historical: bool = False,
) -> Incident:
    return Incident(
        id="i1",
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=EventDate(day, precision),
        place=Place(country=country, admin1="Khyber Pakhtunkhwa", location="Angoor Adda"),
        actor1=actor1,
        actor2=actor2,
        target_categories=targets,
        fatalities=Estimate(2, 2, 2),
        is_historical=historical,
    )


def _by_commitment(incident: Incident) -> dict[str, str | None]:
    return {a.commitment: a.party for a in assess_incident(incident, AGREEMENT)}


def test_a_party_shelling_the_other_side_after_the_ceasefire_is_a_possible_breach() -> None:
    found = assess_incident(_incident(), AGREEMENT)
    assert {a.commitment for a in found} == {"ceasefire", "no-targeting", "sovereignty"}
    assert {a.party for a in found} == {"afghanistan"}
    assert all(a.rule == RuleKind.DIRECT for a in found)
    sentence = found[0].explanation
    assert sentence.count(".") == 1 and sentence.endswith(".")
    assert (
        "Taliban (Afghanistan)" in sentence and "2025-11-10" in sentence and "2 killed" in sentence
    )


def test_nothing_before_entry_into_force_nor_undated_nor_historical() -> None:
    assert _by_commitment(_incident(day=date(2025, 10, 18))) == {}
    assert _by_commitment(_incident(day=None)) == {}
    assert _by_commitment(_incident(historical=True)) == {}
    # A month that began before the agreement: cannot tell which side of it the act fell.
    assert _by_commitment(_incident(day=date(2025, 10, 1), precision=DatePrecision.MONTH)) == {}
    assert _by_commitment(_incident(day=date(2025, 10, 19))) != {}


def test_a_party_acting_on_its_own_territory_is_no_breach_of_counterparty_commitments() -> None:
    own = _incident(actor1="Military Forces of Pakistan", actor2=None, country="Pakistan")
    assert _by_commitment(own) == {}


def test_no_targeting_needs_a_protected_target() -> None:
    militants = _incident(targets=(TargetCategory.MILITANTS,))
    assert set(_by_commitment(militants)) == {"ceasefire", "sovereignty"}


def test_an_unknown_perpetrator_stays_unknown() -> None:
    found = _by_commitment(_incident(actor1=None, actor2=None))
    assert set(found) == {"ceasefire", "no-targeting", "sovereignty"}
    assert set(found.values()) == {None}


def test_third_party_attacks_are_held_against_the_no_support_commitment_of_the_other_party() -> (
    None
):
    ttp = _incident(actor1="TTP", actor2=None, event_type="Battles", sub_event_type="Armed clash")
    found = assess_incident(ttp, AGREEMENT)
    assert {(a.commitment, a.party) for a in found} == {
        ("no-support", "afghanistan"),
        ("afghan-soil", "afghanistan"),
    }
    assert all(a.rule == RuleKind.THIRD_PARTY for a in found)
    assert "not a direct breach" in found[0].explanation
    iskp = _incident(actor1="ISKP", actor2=None, country="Afghanistan")
    assert _by_commitment(iskp) == {"no-support": "pakistan"}
    unnamed = _incident(actor1="Unidentified Armed Group", actor2=None)
    assert _by_commitment(unnamed) == {}


def test_ids_are_stable_and_the_order_is_deterministic() -> None:
    first = assess(AGREEMENT, [_incident()])
    second = assess(AGREEMENT, [_incident()])
    assert first == second
    assert len({a.id for a in first}) == len(first)


def test_a_toll_only_the_accused_sides_denial_gives_is_told_as_its_account() -> None:
    """Pakistan's police say a clash took place and give no toll; Kabul's ministry denies that its
    forces fired at all, which sets the low at 0: the finding shows that 0 as the ministry's word."""
    asserted = Claim("doc-a", 0, 40, "quote", source="police", stance=Stance.ASSERTS)
    denied = Claim(
        "doc-b", 0, 50, "quote", source="ministry", stance=Stance.DENIES, fatalities=Quantity(0, 0)
    )
    incident = replace(_incident(), fatalities=Estimate(0, 0, 0), claims=[asserted, denied])
    assert incident.deniers_of_toll() == ["ministry"]
    sentence = assess_incident(incident, AGREEMENT)[0].explanation
    assert "0 killed by the account of ministry, who denies the act" in sentence
    # Once anyone asserting the act gives a figure, the toll is a finding again.
    counted = replace(asserted, fatalities=Quantity(2, 2))
    incident = replace(incident, fatalities=Estimate(0, 2, 2), claims=[counted, denied])
    assert incident.deniers_of_toll() == []
    assert incident.toll_denial_note() == ""
    assert "0–2 killed)" in assess_incident(incident, AGREEMENT)[0].explanation


def test_an_unnamed_figure_in_the_denial_statement_is_the_deniers_own() -> None:
    denial = Claim("doc-b", 0, 50, "quote", source="ministry", stance=Stance.DENIES)
    zero = Claim("doc-b", 51, 90, "quote", fatalities=Quantity(0, 0))  # its next sentence
    elsewhere = Claim("doc-c", 0, 30, "quote", fatalities=Quantity(0, 0))  # another document's
    incident = replace(_incident(), claims=[denial, zero])
    assert incident.deniers_of_toll() == ["ministry"]
    assert incident.toll_denial_note().startswith("by the account of ministry,")
    assert replace(incident, claims=[denial, zero, elsewhere]).deniers_of_toll() == []
