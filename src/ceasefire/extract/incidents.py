"""Within one document: mentions of the same act merge into one incident; period figures aggregate."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ceasefire.domain import (
    Aggregate,
    Claim,
    DatePrecision,
    Estimate,
    EventDate,
    Incident,
    Place,
    Quantity,
    Stance,
    TargetCategory,
    Victims,
)
from ceasefire.extract.attribution import Attribution
from ceasefire.extract.dates import DateMention
from ceasefire.extract.events import _PERIOD, EventMention
from ceasefire.extract.lexicons.actors import ARMED_GROUP_NAMES
from ceasefire.extract.quantities import CasualtyFigure, Outcome
from ceasefire.extract.sentences import Sentence
from ceasefire.extract.triggers import is_statistic

# An act dated more than this many days before publication is recalled history, not news.
HISTORICAL_AFTER_DAYS = 365


@dataclass(slots=True)
class FigureReport:
    """A sentence with casualty figures and no act of its own ("The toll rose to 31, officials said"):
    a claim about the act the text has just described."""

    sentence: Sentence
    figures: list[CasualtyFigure]
    attribution: Attribution | None
    dates: list[DateMention] = field(default_factory=list)
    is_period: bool = False


# How many sentences after an act's last mention a figure-only sentence may still be about it.
REPORT_REACH = 3


def assemble(
    mentions: list[EventMention],
    *,
    document_id: str,
    published: date | None,
    reports: list[FigureReport] | None = None,
    places: list[Place] | None = None,
) -> tuple[list[Incident], list[Aggregate]]:
    incidents: list[Incident] = []
    aggregates: list[Aggregate] = []
    last_sentence: dict[str, int] = {}
    fighters: dict[str, int] = {}  # incidents of fighters killed, by id: their position
    pending = sorted(reports or [], key=lambda r: r.sentence.index)
    for mention in mentions:
        while pending and pending[0].sentence.index < mention.sentence.index:
            _attach_report(
                pending.pop(0), incidents, aggregates, last_sentence, document_id, fighters
            )
        denies = _is_denial(mention) and (mention.is_negated or _said_to_deny(mention))
        if denies:
            # "X denied carrying out any strike": a claim against the act, kept with it.
            denied = _referent(incidents, mention) or (incidents[-1] if incidents else None)
            if denied is not None:
                _add_claim(denied, replace(_claim(mention, document_id), stance=Stance.DENIES))
                continue
            # Nobody in this document tells the act: the denial stands as an incident whose only
            # claim denies it, for the record to match with the act told elsewhere.
        if mention.is_background and mention.figures and _since_it_began(mention):
            # "bodies of five troops have been found since the attacks began": the toll of the act
            # the story has just told.
            report = FigureReport(mention.sentence, mention.figures, mention.attribution)
            _attach_report(report, incidents, aggregates, last_sentence, document_id, fighters)
            continue
        if (mention.is_negated and not denies) or mention.is_background:
            continue
        if mention.figures and (mention.is_period or mention.is_statistic):
            for aggregate in _aggregates(
                mention.sentence, mention.figures, mention.attribution, document_id
            ):
                if aggregate not in aggregates:
                    aggregates.append(aggregate)
            continue
        if mention.is_statistic:
            continue
        if mention.date.value is None:
            _date_after_previous(mention, incidents)
        claim = _claim(mention, document_id)
        if (
            mention.trigger.trigger.strength == 0
            and mention.figures
            and (not mention.is_specific or _retold(incidents, mention, last_sentence))
        ):
            # "Four soldiers were also killed": a bare death word with a figure adds to the act told
            # just before, like a sentence with figures and no act word.
            report = FigureReport(mention.sentence, mention.figures, mention.attribution)
            _attach_report(report, incidents, aggregates, last_sentence, document_id, fighters)
            continue
        if not mention.is_specific:
            earlier = _antecedent(incidents, mention)
            if mention.is_anaphor and earlier is not None:
                # "these strikes might have targeted the group's leader": who the act hit.
                _add_claim(earlier, claim)
                _add_targets(earlier, mention)
                _fill(earlier, mention, published)
                last_sentence[earlier.id] = mention.sentence.index
            continue
        # "the mutiny", "Tuesday's attack" refer back first; else the latest incident of the same act.
        # Fighters killed by the other side are no referent of "the attack", and take only nearby
        # mentions of the same kind ("... killed 16 militants. An exchange of fire went on").
        acts = [i for i in incidents if i.id not in fighters]
        target = _referent(acts, mention) if mention.is_anaphor else None
        if target is None:
            target = next(
                (
                    i
                    for i in reversed(incidents)
                    if _same_act(i, mention)
                    and (
                        i.id not in fighters
                        or mention.sentence.index - last_sentence[i.id] <= REPORT_REACH
                    )
                    # "The military claimed killing 33 terrorists" is no part of the BLA's attack.
                    and not (
                        mention.kills_fighters
                        and i.id not in fighters
                        and i.actor1 in ARMED_GROUP_NAMES
                    )
                ),
                None,
            )
        if target is None and not mention.is_anaphor:
            target = _referent(acts, mention)
        if target is None:
            incident = _new_incident(mention, claim, document_id, published, len(incidents))
            incidents.append(incident)
            last_sentence[incident.id] = mention.sentence.index
            if mention.kills_fighters:
                fighters[incident.id] = len(incidents) - 1
        else:
            if mention.kills_fighters:
                fighters.setdefault(target.id, incidents.index(target))
            _merge(
                target,
                mention,
                claim,
                keep_place=mention.is_anaphor or target.sub_event_type != mention.sub_event_type,
            )
            _fill(target, mention, published)
            last_sentence[target.id] = mention.sentence.index
    for report in pending:
        _attach_report(report, incidents, aggregates, last_sentence, document_id, fighters)
    for position in fighters.values():
        incident = incidents[position]
        before = [i for i in incidents[:position] if i.date.value is not None]
        if incident.date.value is None and before:
            # "The military said it killed 33 militants": the operation that answered the act the
            # story has just told, dated with it.
            incident.date = before[-1].date
            incident.is_historical = _is_historical(incident.date, published)
    for incident in incidents:
        _reconcile(incident)
        if places is not None:
            _locate_in_document(incident, places)
    return incidents, aggregates


# "Days later, a bomb ...": dated from the act told before it.
_LATER = re.compile(
    r"^\W*(?:(?:just|only|some|a few)\s+)?(?P<span>a day|one day|days|hours|a week|weeks)"
    r"\s+(?:later|after\s+(?:the|that|this)\b)"
    r"|\b(?:the\s+)?(?:next|following)\s+(?P<next>day)\b",
    re.IGNORECASE,
)


_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the|these|those|this|that)\s+(?:[\w-]+\s+)?$", re.I)
_BEGAN_AFTER = re.compile(r"^\s+(?:began|started|erupted|broke out|were launched)\b", re.I)


def _since_it_began(mention: EventMention) -> bool:
    text, start = mention.sentence.text, mention.sentence.start
    return bool(
        _SINCE_BEFORE.search(text[: mention.trigger.start - start])
        and _BEGAN_AFTER.match(text[mention.trigger.end - start :])
    )


def _retold(
    incidents: list[Incident], mention: EventMention, last_sentence: dict[str, int]
) -> bool:
    """ "Today the leader of X was killed": a bare death word with no agent and one victim, just
    after an act in the same place within a day of it, tells that act again (a quote, a
    confirmation)."""
    if mention.actor1 is not None or not incidents:
        return False
    if any((f.quantity.high or f.quantity.low or 0) > 1 for f in mention.figures):
        return False  # only one person's death told again
    latest = max(incidents, key=lambda i: last_sentence.get(i.id, -99))
    if mention.sentence.index - last_sentence.get(latest.id, -99) > REPORT_REACH:
        return False
    if not _places_compatible(latest.place, mention.place):
        return False
    day, other = latest.date.value, mention.date.value
    return day is None or other is None or abs((day - other).days) <= 1


def _date_after_previous(mention: EventMention, incidents: list[Incident]) -> None:
    """ "A day later" is the next day of the act told before; "days later" its month (or week)."""
    match = _LATER.search(mention.sentence.text[: mention.trigger.start - mention.sentence.start])
    previous = next((i.date for i in reversed(incidents) if i.date.value is not None), None)
    if match is None or previous is None or previous.value is None:
        return
    span = (match.group("span") or match.group("next") or "").lower()
    if previous.precision is DatePrecision.DAY and span in ("a day", "one day", "day"):
        mention.date = EventDate(previous.value + timedelta(days=1), DatePrecision.DAY)
    elif previous.precision is DatePrecision.DAY and span == "hours":
        mention.date = previous
    elif previous.precision is DatePrecision.DAY:
        mention.date = EventDate(previous.value.replace(day=1), DatePrecision.MONTH)
    else:
        mention.date = previous


def _locate_in_document(incident: Incident, places: list[Place]) -> None:
    """An incident placed only in a country gets the province the document names most often in that
    country, as a coder would: a story about "the attack" in Balochistan is about Balochistan. Only
    when that province is named at least twice and no other province of the country as often."""
    place = incident.place
    if place.country is None or place.admin1 is not None or incident.is_historical:
        return
    counts: dict[str, int] = defaultdict(int)
    for named in places:
        if named.country == place.country and named.admin1 is not None:
            counts[named.admin1] += 1
    if not counts:
        return
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    best, count = ranked[0]
    if count < 2 or (len(ranked) > 1 and ranked[1][1] == count):
        return
    incident.place = Place(country=place.country, admin1=best, geo_precision=3)


def _said_to_deny(mention: EventMention) -> bool:
    return mention.attribution is not None and mention.attribution.stance is Stance.DENIES


def _is_denial(mention: EventMention) -> bool:
    attribution = mention.attribution
    if attribution is not None and attribution.stance is Stance.DENIES:
        return True
    before = mention.sentence.text[: mention.trigger.start - mention.sentence.start]
    return _DENIAL.search(before) is not None


_DENIAL = re.compile(
    r"\b(denied|denies|deny|denying|rejected|rejects|dismissed)\b[^.;]*$", re.IGNORECASE
)


_ANY_BLAST = re.compile(r"blasts?|explosions?|bombings?|the bomb", re.IGNORECASE)


def _referent(incidents: list[Incident], mention: EventMention) -> Incident | None:
    """The incident an act word refers back to, when it names no act of its own:
    - "the jailbreak", "this attack": the latest incident of the same sub-event type;
    - "Tuesday's hostage-taking": the latest incident on that very day;
    - "the attack", "were killed" (generic words): the latest incident that fits its date;
    - a generic word dated the same day as an incident of the document: that incident."""
    if not incidents or mention.kills_fighters:
        return None
    strength = mention.trigger.trigger.strength
    day = mention.date.value if mention.date.precision is DatePrecision.DAY else None
    latest = list(reversed(incidents))
    if mention.is_anaphor:
        same_type = _antecedent(incidents, mention)
        if same_type is not None and _refers_to(same_type, mention):
            return same_type
        if day is not None:
            same_day = next((i for i in latest if i.date.value == day), None)
            if same_day is not None:
                return same_day
        if strength <= 1:
            return next((i for i in latest if _refers_to(i, mention)), None)
    if strength <= 1 and day is not None:
        return next(
            (
                i
                for i in latest
                if i.date.value == day and _places_compatible(i.place, mention.place)
            ),
            None,
        )
    return None


def _refers_to(incident: Incident, mention: EventMention) -> bool:
    """Whether "the attack" can be this incident: same date when both are known. The place of such a
    sentence is often somewhere else ("Tuesday's attack was planned in Afghanistan"), so it is not
    compared."""
    if incident.date.value and mention.date.value:
        return incident.date.value == mention.date.value
    return True


def _fill(incident: Incident, mention: EventMention, published: date | None) -> None:
    """What a later mention adds: a date, then whether that date makes the act history."""
    if incident.date.value is None and mention.date.value is not None:
        incident.date = mention.date
    incident.is_historical = _is_historical(incident.date, published)
    if _names_the_author(incident, mention):
        incident.actor1 = mention.actor1.canonical if mention.actor1 else None


def _attach_report(
    report: FigureReport,
    incidents: list[Incident],
    aggregates: list[Aggregate],
    last_sentence: dict[str, int],
    document_id: str,
    fighters: dict[str, int] | None = None,
) -> None:
    sentence = report.sentence
    if report.is_period or is_statistic(sentence.text) or _PERIOD.search(sentence.text):
        for aggregate in _aggregates(sentence, report.figures, report.attribution, document_id):
            if aggregate not in aggregates:
                aggregates.append(aggregate)
        return
    recent = [
        i
        for i in incidents
        if sentence.index - last_sentence.get(i.id, -99) <= REPORT_REACH
        and i.id not in (fighters or {})
    ]
    if not recent:
        return
    incident = max(recent, key=lambda i: last_sentence[i.id])
    killed = [f for f in report.figures if f.outcome is Outcome.KILLED]
    injured = [f for f in report.figures if f.outcome is Outcome.INJURED]
    if not killed and not injured:
        return
    attribution = report.attribution
    fatalities, victims = _total(killed), _by_category(killed)
    # ACLED counts attackers killed with their victims: "All four attackers were killed" adds.
    attackers_only = bool(victims) and set(victims) == {TargetCategory.MILITANTS}
    if fatalities is not None and (_ALSO.search(sentence.text) or attackers_only):
        fatalities, victims = _added(incident, fatalities, victims)
    claim = Claim(
        document_id=document_id,
        start=sentence.start,
        end=sentence.end,
        quote=sentence.text,
        source=attribution.source if attribution else None,
        source_kind=attribution.source_kind if attribution else None,
        stance=attribution.stance if attribution else Stance.ASSERTS,
        hedged=attribution.is_hedged if attribution else False,
        fatalities=fatalities,
        injuries=_total(injured),
        victims=Victims(killed=victims, injured=_by_category(injured)),
    )
    _add_claim(incident, claim)
    last_sentence[incident.id] = sentence.index


# "Four soldiers were also killed": victims on top of those the text has counted.
_ALSO = re.compile(r"\b(also|another|other|additional|further)\b", re.IGNORECASE)


def _added(
    incident: Incident, fatalities: Quantity, victims: dict[TargetCategory, int]
) -> tuple[Quantity, dict[TargetCategory, int]]:
    """An "also killed" figure adds to the highest earlier claim when it counts other victims."""
    earlier = max(
        (c for c in incident.claims if c.fatalities is not None and c.fatalities.low is not None),
        key=lambda c: c.fatalities.low or 0 if c.fatalities else 0,
        default=None,
    )
    if earlier is None or earlier.fatalities is None or fatalities.low is None:
        return fatalities, victims
    known = set(earlier.victims.killed) - {TargetCategory.UNKNOWN}
    if not victims or known & set(victims) or set(victims) == {TargetCategory.UNKNOWN}:
        return fatalities, victims
    low = (earlier.fatalities.low or 0) + fatalities.low
    total = dict(earlier.victims.killed)
    for category, count in victims.items():
        total[category] = total.get(category, 0) + count
    return replace(fatalities, low=low, high=None), total


def _claim(mention: EventMention, document_id: str) -> Claim:
    killed = [f for f in mention.figures if f.outcome is Outcome.KILLED]
    injured = [f for f in mention.figures if f.outcome is Outcome.INJURED]
    attribution = mention.attribution
    return Claim(
        document_id=document_id,
        start=mention.sentence.start,
        end=mention.sentence.end,
        quote=mention.sentence.text,
        source=attribution.source if attribution else None,
        source_kind=attribution.source_kind if attribution else None,
        stance=attribution.stance if attribution else Stance.ASSERTS,
        hedged=attribution.is_hedged if attribution else False,
        fatalities=_total(killed),
        injuries=_total(injured),
        victims=Victims(killed=_by_category(killed), injured=_by_category(injured)),
    )


def _total(figures: list[CasualtyFigure]) -> Quantity | None:
    """One sentence's figure for one outcome: categories add up; parts of a figure do not count twice;
    two figures for the same victims ("58 soldiers, the Taliban said, while Pakistan said 23") are
    competing claims, so the total spans them (low of the lowest, high of the highest)."""
    wholes = [f for f in figures if f.part_of is None]
    if not wholes:
        return None
    by_category = _counts(wholes)
    low: int | None = 0
    high: int | None = 0
    for group in by_category.values():
        lows = [f.quantity.low for f in group if f.quantity.low is not None]
        highs = [f.quantity.high for f in group]
        group_low = min(lows) if lows else None
        group_high = (
            None if any(h is None for h in highs) else max(h for h in highs if h is not None)
        )
        low = None if low is None or group_low is None else low + group_low
        high = None if high is None or group_high is None else high + group_high
    if low is None and any(f.quantity.low is not None for f in wholes):
        low = sum(
            min((f.quantity.low for f in g if f.quantity.low is not None), default=0)
            for g in by_category.values()
        )
    text = "; ".join(f.text for f in wholes)
    return Quantity(low, high, text, wholes[0].start, wholes[-1].end)


def _counts(wholes: list[CasualtyFigure]) -> dict[TargetCategory, list[CasualtyFigure]]:
    """The counts of each victim category, in order. Joined figures of one category ("a police
    officer and two constables") are one count; two counts of one category compete."""
    units: list[CasualtyFigure] = []
    for figure in wholes:
        previous = units[-1] if units else None
        if figure.joined and previous is not None and previous.category == figure.category:
            units[-1] = replace(previous, quantity=_sum(previous.quantity, figure.quantity))
        else:
            units.append(figure)
    by_category: dict[TargetCategory, list[CasualtyFigure]] = defaultdict(list)
    for figure in units:
        by_category[figure.category].append(figure)
    return by_category


def _sum(first: Quantity, second: Quantity) -> Quantity:
    low = None if first.low is None or second.low is None else first.low + second.low
    high = None if first.high is None or second.high is None else first.high + second.high
    return Quantity(low, high, f"{first.text}; {second.text}", first.start, second.end)


def _by_category(figures: list[CasualtyFigure]) -> dict[TargetCategory, int]:
    """Victims by category; a breakdown ("including three children") moves its share out of the whole."""
    totals: dict[TargetCategory, int] = defaultdict(int)
    wholes = [f for f in figures if f.part_of is None]
    for category, counts in _counts(wholes).items():
        lows = [f.quantity.low for f in counts if f.quantity.low is not None]
        if lows:
            totals[category] += min(lows)  # competing counts: the lowest, as the total takes
    for figure in figures:
        if figure.part_of is None or figure.quantity.low is None:
            continue
        whole = next((f for f in figures if f.start == figure.part_of), None)
        if whole is not None:
            totals[figure.category] += figure.quantity.low
            totals[whole.category] -= figure.quantity.low
    return {category: count for category, count in totals.items() if count > 0}


def _aggregates(
    sentence: Sentence,
    figures: list[CasualtyFigure],
    attribution: Attribution | None,
    document_id: str,
) -> list[Aggregate]:
    """A period's tolls: one per group of victims counted apart ("1,250 militants have been killed
    in 15 months, along with 563 security personnel" is two figures), the injured with the first."""
    killed = [f for f in figures if f.outcome is Outcome.KILLED]
    injured = _total([f for f in figures if f.outcome is Outcome.INJURED])
    wholes = [f for f in killed if f.part_of is None]
    categories = {f.category for f in wholes}
    if (
        len(wholes) > 1
        and len(categories) == len(wholes)
        and TargetCategory.UNKNOWN not in categories
    ):
        groups = [[f] for f in wholes]
    else:
        groups = [killed] if killed else []
    found = []
    for index, group in enumerate(groups or [[]]):
        total = _total(group) if group else None
        hurt = injured if index == 0 else None
        if total is None and hurt is None:
            continue
        found.append(
            Aggregate(
                document_id=document_id,
                start=sentence.start,
                end=sentence.end,
                quote=sentence.text,
                source=attribution.source if attribution else None,
                killed=total,
                injured=hurt,
                period=None,
            )
        )
    return found


def _places_compatible(a: Place, b: Place | None) -> bool:
    if b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return False
    if a.admin2 and b.admin2 and a.admin2 != b.admin2:
        return False
    # A location that only names the province or district is no spot inside it: "Balochistan"
    # and "near Sibi, Balochistan" can be one place.
    spot_a, spot_b = _spot(a), _spot(b)
    return not (spot_a and spot_b and spot_a != spot_b)


def _spot(place: Place) -> str | None:
    if place.location in (place.admin1, place.admin2, place.country):
        return None
    return place.location


def _same_act(incident: Incident, mention: EventMention) -> bool:
    if incident.sub_event_type != mention.sub_event_type:
        return False
    if incident.date.value and mention.date.value and incident.date.value != mention.date.value:
        return False
    if not _places_compatible(incident.place, mention.place):
        return False
    # "Strikes on Kabul" and later "drone strikes from Pakistan" (no province): two acts, unless the
    # later words refer back ("the strikes") or neither names a province.
    has_admin1 = incident.place.admin1 is not None
    mention_admin1 = mention.place is not None and mention.place.admin1 is not None
    if has_admin1 != mention_admin1 and not mention.is_anaphor and mention.actor1 is not None:
        # ... unless the same hitherto unnamed gunmen did it the same day: "gunmen stormed a hotel
        # in Beledweyne on Tuesday" and "at dawn this morning gunmen stormed it".
        same_day = (
            incident.date.precision is DatePrecision.DAY
            and incident.date.value == mention.date.value
        )
        if not (same_day and mention.actor1.canonical == incident.actor1 and _is_unnamed(incident)):
            return False
    # Two specific places in one country are two acts unless one is only the country.
    return not (
        incident.place.admin1 is None
        and mention.place is not None
        and mention.place.admin1 is not None
        and any(m.start == mention.sentence.start for m in incident.mentions)
    )


def _names_the_author(incident: Incident, mention: EventMention) -> bool:
    """Whether a later mention names who did it: the first to name anyone, or the first to name
    the "gunmen" ("al-Shabab claimed responsibility for the attack")."""
    if mention.actor1 is None:
        return False
    if incident.actor1 is None:
        return True
    return _is_unnamed(incident) and not mention.actor1.canonical.startswith("Unidentified")


def _is_unnamed(incident: Incident) -> bool:
    return incident.actor1 is not None and incident.actor1.startswith("Unidentified")


def _antecedent(incidents: list[Incident], mention: EventMention) -> Incident | None:
    """The latest incident of the mention's kind: in its place when it names a province ("the
    strikes in Barmal"), else the latest of the kind; for "the blast", "the bombing", the latest
    act of the same event type (a suicide attack, a strike)."""
    kind = [i for i in reversed(incidents) if i.sub_event_type == mention.sub_event_type]
    placed = mention.place is not None and mention.place.admin1 is not None
    for incident in kind:
        if not placed or _places_compatible(incident.place, mention.place):
            return incident
    if kind:
        return kind[0]
    if _ANY_BLAST.fullmatch(mention.trigger.text):
        return next((i for i in reversed(incidents) if i.event_type == mention.event_type), None)
    return None


def _incident_id(document_id: str, mention: EventMention) -> str:
    key = f"{document_id}:{mention.trigger.start}:{mention.sub_event_type}:{mention.place}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _new_incident(
    mention: EventMention, claim: Claim, document_id: str, published: date | None, _index: int
) -> Incident:
    incident = Incident(
        id=_incident_id(document_id, mention),
        event_type=mention.event_type,
        sub_event_type=mention.sub_event_type,
        date=mention.date,
        place=mention.place or Place(),
        actor1=mention.actor1.canonical if mention.actor1 else None,
        actor2=mention.actor2.canonical if mention.actor2 else None,
        target_categories=mention.targets,
        claims=[claim],
        is_historical=_is_historical(mention.date, published),
    )
    incident.mentions.append(_domain_mention(mention, document_id))
    return incident


def _domain_mention(mention: EventMention, document_id: str):  # type: ignore[no-untyped-def]
    from ceasefire.domain import Mention

    return Mention(
        document_id=document_id,
        start=mention.sentence.start,
        end=mention.sentence.end,
        trigger=mention.trigger.text,
        trigger_start=mention.trigger.start,
        trigger_end=mention.trigger.end,
        event_type=mention.event_type,
        sub_event_type=mention.sub_event_type,
        date=mention.date,
        place=mention.place or Place(),
        actor1=mention.actor1.canonical if mention.actor1 else None,
        actor2=mention.actor2.canonical if mention.actor2 else None,
        target_categories=mention.targets,
    )


def _is_historical(event_date: EventDate, published: date | None) -> bool:
    if event_date.value is None or published is None:
        return False
    return (published - event_date.value).days > HISTORICAL_AFTER_DAYS


def _add_claim(incident: Incident, claim: Claim) -> None:
    span = (claim.document_id, claim.start, claim.end)
    for position, known in enumerate(incident.claims):
        if (known.document_id, known.start, known.end) != span:
            continue
        # One sentence, two words for the act ("opened fire on posts ... two soldiers were killed
        # in the exchange of fire"): the figures hang on either word.
        if known.fatalities is None and claim.fatalities is not None:
            killed = Victims(killed=claim.victims.killed, injured=known.victims.injured)
            known = replace(known, fatalities=claim.fatalities, victims=killed)
        if known.injuries is None and claim.injuries is not None:
            injured = Victims(killed=known.victims.killed, injured=claim.victims.injured)
            known = replace(known, injuries=claim.injuries, victims=injured)
        incident.claims[position] = known
        return
    incident.claims.append(claim)


def _merge(
    incident: Incident, mention: EventMention, claim: Claim, *, keep_place: bool = False
) -> None:
    _add_claim(incident, claim)
    incident.mentions.append(_domain_mention(mention, claim.document_id))
    if incident.date.value is None and mention.date.value is not None:
        incident.date = mention.date
    place = mention.place
    if place is not None and not keep_place and _is_more_specific(place, incident.place):
        incident.place = place
    elif (
        place is not None
        and place.admin1 is not None
        and incident.place.admin1 is None
        and place.country == incident.place.country
        and mention.sub_event_type == incident.sub_event_type
    ):
        # "the bombing of a base in Ivory Coast" ... "the bombing of the base near Bouake": the same
        # act told again names its province.
        incident.place = place
    if _names_the_author(incident, mention):
        incident.actor1 = mention.actor1.canonical if mention.actor1 else None
    if incident.actor2 is None and mention.actor2 is not None:
        incident.actor2 = mention.actor2.canonical
    _add_targets(incident, mention)


def _add_targets(incident: Incident, mention: EventMention) -> None:
    targets = [
        t
        for t in (*incident.target_categories, *mention.targets)
        if t is not TargetCategory.UNKNOWN
    ]
    incident.target_categories = tuple(dict.fromkeys(targets)) or (TargetCategory.UNKNOWN,)


def _is_more_specific(candidate: Place, current: Place) -> bool:
    def level(place: Place) -> int:
        return sum(
            v is not None for v in (place.country, place.admin1, place.admin2, place.location)
        )

    return level(candidate) > level(current)


def _reconcile(incident: Incident) -> None:
    """Within one document: the highest lower bound any claim gives, and its upper bound if stated."""
    incident.fatalities = _estimate([c.fatalities for c in incident.claims])
    incident.injuries = _estimate([c.injuries for c in incident.claims])
    best_claim = max(
        (c for c in incident.claims if c.fatalities is not None),
        key=lambda c: c.fatalities.low or 0 if c.fatalities else 0,
        default=None,
    )
    injured_claim = max(
        (c for c in incident.claims if c.injuries is not None),
        key=lambda c: c.injuries.low or 0 if c.injuries else 0,
        default=None,
    )
    incident.victims = Victims(
        killed=dict(best_claim.victims.killed) if best_claim else {},
        injured=dict(injured_claim.victims.injured) if injured_claim else {},
    )


def _estimate(quantities: list[Quantity | None]) -> Estimate:
    known = [q for q in quantities if q is not None]
    if not known:
        return Estimate()
    low = max((q.low for q in known if q.low is not None), default=None)
    highs = [q.high for q in known if q.high is not None]
    high = max(highs) if highs and len(highs) == len(known) else None
    if high is not None and low is not None and high < low:
        high = low
    return Estimate(low=low, best=low, high=high)


__all__ = ["assemble", "replace"]
