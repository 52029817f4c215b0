"""Document-level slot filling: candidates for each incident's slots from the whole document.

The rules have already chosen a date, a place, a perpetrator and a killed figure for each incident
from the act's own sentence. Here every slot gets candidates from the whole document (the act's
sentence, its neighbours, the headline, the lead, the dateline, the publication date), each with a
flat mapping of generic features (how far from the act, whether another act is told in between,
the candidate's precision, whether the rules chose it, how often the document repeats it, ...).
A learned model (`extract/choice.py`) picks one candidate per slot or abstains, and says whether
an incident is a new act at all (`extract/filling.py` applies its choice). Features are pure functions of the document; nothing here is a
weight.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ceasefire.domain import (
    DatePrecision,
    EventDate,
    Incident,
    Place,
    Quantity,
)
from ceasefire.extract.actors import ActorMention
from ceasefire.extract.dates import DateMention, DateResolver
from ceasefire.extract.keep import keep_features
from ceasefire.extract.places import PlaceMention
from ceasefire.extract.quantities import CasualtyFigure, Outcome
from ceasefire.extract.sentences import Sentence
from ceasefire.extract.triggers import TriggerMatch

# How many sentences away from an act a casualty figure may still be a candidate for it.
FIGURE_REACH = 2

# "No casualties", "no one was hurt", "without loss": a figure of zero (item 6 of issue 13).
_NO_KILLED = re.compile(
    r"\b(?:no\s+(?:one|body|casualties|fatalities|deaths?|lives\s+were\s+lost|loss\s+of\s+(?:life|lives))"
    r"|nobody|none\s+(?:was|were)\s+(?:killed|hurt|injured|harmed)"
    r"|without\s+(?:any\s+)?(?:loss|casualt(?:y|ies)|injur(?:y|ies)|fatalit(?:y|ies))"
    r"|no\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|deaths|fatalities|injuries))\b"
    r"(?:\s+(?:was|were|had\s+been)\s+(?:killed|hurt|injured|harmed|reported))?",
    re.IGNORECASE,
)
_RESPONSIBILITY = re.compile(r"\b(?:claim\w*|responsib\w*|took\s+credit)\b", re.IGNORECASE)
_BLAME = re.compile(r"\b(?:blam\w*|accus\w*|attribut\w*|behind|carried\s+out)\b", re.IGNORECASE)
_OWN_FORCES = re.compile(r"\b(?:its|their|our)\s+(?:forces|fighters|troops|men)\b", re.IGNORECASE)
_PERIOD_CUE = re.compile(
    r"\b(?:since|so\s+far|this\s+year|last\s+year|in\s+total|in\s+all|overall|cumulative|"
    r"over\s+the\s+past|during\s+the|months?|weeks|years)\b",
    re.IGNORECASE,
)
_UPDATE = re.compile(r"\b(?:toll|ris(?:e|es|en)|rose|climb\w*|updated?)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(
    r"\b(?:our|we)\s+(?:\w+\s+)?(?:forces|fighters|mujahideen|troops|men|units)\b", re.I
)
_FROM_BEFORE = re.compile(r"\b(?:from|of|hailing)\s+(?:the\s+)?$", re.IGNORECASE)
_AT_BEFORE = re.compile(r"\b(?:in|near|at|outside|on|across|inside|into)\s+(?:the\s+)?$", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,},")


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What the earlier stages found in one document, by sentence index."""

    text: str
    published: date | None
    sentences: Sequence[Sentence]
    triggers: Mapping[int, list[TriggerMatch]]
    dates: Mapping[int, list[DateMention]]
    places: Mapping[int, list[PlaceMention]]
    actors: Mapping[int, list[ActorMention]]
    casualties: Mapping[int, list[CasualtyFigure]]
    country: str | None = None
    document_id: str = ""
    starts: list[int] = field(default_factory=list)
    # Relative dates ("a day earlier", "on Friday") resolved against the story's own day (its first
    # absolute date) instead of the publication date: candidates of their own.
    story_dates: Mapping[int, list[DateMention]] = field(default_factory=dict)
    # The grammar of each act word (tense, aspect, modality, negation), by its document offset.
    grammar: Mapping[int, Mapping[str, float]] = field(default_factory=dict)

    def sentence_at(self, position: int) -> int:
        starts = self.starts or [s.start for s in self.sentences]
        return max(0, bisect.bisect_right(starts, position) - 1)

    def is_headline(self, index: int) -> bool:
        if index != 0 or not self.sentences:
            return False
        text = self.sentences[0].text.rstrip()
        return len(self.sentences) > 1 and not text.endswith((".", "!", "?", '"', "”"))

    def is_lead(self, index: int) -> bool:
        """The headline and the first two sentences of the story."""
        first_story = 1 if self.is_headline(0) else 0
        return index <= first_story + 1


@dataclass(slots=True)
class Candidate:
    """One possible value of one slot, with the features the model reads."""

    value: Any
    features: dict[str, float]
    quote: Sentence | None = None  # where the value comes from, for a claim
    quantity: Quantity | None = None


def anchors_of(facts: DocumentFacts, incident: Incident) -> list[int]:
    """The sentences that tell this incident (its mentions and claims)."""
    spans = [m.start for m in incident.mentions] + [c.start for c in incident.claims]
    return sorted({facts.sentence_at(start) for start in spans})


def _position(
    facts: DocumentFacts, index: int, anchors: list[int], others: set[int]
) -> dict[str, float]:
    """Where a candidate stands relative to the act: the features every slot shares."""
    distance = min(abs(index - a) for a in anchors) if anchors else 99
    nearest = min(anchors, key=lambda a: abs(index - a)) if anchors else index
    low, high = sorted((index, nearest))
    between = any(i in facts.triggers and i not in anchors for i in range(low + 1, high))
    features = {
        "dist_0": float(distance == 0),
        "dist_1": float(distance == 1),
        "dist_2": float(distance == 2),
        "dist_far": float(distance >= 3),
        "log_dist": math.log1p(distance),
        "before_act": float(anchors != [] and index < anchors[0]),
        "headline": float(facts.is_headline(index)),
        "lead": float(facts.is_lead(index)),
        "act_between": float(between),
        "other_act_sentence": float(index in others and index not in anchors),
        "dateline": float(
            index < len(facts.sentences) and bool(_DATELINE.match(facts.sentences[index].text))
        ),
    }
    return features


def _best_position(
    facts: DocumentFacts, indexes: list[int], anchors: list[int], others: set[int]
) -> dict[str, float]:
    """Features of the occurrence nearest the act, and how often the document repeats the value."""
    nearest = min(indexes, key=lambda i: (min((abs(i - a) for a in anchors), default=99), i))
    features = _position(facts, nearest, anchors, others)
    features["log_count"] = math.log1p(len(indexes))
    features["abstain"] = 0.0
    return features


def _abstain() -> Candidate:
    return Candidate(None, {"abstain": 1.0})


# --- dates ---------------------------------------------------------------------------------------


def story_day(facts: DocumentFacts) -> date | None:
    """The day the story tells of: its first date given in full, when it is before publication."""
    for index in sorted(facts.dates):
        for mention in facts.dates[index]:
            value = mention.date.value
            if (
                not mention.is_relative
                and not mention.is_duration
                and mention.date.precision is DatePrecision.DAY
                and value is not None
                and facts.published is not None
                and value < facts.published
            ):
                return value
    return None


def restate_relative(facts: DocumentFacts) -> dict[int, list[DateMention]]:
    """Every relative date of the document read again against the story's own day."""
    day = story_day(facts)
    if day is None:
        return {}
    resolver = DateResolver(day)
    restated: dict[int, list[DateMention]] = {}
    for index, sentence in enumerate(facts.sentences):
        again = (
            [
                m
                for m in resolver.find(sentence.text, offset=sentence.start)
                if m.is_relative and not m.is_duration and m.date.value is not None
            ]
            if any(m.is_relative for m in facts.dates.get(index, []))
            else []
        )
        # "a day earlier", "two days later", "the next day": days counted from the story's day
        for match in _DAYS_APART.finditer(sentence.text):
            count = (
                _DAY_COUNTS.get(match.group("count").casefold(), 1) if match.group("count") else 1
            )
            sign = (
                1
                if (match.group("way") or match.group("next") or "").casefold() in _LATER_WORDS
                else -1
            )
            again.append(
                DateMention(
                    sentence.start + match.start(),
                    sentence.start + match.end(),
                    match.group(0),
                    EventDate(day + timedelta(days=sign * count), DatePrecision.DAY),
                    is_relative=True,
                )
            )
        if again:
            restated[index] = again
    return restated


_DAY_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3}
_LATER_WORDS = {"later", "after", "next", "following"}
_DAYS_APART = re.compile(
    r"\b(?:(?P<count>a|one|two|three|four|five|[23])\s+days?\s+(?P<way>earlier|before|later|after)"
    r"(?!\s+(?:the|that|this|it)\b)"
    r"|the\s+(?P<next>previous|next|following)\s+day|the\s+day\s+before)\b",
    re.IGNORECASE,
)


def date_candidates(
    facts: DocumentFacts, incident: Incident, anchors: list[int], others: set[int]
) -> list[Candidate]:
    found: dict[date, list[tuple[int, DateMention]]] = {}
    for index, mentions in facts.dates.items():
        for mention in mentions:
            if mention.is_duration or mention.date.value is None:
                continue
            found.setdefault(mention.date.value, []).append((index, mention))
    from_story: set[date] = set()
    for index, mentions in facts.story_dates.items():
        for mention in mentions:
            if mention.date.value is not None:
                from_story.add(mention.date.value)
                found.setdefault(mention.date.value, []).append((index, mention))
    rule = incident.date.value
    ordered = sorted(
        ((m.start, m.date.value) for ms in facts.dates.values() for m in ms if not m.is_duration),
        key=lambda item: item[0],
    )
    first_date = next((v for _s, v in ordered if v is not None), None)
    most = max((len(o) for o in found.values()), default=0)
    candidates = []
    for value, occurrences in sorted(found.items()):
        features = _best_position(facts, [i for i, _ in occurrences], anchors, others)
        nearest = min(occurrences, key=lambda o: min((abs(o[0] - a) for a in anchors), default=99))
        features.update(_date_features(facts, value, nearest[1].date.precision, rule))
        features["first_in_text"] = float(value == first_date)
        features["most_repeated"] = float(len(occurrences) == most)
        features["relative"] = float(nearest[1].is_relative)
        features["story_relative"] = float(value in from_story)
        candidates.append(Candidate(value, features))
    if rule is not None and rule not in found:
        features = {"abstain": 0.0, "not_in_text": 1.0}
        features.update(_date_features(facts, rule, incident.date.precision, rule))
        candidates.append(Candidate(rule, features))
    if facts.published is not None and facts.published not in found and facts.published != rule:
        features = {"abstain": 0.0, "not_in_text": 1.0}
        features.update(_date_features(facts, facts.published, DatePrecision.DAY, rule))
        candidates.append(Candidate(facts.published, features))
    abstain = _abstain()
    abstain.features["rule_abstains"] = float(rule is None)
    candidates.append(abstain)
    return candidates


def _date_features(
    facts: DocumentFacts, value: date, precision: DatePrecision, rule: date | None
) -> dict[str, float]:
    features = {
        "rule": float(value == rule),
        "rule_none": float(rule is None),
        f"precision_{precision.value}": 1.0,
    }
    if facts.published is not None:
        days = (facts.published - value).days
        features["is_published"] = float(days == 0)
        features["after_published"] = float(days < 0)
        features["days_1"] = float(days == 1)
        features["days_week"] = float(2 <= days <= 7)
        features["days_month"] = float(8 <= days <= 31)
        features["days_year"] = float(32 <= days <= 365)
        features["days_older"] = float(days > 365)
    return features


# --- places --------------------------------------------------------------------------------------


def _place_key(place: Place) -> tuple[str | None, str | None]:
    return (place.country, place.admin1)


def place_candidates(
    facts: DocumentFacts, incident: Incident, anchors: list[int], others: set[int]
) -> list[Candidate]:
    found: dict[tuple[str | None, str | None], list[tuple[int, PlaceMention]]] = {}
    for index, mentions in facts.places.items():
        actors = facts.actors.get(index, [])
        for mention in mentions:
            if any(a.start <= mention.start and mention.end <= a.end for a in actors):
                continue  # "Islamabad" standing for a government
            found.setdefault(_place_key(mention.place), []).append((index, mention))
    rule = incident.place
    rule_key = _place_key(rule)
    candidates = []
    for key, occurrences in sorted(found.items(), key=lambda item: str(item[0])):
        own = [o for o in occurrences if o[0] in anchors and o[1].place.location is not None]
        if key == rule_key and rule.location is None and own:
            # the act's own sentence names a spot in the rules' province ("near Chaman")
            place = own[0][1].place
        elif key == rule_key:
            place = rule  # the rules' place, with the spot they found
        else:
            place = max(occurrences, key=lambda o: _level(o[1].place))[1].place
        features = _best_position(facts, [i for i, _ in occurrences], anchors, others)
        nearest = min(occurrences, key=lambda o: min((abs(o[0] - a) for a in anchors), default=99))
        index, mention = nearest
        sentence = facts.sentences[index]
        before = sentence.text[
            max(0, mention.start - sentence.start - 20) : mention.start - sentence.start
        ]
        features.update(_place_features(facts, place, rule))
        features["from_before"] = float(bool(_FROM_BEFORE.search(before)))
        features["at_before"] = float(bool(_AT_BEFORE.search(before)))
        candidates.append(Candidate(place, features))
    if rule.country is not None and rule_key not in found:
        features = {"abstain": 0.0, "not_in_text": 1.0}
        features.update(_place_features(facts, rule, rule))
        candidates.append(Candidate(rule, features))
    abstain = _abstain()
    abstain.features["rule_abstains"] = float(rule.country is None)
    candidates.append(abstain)
    return candidates


def _level(place: Place) -> int:
    return sum(v is not None for v in (place.country, place.admin1, place.admin2, place.location))


def _place_features(facts: DocumentFacts, place: Place, rule: Place) -> dict[str, float]:
    same_country = place.country is not None and place.country == rule.country
    return {
        "rule": float(_place_key(place) == _place_key(rule)),
        "rule_none": float(rule.country is None),
        "rule_country_only": float(rule.country is not None and rule.admin1 is None),
        "country_only": float(place.admin1 is None),
        "spot": float(place.location is not None or place.admin2 is not None),
        "same_country_as_rule": float(same_country),
        "finer_than_rule": float(same_country and rule.admin1 is None and place.admin1 is not None),
        "conflicts_rule": float(
            rule.admin1 is not None and place.admin1 is not None and place.admin1 != rule.admin1
        ),
        "story_country": float(place.country is not None and place.country == facts.country),
    }


# --- perpetrator ---------------------------------------------------------------------------------


def perpetrator_candidates(
    facts: DocumentFacts, incident: Incident, anchors: list[int], others: set[int]
) -> list[Candidate]:
    found: dict[str, list[tuple[int, ActorMention]]] = {}
    for index, mentions in facts.actors.items():
        for mention in mentions:
            found.setdefault(mention.canonical, []).append((index, mention))
    rule = incident.actor1
    candidates = []
    for name, occurrences in sorted(found.items()):
        features = _best_position(facts, [i for i, _ in occurrences], anchors, others)
        nearest = min(occurrences, key=lambda o: min((abs(o[0] - a) for a in anchors), default=99))
        index, mention = nearest
        text = facts.sentences[index].text
        features.update(_actor_features(name, mention.actor.category, rule, incident))
        features["inferred"] = float(mention.inferred)
        features["cue_responsibility"] = float(bool(_RESPONSIBILITY.search(text)))
        features["cue_blame"] = float(bool(_BLAME.search(text)))
        features["cue_own_forces"] = float(bool(_OWN_FORCES.search(text)))
        features["in_claim_source"] = float(
            any(c.source and _names(c.source, mention) for c in incident.claims)
        )
        first_person = bool(_FIRST_PERSON.search(facts.text))
        features["first_person_doc"] = float(first_person)
        features[f"first_person_{mention.actor.category}"] = float(first_person)
        features["near_responsibility"] = float(
            any(
                _RESPONSIBILITY.search(facts.sentences[i].text)
                for i, _ in occurrences
                if min((abs(i - a) for a in anchors), default=99) <= 1
            )
        )
        candidates.append(Candidate(name, features))
    if rule is not None and rule not in found:
        features = {"abstain": 0.0, "not_in_text": 1.0}
        features.update(_actor_features(rule, "", rule, incident))
        candidates.append(Candidate(rule, features))
    abstain = _abstain()
    abstain.features["rule_abstains"] = float(rule is None)
    candidates.append(abstain)
    return candidates


def _names(source: str, mention: ActorMention) -> bool:
    folded = source.casefold()
    return mention.text.casefold() in folded or mention.canonical.casefold() in folded


def _actor_features(
    name: str, category: str, rule: str | None, incident: Incident
) -> dict[str, float]:
    return {
        "rule": float(name == rule),
        "rule_none": float(rule is None),
        "rule_unidentified": float(rule is not None and rule.startswith("Unidentified")),
        f"category_{category or 'unknown'}": 1.0,
        "is_target": float(name == incident.actor2),
    }


# --- killed --------------------------------------------------------------------------------------


def killed_candidates(
    facts: DocumentFacts, incident: Incident, anchors: list[int], others: set[int]
) -> list[Candidate]:
    rule = incident.fatalities.low
    claimed = {c.fatalities.low for c in incident.claims if c.fatalities is not None}
    found: dict[int, list[tuple[int, CasualtyFigure]]] = {}
    for index, figures in facts.casualties.items():
        if min((abs(index - a) for a in anchors), default=99) > FIGURE_REACH:
            continue
        for figure in figures:
            if figure.outcome is not Outcome.KILLED or figure.quantity.low is None:
                continue
            found.setdefault(figure.quantity.low, []).append((index, figure))
    # The figures of one sentence add up ("two soldiers and six attackers were killed").
    sums: dict[int, list[int]] = {}
    for index, figures in facts.casualties.items():
        if min((abs(index - a) for a in anchors), default=99) > FIGURE_REACH:
            continue
        wholes = [
            f.quantity.low
            for f in figures
            if f.outcome is Outcome.KILLED and f.part_of is None and f.quantity.low is not None
        ]
        if len(wholes) > 1:
            sums.setdefault(sum(wholes), []).append(index)
    zeros = [
        i
        for i in range(len(facts.sentences))
        if min((abs(i - a) for a in anchors), default=99) <= 1
        and _NO_KILLED.search(facts.sentences[i].text)
    ]
    values = (
        set(found)
        | set(sums)
        | ({rule} if rule is not None else set())
        | {v for v in claimed if v is not None}
    )
    if zeros:
        values.add(0)
    largest = max(values, default=0)
    candidates = []
    for value in sorted(values):
        occurrences = found.get(value, [])
        indexes = [i for i, _ in occurrences] + (zeros if value == 0 else []) + sums.get(value, [])
        if indexes:
            features = _best_position(facts, indexes, anchors, others)
        else:
            features = {"abstain": 0.0, "not_in_text": 1.0}
        features.update(
            {
                "rule": float(value == rule),
                "rule_none": float(rule is None),
                "in_claims": float(value in claimed),
                "largest": float(value == largest),
                "zero_cue": float(value == 0 and bool(zeros)),
                "sum_of_sentence": float(value in sums),
                "only_a_sum": float(value in sums and not occurrences),
                "log_value": math.log1p(value),
            }
        )
        quote: Sentence | None = None
        quantity: Quantity | None = None
        if occurrences:
            index, figure = min(
                occurrences, key=lambda o: min((abs(o[0] - a) for a in anchors), default=99)
            )
            features[f"victims_{figure.category.value}"] = 1.0
            features["part_of_whole"] = float(figure.part_of is not None)
            features["open_bound"] = float(figure.quantity.high is None)
            features["period_cue"] = float(bool(_PERIOD_CUE.search(facts.sentences[index].text)))
            features["update_cue"] = float(bool(_UPDATE.search(facts.sentences[index].text)))
            quote, quantity = facts.sentences[index], figure.quantity
        elif value == 0 and zeros:
            index = min(zeros, key=lambda i: min(abs(i - a) for a in anchors))
            quote, quantity = facts.sentences[index], Quantity(0, 0, "", 0, 0)
        candidates.append(Candidate(value, features, quote, quantity))
    abstain = _abstain()
    abstain.features["rule_abstains"] = float(rule is None)
    candidates.append(abstain)
    return candidates


# --- the choice ----------------------------------------------------------------------------------

SlotGenerator = Callable[[DocumentFacts, Incident, list[int], set[int]], list[Candidate]]
GENERATORS: dict[str, SlotGenerator] = {
    "date": date_candidates,
    "place": place_candidates,
    "perpetrator": perpetrator_candidates,
    "killed": killed_candidates,
}


@dataclass(slots=True)
class IncidentCandidates:
    """Everything the model chooses from for one incident of the rules."""

    incident: Incident
    keep: dict[str, float]
    slots: dict[str, list[Candidate]]


def candidates_of(facts: DocumentFacts, incidents: Sequence[Incident]) -> list[IncidentCandidates]:
    anchors = [anchors_of(facts, incident) for incident in incidents]
    result = []
    for position, incident in enumerate(incidents):
        others = {i for k, found in enumerate(anchors) if k != position for i in found}
        result.append(
            IncidentCandidates(
                incident,
                keep_features(facts, incident, anchors[position], incidents, position),
                {
                    slot: _ranked(generate(facts, incident, anchors[position], others))
                    for slot, generate in GENERATORS.items()
                },
            )
        )
    return result


def _ranked(candidates: list[Candidate]) -> list[Candidate]:
    """Features of a candidate relative to its rivals: the nearest to the act, the most repeated,
    the only one. A model that scores candidates one by one cannot see these otherwise."""
    real = [c for c in candidates if not c.features.get("abstain")]
    in_text = [c for c in real if not c.features.get("not_in_text")]
    nearest = min((c.features.get("log_dist", 99.0) for c in in_text), default=None)
    repeated = max((c.features.get("log_count", 0.0) for c in in_text), default=None)
    for candidate in in_text:
        features = candidate.features
        features["nearest"] = float(features.get("log_dist") == nearest)
        features["most_repeated_candidate"] = float(features.get("log_count") == repeated)
        features["only_candidate"] = float(len(in_text) == 1)
    for candidate in candidates:
        candidate.features["log_rivals"] = math.log1p(len(real))
    return candidates


__all__ = [
    "Candidate",
    "DocumentFacts",
    "IncidentCandidates",
    "anchors_of",
    "candidates_of",
    "restate_relative",
    "story_day",
]
