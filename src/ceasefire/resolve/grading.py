"""Credibility grades, in the manner of Airwars, from the claims of an incident.

Checked in this order; the first that holds is the grade:

1. **discounted** — set by a reviewer (another party most likely responsible, or the claim
   retracted), or someone other than the alleged perpetrator claimed the act as its own.
2. **confirmed** — the alleged perpetrator (or, with none alleged, anyone) claimed the act.
3. **contested** — a claim denies the act or the accusation.
4. **fair** — two or more independent sources (``independent_sources``: documents that are not
   near-duplicates of one another, and institutions on record — UN agency, monitor, official).
5. **weak** — a single source.

Apart from the grade, ``declared`` says whether the act's author claimed it (declared) or others only
allege it. A machine-extracted incident keeps ``is_reviewed`` false until a person reviews it: tools
show it as unreviewed, never as verified, whatever its grade.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ceasefire.domain import Claim, Incident, Stance
from ceasefire.resolve.reconcile import is_enemy_loss_claim, source_of

GRADES = ("confirmed", "fair", "weak", "contested", "discounted")
# Speakers whose word stands apart from the outlet that relays it: an institution on record.
INSTITUTIONAL_KINDS = {"un_agency", "monitor", "ngo", "official", "party_official", "party"}


def independent_sources(claims: list[Claim], groups: Mapping[str, str]) -> set[str]:
    """Documents that are not near-duplicates of one another, and institutions on record (a UN
    agency, a monitor, an official) whoever relays them. Witnesses, "media reports" or an unnamed
    speaker quoted in an article add nothing to the article itself."""
    by_group: dict[str, set[str]] = {}
    for claim in claims:
        group = groups.get(claim.document_id, claim.document_id)
        speakers = by_group.setdefault(group, set())
        if claim.source and claim.source_kind in INSTITUTIONAL_KINDS:
            speakers.add(source_of(claim, groups))
    found: set[str] = set()
    for group, speakers in by_group.items():
        found |= speakers or {f"document:{group}"}
    return found


def grade(incident: Incident, *, groups: Mapping[str, str]) -> Incident:
    claims = incident.claims
    admissions = [c for c in claims if c.admits]
    declared = bool(admissions)
    perpetrator = incident.actor1
    if incident.grade == "discounted" and incident.is_reviewed:
        return replace(incident, declared=declared)
    by_others = [
        c for c in admissions if perpetrator is not None and not is_enemy_loss_claim(c, perpetrator)
    ]
    if admissions and by_others and len(by_others) == len(admissions):
        value = "discounted"
    elif admissions:
        value = "confirmed"
    elif any(c.stance is Stance.DENIES for c in claims):
        value = "contested"
    else:
        value = "fair" if len(independent_sources(claims, groups)) >= 2 else "weak"
    return replace(incident, grade=value, declared=declared)
