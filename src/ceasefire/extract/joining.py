"""Whether an incident of the rules tells an act another incident of the story already tells: the
candidates and features the join model reads.

The rules join a later mention to an earlier act only when nothing known contradicts (same kind,
same day, same province). A story often tells one act twice with a slot that differs: the
headline names the act in other words, a later paragraph dates it from the dateline, a village the
gazetteer places in the wrong province. For each incident the candidates are every other incident
it may be told again by (an earlier one; for a headline, any below it) and abstaining (a new act);
the features compare the two: kind, day, place level by level, who, figures, how far apart, and
the rules' own verdict. The model (`extract/choice.py`, slot "join") weighs them; nothing here is
a weight.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ceasefire.domain import Incident

if TYPE_CHECKING:
    from ceasefire.extract.slots import Candidate, DocumentFacts

# The incident's own features (from the keep model's) that abstaining is crossed with: in a choice
# among rivals only what differs between candidates counts, so what the incident is says how much
# abstaining weighs.
_OWN = (
    "headline",
    "lead",
    "named_as_known",
    "verb_act_noun",
    "in_quote",
    "attributed",
    "has_date",
    "has_admin1",
    "has_killed",
    "has_actor1",
    "first_of_document",
    "log_incidents",
    "same_event_before",
    "verb_past",
    "verb_passive",
    "sentence_date_week",
    "relative_position",
)


def join_candidates(
    facts: DocumentFacts,
    incidents: Sequence[Incident],
    anchors: Sequence[Sequence[int]],
    position: int,
    own: Mapping[str, float],
) -> list[Candidate]:
    """Abstaining, and each incident that `incidents[position]` may tell again; a candidate's
    value is that incident's position."""
    from ceasefire.extract.filling import compatible, same_act
    from ceasefire.extract.slots import Candidate

    incident = incidents[position]
    mine = anchors[position]
    headline = bool(own.get("headline"))
    abstain = {"abstain": 1.0, **{f"abstain_{k}": float(own.get(k, 0.0)) for k in _OWN}}
    found = [Candidate(None, abstain)]
    for other, act in enumerate(incidents):
        if other == position or (other > position and not headline) or anchors[other] == [0]:
            continue
        # A hard constraint, as the rules': an act told again is of the same kind (two kinds in
        # one sentence are two acts: "mortar fire and drone strikes"); only a headline, a title,
        # may name it in other words.
        if not headline and act.sub_event_type != incident.sub_event_type:
            continue
        # Nor is an act told again one the same act word opened: the rules split "strikes in
        # Kabul and Paktika" into one act per place (eval/README.md: one incident per place).
        if _act_words(act) & _act_words(incident):
            continue
        distance = min((abs(a - b) for a in mine for b in anchors[other]), default=99)
        between = [
            i
            for i in incidents[min(other, position) + 1 : max(other, position)]
            if i.event_type == incident.event_type
        ]
        features = _compare(act, incident)
        features.update(echo(facts, mine, anchors[other]))
        features.update(
            {
                "compatible": float(compatible(act, incident)),
                "same_sentence": float(bool(set(mine) & set(anchors[other]))),
                "log_distance": math.log1p(distance),
                "adjacent": float(distance <= 1),
                "same_kind_between": float(bool(between)),
                "act_fuller": float(_detail(act) > _detail(incident)),
                "act_is_first": float(other == 0 or (other == 1 and anchors[0] == [0])),
                "act_in_lead": float(bool(anchors[other]) and facts.is_lead(anchors[other][0])),
            }
        )
        found.append(Candidate(other, features))
    # The rules' choice: the act `filling.same_act` folds a retelling into, or none.
    rivals = [incidents[c.value] for c in found[1:]]
    ruled = same_act(incident, rivals, headline=headline)
    for candidate in found[1:]:
        if ruled is not None and incidents[candidate.value] is ruled:
            candidate.features["rule"] = 1.0
    if ruled is None:
        abstain["rule_abstains"] = 1.0
    return found


def _act_words(incident: Incident) -> set[int]:
    """The document offsets of the act words that opened an incident's mentions."""
    return {m.trigger_start for m in incident.mentions if m.trigger_start is not None}


def _compare(act: Incident, told: Incident) -> dict[str, float]:
    """How two incidents' slots compare: agree, differ, or one unknown, slot by slot."""
    features: dict[str, float] = {
        "same_sub_type": float(act.sub_event_type == told.sub_event_type),
        "same_event_type": float(act.event_type == told.event_type),
    }
    pairs = {
        "date": (act.date.value, told.date.value),
        "country": (act.place.country, told.place.country),
        "admin1": (act.place.admin1, told.place.admin1),
        "location": (act.place.location, told.place.location),
        "actor1": (act.actor1, told.actor1),
        "killed": (act.fatalities.low, told.fatalities.low),
    }
    for name, (a, b) in pairs.items():
        if a is None or b is None:
            features[f"{name}_unknown"] = 1.0
        elif a == b:
            features[f"{name}_same"] = 1.0
        else:
            features[f"{name}_differs"] = 1.0
    a_day, b_day = act.date.value, told.date.value
    if a_day is not None and b_day is not None and a_day != b_day:
        features["date_one_day"] = float(abs((a_day - b_day).days) <= 1)
    return features


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*")


@lru_cache(maxsize=4096)
def _sentence_words(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A sentence's content words, names and figures, read once per sentence text: `echo`
    compares each incident with every earlier one, in the join and the keep model alike."""
    from spacy.lang.en.stop_words import STOP_WORDS

    content: set[str] = set()
    names: set[str] = set()
    figures: set[str] = set()
    for k, match in enumerate(_WORD.finditer(text)):
        word = match.group()
        if word[0].isdigit():
            figures.add(word.rstrip(".,"))
        elif word.lower() not in STOP_WORDS and len(word) > 2:
            content.add(word.lower())
            if k > 0 and word[0].isupper() and not word.isupper():
                names.add(word)
    return frozenset(content), frozenset(names), frozenset(figures)


def words_of(facts: DocumentFacts, indexes: Sequence[int]) -> tuple[set[str], set[str], set[str]]:
    """The content words (lower case, no stop words), the names (capitalised words not opening
    their sentence) and the figures of some sentences of the document."""
    content: set[str] = set()
    names: set[str] = set()
    figures: set[str] = set()
    for index in indexes:
        if not 0 <= index < len(facts.sentences):
            continue
        words, named, numbers = _sentence_words(facts.sentences[index].text)
        content |= words
        names |= named
        figures |= numbers
    return content, names, figures


def echo(facts: DocumentFacts, mine: Sequence[int], theirs: Sequence[int]) -> dict[str, float]:
    """How much two incidents' sentences say in the same words: the share of content words they
    share, and whether they share a name or a figure (a retelling repeats the act's words)."""
    if set(mine) & set(theirs):
        return {}
    a, b = words_of(facts, mine), words_of(facts, theirs)
    union = a[0] | b[0]
    return {
        "word_overlap": len(a[0] & b[0]) / len(union) if union else 0.0,
        "name_shared": float(bool(a[1] & b[1])),
        "figure_shared": float(bool(a[2] & b[2])),
    }


def _detail(incident: Incident) -> int:
    return sum(
        (
            incident.date.value is not None,
            incident.place.admin1 is not None,
            incident.fatalities.low is not None,
            incident.actor1 is not None,
        )
    )


__all__ = ["echo", "join_candidates", "words_of"]
