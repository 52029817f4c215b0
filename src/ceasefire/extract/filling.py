"""Slot filling: the learned model's choice among each incident's candidates, applied to a copy of
the rules' incidents with the claims made to agree; zero figures the text states."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from ceasefire.domain import (
    Claim,
    DatePrecision,
    Estimate,
    EventDate,
    Incident,
    Place,
    Quantity,
    TargetCategory,
)
from ceasefire.extract.choice import JOIN, SPOT, SURE_ONLY, ChoiceModel, is_rule
from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.extract.slots import (
    NO_INJURED,
    Candidate,
    DocumentFacts,
    anchors_of,
    candidates_of,
    spot_candidates,
)


def best(model: ChoiceModel, slot: str, candidates: list[Candidate]) -> Candidate | None:
    """The candidate the model finds most likely right (abstaining is a candidate too); ties go
    to the rules' own choice. None when the model has no weights for the slot."""
    scored = []
    for candidate in candidates:
        probability = model.probability(slot, candidate.features)
        if probability is None:
            return None
        scored.append((probability, is_rule(candidate.features), candidate))
    if not scored:
        return None
    return max(scored, key=lambda item: (item[0], item[1]))[2]


def choose(
    facts: DocumentFacts,
    incidents: Sequence[Incident],
    model: ChoiceModel,
    *,
    gazetteer: Gazetteer,
    drop_background: bool = False,
) -> list[Incident]:
    """The incidents with each slot set to the model's choice. An incident the join model finds
    an act told again is folded into that act. An incident the keep model finds
    no new act is folded into an incident of the same kind that nothing contradicts (the same act
    told again: a headline line, the lead retold in a later paragraph); with `drop_background`,
    the others it finds no new act (background, a period summary) are left out when dated."""
    chosen: list[Incident] = []
    ruled: dict[int, Incident] = {}  # id of a chosen copy -> the rules' incident it copies
    retold: list[tuple[Incident, bool]] = []
    undated: set[int] = set()  # incidents whose own text gives no date (the rules found none)
    keep = model.slots.get("keep")
    told_by: dict[int, int] = {}  # the join model's choice: position -> the act it tells again
    for position, found in enumerate(candidates_of(facts, incidents)):
        incident = _copy(found.incident)
        for slot, candidates in found.slots.items():
            if slot == JOIN:
                pick = best(model, slot, candidates)
                if pick is not None and pick.value is not None:
                    told_by[position] = pick.value
                continue
            pick = best(model, slot, candidates)
            if (
                slot in SURE_ONLY
                and pick is not None
                and (model.probability(slot, pick.features) or 0.0) < 0.5
            ):
                continue
            # The rules' place may come back refined by a spot its own sentence names.
            if pick is None or (is_rule(pick.features) and slot != "place"):
                continue
            _apply(incident, slot, pick, facts)
        # How fine to go inside the chosen place: a district, town or crossing the story names
        # there, or the place as chosen.
        spots = spot_candidates(
            facts, incident, found.anchors, found.others, incident.place, gazetteer=gazetteer
        )
        pick = best(model, SPOT, spots)
        if pick is not None and not is_rule(pick.features):
            incident.place = pick.value
        if keep is not None and keep.probability(found.keep) < keep.threshold:
            retold.append((incident, bool(found.keep.get("headline"))))
            if found.incident.date.value is None:
                undated.add(id(incident))
        chosen.append(incident)
        ruled[id(incident)] = found.incident
    folded = _join(chosen, told_by)
    chosen = [i for k, i in enumerate(chosen) if k not in folded]
    retold = [(i, h) for i, h in retold if all(i is not f for f in folded.values())]
    acts = [i for i in chosen if all(i is not r for r, _headline in retold)]
    for incident, headline in retold:
        # Which act a retelling tells again is judged on the rules' slots, as the keep model's
        # features are: the slot choice fills values, it does not make or unmake acts.
        rules_act = same_act(ruled[id(incident)], [ruled[id(a)] for a in acts], headline=headline)
        act = next((a for a in acts if ruled[id(a)] is rules_act), None)
        if act is not None:
            fold_into(act, incident)
            chosen.remove(incident)
        elif drop_background and id(incident) not in undated:
            # An act its own text does not date is kept: the keep model weighs mostly time (how
            # old, a period, a date in the sentence), so it has little to judge such an act by,
            # and our gold makes an undated act optional (eval/README.md): reporting it costs
            # nothing there. (The slot choice may have dated it from the story: not its own.)
            chosen.remove(incident)
    return chosen


def _join(chosen: list[Incident], told_by: dict[int, int]) -> dict[int, Incident]:
    """Folds each incident the join model finds an act told again into that act (the first of a
    chain: a retelling of a retelling joins the act); the folded ones, by position."""
    folded: dict[int, Incident] = {}
    for position in sorted(told_by, reverse=True):
        root, seen = told_by[position], {position}
        while root in told_by and root not in seen:
            seen.add(root)
            root = told_by[root]
        if root in seen or root in folded:
            continue
        fold_into(chosen[root], chosen[position])
        folded[position] = chosen[position]
    return folded


def same_act(
    incident: Incident, others: Sequence[Incident], *, headline: bool = False
) -> Incident | None:
    """The incident that `incident` may tell again: of the same kind, with no known slot
    (date, country, province) contradicting; the one that says the most, then the first. A
    headline is a title, not a report: its act word may name the story's act in other words
    ("clash" above a story of shelling), so it may be any act at its named place."""
    fitting = [o for o in others if compatible(o, incident)]
    if headline and not fitting:
        fitting = [o for o in others if _same_place(o.place, incident.place)]
    return max(fitting, key=lambda o: (_detail(o), -others.index(o)), default=None)


def compatible(act: Incident, retelling: Incident) -> bool:
    """Whether a retelling can be the act: the rules' own constraints of one act. Strikes on a
    named province and strikes by a named party with no province are two acts ("strikes on
    Kabul" and, later, "drone strikes from Pakistan")."""
    if act.sub_event_type != retelling.sub_event_type:
        return False
    provinces = (act.place.admin1 is None, retelling.place.admin1 is None)
    if provinces[0] != provinces[1] and retelling.actor1 is not None:
        return False
    a, b = act, retelling
    if a.date.value is not None and b.date.value is not None and a.date.value != b.date.value:
        return False
    for x, y in ((a.place.country, b.place.country), (a.place.admin1, b.place.admin1)):
        if x is not None and y is not None and x != y:
            return False
    return True


def _same_place(act: Place, headline: Place) -> bool:
    """A headline's place names the act's: the same province, and the same spot when both name one."""
    if headline.admin1 is None or act.admin1 != headline.admin1 or act.country != headline.country:
        return False
    return headline.location is None or act.location in (None, headline.location)


def _detail(incident: Incident) -> int:
    return sum(
        (
            incident.date.value is not None,
            incident.place.admin1 is not None,
            incident.fatalities.low is not None,
            incident.actor1 is not None,
        )
    )


def fold_into(act: Incident, retelling: Incident) -> None:
    """A retelling's quotes become claims of the act and its mentions the act's; it fills what the
    act leaves unknown. Its figures count only where they agree with the act's own."""
    known = {(c.document_id, c.start, c.end) for c in act.claims}
    for claim in retelling.claims:
        if (claim.document_id, claim.start, claim.end) in known:
            continue
        if claim.fatalities is not None and act.fatalities.low not in (None, claim.fatalities.low):
            claim = replace(claim, fatalities=None, victims=replace(claim.victims, killed={}))
        act.claims.append(claim)
    act.mentions.extend(retelling.mentions)
    if act.date.value is None and retelling.date.value is not None:
        act.date, act.is_historical = retelling.date, retelling.is_historical
    if act.place.admin1 is None and retelling.place.admin1 is not None:
        act.place = retelling.place
    if act.actor1 is None:
        act.actor1 = retelling.actor1
    if act.fatalities.low is None and retelling.fatalities.low is not None:
        act.fatalities = retelling.fatalities


def zero_injured(facts: DocumentFacts, incidents: Sequence[Incident]) -> None:
    """An act whose sentence, or the next, says no one was hurt has injured 0, not an unknown
    number. The next sentence speaks for the act only when it tells no other incident."""
    told = [set(anchors_of(facts, incident)) for incident in incidents]
    for number, incident in enumerate(incidents):
        if incident.injuries.low is not None:
            continue
        anchors = told[number]
        others = set().union(*(t for k, t in enumerate(told) if k != number)) - anchors
        following = {i + 1 for i in anchors} - anchors - others - {len(facts.sentences)}
        for index in sorted(anchors | following):
            if NO_INJURED.search(facts.sentences[index].text):
                incident.injuries = Estimate(low=0, best=0, high=0)
                sentence = facts.sentences[index]
                zero = Quantity(0, 0, "", sentence.start, sentence.end)
                position = next(
                    (k for k, c in enumerate(incident.claims) if c.start == sentence.start), None
                )
                if position is None:
                    incident.claims.append(
                        Claim(
                            document_id=facts.document_id,
                            start=sentence.start,
                            end=sentence.end,
                            quote=sentence.text,
                            injuries=zero,
                        )
                    )
                else:
                    incident.claims[position] = replace(incident.claims[position], injuries=zero)
                break


def _copy(incident: Incident) -> Incident:
    return replace(incident, claims=list(incident.claims), mentions=list(incident.mentions))


def _apply(incident: Incident, slot: str, pick: Candidate, facts: DocumentFacts) -> None:
    if slot == "date":
        if pick.value is None:
            incident.date = EventDate(None)
            return
        precision = _precision_of(facts, pick.value)
        incident.date = EventDate(pick.value, precision)
        if facts.published is not None:
            incident.is_historical = (facts.published - pick.value).days > 365
    elif slot == "place":
        incident.place = pick.value if pick.value is not None else Place()
    elif slot == "perpetrator":
        incident.actor1 = pick.value
    elif slot == "killed":
        _apply_killed(incident, pick, facts)
    elif slot == "target":
        chosen = sorted(pick.value or (), key=lambda c: c.value)
        incident.target_categories = tuple(chosen) or (TargetCategory.UNKNOWN,)


def _apply_killed(incident: Incident, pick: Candidate, facts: DocumentFacts) -> None:
    """The chosen figure, with the claims made to agree: a figure the model judged not this act's
    (a cumulative toll, another act's) leaves the claim's quote but no longer counts for it, and
    the sentence that gave the chosen figure becomes a claim if it is none. So the store, which
    reconciles figures from claims, finds the same figure, traced to its quote."""
    value = pick.value
    high = None if value is None else (pick.quantity.high if pick.quantity else value)
    incident.fatalities = (
        Estimate(low=value, best=value, high=high) if value is not None else Estimate()
    )
    claims = []
    for claim in incident.claims:
        if claim.fatalities is not None and claim.fatalities.low != value:
            claim = replace(claim, fatalities=None, victims=replace(claim.victims, killed={}))
        claims.append(claim)
    incident.claims = claims
    if value is None or pick.quote is None:
        return
    if not any(c.start == pick.quote.start and c.fatalities is not None for c in incident.claims):
        quantity = Quantity(
            value,
            high,
            pick.quantity.text if pick.quantity else "",
            pick.quote.start,
            pick.quote.end,
        )
        position = next(
            (k for k, c in enumerate(incident.claims) if c.start == pick.quote.start), None
        )
        if position is None:
            incident.claims.append(
                Claim(
                    document_id=facts.document_id,
                    start=pick.quote.start,
                    end=pick.quote.end,
                    quote=pick.quote.text,
                    fatalities=quantity,
                )
            )
        else:
            incident.claims[position] = replace(incident.claims[position], fatalities=quantity)


def _precision_of(facts: DocumentFacts, value: date) -> DatePrecision:
    for mentions in facts.dates.values():
        for mention in mentions:
            if mention.date.value == value and not mention.is_duration:
                return mention.date.precision
    return DatePrecision.DAY


__all__ = ["best", "choose", "zero_injured"]
