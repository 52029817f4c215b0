"""Casualty reconciliation: low / best / high from an incident's claims, under written rules.

1. **Sources.** A claim's source is the named speaker ("UNAMA", "police") when there is one, else the
   document's near-duplicate group: two rewrites of one wire story are one source, and five outlets
   quoting UNAMA are one source, UNAMA.
2. **One figure per source**: the highest lower bound it gave. Tolls rise as bodies are found, so a
   source's later, higher figure supersedes its earlier one; its upper bound comes with that claim.
3. **Claims about the enemy's losses** — a party (or its forces) counting the dead it says it
   inflicted — never set the low or the best; they only widen the high.
4. **low** = the highest lower bound among the other sources: each says "no fewer than N"; lower
   bounds combine by taking the largest. "At least 36" gives 36; a range "20 to 30" gives 20.
5. **best** = the figure of the most credible kind of source (UN agency, then monitor's field report,
   then official, then media, then anyone), the median if several of that kind disagree.
6. **high** = the largest number any claim states, enemy-loss claims and range tops included; open
   ("at least") when no claim gives an upper figure above the low.
Victims by category come from the claim that set the best figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from statistics import median_low

from ceasefire.domain import Claim, Estimate, Incident, Quantity, Victims
from ceasefire.domain.datasets import is_crowd

# Kinds of source, most credible first (the attribution stage names them).
CREDIBILITY = ("un_agency", "monitor", "ngo", "official", "party", "media", None)
_PARTY_WORDS = {
    "pakistan": ("pakistan", "pakistani", "islamabad", "ispr"),
    "afghanistan": ("afghan", "taliban", "kabul", "mujahid", "islamic emirate"),
}


def source_of(claim: Claim, groups: Mapping[str, str]) -> str:
    if claim.source:
        return claim.source.casefold()
    return f"document:{groups.get(claim.document_id, claim.document_id)}"


def is_enemy_loss_claim(claim: Claim, perpetrator: str | None) -> bool:
    """A source on the perpetrator's side giving the losses of the side it hit. A crowd
    ("Protesters (Pakistan)") is no side, whatever country it is named by."""
    if not claim.source or not perpetrator or is_crowd(perpetrator):
        return False
    source, actor = claim.source.casefold(), perpetrator.casefold()
    for words in _PARTY_WORDS.values():
        if any(w in source for w in words) and any(w in actor for w in words):
            return True
    return source in actor or actor in source


def _rank(claim: Claim) -> int:
    kind = claim.source_kind if claim.source_kind in CREDIBILITY else None
    return CREDIBILITY.index(kind)


def estimate(
    claims: list[Claim],
    figure: Callable[[Claim], Quantity | None],
    *,
    groups: Mapping[str, str],
    perpetrator: str | None,
) -> tuple[Estimate, Claim | None]:
    per_source: dict[str, tuple[Claim, Quantity]] = {}
    highs: list[int] = []
    for claim in claims:
        quantity = figure(claim)
        if quantity is None:
            continue
        highs += [v for v in (quantity.low, quantity.high) if v is not None]
        if quantity.low is None or is_enemy_loss_claim(claim, perpetrator):
            continue
        key = source_of(claim, groups)
        current = per_source.get(key)
        if current is None or (current[1].low or 0) < quantity.low:
            per_source[key] = (claim, quantity)
    if not per_source:
        high = max(highs) if highs else None
        return Estimate(None, None, high), None
    low = max(q.low for _, q in per_source.values() if q.low is not None)
    top_rank = min(_rank(c) for c, _ in per_source.values())
    credible = [(c, q) for c, q in per_source.values() if _rank(c) == top_rank]
    best_value = median_low([q.low for _, q in credible if q.low is not None])
    best_claim = next(c for c, q in credible if q.low == best_value)
    stated_highs = [q.high for _, q in per_source.values() if q.high is not None]
    high_values = [v for v in highs if v is not None]
    open_ended = any(q.high is None for _, q in per_source.values()) and not any(
        h > low for h in stated_highs
    )
    high = None if open_ended and max(high_values, default=low) <= low else max([*high_values, low])
    best_value = max(best_value, low) if best_value is not None else low
    return Estimate(low, best_value, high), best_claim


def reconcile(incident: Incident, *, groups: Mapping[str, str]) -> Incident:
    """The incident with its figures worked out from all its claims."""
    fatalities, killed_by = estimate(
        incident.claims, lambda c: c.fatalities, groups=groups, perpetrator=incident.actor1
    )
    injuries, injured_by = estimate(
        incident.claims, lambda c: c.injuries, groups=groups, perpetrator=incident.actor1
    )
    victims = Victims(
        killed=dict(killed_by.victims.killed) if killed_by else {},
        injured=dict(injured_by.victims.injured) if injured_by else {},
    )
    return replace(incident, fatalities=fatalities, injuries=injuries, victims=victims)
