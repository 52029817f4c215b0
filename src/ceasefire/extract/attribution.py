"""Attribution: who asserts a sentence, with what stance, and whether it is hedged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ceasefire.domain import Stance
from ceasefire.extract.lexicons.attribution import (
    ACCORDING_TO,
    ADMISSION,
    DENIAL_AFTER,
    DENIAL_BEFORE,
    HEDGES,
    NEGATED_ACT,
    NEGATION_AT_ACT,
    REPORTED_THAT,
    REPORTING_VERBS,
)
from ceasefire.extract.lexicons.targets import SOURCES

_ACCORDING = re.compile(ACCORDING_TO + r"\s+(?P<source>[^,.;:“”\"]{2,80})", re.IGNORECASE)
_HEDGE = re.compile(HEDGES, re.IGNORECASE)
_ADMISSION = re.compile(ADMISSION, re.IGNORECASE)
_DENIAL_BEFORE = re.compile(DENIAL_BEFORE, re.IGNORECASE)
_DENIAL_AFTER = re.compile(DENIAL_AFTER, re.IGNORECASE)
_NEGATED_ACT = re.compile(NEGATED_ACT, re.IGNORECASE)
_NEGATION_AT_ACT = re.compile(NEGATION_AT_ACT, re.IGNORECASE)
_REPORTED_THAT = re.compile(REPORTED_THAT, re.IGNORECASE)
_LEADING = re.compile(r"^(the|a|an|its|their|his|her)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str | None
    source_kind: str | None
    stance: Stance
    is_hedged: bool
    is_admission: bool


def normalise_source(text: str) -> tuple[str, str | None]:
    """A source phrase to the name we record and its kind ("UNAMA", "un_agency")."""
    phrase = _LEADING.sub("", " ".join(text.split()).strip(" ,.'\"“”’"))
    phrase = re.sub(r"(’s|'s)$", "", phrase)
    key = phrase.lower()
    if key in SOURCES:
        return SOURCES[key]
    for known, (name, kind) in SOURCES.items():
        if len(known) > 3 and known in key:
            return name, kind
    return phrase, None


def attribute(sentence: str, doc: Any | None, *, trigger_start: int) -> Attribution:
    """Who the sentence attributes the act at ``trigger_start`` to, from its parse and its cues."""
    is_hedged = _HEDGE.search(sentence) is not None
    is_admission = _ADMISSION.search(sentence) is not None
    source: str | None = None
    stance = Stance.ASSERTS
    according = _ACCORDING.search(sentence)
    if according:
        source = according.group("source")
    elif doc is not None:
        found = _reporting_verb(doc, trigger_start)
        if found is not None:
            source, stance = found
    if is_denial(sentence, trigger_start):
        stance = Stance.DENIES
    elif is_hedged and stance is Stance.ASSERTS:
        stance = Stance.ALLEGES
    if source is None:
        return Attribution(None, None, stance, is_hedged, is_admission)
    name, kind = normalise_source(source)
    return Attribution(name or None, kind, stance, is_hedged, is_admission)


def is_denial(sentence: str, trigger_start: int) -> bool:
    """Whether the sentence denies the act whose word starts at ``trigger_start``: a verb of denial
    before it in the sentence, a passive denial after it, or the act word plainly negated. The
    parse is not asked: it reads "rejects" in "The ministry rejects reports" as a noun."""
    before = sentence[:trigger_start]
    if _DENIAL_BEFORE.search(before) or _NEGATED_ACT.search(before):
        return True
    if _NEGATION_AT_ACT.match(sentence, trigger_start):
        return True
    return bool(_REPORTED_THAT.search(before) and _DENIAL_AFTER.search(sentence[trigger_start:]))


def _reporting_verb(doc: Any, trigger_start: int) -> tuple[str, Stance] | None:
    """The nearest reporting verb that governs the trigger, and its subject."""
    token = next((t for t in doc if t.idx <= trigger_start < t.idx + len(t.text)), None)
    candidates = []
    if token is not None:
        head = token
        for _ in range(8):
            if head.pos_ in ("VERB", "AUX") and head.lemma_ in REPORTING_VERBS:
                candidates.append(head)
            if head.head.i == head.i:
                break
            head = head.head
    # A reporting verb elsewhere in the sentence ("..., police said.") governs it too.
    candidates += [t for t in doc if t.dep_ == "ROOT" and t.lemma_ in REPORTING_VERBS]
    for verb in candidates:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            continue
        subject = subjects[0]
        if subject.lower_ in ("it", "this", "that", "which", "who"):
            continue
        text = doc.text[
            subject.left_edge.idx : subject.right_edge.idx + len(subject.right_edge.text)
        ]
        return text, Stance(REPORTING_VERBS[verb.lemma_])
    return None
