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
import itertools
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
    TargetCategory,
)
from ceasefire.domain.datasets import CROWDS
from ceasefire.extract.actors import SIDE_KINDS, ActorMention
from ceasefire.extract.choice import JOIN
from ceasefire.extract.dates import DateMention, DateResolver
from ceasefire.extract.gazetteer import Gazetteer, fold
from ceasefire.extract.joining import join_candidates
from ceasefire.extract.keep import keep_features
from ceasefire.extract.lexicons.actors import BRANCHES, CROWD_WORDS
from ceasefire.extract.lexicons.dates import MONTHS, WEEKDAYS
from ceasefire.extract.lexicons.events import PROTESTS, RIOTS
from ceasefire.extract.lexicons.targets import TARGET_WORDS
from ceasefire.extract.places import PlaceMention, named_settlements, names_its_unit
from ceasefire.extract.quantities import CasualtyFigure, Outcome, count_dead
from ceasefire.extract.roles import find_roles, negated_actor, same_clause
from ceasefire.extract.sentences import Sentence
from ceasefire.extract.triggers import TriggerMatch

# Capitalised words that begin or end a phrase without being a name.
_NOT_NAME_WORDS = frozenset(
    ("The", "A", "An", "This", "That", "Its", "Their", "His", "Her", "Our", "Border", "Tribal",
     "Residential", "Rural", "Urban", "Remote", "Same", "Nearby", "Adjoining", "Affected", "Old",
     "New", "Security", "Capital", "Province", "District", "Provincial", "Islamic", "Pakistani",
     "Afghan", "Indian", "Iranian", "He", "She", "They", "It", "We", "Police", "Army")
)  # fmt: skip

# How many sentences away from an act a casualty figure may still be a candidate for it.
FIGURE_REACH = 2

# Who was hurt, after "no one", "nobody", "none of our guards": a verb of casualty with its
# auxiliary ("was killed", "has been hurt", "was reported injured") or "died". Without it the words
# say nothing of a toll: "no one claimed the attack", "none of the injured needed hospital care".
_CASUALTY_VERB = (
    r"(?:killed|hurt|injured|harmed|wounded|martyred|died|dead"
    r"|lost\s+(?:his|her|their)\s+li(?:fe|ves))"
)
_AUXILIARY = (
    r"(?:was|were|is|are|(?:had|has|have)\s+been|got|appear(?:s|ed)?\s+to\s+(?:be|have\s+been))"
)
_INJURY_VERB = r"(?:hurt|injured|harmed|wounded)"
# the auxiliary with what may stand before the verb: "was seriously hurt", "was reported injured"
_AUXILIARY_BEFORE = rf"{_AUXILIARY}\s+(?:\w+ly\s+)?(?:reported\s+)?"
_HURT = (
    rf"(?:{_AUXILIARY_BEFORE}{_CASUALTY_VERB}"
    r"|died|lost\s+(?:his|her|their)\s+li(?:fe|ves))"
)
# Who, when no one was: "no one", "nobody", and what may stand between it and the auxiliary: a
# comma-enclosed adverb ("no one, however, was hurt") or a short prepositional phrase ("nobody in
# the village was injured", "no one from the militants' side was killed").
_NOBODY = r"(?:no[\s-]one|nobody)"
_BETWEEN = r"(?:\s*,\s*\w+\s*,|\s+(?:in|on|from|among|at)(?:\s+[\w'’-]+){1,3}?)?"
# "no one else was killed": near the act only, as it leaves others (told elsewhere) dead.
_ELSE = r"(?:\s+else)?"
# after "no one" the auxiliary may be left out, as a headline does ("no one hurt")
_NO_ONE = rf"(?:{_NOBODY}{_BETWEEN}\s+{_HURT}|{_NOBODY}\s+{_CASUALTY_VERB})"
_NO_ONE_ELSE = rf"(?:{_NOBODY}{_ELSE}{_BETWEEN}\s+{_HURT}|{_NOBODY}{_ELSE}\s+{_CASUALTY_VERB})"
# "none of our guards" ... "was hurt": who, then the casualty verb.
_NONE_OF_WHO = r"none\s+of(?:\s+[\w'’-]+){1,3}?"
# "No one was hurt", "nobody got hurt", "no one was killed or injured", "none of our guards was
# hurt", "no casualties", "without injuries": injured 0 (item 6 of issue 13), in the same words as
# a zero of the dead, with a verb of injury (optionally after "killed or").
NO_INJURED = re.compile(
    rf"\b(?:{_NOBODY}{_ELSE}{_BETWEEN}\s+(?:{_AUXILIARY_BEFORE})?"
    rf"|(?:{_NONE_OF_WHO}|none)\s+{_AUXILIARY_BEFORE})(?:\w+\s+or\s+)?{_INJURY_VERB}\b"
    r"|\bno\s+(?:(?:immediate\s+)?reports?\s+of\s+)?(?:casualties|injuries)\b"
    r"|\bwithout\s+(?:any\s+)?(?:casualt(?:y|ies)|injur(?:y|ies))\b",
    re.IGNORECASE,
)
# "No casualties", "no one was hurt", "without loss": a figure of zero (item 6 of issue 13).
_NO_KILLED = re.compile(
    rf"\b(?:{_NO_ONE_ELSE}"
    r"|no\s+(?:casualties|fatalities|deaths?|lives\s+were\s+lost|loss\s+of\s+(?:life|lives))"
    rf"|none\s+(?:was|were)\s+{_CASUALTY_VERB}"
    r"|no\s+(?:any\s+)?loss\s+of\s+(?:life|lives)"
    # "no civilians were harmed", "no soldier was killed"
    rf"|no\s+(?:[a-z-]+\s+){{1,2}}(?:was|were|had\s+been)\s+{_CASUALTY_VERB}"
    r"|without\s+(?:any\s+)?(?:loss|casualt(?:y|ies)|injur(?:y|ies)|fatalit(?:y|ies))"
    r"|no\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|deaths|fatalities|injuries))\b",
    re.IGNORECASE,
)
# A zero stated beyond the act's reach: the same, but not "without loss" or "no deaths" alone.
_NO_KILLED_FAR = re.compile(
    rf"\b(?:{_NO_ONE}|{_NONE_OF_WHO}\s+{_HURT})\b"
    r"|\bno\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|deaths|fatalities)\b"
    r"|\bno\s+(?:any\s+)?loss\s+of\s+(?:life|lives)\b"
    r"|\bwithout\s+(?:any\s+)?(?:loss\s+of\s+li(?:fe|ves)|casualties|fatalities)\b",
    re.IGNORECASE,
)
# "none of our guards was hurt": a zero for one side's people, near the act.
_NONE_OF = re.compile(
    rf"\b{_NONE_OF_WHO}\s+{_HURT}\b",
    re.IGNORECASE,
)
# A party denies the act itself ("no such strike was carried out", "denied that any attack took
# place"): the gold codes its toll 0 (eval/README.md, "Denials").
_DENIAL = re.compile(
    r"\bden(?:y|ies|ied|ying)\s+(?:that\s+(?:any|an|the|a)\b|(?:the\s+|these\s+|such\s+)?(?:reports?|claims?|allegations?)\b)"
    r"|\b(?:reject(?:s|ed)?|dismiss(?:es|ed)?)\s+(?:the\s+|these\s+|such\s+)?(?:reports?|claims?|allegations?)\b"
    r"|\bno\s+such\s+(?:\w+\s+){0,2}(?:was|were|has|had|took)\b"
    r"|\bthere\s+(?:was|were|has\s+been)\s+no\s+(?:such\s+)?(?:attack|strike|raid|incident|clash|shelling|operation|bombing)s?\b"
    r"|\b(?:baseless|unfounded|fabricated)\b",
    re.IGNORECASE,
)
# A figure a toll is brought up to: "raising the number of soldiers killed to six", "the death toll
# rose to 21". The gold's low is the latest toll (eval/README.md, "Rising tolls").
_UPDATE_TO = re.compile(
    r"\b(?:ris(?:e|es|en|ing)|rose|climb(?:s|ed|ing)?|rais(?:e|es|ed|ing)|bring(?:s|ing)?|brought|"
    r"increas(?:e|es|ed|ing)|revis(?:e|es|ed|ing)|reach(?:es|ed|ing)?|jump(?:s|ed|ing)?|"
    r"mount(?:s|ed|ing)?|stands?|stood)\b[^.;]{0,70}?\b(?:to|at)\s+$",
    re.IGNORECASE,
)
_RESPONSIBILITY = re.compile(r"\b(?:claim\w*|responsib\w*|took\s+credit)\b", re.IGNORECASE)
_BLAME = re.compile(r"\b(?:blam\w*|accus\w*|attribut\w*|behind|carried\s+out)\b", re.IGNORECASE)
# "No group claimed the bombing", "the attack has not been claimed": nobody owns the act. Not "no
# other group claimed it" (one did), not "no one took the threats seriously", not "Pakistan has
# not claimed the territory" (who has not claimed must be the act or a pronoun for it).
_ACT_NOUN = (
    r"(?:attack|strike|raid|incident|clash|shelling|operation|bombing|blast|explosion|assault|"
    r"ambush|killing)s?"
)
_NO_CLAIM = re.compile(
    r"\b(?:no\s+(?!other\b)(?:(?!other\b)\w+\s+){0,2}(?:group|one|organi[sz]ation|outfit)\s+"
    r"(?!else\b)(?:(?!else\b)\w+\s+){0,2}?"
    r"(?:(?:has\s+|had\s+)?claimed|(?:took|has\s+taken|had\s+taken|accepted|has\s+accepted)"
    r"\s+(?:\w+\s+){0,2}?(?:responsibility|credit))"
    r"|nobody\s+(?:has\s+|had\s+)?claimed"
    rf"|(?:{_ACT_NOUN}|it|this|which)\s+(?:(?:has|have|had)\s+not\s+(?:yet\s+)?been|"
    r"(?:was|were)\s+not(?:\s+yet)?)\s+claimed"
    r"|no\s+claim\s+of\s+responsibility|unclaimed)\b",
    re.IGNORECASE,
)
_OWN_FORCES = re.compile(r"\b(?:its|their|our)\s+(?:forces|fighters|troops|men)\b", re.IGNORECASE)
_PERIOD_CUE = re.compile(
    r"\b(?:since|so\s+far|this\s+year|last\s+year|in\s+total|in\s+all|overall|cumulative|"
    r"over\s+the\s+past|during\s+the|months?|weeks|years)\b",
    re.IGNORECASE,
)
_TOTAL_CUE = re.compile(
    r"\b(?:total|in\s+all|altogether|so\s+far|to\s+date|bringing|raising|now\s+(?:known|stands)|"
    r"combined|cumulative|since|this\s+year)\b",
    re.IGNORECASE,
)
_UPDATE = re.compile(r"\b(?:toll|ris(?:e|es|en)|rose|climb\w*|updated?)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(
    r"\b(?:our|we)\s+(?:\w+\s+)?(?:forces|fighters|mujahideen|troops|men|units)\b", re.I
)
_FROM_BEFORE = re.compile(r"\b(?:from|of|hailing)\s+(?:the\s+)?$", re.IGNORECASE)
_AT_BEFORE = re.compile(r"\b(?:in|near|at|outside|on|across|inside|into)\s+(?:the\s+)?$", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,},")
# Where people or vehicles were going, or where the hurt were taken: not where the act was
# ("a coach bound for Dera Ghazi Khan", "shifted to a hospital in Peshawar").
_TOWARD_BEFORE = re.compile(
    r"\b(?:bound\s+for|head(?:ed|ing)\s+(?:to|for)|(?:its|their|his|her)\s+way\s+to|"
    r"en\s+route\s+to|travell?(?:ed|ing)\s+to|(?:taken|shifted|moved|rushed|brought|referred|"
    r"evacuated|transferred|airlifted)\s+to|towards?|via)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_HOSPITAL_BEFORE = re.compile(
    r"\b(?:hospitals?|CMH|morgue|mortuary|clinic|health\s+cent(?:re|er))\b[^.;]{0,12}$",
    re.IGNORECASE,
)
# A name joined to another by a hyphen or an en dash, with no space, naming a road or a route
# ("the Quetta–Khuzdar coach"); not a dateline's dash ("QUETTA — Gunmen").
_ROUTE_AFTER = re.compile(r"[-–][A-Z]")
_ROUTE_BEFORE = re.compile(r"[A-Za-z][-–]$")


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
    # Names the gazetteer knows only under another spelling, every sense (spot candidates).
    variants: Mapping[int, list[PlaceMention]] = field(default_factory=dict)
    # The spaCy parses of the sentences that have one (those with an act word).
    parses: Mapping[int, Any] = field(default_factory=dict)
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
    published = facts.published
    if published is None:
        return None
    return next((value for _, value in _explicit_days(facts) if value < published), None)


def _explicit_days(facts: DocumentFacts) -> list[tuple[int, date]]:
    """The days the document gives in full (not relative, not durations), by sentence, that are
    not after publication: the anchors a relative expression may count from."""
    days = []
    for index in sorted(facts.dates):
        for mention in facts.dates[index]:
            value = mention.date.value
            if (
                not mention.is_relative
                and not mention.is_duration
                and mention.date.precision is DatePrecision.DAY
                and value is not None
                and (facts.published is None or value <= facts.published)
            ):
                days.append((index, value))
    return days


def restate_relative(facts: DocumentFacts) -> dict[int, list[DateMention]]:
    """Every relative date of the document read again against the story's own day (its first date
    given in full) and against the nearest day given in full at or before its sentence: "a day
    earlier" in a story about Saturday published on Sunday counts from Saturday."""
    first = story_day(facts)
    explicit = _explicit_days(facts)
    restated: dict[int, list[DateMention]] = {}
    for index, sentence in enumerate(facts.sentences):
        before = [value for i, value in explicit if i <= index]
        anchors = list(dict.fromkeys(d for d in (first, before[-1] if before else None) if d))
        again: list[DateMention] = []
        for day in anchors:
            again += _restated(facts, index, sentence, day)
        if again:
            restated[index] = again
    return restated


def _restated(facts: DocumentFacts, index: int, sentence: Sentence, day: date) -> list[DateMention]:
    again = (
        [
            m
            for m in DateResolver(day).find(sentence.text, offset=sentence.start)
            if m.is_relative and not m.is_duration and m.date.value is not None
        ]
        if any(m.is_relative for m in facts.dates.get(index, []))
        else []
    )
    # "a day earlier", "two days later", "the next day": days counted from the story's day
    for match in _DAYS_APART.finditer(sentence.text):
        count = _DAY_COUNTS.get(match.group("count").casefold(), 1) if match.group("count") else 1
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
    return again


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
        features.update(_date_grammar(facts, incident, occurrences))
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
    # The day before publication, which the text need not name: "this morning" in a statement
    # quoted the next day, "during the past 24 hours" in a release filed the morning after.
    eve = facts.published - timedelta(days=1) if facts.published is not None else None
    if eve is not None and eve not in found and eve != rule:
        features = {"abstain": 0.0, "not_in_text": 1.0, "eve_of_published": 1.0}
        features["today_in_text"] = float(
            any(_TODAY.search(facts.sentences[i].text) for i in anchors)
        )
        features.update(_date_features(facts, eve, DatePrecision.DAY, rule))
        candidates.append(Candidate(eve, features))
    abstain = _abstain()
    abstain.features["rule_abstains"] = float(rule is None)
    candidates.append(abstain)
    return candidates


# Words of the day a statement speaks in, which the day before publication may be.
_TODAY = re.compile(
    r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|past\s+(?:24|48)\s+hours)\b",
    re.IGNORECASE,
)


# A date right after a verb of saying dates the saying ("police said on Tuesday"), not the act.
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told(?:\s+[\w.]+){0,3}|announced|reported|confirmed|stated|added|claimed|"
    r"denied|posted|tweeted|wrote|briefed(?:\s+[\w.]+){0,2}|statement\s+(?:issued|released))"
    r"(?:\s+(?:on|late|early|in|this|last))?\s*$",
    re.IGNORECASE,
)


def _date_grammar(
    facts: DocumentFacts, incident: Incident, occurrences: list[tuple[int, DateMention]]
) -> dict[str, float]:
    """Where a date stands in the grammar of the sentences that tell the act: in the act word's own
    clause (from the parse), or right after a verb of saying (the day it was said)."""
    said = 0.0
    for index, mention in occurrences:
        sentence = facts.sentences[index]
        before = sentence.text[
            max(0, mention.start - sentence.start - 40) : mention.start - sentence.start
        ]
        said = max(said, float(bool(_SAID_BEFORE.search(before))))
    own_clause = _in_own_clause(facts, incident, [(i, m.start) for i, m in occurrences])
    return {
        "own_clause": own_clause,
        "said_date": said,
        "only_said_date": float(said and not own_clause),
    }


def _in_own_clause(
    facts: DocumentFacts, incident: Incident, positions: list[tuple[int, int]]
) -> float:
    """Whether any of the (sentence, offset) positions is in the clause of one of the incident's
    act words, by the parse of that sentence."""
    words = [m.trigger_start for m in incident.mentions if m.trigger_start is not None]
    for index, position in positions:
        doc = facts.parses.get(index)
        if doc is None:
            continue
        sentence = facts.sentences[index]
        for start in words:
            if sentence.start <= start < sentence.end and same_clause(
                doc, start - sentence.start, position - sentence.start
            ):
                return 1.0
    return 0.0


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
        actors = [a for a in facts.actors.get(index, []) if not a.side]
        for mention in mentions:
            if any(a.start <= mention.start and mention.end <= a.end for a in actors):
                continue  # "Islamabad" standing for a government
            found.setdefault(_place_key(mention.place), []).append((index, mention))
    rule = incident.place
    rule_key = _place_key(rule)
    established = established_country(facts, rule, anchors)
    candidates = []
    for key, occurrences in sorted(found.items(), key=lambda item: str(item[0])):
        if established is not None and moves_to_another_country(
            key[0], [i for i, _ in occurrences], established, anchors
        ):
            continue
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
        features["own_clause"] = _in_own_clause(
            facts, incident, [(i, m.start) for i, m in occurrences]
        )
        features["at_before"] = float(bool(_AT_BEFORE.search(before)))
        features.update(_passing_cues(facts, [m for _i, m in occurrences]))
        candidates.append(Candidate(place, features))
    if rule.country is not None and rule_key not in found:
        features = {"abstain": 0.0, "not_in_text": 1.0}
        features.update(_place_features(facts, rule, rule))
        candidates.append(Candidate(rule, features))
    abstain = _abstain()
    abstain.features["rule_abstains"] = float(rule.country is None)
    candidates.append(abstain)
    return candidates


def _passing_cues(facts: DocumentFacts, mentions: Sequence[PlaceMention]) -> dict[str, float]:
    """Whether every mention of a place names it as somewhere passed through rather than where
    the act was: a destination ("bound for X", "taken to X"), a hospital's town ("a hospital in
    X"), one end of a route ("the X-Y highway")."""
    text = facts.text

    def before(m: PlaceMention, width: int) -> str:
        return text[max(0, m.start - width) : m.start]

    return {
        "toward_before": float(all(_TOWARD_BEFORE.search(before(m, 20)) for m in mentions)),
        "hospital_before": float(all(_HOSPITAL_BEFORE.search(before(m, 40)) for m in mentions)),
        "route": float(
            all(
                _ROUTE_AFTER.match(text, m.end) or _ROUTE_BEFORE.search(before(m, 4))
                for m in mentions
            )
        ),
    }


def established_country(facts: DocumentFacts, rule: Place, anchors: list[int]) -> str | None:
    """The country the act's own sentences place it in: the rules' country (which comes from the
    act's sentence: a place it names, the state of its target, the side a cross-border strike did
    not come from) when those sentences name a place there or an actor of that state; else none
    (the rules fell back on the country the story names most)."""
    if rule.country is None:
        return None
    for index in anchors:
        if any(m.place.country == rule.country for m in facts.places.get(index, [])):
            return rule.country
        if any(
            a.actor.party == rule.country and not a.inferred for a in facts.actors.get(index, [])
        ):
            return rule.country
    return None


def moves_to_another_country(
    country: str | None, indexes: list[int], established: str, anchors: list[int]
) -> bool:
    """A hard constraint: a place named only outside the act's own sentences may not move the act
    to another country than the one those sentences establish. "Talks will be held in Istanbul
    next week", three sentences after a strike placed in Afghanistan, names where people meet, not
    where the strike fell. A place of the act's own sentences stays a candidate whatever its
    country."""
    if country is None or country == established:
        return False
    return not any(index in anchors for index in indexes)


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


def spot_candidates(
    facts: DocumentFacts,
    incident: Incident,
    anchors: list[int],
    others: set[int],
    within: Place,
    *,
    gazetteer: Gazetteer,
) -> list[Candidate]:
    """The finer places the story names inside the act's chosen place (a district, a town, a
    village, a crossing anywhere in the headline, the lead or the body), and the chosen place
    itself: the place model picks the province, this slot how fine to go inside it.

    The hard constraint is the gazetteer's: a spot is a candidate only when it lies in the chosen
    place's country and province (its country when it names no province); a village or an area
    the gazetteer lacks, named far from the act, only when no other act's sentences are nearer to
    it (`_unlisted_spots`). Features say where the
    spot stands relative to the act (sentence distance, headline, lead, another act word between,
    another act's sentence), how it is introduced ("from X" for where victims came from, "in",
    "near", "at X"), whether the act's own clause names it, how fine it is, whether it lies
    inside the chosen place's own spot."""
    if within.country is None:
        return []
    found: dict[tuple[str | None, ...], list[tuple[int, PlaceMention]]] = {}
    variants: set[tuple[str | None, ...]] = set()  # known only under another spelling
    for index, mentions in [
        *((i, [*m, *facts.variants.get(i, [])]) for i, m in facts.places.items()),
        *((i, m) for i, m in facts.variants.items() if i not in facts.places),
    ]:
        actors = facts.actors.get(index, [])
        for mention in mentions:
            place = mention.place
            if _coarse(place):
                continue
            if place.country != within.country or (
                within.admin1 is not None and place.admin1 != within.admin1
            ):
                continue
            if any(a.start <= mention.start and mention.end <= a.end for a in actors):
                continue
            key = (place.country, place.admin1, place.admin2, place.location)
            found.setdefault(key, []).append((index, mention))
            if mention in facts.variants.get(index, ()):
                variants.add(key)
    own_spot: set[str | None] = set() if _coarse(within) else {within.location, within.admin2}
    own_spot.discard(None)
    candidates = []
    for spot, occurrences in sorted(found.items(), key=lambda item: str(item[0])):
        place = occurrences[0][1].place
        features = _best_position(facts, [i for i, _ in occurrences], anchors, others)
        before = [facts.text[max(0, m.start - 20) : m.start] for _i, m in occurrences]
        features.update(_spot_features(place, within, own_spot))
        features["from_before"] = float(any(_FROM_BEFORE.search(b) for b in before))
        features["at_before"] = float(any(_AT_BEFORE.search(b) for b in before))
        features.update(_passing_cues(facts, [m for _i, m in occurrences]))
        features["own_clause"] = _in_own_clause(
            facts, incident, [(i, m.start) for i, m in occurrences]
        )
        features["only_other_act_sentences"] = float(
            all(i in others and i not in anchors for i, _ in occurrences)
        )
        features["names_its_unit"] = float(
            any(names_its_unit(facts.text, m, facts.places.get(i, [])) for i, m in occurrences)
        )
        features["other_spelling"] = float(spot in variants)
        candidates.append(Candidate(place, features))
    taken = {c.value.location for c in candidates}
    for index, mention in _unlisted_spots(facts, anchors, others, within, gazetteer):
        if mention.place.location in taken:
            continue
        taken.add(mention.place.location)
        features = _best_position(facts, [index], anchors, others)
        features.update(_spot_features(mention.place, within, own_spot, named=True))
        preceding = facts.text[max(0, mention.start - 20) : mention.start]
        features["from_before"] = float(bool(_FROM_BEFORE.search(preceding)))
        features["at_before"] = float(bool(_AT_BEFORE.search(preceding)))
        features.update(_passing_cues(facts, [mention]))
        features["own_clause"] = _in_own_clause(facts, incident, [(index, mention.start)])
        features["only_other_act_sentences"] = float(index in others and index not in anchors)
        features["names_its_unit"] = float(
            names_its_unit(facts.text, mention, facts.places.get(index, []))
        )
        features["unlisted"] = 1.0
        features["unlisted_known_unit"] = float(mention.text != mention.place.location)
        candidates.append(Candidate(mention.place, features))
    if not any(c.features["rule"] for c in candidates):
        features = {"abstain": 0.0, "not_in_text": 1.0}
        features.update(_spot_features(within, within, own_spot))
        candidates.append(Candidate(within, features))
    if own_spot:
        # the chosen place without its spot: the province (or the country) alone
        coarse = Place(country=within.country, admin1=within.admin1)
        features = {"abstain": 0.0, "not_in_text": 1.0}
        features.update(_spot_features(coarse, within, own_spot))
        candidates.append(Candidate(coarse, features))
    return _ranked(candidates)


# A name after a locative preposition ("in X", "near the X", "at X Bazaar"), with the noun of a
# spot below a district that may follow it: the kinds of location ACLED codes.
_SPOT_NOUN = (
    r"(?:cantonment|airport|bazaar|market|road|crossing|border\s+crossing|check\s*post|checkpoint|"
    r"camp|base|station|city|town|village|area|valley|neighbou?rhood|district|tehsil)"
)
_LOCATIVE_NAME = re.compile(
    r"\b(?i:in|near|at|outside|inside|from|on|into|around)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
    r"(?:\s+(?P<noun>(?i:" + _SPOT_NOUN + r")))?\b"
)
# Months and weekdays, whole ("may", "friday") and abbreviated ("feb", "thurs": the start of a
# longer name of the same one).
_CALENDAR_SHORT = frozenset(
    short
    for table in (MONTHS, WEEKDAYS)
    for short in table
    if any(
        name != short and name.startswith(short) and table[name] == table[short] for name in table
    )
)
_CALENDAR = frozenset((*MONTHS, *WEEKDAYS)) - _CALENDAR_SHORT
# An abbreviation of a month or a day is one before its full stop or a number ("on Feb. 4",
# "on Sat 12 July"); else it may begin a name ("Mar Elias").
_ABBREVIATED = re.compile(r"\.|\s+\d")
_POSSESSIVE = re.compile(r"['’]s$")


def _is_calendar(first: str, after: str) -> bool:
    """Whether a name's first word is a month or a weekday, possessive or not ("Thursday's
    attack"); ``after``: the text after that word."""
    folded = _POSSESSIVE.sub("", first.casefold())
    return folded in _CALENDAR or (folded in _CALENDAR_SHORT and bool(_ABBREVIATED.match(after)))


def _unlisted_spots(
    facts: DocumentFacts, anchors: list[int], others: set[int], within: Place, gazetteer: Gazetteer
) -> list[tuple[int, PlaceMention]]:
    """Spots the gazetteer lacks named after a locative in the act's sentences, their neighbours,
    the headline and the lead: an unknown name ("near Mangochar"), or a known place with the noun
    of a spot inside it ("Bannu cantonment", "Kabul airport"); and anywhere in the story, a name
    the text gives as a village or an area ("the village of Sasobai", `places.named_settlements`),
    unless another act's sentences are nearer to it than this act's (a hard constraint: the
    village is that act's). An unknown name is placed in the act's chosen province, in no
    district (the text does not say which: the chosen place's district may be another act's or
    the dateline's), at the province's coordinates and precision (`_province_of`); a known one's
    spot inside the known place, when that lies in the chosen province."""
    province = _province_of(within, gazetteer)
    found = []
    for index, sentence in enumerate(facts.sentences):
        known = facts.places.get(index, [])
        actors = facts.actors.get(index, [])
        if min((abs(index - o) for o in others), default=99) >= _near(index, anchors):
            found.extend(_settlement_spots(facts, index, province))
        if not (_near(index, anchors) <= 1 or facts.is_lead(index)):
            continue
        for match in _LOCATIVE_NAME.finditer(sentence.text):
            words = match.group("name").split()
            while words and words[-1] in _NOT_NAME_WORDS:
                words.pop()
            first_end = match.start("name") + len(words[0]) if words else 0
            if (
                not words
                or words[0] in _NOT_NAME_WORDS
                or _is_calendar(words[0], sentence.text[first_end : first_end + 3])
            ):
                continue
            start = sentence.start + match.start("name")
            end = start + len(" ".join(words))
            if any(a.start < end and start < a.end for a in actors):
                continue
            inside = [m for m in known if m.start < end and start < m.end]
            noun = match.group("noun")
            if inside and noun is None:
                continue  # the gazetteer's own place, a candidate already
            if inside:
                unit = inside[0].place
                if unit.country != within.country or (
                    within.admin1 is not None and unit.admin1 != within.admin1
                ):
                    continue
                if noun.casefold() in ("district", "tehsil", "city", "area"):
                    continue  # the known place itself
                end = sentence.start + match.end("noun")
            else:
                if noun is not None and noun.casefold() in ("district", "tehsil"):
                    continue  # a district the gazetteer lacks: not a spot
                name = " ".join(words)
                if name.isupper() and len(name) <= 5:
                    continue  # an acronym ("the FC post"), as places.unlisted_places reads it
                if noun is not None and noun[0].isupper():
                    end = sentence.start + match.end("noun")
                unit = province
            text = facts.text[start:end]
            if text.casefold() in {n.casefold() for n in (within.country, within.admin1) if n}:
                continue
            place = Place(
                country=within.country,
                admin1=within.admin1 if within.admin1 is not None else unit.admin1,
                admin2=unit.admin2,
                location=text,
                latitude=unit.latitude,
                longitude=unit.longitude,
                geo_precision=unit.geo_precision if unit is province else 2,
            )
            found.append((index, PlaceMention(start, end, " ".join(words), place)))
    return found


def _province_of(within: Place, gazetteer: Gazetteer) -> Place:
    """The chosen place's province (its country when it names none) with the gazetteer's
    coordinates and precision, where a spot the gazetteer lacks is placed."""
    if within.admin1 is None:
        return Place(
            country=within.country,
            latitude=within.latitude,
            longitude=within.longitude,
            geo_precision=3,
        )
    entry = next(
        (
            e
            for e in gazetteer.lookup(within.admin1)
            if e.kind == "province"
            and e.country == within.country
            and fold(e.name) == fold(within.admin1)
        ),
        None,
    )
    return Place(
        country=within.country,
        admin1=within.admin1,
        latitude=entry.latitude if entry is not None else None,
        longitude=entry.longitude if entry is not None else None,
        geo_precision=3,
    )


def _settlement_spots(
    facts: DocumentFacts, index: int, province: Place
) -> list[tuple[int, PlaceMention]]:
    """The villages and areas the gazetteer lacks that one sentence names as such, placed in the
    chosen province (see `_unlisted_spots`)."""
    sentence = facts.sentences[index]
    taken = [(m.start, m.end) for m in facts.places.get(index, [])]
    taken += [(m.start, m.end) for m in facts.actors.get(index, [])]
    found = []
    for start, end, name, _phrase_end in named_settlements(sentence.text):
        start, end = sentence.start + start, sentence.start + end
        if any(s < end and start < e for s, e in taken):
            continue  # the gazetteer's own place (a candidate already), or an actor
        if name.casefold() in {n.casefold() for n in (province.country, province.admin1) if n}:
            continue
        first = name.split()[0]
        if _is_calendar(first, sentence.text[start - sentence.start + len(first) :][:3]):
            continue
        place = Place(
            country=province.country,
            admin1=province.admin1,
            location=name,
            latitude=province.latitude,
            longitude=province.longitude,
            geo_precision=province.geo_precision,
        )
        found.append((index, PlaceMention(start, end, name, place)))
    return found


def _coarse(place: Place) -> bool:
    """A place no finer than its province: no district, and no location but the province's own
    name or one of ACLED's geo-precision 3."""
    return place.admin2 is None and (
        place.location is None or place.location == place.admin1 or place.geo_precision == 3
    )


def _spot_features(
    place: Place, within: Place, own_spot: set[str | None], *, named: bool = False
) -> dict[str, float]:
    """Features of a spot's fineness; a ``named`` spot (one the gazetteer lacks, placed at its
    province's precision) is finer than its province all the same."""
    coarse = not named and _coarse(place)
    precision = place.geo_precision or (3 if coarse else 1)
    return {
        "rule": float(place == within),
        "rule_coarse": float(not own_spot),
        "coarse": float(coarse),
        "district_only": float(place.location in (None, place.admin2) and not coarse),
        "town": float(not coarse and place.location not in (None, place.admin2)),
        f"geo_precision_{precision}": 1.0,
        "inside_rule_spot": float(bool(own_spot) and place != within and place.admin2 in own_spot),
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
    agents, patients = _act_roles(facts, incident)
    sentence_agents = _sentence_agents(facts, anchors)
    armed_groups = {
        name for name, occurrences in found.items() if occurrences[0][1].actor.category in _ARMED
    }
    candidates = []
    for name, occurrences in sorted(found.items()):
        features = _best_position(facts, [i for i, _ in occurrences], anchors, others)
        features["agent_of_act"] = float(
            any(_inside(m.start, m.end, agents) for _i, m in occurrences)
        )
        features["patient_of_act"] = float(
            any(_inside(m.start, m.end, patients) for _i, m in occurrences)
        )
        features["after_by"] = float(
            any(
                _BY_BEFORE.search(facts.text[max(0, m.start - 12) : m.start])
                for i, m in occurrences
                if _near(i, anchors) <= 1
            )
        )
        nearest = min(occurrences, key=lambda o: min((abs(o[0] - a) for a in anchors), default=99))
        index, mention = nearest
        text = facts.sentences[index].text
        features.update(_actor_features(name, mention.actor.category, rule, incident))
        features["inferred"] = float(mention.inferred)
        features.update(_side_features(facts, anchors, occurrences))
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
        # Claimed or blamed anywhere in the story ("the TTP claimed the attack" at its end).
        features["responsibility_anywhere"] = float(
            any(_RESPONSIBILITY.search(facts.sentences[i].text) for i, _ in occurrences)
        )
        features["blame_anywhere"] = float(
            any(_BLAME.search(facts.sentences[i].text) for i, _ in occurrences)
        )
        features["only_armed_group"] = float(
            mention.actor.category in _ARMED and armed_groups == {name}
        )
        features.update(_actor_structure(facts, incident, anchors, occurrences, mention))
        features.update(_whose_act(facts, anchors, others, occurrences, sentence_agents))
        # Who the act hit and what kind of act it is, crossed with the actor's kind: forces whose
        # own men are the victims are seldom the perpetrators.
        category = mention.actor.category or "unknown"
        for target in incident.target_categories:
            features[f"category_{category}_x_target_{target.value}"] = 1.0
        features[f"category_{category}_x_{incident.event_type}"] = 1.0
        features[f"inferred_x_{incident.event_type}"] = float(mention.inferred)
        candidates.append(Candidate(name, features))
    candidates += _branches(found, candidates, incident.place.country or facts.country, rule)
    candidates += _crowds(facts, incident, anchors, others, rule, agents, patients)
    if rule is not None and all(c.value != rule for c in candidates):
        features = {"abstain": 0.0, "not_in_text": 1.0}
        features.update(_actor_features(rule, "", rule, incident))
        candidates.append(Candidate(rule, features))
    abstain = _abstain()
    abstain.features["rule_abstains"] = float(rule is None)
    abstain.features.update(_unclaimed(facts, anchors))
    candidates.append(abstain)
    return candidates


def _unclaimed(facts: DocumentFacts, anchors: list[int]) -> dict[str, float]:
    """Whether the story says nobody owns an act ("no group claimed the bombing"), near this one
    or anywhere: a feature of abstaining."""
    said = [i for i, s in enumerate(facts.sentences) if _NO_CLAIM.search(s.text)]
    return {
        "unclaimed_near": float(any(_near(i, anchors) <= FIGURE_REACH for i in said)),
        "unclaimed_anywhere": float(bool(said)),
    }


def _sentence_agents(facts: DocumentFacts, anchors: list[int]) -> list[tuple[int, int]]:
    """Where the parse puts the agent of every act word of the act's sentences, not only of the
    incident's own ("a herder died when a mortar round fired by the army landed in
    his yard")."""
    agents: list[tuple[int, int]] = []
    for index in anchors:
        doc = facts.parses.get(index)
        if doc is None:
            continue
        base = facts.sentences[index].start
        for trigger in facts.triggers.get(index, []):
            agent = find_roles(doc, trigger.start - base, trigger.end - base).agent
            if agent is not None:
                agents.append((base + agent[0], base + agent[1]))
    return agents


def _whose_act(
    facts: DocumentFacts,
    anchors: list[int],
    others: set[int],
    occurrences: list[tuple[int, ActorMention]],
    sentence_agents: list[tuple[int, int]],
) -> dict[str, float]:
    """Whether every mention of an actor is nearer another incident's sentences than this one's
    (it belongs to another act of the story); whether it is named near the act only in negated
    sentences ("was not carried out by the BLF"); whether it is the agent of any act word of the
    act's sentences."""

    def nearer_other(index: int) -> bool:
        return min((abs(index - o) for o in others), default=99) < _near(index, anchors)

    near = [(i, m) for i, m in occurrences if _near(i, anchors) <= 1]
    return {
        "nearer_other_act": float(all(nearer_other(i) for i, _m in occurrences)),
        "negated_near": float(bool(near) and all(_negated(facts, i, m) for i, m in near)),
        "agent_in_act_sentence": float(
            any(_inside(m.start, m.end, sentence_agents) for _i, m in occurrences)
        ),
    }


def _negated(facts: DocumentFacts, index: int, mention: ActorMention) -> bool:
    """Whether the parse of its sentence negates the actor (see roles.negated_actor); a sentence
    without a parse negates no one."""
    doc = facts.parses.get(index)
    if doc is None:
        return False
    base = facts.sentences[index].start
    return negated_actor(doc, mention.start - base, mention.end - base)


def _side_features(
    facts: DocumentFacts, anchors: list[int], occurrences: list[tuple[int, ActorMention]]
) -> dict[str, float]:
    """Whether a state's forces are named by their side ("gunfire from the Pakistani side"), their
    arms ("Russian drones") or their bare name ("Iran said its strike ..."), which of these, only
    so, near the act, and as where fire came from ("from Afghan territory")."""
    sides = [(i, m) for i, m in occurrences if m.side]
    features = {
        "unnamed_state": float(bool(sides)),
        "only_by_side": float(len(sides) == len(occurrences)),
        "side_near_act": float(any(_near(i, anchors) <= 1 for i, _m in sides)),
        "from_side": float(
            any(_FROM_SIDE.search(facts.text[max(0, m.start - 20) : m.start]) for _i, m in sides)
        ),
    }
    for kind in SIDE_KINDS:
        features[f"by_{kind}"] = float(any(m.side == kind for _i, m in sides))
    return features


_FROM_SIDE = re.compile(r"\b(?:from|by)\s+(?:the\s+)?$", re.IGNORECASE)


def _branches(
    found: Mapping[str, object], candidates: list[Candidate], country: str | None, rule: str | None
) -> list[Candidate]:
    """A movement named alone ("the Islamic State claimed it") may mean its branch in the act's
    country: the branch is a candidate too, with the movement's features and a mark of its own
    (the movement's candidate is marked as having a branch there)."""
    branches = []
    for candidate in list(candidates):
        branch = BRANCHES.get(candidate.value, {}).get(country or "")
        if branch is None or branch in found:
            continue
        candidate.features["has_branch_here"] = 1.0
        features = dict(candidate.features)
        features.update({"has_branch_here": 0.0, "branch_of_named": 1.0})
        features["rule"] = float(branch == rule)
        branches.append(Candidate(branch, features))
    return branches


_CROWD_WORDS = {kind: re.compile(words, re.IGNORECASE) for kind, words in CROWD_WORDS.items()}
_CROWD_EVENTS = frozenset({PROTESTS, RIOTS})


def _crowds(
    facts: DocumentFacts,
    incident: Incident,
    anchors: list[int],
    others: set[int],
    rule: str | None,
    agents: list[tuple[int, int]],
    patients: list[tuple[int, int]],
) -> list[Candidate]:
    """The protesters and the rioters of the act's country, candidates for a demonstration's
    first actor (ACLED's convention: the crowd, whoever else the story names; police who break
    up a sit-in are the second actor), placed where the story tells of such a crowd."""
    country = incident.place.country or facts.country
    if incident.event_type not in _CROWD_EVENTS or not country:
        return []
    crowds = []
    for kind, pattern in _CROWD_WORDS.items():
        name = CROWDS[kind].format(country=country)
        spans = [
            (index, match.start() + sentence.start, match.end() + sentence.start)
            for index, sentence in enumerate(facts.sentences)
            for match in pattern.finditer(sentence.text)
        ]
        if spans:
            features = _best_position(facts, [i for i, _s, _e in spans], anchors, others)
        else:
            features = {"abstain": 0.0, "crowd_not_in_text": 1.0}
        features.update(_actor_features(name, kind, rule, incident))
        features[f"category_{kind}_x_{incident.event_type}"] = 1.0
        features["crowd_in_act"] = float(any(i in anchors for i, _s, _e in spans))
        features["crowd_agent_of_act"] = float(any(_inside(s, e, agents) for _i, s, e in spans))
        features["crowd_patient_of_act"] = float(any(_inside(s, e, patients) for _i, s, e in spans))
        crowds.append(Candidate(name, features))
    return crowds


def _actor_structure(
    facts: DocumentFacts,
    incident: Incident,
    anchors: list[int],
    occurrences: list[tuple[int, ActorMention]],
    mention: ActorMention,
) -> dict[str, float]:
    """Where an actor stands relative to the act: among the victims of a figure near it ("two
    Pakistani soldiers were killed": the side that was hit), and whether its party is the
    country where the act took place."""
    near = [(i, m) for i, m in occurrences if _near(i, anchors) <= 1]
    in_victims = any(
        f.start <= m.start and m.end <= f.end for i, m in near for f in facts.casualties.get(i, [])
    )
    party, country = mention.actor.party, incident.place.country
    return {
        "in_victims": float(in_victims),
        "party_of_place": float(party is not None and party == country),
    }


_ARMED = frozenset({"rebel_group", "political_militia", "unidentified"})
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)


def _act_roles(
    facts: DocumentFacts, incident: Incident
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where the parse puts who did the act (agent) and whom it hit (patient), in document offsets,
    for each of the incident's act words in a parsed sentence (measured from the act word, not
    from the root of its sentence)."""
    agents: list[tuple[int, int]] = []
    patients: list[tuple[int, int]] = []
    for mention in incident.mentions:
        if mention.trigger_start is None or mention.trigger_end is None:
            continue
        index = facts.sentence_at(mention.trigger_start)
        doc = facts.parses.get(index)
        if doc is None:
            continue
        base = facts.sentences[index].start
        roles = find_roles(doc, mention.trigger_start - base, mention.trigger_end - base)
        if roles.agent is not None:
            agents.append((base + roles.agent[0], base + roles.agent[1]))
        if roles.patient is not None:
            patients.append((base + roles.patient[0], base + roles.patient[1]))
    return agents, patients


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(low <= start and end <= high for low, high in spans)


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


def _near(index: int, anchors: list[int]) -> int:
    return min((abs(index - a) for a in anchors), default=99)


def _within_reach(facts: DocumentFacts, index: int, anchors: list[int]) -> bool:
    """A figure is a candidate within FIGURE_REACH sentences of the act, or in the headline or the
    lead, where a story gives its toll first."""
    return _near(index, anchors) <= FIGURE_REACH or facts.is_lead(index)


def killed_candidates(
    facts: DocumentFacts, incident: Incident, anchors: list[int], others: set[int]
) -> list[Candidate]:
    rule = incident.fatalities.low
    claimed = {c.fatalities.low for c in incident.claims if c.fatalities is not None}
    found: dict[int, list[tuple[int, CasualtyFigure]]] = {}
    wholes: list[tuple[int, CasualtyFigure]] = []
    for index, figures in sorted(facts.casualties.items()):
        if not _within_reach(facts, index, anchors):
            continue
        for figure in figures:
            if figure.outcome is not Outcome.KILLED or figure.quantity.low is None:
                continue
            found.setdefault(figure.quantity.low, []).append((index, figure))
            if figure.part_of is None:
                wholes.append((index, figure))
    update_totals = {
        figure.quantity.low
        for index, figure in itertools.chain.from_iterable(found.values())
        if _UPDATE_TO.search(
            facts.sentences[index].text[
                : max(0, figure.quantity.start - facts.sentences[index].start)
            ][-120:]
        )
    }
    latest = max((v for v in update_totals if v is not None), default=None)
    # The figures of one sentence add up ("two soldiers and six attackers were killed").
    sums: dict[int, list[int]] = {}
    for index in sorted({i for i, _ in wholes}):
        lows = [f.quantity.low for i, f in wholes if i == index and f.quantity.low is not None]
        if len(lows) > 1:
            sums.setdefault(sum(lows), []).append(index)
    # So do two figures of two sentences of the act ("15 attackers were killed" ... "two soldiers
    # were martyred"): candidates, not the answer; the model weighs them.
    cross: dict[int, list[int]] = {}
    cross_categories: set[int] = set()
    cross_sides: set[int] = set()
    cross_own: set[int] = set()
    cross_update: set[int] = set()
    cross_all: set[int] = set()
    near = [(i, f) for i, f in wholes if _near(i, anchors) <= 1]
    for (i, first), (j, second) in itertools.combinations(near, 2):
        if i == j or first.quantity.low is None or second.quantity.low is None:
            continue
        total = first.quantity.low + second.quantity.low
        cross.setdefault(total, []).extend((i, j))
        if first.category is not second.category:
            cross_categories.add(total)
        armed = {first.category, second.category} & {TargetCategory.MILITANTS}
        if armed and len({first.category, second.category}) == 2:
            cross_sides.add(total)  # the dead of both sides of one act
        if i in anchors and j in anchors:
            cross_own.add(total)
        if any(_UPDATE.search(facts.sentences[k].text) for k in (i, j)):
            cross_update.add(total)
    # ... and all of them, when the act's sentences give more than two.
    if len(near) > 2 and len({i for i, _ in near}) > 1:
        everything = sum(f.quantity.low or 0 for _i, f in near)
        cross.setdefault(everything, []).extend(i for i, _ in near)
        cross_all.add(everything)
    # Deaths counted from the parse: "a man and his son were killed", "killing three patients
    # and a nurse", "was killed along with two of his guards".
    parsed: dict[int, list[int]] = {}
    for index, doc in facts.parses.items():
        if _near(index, anchors) > 1:
            continue
        sentence = facts.sentences[index]
        for count in count_dead(doc, offset=sentence.start):
            parsed.setdefault(count.value, []).append(index)
    reach = [
        _near(i, anchors) <= FIGURE_REACH or facts.is_lead(i) for i in range(len(facts.sentences))
    ]
    texts = [s.text for s in facts.sentences]
    zeros = [i for i, text in enumerate(texts) if reach[i] and _NO_KILLED.search(text)]
    # beyond the act's reach, only a zero with a casualty verb ("no one claimed it" is none)
    far_zeros = [i for i, text in enumerate(texts) if not reach[i] and _NO_KILLED_FAR.search(text)]
    none_of = [i for i, text in enumerate(texts) if reach[i] and _NONE_OF.search(text)]
    denials = [i for i, text in enumerate(texts) if reach[i] and _DENIAL.search(text)]
    any_zero = zeros + far_zeros + none_of + denials
    values = (
        set(found)
        | set(sums)
        | set(cross)
        | set(parsed)
        | ({rule} if rule is not None else set())
        | {v for v in claimed if v is not None}
    )
    if any_zero:
        values.add(0)
    largest = max(values, default=0)
    # Where the story's figures stand: the largest and the latest it states anywhere (a rising
    # toll ends on its latest; a cumulative toll is often the largest), and the latest near the act.
    stated = sorted(
        (figure.start, figure.quantity.low)
        for figures in facts.casualties.values()
        for figure in figures
        if figure.outcome is Outcome.KILLED and figure.quantity.low is not None
    )
    largest_stated = max((v for _start, v in stated), default=None)
    latest_stated = stated[-1][1] if stated else None
    near_stated = sorted((f.start, v) for v, found_at in found.items() for _i, f in found_at)
    latest_near = near_stated[-1][1] if near_stated else None
    # A count from the parse in a sentence that states a figure itself (a part, a miscount).
    stated_sentences = {i for i, _f in itertools.chain.from_iterable(found.values())}
    candidates = []
    for value in sorted(values):
        occurrences = found.get(value, [])
        indexes = (
            [i for i, _ in occurrences]
            + (any_zero if value == 0 else [])
            + sums.get(value, [])
            + cross.get(value, [])
            + parsed.get(value, [])
        )
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
                "zero_cue_far": float(value == 0 and bool(far_zeros) and not zeros),
                "none_of_cue": float(value == 0 and bool(none_of)),
                "denial_cue": float(value == 0 and bool(denials)),
                "sum_of_sentence": float(value in sums),
                "only_a_sum": float(value in sums and not occurrences),
                "sum_of_sentences": float(value in cross),
                "sum_of_categories": float(value in cross_categories),
                "only_across": float(value in cross and not occurrences and value not in sums),
                "sum_of_both_sides": float(value in cross_sides),
                "sum_of_act_sentences": float(value in cross_own),
                "sum_with_update": float(value in cross_update),
                "sum_of_all_near": float(value in cross_all),
                "parsed": float(value in parsed),
                "only_parsed": float(value in parsed and not occurrences),
                "stated": float(bool(occurrences)),
                "log_value": math.log1p(value),
                "update_total": float(value in update_totals),
                "below_update_total": float(
                    latest is not None and value < latest and value not in update_totals
                ),
                "above_update_total": float(latest is not None and value > latest),
                "latest_near": float(value == latest_near),
                "largest_in_document": float(value == largest_stated),
                "latest_in_document": float(value == latest_stated),
                "parsed_beside_stated": float(
                    value in parsed
                    and not occurrences
                    and any(i in stated_sentences for i in parsed[value])
                ),
            }
        )
        quote: Sentence | None = None
        quantity: Quantity | None = None
        if occurrences:
            index, figure = min(occurrences, key=lambda o: _near(o[0], anchors))
            features[f"victims_{figure.category.value}"] = 1.0
            # Whom the figure counts against whom the act hit, as the rules read its target ("two
            # civilians" beside a fire on a checkpost): known on both sides, same or not.
            targets = set(incident.target_categories) - {TargetCategory.UNKNOWN}
            if figure.category is not TargetCategory.UNKNOWN and targets:
                hit = figure.category in targets
                features["victims_are_target"] = float(hit)
                features["victims_not_target"] = float(not hit)
            features["part_of_whole"] = float(figure.part_of is not None)
            features["open_bound"] = float(figure.quantity.high is None)
            features.update(_figure_context(facts, index, incident))
            quote, quantity = facts.sentences[index], figure.quantity
        elif indexes:
            index = min(indexes, key=lambda i: _near(i, anchors))
            features.update(_figure_context(facts, index, incident))
            quote = facts.sentences[index]
            quantity = Quantity(value, value, "", quote.start, quote.end)
        candidates.append(Candidate(value, features, quote, quantity))
    abstain = _abstain()
    abstain.features["rule_abstains"] = float(rule is None)
    # what the act's own sentences give: a figure, or only a headline
    abstain.features["abstain_figure_in_act"] = float(any(i in anchors for i in stated_sentences))
    abstain.features["abstain_headline_act"] = float(
        bool(anchors) and all(facts.is_headline(i) for i in anchors)
    )
    candidates.append(abstain)
    return candidates


def _figure_context(facts: DocumentFacts, index: int, incident: Incident) -> dict[str, float]:
    """What the figure's sentence says around it: a period or a running total, a toll update,
    another day or another place than the act's (a figure of another act or a cumulative toll)."""
    text = facts.sentences[index].text
    days = {m.date.value for m in facts.dates.get(index, []) if not m.is_duration}
    days.discard(None)
    provinces = {m.place.admin1 for m in facts.places.get(index, []) if m.place.admin1}
    act_day, act_province = incident.date.value, incident.place.admin1
    return {
        "period_cue": float(bool(_PERIOD_CUE.search(text))),
        "update_cue": float(bool(_UPDATE.search(text))),
        "total_cue": float(bool(_TOTAL_CUE.search(text))),
        "other_day_in_sentence": float(act_day is not None and any(d != act_day for d in days)),
        "same_day_in_sentence": float(act_day is not None and act_day in days),
        "other_province_in_sentence": float(
            act_province is not None and any(p != act_province for p in provinces)
        ),
        "same_province_in_sentence": float(act_province is not None and act_province in provinces),
        "acts_in_sentence": float(
            len({t.sub_event_type for t in facts.triggers.get(index, [])}) > 1
        ),
    }


# --- target: who or what the act hit (its categories) ---------------------------------------------

_TARGET_WORD = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(TARGET_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_ACTOR_TARGET = {
    "state_forces": TargetCategory.SECURITY_FORCES,
    "rebel_group": TargetCategory.MILITANTS,
    "political_militia": TargetCategory.MILITANTS,
    "civilians": TargetCategory.CIVILIANS,
}
_TARGET_KINDS = tuple(c for c in TargetCategory if c is not TargetCategory.UNKNOWN)


def _target_evidence(
    facts: DocumentFacts, incident: Incident, anchors: list[int]
) -> dict[TargetCategory, dict[str, float]]:
    """For each category, what in the text points to it: victims of a figure, a target word, an
    actor other than the perpetrator, in the act's sentence, the next one, or the headline."""
    evidence: dict[TargetCategory, dict[str, float]] = {c: {} for c in _TARGET_KINDS}

    def mark(category: TargetCategory, kind: str, index: int) -> None:
        if category is TargetCategory.UNKNOWN:
            return
        where = "act" if index in anchors else ("headline" if facts.is_headline(index) else "near")
        key = f"{kind}_{where}"
        evidence[category][key] = evidence[category].get(key, 0.0) + 1.0

    for index in range(len(facts.sentences)):
        if not (_near(index, anchors) <= 1 or facts.is_headline(index)):
            continue
        for figure in facts.casualties.get(index, []):
            mark(figure.category, f"figure_{figure.outcome.value}", index)
        for match in _TARGET_WORD.finditer(facts.sentences[index].text):
            mark(TargetCategory(TARGET_WORDS[match.group(1).lower()]), "word", index)
        for actor in facts.actors.get(index, []):
            category = _ACTOR_TARGET.get(actor.actor.category)
            if category is not None and actor.canonical != incident.actor1 and not actor.side:
                mark(category, "actor", index)
    return evidence


def target_candidates(
    facts: DocumentFacts, incident: Incident, anchors: list[int], others: set[int]
) -> list[Candidate]:
    """Sets of target categories: the rules' own, each category the text points to, and each pair
    of them (an attack on soldiers and villagers); the model picks one."""
    rule = frozenset(c for c in incident.target_categories if c is not TargetCategory.UNKNOWN)
    evidence = _target_evidence(facts, incident, anchors)
    pointed = [c for c in _TARGET_KINDS if evidence[c]]
    options: set[frozenset[TargetCategory]] = {frozenset({c}) for c in pointed}
    options |= {frozenset(pair) for pair in itertools.combinations(pointed, 2)}
    if rule:
        options.add(rule)
    actor2 = incident.actor2
    candidates = []
    for option in sorted(options, key=lambda o: sorted(o)):
        features: dict[str, float] = {
            "abstain": 0.0,
            "rule": float(option == rule),
            "rule_none": float(not rule),
            "size_2": float(len(option) >= 2),
            "covers_all": float(set(pointed) <= option),
            "log_left_out": math.log1p(sum(1 for c in pointed if c not in option)),
            "actor2_set": float(actor2 is not None),
        }
        for category in option:
            features[f"has_{category.value}"] = 1.0
            features[f"{category.value}_in_rule"] = float(category in rule)
            for key, count in evidence[category].items():
                features[f"{category.value}_{key}"] = math.log1p(count)
                features[f"any_{key}"] = features.get(f"any_{key}", 0.0) + math.log1p(count)
        for category in _TARGET_KINDS:
            if category not in option and evidence[category]:
                features[f"left_out_{category.value}"] = 1.0
        candidates.append(Candidate(option, features))
    abstain = _abstain()
    abstain.features["rule_abstains"] = float(not rule)
    candidates.append(abstain)
    return candidates


# --- the choice ----------------------------------------------------------------------------------

SlotGenerator = Callable[[DocumentFacts, Incident, list[int], set[int]], list[Candidate]]
GENERATORS: dict[str, SlotGenerator] = {
    "date": date_candidates,
    "place": place_candidates,
    "perpetrator": perpetrator_candidates,
    "killed": killed_candidates,
    "target": target_candidates,
}


@dataclass(slots=True)
class IncidentCandidates:
    """Everything the model chooses from for one incident of the rules."""

    incident: Incident
    keep: dict[str, float]
    slots: dict[str, list[Candidate]]
    anchors: list[int] = field(default_factory=list)
    others: set[int] = field(default_factory=set)


def candidates_of(facts: DocumentFacts, incidents: Sequence[Incident]) -> list[IncidentCandidates]:
    anchors = [anchors_of(facts, incident) for incident in incidents]
    result = []
    for position, incident in enumerate(incidents):
        others = {i for k, found in enumerate(anchors) if k != position for i in found}
        keep = keep_features(facts, incident, anchors[position], incidents, position, anchors)
        slots = {
            slot: _ranked(generate(facts, incident, anchors[position], others))
            for slot, generate in GENERATORS.items()
        }
        _mark_others_figures(facts, slots["killed"], incidents, anchors, position)
        slots["place"] = _apart_from_siblings(slots["place"], incidents, position)
        slots[JOIN] = join_candidates(facts, incidents, anchors, position, keep)
        result.append(IncidentCandidates(incident, keep, slots, anchors[position], others))
    return result


def _apart_from_siblings(
    candidates: list[Candidate], incidents: Sequence[Incident], position: int
) -> list[Candidate]:
    """Hard constraint: acts the rules tell apart in one sentence, each in a province of its own
    ("strikes in Kabul and Paktika": one act word, one act per province; "the clashes broke out
    after strikes in Paktika": two act words), stay in their own provinces; a place candidate in
    the province of another act of the same sentence would make the two one act told twice, or
    give one act the other's place."""
    sentences = {m.start for m in incidents[position].mentions}
    own = _place_key(incidents[position].place)
    siblings = {
        _place_key(other.place)
        for k, other in enumerate(incidents)
        if k != position
        and other.place.admin1 is not None
        and any(m.start in sentences for m in other.mentions)
    }
    siblings.discard(own)
    if not siblings:
        return candidates
    return [
        c
        for c in candidates
        if not isinstance(c.value, Place) or _place_key(c.value) not in siblings
    ]


def _mark_others_figures(
    facts: DocumentFacts,
    candidates: list[Candidate],
    incidents: Sequence[Incident],
    anchors: list[list[int]],
    position: int,
) -> None:
    """Whether a killed figure is the one the rules gave another act in that act's own sentence
    (the shelling's toll beside a clash told in the next sentence), and, for abstaining, whether
    every figure the story states near this act is such a figure."""
    theirs: set[tuple[int, int]] = set()  # (sentence, figure) the rules tie to another act
    for k, other in enumerate(incidents):
        if k == position or other.fatalities.low is None:
            continue
        for index in anchors[k]:
            if index not in anchors[position]:
                theirs.add((index, other.fatalities.low))
    stated = {id(c) for c in candidates if c.features.get("stated") and c.quote is not None}
    others_only = bool(stated)
    for candidate in candidates:
        if candidate.quote is None or candidate.value is None:
            continue
        index = facts.sentence_at(candidate.quote.start)
        mine = (index, candidate.value) in theirs
        candidate.features["others_rule_figure"] = float(mine)
        if id(candidate) in stated and not mine:
            others_only = False
    for candidate in candidates:
        if candidate.features.get("abstain"):
            candidate.features["abstain_figures_all_others"] = float(others_only)


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
    "spot_candidates",
    "story_day",
]
