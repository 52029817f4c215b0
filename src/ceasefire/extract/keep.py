"""Whether a rules' incident is a new act of the story: the features the keep model reads.

The rules assemble incidents from act mentions; some of them are no new act: background told to
explain the news ("the deadliest since the 2014 school attack"), a period's summary ("attacks have
killed 300 this year"), a headline line for the act the body tells, an act outside the story's
scope. Here each incident gets generic features of its mentions — the grammar of the act word
(tense, aspect, modality, negation, from the parse), where the mention stands (headline, lead,
last paragraphs, inside a quote), the time expressions of its sentence and how long before
publication they are, period words, whether its figures look like aggregates, and whether another
incident of the document could be the same act (same kind, no slot contradicting). The model
(`extract/choice.py`, slot "keep") weighs them; nothing here is a weight.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ceasefire.domain import DatePrecision, Incident, Place
from ceasefire.extract.joining import echo as _echo
from ceasefire.extract.triggers import is_attempted, is_statistic

if TYPE_CHECKING:
    from ceasefire.extract.slots import DocumentFacts
    from ceasefire.extract.triggers import TriggerMatch

# Generic cues of time and of a period, read in the act's own sentence (shared with the figures).
_PERIOD_CUE = re.compile(
    r"\b(?:since|so\s+far|this\s+year|last\s+year|in\s+total|in\s+all|overall|cumulative|"
    r"over\s+the\s+past|during\s+the|months?|weeks|years)\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:last\s+(?:year|month)|previous|earlier\s+this|in\s+(?:19|20)\d\d|ago|history|"
    r"deadliest|since|recalled|anniversary)\b",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_QUOTES = re.compile('["“”]')
_AGGREGATE_WORDS = re.compile(
    r"\b(?:total|in\s+all|altogether|combined|cumulative|tally|more\s+than\s+\d[\d,]*\s+\w+\s+"
    r"(?:have|had)\s+been)\b",
    re.IGNORECASE,
)
_KNOWN = re.compile(
    r"\b(?:the|these|those|this|that|such|its|their)\s+(?:[\w-]+\s+)?$|\b\w+['’]s\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
_MODALS = {"will", "would", "could", "may", "might", "can", "should", "shall", "must"}
_PERFECT = {"has", "have", "had"}


def trigger_grammar(
    doc: Any, base: int, triggers: Sequence[TriggerMatch]
) -> dict[int, dict[str, float]]:
    """For each trigger of one parsed sentence (by its document offset), the grammar of the verb
    that carries it: tense and aspect, modal, negation, passive, whether the act word is a noun
    and whether the verb heads the sentence or a subordinate clause."""
    found: dict[int, dict[str, float]] = {}
    if doc is None:
        return found
    for trigger in triggers:
        span = doc.char_span(trigger.start - base, trigger.end - base, alignment_mode="expand")
        if span is None:
            continue
        token = span.root
        is_noun = token.pos_ not in ("VERB", "AUX")
        verb = token
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        found_verb = verb.pos_ in ("VERB", "AUX")
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {a.lower_ for a in auxiliaries}
        features = {
            "act_noun": float(is_noun),
            "verb_found": float(found_verb),
            "past": float(verb.tag_ == "VBD" and not words),
            "perfect_present": float(bool(words & {"has", "have"})),
            "perfect_past": float("had" in words),
            "modal": float(bool(words & _MODALS) or any(a.tag_ == "MD" for a in auxiliaries)),
            "future": float(bool(words & {"will", "shall"})),
            "negated": float(any(c.dep_ == "neg" for c in verb.children)),
            "passive": float(any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)),
            "gerund": float(verb.tag_ == "VBG"),
            "present": float(verb.tag_ in ("VBZ", "VBP") and not words & _PERFECT),
            "main_clause": float(found_verb and verb.dep_ == "ROOT"),
            "subordinate": float(verb.dep_ in ("advcl", "relcl", "acl", "ccomp", "pcomp")),
            "in_object_of_noun": float(is_noun and token.dep_ == "pobj"),
        }
        found[trigger.start] = features
    return found


def _compatible(a: Incident, b: Incident, *, loose: bool = False) -> bool:
    """Whether two incidents could be one act: same kind (with `loose`, the same event type
    only), and no known slot contradicts."""
    if a.sub_event_type != b.sub_event_type and not (loose and a.event_type == b.event_type):
        return False
    if a.date.value is not None and b.date.value is not None and a.date.value != b.date.value:
        return False
    return _places_agree(a.place, b.place)


def _places_agree(a: Place, b: Place) -> bool:
    for x, y in ((a.country, b.country), (a.admin1, b.admin1)):
        if x is not None and y is not None and x != y:
            return False
    return True


def _detail(incident: Incident) -> int:
    """How much an incident says: a day, a province, a figure, an agent."""
    return sum(
        (
            incident.date.value is not None and incident.date.precision is DatePrecision.DAY,
            incident.place.admin1 is not None,
            incident.fatalities.low is not None,
            incident.actor1 is not None,
        )
    )


def _trigger_start(facts: DocumentFacts, incident: Incident) -> tuple[int, int] | None:
    """The sentence index and document offset of the act word that opened the incident: the
    mention's own offsets where it carries them (the same word may stand twice in a sentence),
    else the first trigger of its sentence with the mention's text."""
    for mention in incident.mentions:
        if mention.trigger_start is not None:
            return facts.sentence_at(mention.trigger_start), mention.trigger_start
        index = facts.sentence_at(mention.start)
        for trigger in facts.triggers.get(index, []):
            if trigger.text == mention.trigger:
                return index, trigger.start
    return None


def keep_features(
    facts: DocumentFacts,
    incident: Incident,
    anchors: list[int],
    incidents: Sequence[Incident],
    position: int,
    every_anchors: Sequence[Sequence[int]] = (),
) -> dict[str, float]:
    earlier, later = incidents[:position], incidents[position + 1 :]
    first = anchors[0] if anchors else 0
    sentences = facts.sentences
    text = sentences[first].text if sentences else ""
    strengths = [
        t.trigger.strength
        for i in anchors
        for t in facts.triggers.get(i, [])
        if t.sub_event_type == incident.sub_event_type
    ]
    total = max(1, len(sentences))
    features: dict[str, float] = {
        f"event_{incident.event_type}": 1.0,
        f"strength_{max(strengths, default=0)}": 1.0,
        "historical": float(incident.is_historical),
        "has_date": float(incident.date.value is not None),
        f"date_{incident.date.precision.value}": 1.0,
        "has_admin1": float(incident.place.admin1 is not None),
        "has_spot": float(incident.place.location is not None),
        "has_country": float(incident.place.country is not None),
        "has_killed": float(incident.fatalities.low is not None),
        "log_killed": math.log1p(incident.fatalities.low or 0),
        "killed_over_20": float((incident.fatalities.low or 0) > 20),
        "has_actor1": float(incident.actor1 is not None),
        "detail": float(_detail(incident)),
        "log_mentions": math.log1p(len(anchors)),
        "log_claims": math.log1p(len(incident.claims)),
        "log_first_sentence": math.log1p(first),
        "relative_position": first / total,
        "last_fifth": float(first >= 0.8 * total and total >= 5),
        "lead": float(facts.is_lead(first)),
        "headline": float(facts.is_headline(first)),
        "headline_only": float(anchors == [0] and facts.is_headline(0)),
        "period_cue": float(bool(_PERIOD_CUE.search(text))),
        "past_cue": float(bool(_PAST_CUE.search(text))),
        "since": float(bool(_SINCE.search(text))),
        "year_named": float(bool(_YEAR.search(text))),
        "aggregate_words": float(bool(_AGGREGATE_WORDS.search(text))),
        "question": float(text.rstrip().endswith("?")),
        "first_of_document": float(not earlier),
        "log_incidents": math.log1p(len(incidents)),
        "log_sentences": math.log1p(len(sentences)),
        "first_person_doc": float(bool(_FIRST_PERSON.search(facts.text[:2000]))),
        "attributed": float(any(c.source for c in incident.claims)),
        "earlier_same_type": float(
            any(e.sub_event_type == incident.sub_event_type for e in earlier)
        ),
        "earlier_same_date": float(
            incident.date.value is not None
            and any(e.date.value == incident.date.value for e in earlier)
        ),
        "earlier_same_type_and_date": float(
            any(
                e.sub_event_type == incident.sub_event_type and e.date.value == incident.date.value
                for e in earlier
            )
        ),
    }
    # The same act told again: another incident of the kind with nothing contradicting, and
    # whether that one says more (the body's telling of a headline's act).
    same_before = [e for e in earlier if _compatible(e, incident)]
    same_after = [e for e in later if _compatible(e, incident)]
    detail = _detail(incident)
    features["same_act_before"] = float(bool(same_before))
    features["same_act_after"] = float(bool(same_after))
    features["same_act_fuller"] = float(any(_detail(e) > detail for e in same_before + same_after))
    features["same_act_dated"] = float(
        incident.date.value is None and any(e.date.value for e in same_before + same_after)
    )
    loose = [e for e in (*earlier, *later) if _compatible(e, incident, loose=True)]
    features["same_event_before"] = float(
        any(_compatible(e, incident, loose=True) for e in earlier)
    )
    features["same_event_after"] = float(any(_compatible(e, incident, loose=True) for e in later))
    features["same_event_fuller"] = float(any(_detail(e) > detail for e in loose))
    features["headline_retold"] = float(facts.is_headline(first) and bool(loose))
    features["same_day_and_province"] = float(
        incident.date.value is not None
        and incident.place.admin1 is not None
        and any(
            e.date.value == incident.date.value and e.place.admin1 == incident.place.admin1
            for e in (*earlier, *later)
        )
    )
    features["other_act_same_day"] = float(
        incident.date.value is not None
        and any(e.date.value == incident.date.value for e in (*earlier, *later))
    )
    # The same act told again in other slots: how much an earlier act of the event type says in
    # the same words (a retelling repeats the act's names and words while its date or place
    # differs).
    echoes = [
        _echo(facts, anchors, every_anchors[k])
        for k, e in enumerate(earlier)
        if k < len(every_anchors) and e.event_type == incident.event_type
    ]
    echoes = [e for e in echoes if e]
    features["echo_overlap"] = max((e["word_overlap"] for e in echoes), default=0.0)
    features["echo_name"] = max((e["name_shared"] for e in echoes), default=0.0)
    features["echo_figure"] = max((e["figure_shared"] for e in echoes), default=0.0)
    # The grammar of the act word, from the parse of its sentence.
    opened = _trigger_start(facts, incident)
    grammar = facts.grammar.get(opened[1]) if opened and facts.grammar else None
    for name, value in (grammar or {}).items():
        features[f"verb_{name}"] = value
    features["no_parse"] = float(grammar is None)
    if opened is not None:
        before = sentences[opened[0]].text[: opened[1] - sentences[opened[0]].start]
        features["in_quote"] = float(len(_QUOTES.findall(before)) % 2 == 1)
        features["attempt_cue"] = float(is_attempted(before, len(before)))
        # "the attack", "Tuesday's bombing": the act named as one the reader knows.
        features["named_as_known"] = float(bool(_KNOWN.search(before)))
    features["statistic_sentence"] = float(is_statistic(text))
    features["unplaced_undated"] = float(
        incident.date.value is None and incident.place.admin1 is None
    )
    features["abroad"] = float(
        incident.place.country is not None
        and facts.country is not None
        and incident.place.country != facts.country
    )
    # Time expressions of the act's sentence, and how long before publication they are.
    dates = [
        d
        for i in anchors[:1]
        for d in facts.dates.get(i, [])
        if d.date.value is not None and not d.is_duration
    ]
    features["duration_in_sentence"] = float(
        any(d.is_duration for i in anchors[:1] for d in facts.dates.get(i, []))
    )
    if facts.published is not None:
        for d in dates:
            days = (facts.published - d.date.value).days if d.date.value else 0
            features["sentence_date_week"] = max(
                features.get("sentence_date_week", 0.0), float(0 <= days <= 7)
            )
            features["sentence_date_older"] = max(
                features.get("sentence_date_older", 0.0), float(days > 31)
            )
        if incident.date.value is not None:
            days = (facts.published - incident.date.value).days
            features["days_week"] = float(0 <= days <= 7)
            features["days_year"] = float(7 < days <= 365)
            features["days_older"] = float(days > 365)
            features["after_published"] = float(days < 0)
            features["log_days"] = math.log1p(max(0, days))
    return features


def grammar_of(
    parses: Mapping[int, Any], sentences: Sequence[Any], triggers: Mapping[int, list[TriggerMatch]]
) -> dict[int, dict[str, float]]:
    """The grammar of every trigger of the document, by the trigger's document offset."""
    found: dict[int, dict[str, float]] = {}
    for index, doc in parses.items():
        found.update(trigger_grammar(doc, sentences[index].start, triggers.get(index, [])))
    return found


__all__ = ["grammar_of", "keep_features", "trigger_grammar"]
