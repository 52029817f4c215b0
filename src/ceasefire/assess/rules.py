"""Commitments as rules: which incidents after entry into force may breach which commitment, by whom.

Rules, in the order they are applied (README, "Assessment"):

1. Only incidents wholly after ``effective_at`` are assessed: the incident's day (or week, month…)
   in the agreement's time zone starts at or after it. Historical incidents and incidents without a
   date are never assessed.
2. The party allegedly responsible is the party whose ``actors`` list names the incident's actor1;
   an actor1 nobody lists, or none, is unknown (``None``) — never guessed.
3. A ``direct`` commitment is possibly breached by an incident whose event or sub-event type it
   forbids, whose perpetrator is an obligated party or unknown, whose targets include a protected
   category (when it names any), and — when it protects the counterparty — that happened on another
   party's territory or hit another party's forces (or in an unknown country). An act by a named
   actor that is no party (an armed group, an "Unidentified Armed Group") is never a direct breach.
4. An incident every claim of which denies it (a denial matched to no report of the act yet) is
   not assessed: nobody on record says it happened. Once a report of the act joins it, it is.
5. A ``third_party`` commitment is engaged by an act of one of its ``armed_groups`` on a party's
   territory: the parties allegedly responsible are the obligated parties other than that one (one
   assessment each), for the mechanism to look into — not a direct breach.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ceasefire.domain import DatePrecision, Incident, Stance
from ceasefire.domain.agreement import (
    Agreement,
    Assessment,
    Commitment,
    Party,
    RuleKind,
    Territory,
)

RULES_VERSION = "assess.v1"


def assessment_id(agreement: str, commitment: str, incident: str, party: str | None) -> str:
    """Stable id: the same incident against the same commitment and party is the same assessment."""
    key = f"{agreement}\x1f{commitment}\x1f{incident}\x1f{party or ''}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def period_start(day: date, precision: DatePrecision) -> date:
    if precision == DatePrecision.WEEK:
        return day - timedelta(days=day.weekday())
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    return day


def is_after(incident: Incident, effective_at: datetime) -> bool:
    """Whether the incident's whole date range starts at or after entry into force."""
    day = incident.date.value
    if day is None or incident.is_historical or incident.date.precision == DatePrecision.UNKNOWN:
        return False
    start = period_start(day, incident.date.precision)
    zone = effective_at.tzinfo or ZoneInfo("UTC")
    return datetime.combine(start, time(), tzinfo=zone) >= effective_at


def party_of(actor: str | None, agreement: Agreement) -> Party | None:
    if not actor:
        return None
    wanted = actor.casefold()
    for party in agreement.parties:
        if any(name.casefold() == wanted for name in party.actors):
            return party
    return None


def _party_of_country(country: str | None, agreement: Agreement) -> Party | None:
    if not country:
        return None
    return next((p for p in agreement.parties if p.country.casefold() == country.casefold()), None)


def _forbids(commitment: Commitment, incident: Incident) -> bool:
    if not commitment.event_types and not commitment.sub_event_types:
        return True
    return (
        incident.event_type in commitment.event_types
        or incident.sub_event_type in commitment.sub_event_types
    )


def _hits_protected(commitment: Commitment, incident: Incident) -> bool:
    if not commitment.target_categories:
        return True
    return any(t.value in commitment.target_categories for t in incident.target_categories)


def _against_counterparty(
    incident: Incident, responsible: Party | None, agreement: Agreement
) -> bool:
    """On another party's territory, or against another party's forces (unknown country: maybe)."""
    target = party_of(incident.actor2, agreement)
    if target is not None and target != responsible:
        return True
    where = _party_of_country(incident.place.country, agreement)
    if incident.place.country is None:
        return True
    return where is not None and where != responsible


def _place_text(incident: Incident) -> str:
    place = incident.place
    parts = [p for p in (place.location, place.admin1, place.country) if p]
    return ", ".join(dict.fromkeys(parts)) or "an unknown place"


def _casualties(incident: Incident) -> str:
    low, high = incident.fatalities.low, incident.fatalities.high
    if low is None and high is None:
        return ""
    figure = str(low) if low == high or high is None else f"{low}–{high}"
    if note := incident.toll_denial_note():  # the accused side's own account is no finding
        return f" ({figure} killed {note})"
    return f" ({figure} killed)"


def explain(
    incident: Incident,
    commitment: Commitment,
    agreement: Agreement,
    party: Party | None,
    *,
    group_territory: Party | None = None,
) -> str:
    """One sentence, from the facts only."""
    when = incident.date.value.isoformat() if incident.date.value else "an unknown date"
    act = f"{incident.sub_event_type or incident.event_type} in {_place_text(incident)} on {when}"
    if commitment.rule == RuleKind.THIRD_PARTY:
        where = group_territory.name if group_territory else "a party's territory"
        who = party.name if party else "another party"
        return (
            f"{act}{_casualties(incident)}: an act by {incident.actor1} on {where}'s territory after the agreement "
            f"took effect, held against {who}'s commitment '{commitment.id}' ({commitment.title}) "
            "for the mechanism to look into; not a direct breach."
        )
    if party is None:
        by = "by an unidentified perpetrator" + (f" ({incident.actor1})" if incident.actor1 else "")
    else:
        by = f"attributed to {incident.actor1}, which stands for {party.name}"
    targets = ", ".join(t.value.replace("_", " ") for t in incident.target_categories if t.value)
    hit = f" hitting {targets}" if targets and targets != "unknown" else ""
    return (
        f"{act}{hit}{_casualties(incident)}, {by}, after the agreement took effect: a possible breach of "
        f"'{commitment.id}' ({commitment.title})."
    )


def is_only_denied(incident: Incident) -> bool:
    return bool(incident.claims) and all(c.stance is Stance.DENIES for c in incident.claims)


def assess_incident(incident: Incident, agreement: Agreement) -> list[Assessment]:
    if not is_after(incident, agreement.effective_at) or is_only_denied(incident):
        return []
    found: list[Assessment] = []
    responsible = party_of(incident.actor1, agreement)
    for commitment in agreement.commitments:
        if not _forbids(commitment, incident):
            continue
        if commitment.rule == RuleKind.DIRECT:
            if responsible is None and incident.actor1:
                continue  # a named actor that is no party (an armed group): not a direct breach
            if responsible is not None and responsible.id not in commitment.obligated:
                continue
            if not _hits_protected(commitment, incident):
                continue
            if commitment.territory == Territory.COUNTERPARTY and not _against_counterparty(
                incident, responsible, agreement
            ):
                continue
            found.append(
                Assessment(
                    id=assessment_id(
                        agreement.id,
                        commitment.id,
                        incident.id,
                        responsible.id if responsible else None,
                    ),
                    agreement=agreement.id,
                    commitment=commitment.id,
                    incident=incident.id,
                    party=responsible.id if responsible else None,
                    rule=commitment.rule,
                    explanation=explain(incident, commitment, agreement, responsible),
                )
            )
            continue
        group = (incident.actor1 or "").casefold()
        if group not in {g.casefold() for g in commitment.armed_groups}:
            continue
        territory = _party_of_country(incident.place.country, agreement)
        if territory is None:
            continue
        for party_id in commitment.obligated:
            party = agreement.party(party_id)
            if party is None or party == territory:
                continue
            found.append(
                Assessment(
                    id=assessment_id(agreement.id, commitment.id, incident.id, party.id),
                    agreement=agreement.id,
                    commitment=commitment.id,
                    incident=incident.id,
                    party=party.id,
                    rule=commitment.rule,
                    explanation=explain(
                        incident, commitment, agreement, party, group_territory=territory
                    ),
                )
            )
    return found


def assess(agreement: Agreement, incidents: Iterable[Incident]) -> list[Assessment]:
    """Every incident against every commitment, in a stable order."""
    found = [a for incident in incidents for a in assess_incident(incident, agreement)]
    return sorted(found, key=lambda a: (a.incident, a.commitment, a.party or ""))
