"""Quantities: casualty figures with their outcome (killed, injured, …) and the victims' category.

A figure is a number phrase ("at least three dozen", "2, 414", "a civilian") tied to an outcome word
either right after it ("five soldiers were killed", "50 dead") or before it ("killing 12 people",
"the death toll rose to 31"); numbers of other things (attacks, kilometres, years) are not figures.
Coordinated victims share their outcome: "two soldiers and a civilian were killed" gives 2 security
forces and 1 civilian killed. Bounds follow ACLED's conservative coding (see the lexicon).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ceasefire.domain import Quantity, TargetCategory
from ceasefire.domain.bounds import MAX_COUNT
from ceasefire.extract.lexicons.casualties import (
    APPROXIMATE,
    GAP_WORDS,
    LOWER_BOUND,
    MULTIPLIERS,
    NOT_PEOPLE,
    OUTCOMES,
    STRICT_LOWER,
    TENS,
    UNITS,
    UPPER_BOUND,
    VAGUE,
    VICTIMS,
)

__all__ = [
    "CasualtyFigure",
    "Outcome",
    "ParsedCount",
    "count_dead",
    "find_casualties",
    "parse_quantity",
    "singular_victims",
]


class Outcome(StrEnum):
    KILLED = "killed"
    INJURED = "injured"
    MISSING = "missing"
    ARRESTED = "arrested"
    ABDUCTED = "abducted"


@dataclass(frozen=True, slots=True)
class CasualtyFigure:
    outcome: Outcome
    quantity: Quantity
    category: TargetCategory
    start: int
    end: int
    text: str
    part_of: int | None = (
        None  # "10 people, including three children": the start of the whole figure
    )
    # "a police officer and two constables": joined to the figure before it, so they add up.
    joined: bool = False


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WORD_NUMBER = rf"(?:(?:{_alt(TENS)})(?:[\s-](?:{_alt(UNITS)}))?|{_alt(UNITS)})"
_MULTIPLIED = (
    rf"(?:(?:{_WORD_NUMBER}|a|an|\d+)\s+(?:{_alt(MULTIPLIERS)})(?:\s+(?:and\s+)?{_WORD_NUMBER})?)"
)
_DIGITS = r"(?:\d{1,3}(?:,\s?\d{3})+(?!\d)|\d+)"
_NUMBER = rf"(?:{_MULTIPLIED}|{_DIGITS}|{_WORD_NUMBER})"
_MODIFIER = rf"(?:{_alt(LOWER_BOUND + STRICT_LOWER + UPPER_BOUND + APPROXIMATE)})"
_QUANTITY = re.compile(
    rf"(?<![\w$£€.,-])(?:(?P<mod>{_MODIFIER})\s+)?"
    rf"(?:(?P<between>between)\s+)?"
    rf"(?:(?P<vague>{_alt(VAGUE)})(?=\s|$)|(?P<num>{_NUMBER})(?:\s*(?:to|-|–|and|or)\s*(?P<num2>{_NUMBER}))?)"
    rf"(?![\w%]|\.\d|,\d)",
    re.IGNORECASE,
)
# "a civilian", "an officer": the article is the number when a victim noun follows it.
_ARTICLE = re.compile(
    rf"\b(?P<num>an?|one)\s+(?=(?:[\w-]+\s+){{0,2}}(?:{_alt(VICTIMS)})\b)", re.IGNORECASE
)

_FILLER = r"(?:[A-Za-z][\w'’-]*\s+){0,3}?"
_VICTIM_AFTER = re.compile(
    rf"\s+(?:of\s+(?:the|them|those)\s+)?{_FILLER}(?P<noun>{_alt(VICTIMS)})\b"
    rf"(?:\s+(?P<head>{_alt(VICTIMS)})\b)?",  # "paramilitary troops": the head noun decides
    re.IGNORECASE,
)
_COMMA = re.compile(r"\s*,\s*")
_ONE_WORD = re.compile(r"\s+[A-Za-z-]+\s+")
_BODIES = re.compile(r"\s+(?:more\s+)?(?:bodies|corpses|dead\s+bodies)\b", re.IGNORECASE)
_OF_THEM = re.compile(r"\s+of\s+them\b", re.IGNORECASE)
_VICTIM_ANY = re.compile(rf"\b(?:{_alt(VICTIMS)})\b", re.IGNORECASE)
_OUTCOME_WORD = {word: Outcome(name) for name, words in OUTCOMES.items() for word in words}
_OUTCOME_ALT = _alt(_OUTCOME_WORD)
_AUXILIARY = r"(?:(?:known|believed|thought|presumed|reported|understood|feared|said)\s+to(?:\s+have)?|reported|more|others?|aboard|on\s+board|inside|there|who|which|that|were|was|are|is|have|has|had|been|being|be|reportedly|allegedly|also|later|all|both|confirmed|feared|now|initially|were\s+all|either|subsequently|since|then|among\s+the|were\s+among\s+the)"
_OUTCOME_AFTER = re.compile(
    # "1,250 militants from various groups have been killed": a short phrase may qualify the victims.
    rf"\s*,?\s*(?:(?:from|of|belonging\s+to|linked\s+to|loyal\s+to)\s+(?:[\w-]+\s+){{1,3}}?)?"
    # "four soldiers, including a captain, were martyred": the breakdown of the figure, skipped.
    rf"(?:(?:including|among\s+them|(?:most|many|all|some)\s+of\s+them)\s+"
    rf"(?:[\w-]+\s*,?\s+){{1,4}}?(?={_AUXILIARY}\s))?"
    rf"(?:{_AUXILIARY}\s+)*(?P<outcome>{_OUTCOME_ALT})\b",
    re.IGNORECASE,
)
_OUTCOME_ANY = re.compile(rf"\b(?P<outcome>{_OUTCOME_ALT})\b", re.IGNORECASE)
_COORDINATION = re.compile(
    r"\s*(?:,\s*(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+|\s+plus\s+)$", re.IGNORECASE
)
_NOT_PEOPLE = re.compile(rf"\s+(?:[A-Za-z-]+\s+){{0,2}}?(?:{_alt(NOT_PEOPLE)})\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE
)
_TIME_AFTER = re.compile(
    r"\s*(?:a\.?m\.?|p\.?m\.?|o'clock|GMT|UTC|local time)\b|:\d", re.IGNORECASE
)
_CLAUSE_BREAK = re.compile(r"[;:.!?]|\s(?:but|while|whereas)\s", re.IGNORECASE)
_TOLL = re.compile(
    r"\b(?:death\s+)?toll\b[^.;]{0,90}?\b(?:to|at|of|reached|stands at|is|was)\s*$"
    # "the bodies of five soldiers and six civilians": the dead, counted by their bodies.
    r"|\b(?:bodies|remains|corpses)\s+of\s+(?:(?:the|at least|some|about)\s+)?(?:[^.;,]{0,40}?\band\s+)?$",
    re.IGNORECASE,
)
_LEFT_WINDOW = 60
_QUOTES_TO_SPACES = str.maketrans({q: " " for q in '"“”«»'})
_SENT = re.compile(r"\bsen(?:t|ding)\s+$", re.IGNORECASE)
_TO_HELL = re.compile(r"\s+(?:(?:of\s+)?(?:them|the\s+\w+)\s+)?to\s+hell\b", re.IGNORECASE)
_INCLUDING = re.compile(
    r"\s*,?\s*(?:including|among them|among whom|of whom|of them)\s+", re.IGNORECASE
)
_OUTCOME_NEAR = re.compile(rf"\s*(?:[A-Za-z-]+\s+){{0,2}}?(?:{_OUTCOME_ALT})\b", re.IGNORECASE)
_GAP_WORD = re.compile(r"[A-Za-z']+")


def _without_figures(text: str, start: int, end: int, figures: list[_Candidate]) -> list[str]:
    """The words between an outcome word and a number, other figures and their nouns left out."""
    pieces, position = [], start
    for other in figures:
        other_end = other.noun_end or other.end
        if start <= other.start and other_end <= end:
            pieces.append(text[position : other.start])
            position = other_end
    pieces.append(text[position:end])
    return [w.lower() for piece in pieces for w in _GAP_WORD.findall(piece)]


def _word_value(text: str) -> int:
    """'twenty-three' → 23; 'three dozen' → 36; 'one hundred and fifty' → 150; '2, 414' → 2414."""
    cleaned = text.lower().replace("-", " ").replace(",", " ").split()
    if all(part.isdigit() for part in cleaned):
        digits = "".join(cleaned).lstrip("0") or "0"
        # Past MAX_COUNT a number counts no people (and thousands of digits would not convert).
        return int(digits) if len(digits) <= len(str(MAX_COUNT)) else MAX_COUNT + 1
    total, current = 0, 0
    for part in cleaned:
        if part == "and":
            continue
        if part.isdigit():
            current += int(part)
        elif part in UNITS:
            current += UNITS[part]
        elif part in TENS:
            current += TENS[part]
        elif part in {"a", "an"}:
            current += 1
        elif part in MULTIPLIERS:
            factor = MULTIPLIERS[part]
            current = max(current, 1) * factor
            if factor >= 1000:
                total, current = total + current, 0
    return total + current


def _bounds(value: int, modifier: str | None) -> tuple[int | None, int | None]:
    if modifier is None:
        return value, value
    modifier = " ".join(modifier.lower().split())
    if modifier in LOWER_BOUND:
        return value, None
    if modifier in STRICT_LOWER:
        return value + 1, None
    if modifier in UPPER_BOUND:
        strict = modifier in {"fewer than", "less than", "under"}
        if modifier == "as many as":
            return value, value
        return None, value - 1 if strict else value
    return value, value  # approximate: the number given, as ACLED codes it


def _quantity_of(match: re.Match[str]) -> tuple[int | None, int | None]:
    modifier = match.group("mod")
    vague = match.group("vague")
    if vague is not None:
        low = VAGUE[" ".join(vague.lower().split())]
        return low, None
    first = _word_value(match.group("num"))
    second = match.group("num2")
    if second is not None:
        upper = _word_value(second)
        if upper > first:
            return first, upper
        return None, None  # "5-4", "7 or 8" reversed: not a range we trust
    return _bounds(first, modifier)


def parse_quantity(text: str) -> Quantity | None:
    """A number phrase on its own: 'at least three dozen' → Quantity(36, None)."""
    match = _QUANTITY.fullmatch(text.strip())
    if match is None:
        article = re.fullmatch(r"an?|one", text.strip(), re.IGNORECASE)
        return Quantity(1, 1, text) if article else None
    low, high = _quantity_of(match)
    if (low is None and high is None) or _is_too_large(low, high):
        return None
    return Quantity(low, high, text)


def _is_too_large(low: int | None, high: int | None) -> bool:
    return any(value is not None and value > MAX_COUNT for value in (low, high))


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    low: int | None
    high: int | None
    is_year: bool
    noun_end: int | None = None
    category: TargetCategory = TargetCategory.UNKNOWN
    outcome: Outcome | None = None
    outcome_end: int | None = None
    part_of: _Candidate | None = None
    is_toll: bool = False


_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\b", re.IGNORECASE)
_OBJECT_AFTER = re.compile(
    rf"\s+(?:an?|the|his|her|their|its|at least|more than|dozens|scores|several|\d|{_WORD_NUMBER})\b",
    re.IGNORECASE,
)
_ALONG_WITH = re.compile(r"\b(?:along|together)\s+with\s+$", re.IGNORECASE)
# "both were killed", "killing both": two people, when a victim noun, a verb or an outcome follows.
_BOTH = re.compile(
    rf"\bboth\b(?=\s+(?:(?:[\w-]+\s+){{0,2}}(?:{_alt(VICTIMS)})\b|(?:were|had|have|are|died)\b)|\s*[.,;]|$)",
    re.IGNORECASE,
)
_NONE_BEFORE = re.compile(r"\b(?:no|not|not a single)\s*$", re.IGNORECASE)


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _QUANTITY.finditer(text):
        if not match.group(0).strip():
            continue
        low, high = _quantity_of(match)
        if (low is None and high is None) or _is_too_large(low, high):
            continue
        if _NONE_BEFORE.search(text, 0, match.start()):
            continue  # "no one is dead", "not a single soldier": no figure
        number = match.group("num") or ""
        is_year = number.isdigit() and len(number) == 4 and number.startswith(("19", "20"))
        found.append(_Candidate(match.start(), match.end(), low, high, is_year))
    for match in _ARTICLE.finditer(text):
        if any(c.start <= match.start() < c.end for c in found):
            continue
        if _NONE_BEFORE.search(text, 0, match.start()):
            continue
        found.append(_Candidate(match.start(), match.end("num"), 1, 1, False))
    for match in _BOTH.finditer(text):
        if not any(c.start <= match.start() < c.end for c in found):
            found.append(_Candidate(match.start(), match.end(), 2, 2, False))
    found.sort(key=lambda c: c.start)
    return found


def _is_toll(text: str, candidate: _Candidate) -> bool:
    """ "The death toll from Tuesday's bombing at a mosque in Peshawar has risen to 61": a toll
    may stand further back than a clause's usual window."""
    return (
        _TOLL.search(text[max(0, candidate.start - 2 * _LEFT_WINDOW) : candidate.start]) is not None
    )


def _clause_start(text: str, position: int) -> int:
    window_start = max(0, position - _LEFT_WINDOW)
    breaks = list(_CLAUSE_BREAK.finditer(text, window_start, position))
    return breaks[-1].end() if breaks else window_start


def find_casualties(text: str, *, offset: int = 0) -> list[CasualtyFigure]:
    """Every casualty figure of one sentence (or passage); offsets are ``offset`` + local."""
    # Quotation marks say who said it, not what happened: 'two soldiers "embraced shahadat"'.
    # Replaced one for one, so offsets and quoted text stay those of the sentence.
    original, text = text, text.translate(_QUOTES_TO_SPACES)
    candidates = _candidates(text)
    kept: list[_Candidate] = []
    for candidate in candidates:
        before = text[: candidate.start]
        after = text[candidate.end :]
        if before.endswith("$") or _MONTH_BEFORE.search(before) or _TIME_AFTER.match(after):
            continue
        victim = _VICTIM_AFTER.match(after)
        if victim is not None and _NOT_PEOPLE.match(after[: victim.start("noun")] + " "):
            victim = None  # "five vehicles carrying soldiers": the number counts vehicles
        if victim is not None and _OUTCOME_ANY.search(after, 0, victim.start("noun")):
            victim = None  # "dozens hurt as police fire": the outcome comes before any noun
        if victim is None and _NOT_PEOPLE.match(after) and not _OUTCOME_NEAR.match(after):
            continue
        position = candidate.end
        them = _OF_THEM.match(after) if victim is None else None
        if them is not None:
            # "khawarij ..., sending 8 of them to hell": "them" are the victims named before.
            named = [
                n
                for n in _VICTIM_ANY.finditer(text, 0, candidate.start)
                # not the subject of the verb just before: "police killed three of them"
                if not _ONE_WORD.fullmatch(text[n.end() : candidate.start])
            ]
            if named:
                candidate.category = TargetCategory(VICTIMS[named[-1].group(0).lower()])
                candidate.noun_end = candidate.end + them.end()
                position = candidate.noun_end
            whole = kept[-1] if kept else None
            if whole is not None and _COMMA.fullmatch(
                text[(whole.outcome_end or whole.noun_end or whole.end) : candidate.start]
            ):
                # "Three civilians were killed, one of them a boy": a share of the figure before.
                candidate.part_of = whole
                candidate.outcome = whole.outcome
                candidate.category = whole.category
        if victim is not None:
            candidate.category = TargetCategory(
                VICTIMS[(victim.group("head") or victim.group("noun")).lower()]
            )
            candidate.noun_end = candidate.end + victim.end()
            position = candidate.noun_end
        elif candidate.is_year:
            continue
        outcome = _OUTCOME_AFTER.match(text, position)
        bodies = _BODIES.match(text, candidate.end)
        if bodies is not None:
            # "receiving seven bodies": the dead, counted by their bodies
            candidate.outcome, candidate.outcome_end = Outcome.KILLED, bodies.end()
            kept.append(candidate)
            continue
        if (
            outcome is not None
            and not _PASSIVE.search(outcome.group(0))
            and _OBJECT_AFTER.match(text, outcome.end())
        ):
            continue  # "a suicide bomber killed a man": the number counts the killers
        if outcome is not None:
            candidate.outcome = _OUTCOME_WORD[outcome.group("outcome").lower()]
            candidate.outcome_end = outcome.end()
            who = _VICTIM_ANY.search(text, position, outcome.start("outcome"))
            if candidate.category is TargetCategory.UNKNOWN and who is not None:
                # "26 people, most of them pilgrims, were killed": who the people were.
                candidate.category = TargetCategory(VICTIMS[who.group(0).lower()])
        kept.append(candidate)

    # Coordinated victims share the outcome of the last of them: "two soldiers and a civilian were killed".
    for index in range(len(kept) - 2, -1, -1):
        here, following = kept[index], kept[index + 1]
        if (
            here.outcome is None
            and following.outcome is not None
            and here.noun_end is not None
            and _COORDINATION.fullmatch(text[here.noun_end : following.start])
        ):
            here.outcome = following.outcome

    # An apposition that breaks a figure down: "two soldiers, a naik and a sepoy, were killed".
    for index, whole in enumerate(kept):
        if whole.noun_end is None or whole.low is None:
            continue
        parts: list[_Candidate] = []
        position = whole.noun_end
        for part in kept[index + 1 :]:
            between = text[position : part.start]
            joins = _COMMA.fullmatch(between) if not parts else None
            if not (joins or (parts and _COORDINATION.fullmatch(between))):
                break
            parts.append(part)
            position = part.noun_end or part.end
        if len(parts) > 1 and sum(p.low or 0 for p in parts) == whole.low:
            for part in parts:
                part.part_of = whole
                whole.outcome = whole.outcome or part.outcome
                part.outcome = whole.outcome
    # A breakdown inside a figure is part of it: "at least 10 people, including three children, were
    # killed", or after its outcome: "four soldiers were killed, including one in the operation".
    for index in range(len(kept) - 1):
        whole, part = kept[index], kept[index + 1]
        ends = (
            whole.noun_end,
            whole.outcome_end
            if part.category is TargetCategory.UNKNOWN or (part.low or 0) < (whole.low or 0)
            else None,
        )
        if any(end is not None and _INCLUDING.fullmatch(text[end : part.start]) for end in ends):
            part.part_of = whole
            if whole.outcome is None and part.outcome is not None:
                whole.outcome = part.outcome
            elif whole.outcome is not None:
                part.outcome = whole.outcome  # a share of the dead is dead

    # "... have been killed, along with 563 security personnel": the same outcome.
    for previous, candidate in itertools.pairwise(kept):
        if (
            candidate.outcome is None
            and previous.outcome is not None
            and _ALONG_WITH.search(text, previous.end, candidate.start)
        ):
            candidate.outcome = previous.outcome

    # Else the outcome word before the number, in the same clause: "killing 12 people and wounding 20".
    for candidate in kept:
        if candidate.outcome is not None:
            continue
        clause = _clause_start(text, candidate.start)
        left = text[clause : candidate.start]
        # "sending 8 of them to hell", as Pakistan's military words its kills.
        if _SENT.search(left) and _TO_HELL.match(text, candidate.noun_end or candidate.end):
            candidate.outcome = Outcome.KILLED
            continue
        if _is_toll(text, candidate):
            continue  # counted by the toll pass below

        words = list(_OUTCOME_ANY.finditer(left))
        if not words:
            continue
        last = words[-1]
        gap = _without_figures(text, clause + last.end(), candidate.start, kept)
        if any(word not in GAP_WORDS for word in gap):
            continue  # "killed 33 attackers and rescued 200 passengers": another verb intervenes
        if candidate.noun_end is None and len(gap) > 3:
            continue
        candidate.outcome = _OUTCOME_WORD[last.group("outcome").lower()]

    # "the toll rose to nine after two constables succumbed": a toll is the whole count of the dead.
    for candidate in kept:
        if _is_toll(text, candidate):
            candidate.is_toll = True
            candidate.outcome = Outcome.KILLED
            candidate.part_of = None
    toll = next((c for c in kept if c.is_toll), None)
    if toll is not None:
        for candidate in kept:
            if (
                candidate is not toll
                and candidate.outcome is Outcome.KILLED
                and not candidate.is_toll
                and candidate.start > toll.start
                # the same clause: "but a hospital official put the toll at 17" is a rival count
                and not _CLAUSE_BREAK.search(text, toll.end, candidate.start)
            ):
                candidate.part_of = candidate.part_of or toll
    joined = {
        id(following)
        for here, following in itertools.pairwise(kept)
        if here.noun_end is not None
        and following.noun_end is not None
        and here.outcome is not None
        and here.outcome == following.outcome
        and following.part_of is None
        and _COORDINATION.fullmatch(text[here.noun_end : following.start])
    }
    figures: list[CasualtyFigure] = []
    for candidate in kept:
        if candidate.outcome is None:
            continue
        if candidate.outcome_end is not None:
            end = candidate.outcome_end
        elif candidate.noun_end is not None:
            end = candidate.noun_end
        else:
            end = candidate.end
        quantity = Quantity(
            candidate.low,
            candidate.high,
            original[candidate.start : candidate.end],
            offset + candidate.start,
            offset + candidate.end,
        )
        figures.append(
            CasualtyFigure(
                candidate.outcome,
                quantity,
                candidate.category,
                offset + candidate.start,
                offset + end,
                original[candidate.start : end],
                offset + candidate.part_of.start if candidate.part_of is not None else None,
                id(candidate) in joined,
            )
        )
    return figures


# Verbs whose passive subject (or, for "die", active subject) is one victim when it has no number.
_VICTIM_VERBS: dict[str, Outcome] = {
    "kill": Outcome.KILLED, "die": Outcome.KILLED, "slay": Outcome.KILLED, "assassinate": Outcome.KILLED,
    "behead": Outcome.KILLED, "execute": Outcome.KILLED, "gun": Outcome.KILLED, "murder": Outcome.KILLED, "wound": Outcome.INJURED, "injure": Outcome.INJURED,
    "abduct": Outcome.ABDUCTED, "kidnap": Outcome.ABDUCTED, "arrest": Outcome.ARRESTED, "detain": Outcome.ARRESTED,
}  # fmt: skip
_PLURAL_TAGS = {"NNS", "NNPS"}
# Verbs that say a death only with their object, the dead being the subject: "embraced shahadat",
# "attained martyrdom" (the region's official English), "lost his life", "laid down their lives".
_MARTYRDOM = frozenset(("martyrdom", "shahadat"))
_LIFE = frozenset(("life", "lives"))
_DEATH_IDIOMS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("embrace", "attain", "achieve", "receive"), _MARTYRDOM),
    **dict.fromkeys(("lose", "lay", "sacrifice"), _LIFE),
}
# A subject of such a verb that is no person: "Pakistan has lost 80,000 lives".
_NOT_PERSONS = frozenset(("GPE", "ORG", "NORP", "LOC", "FAC"))


def _is_death_idiom(verb: Any) -> bool:
    """Whether a verb and its direct object say that the subject died: "X embraced shahadat", "a
    constable lost his life" (a life with its owner, "his", "their", and no number of its own:
    "the war has cost 80,000 lives" counts nobody), the subject a person, not a state or a group
    the parser names as such."""
    objects = _DEATH_IDIOMS.get(verb.lemma_.lower())
    if objects is None:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ in _NOT_PERSONS for c in verb.children):
        return False
    for child in verb.children:
        if child.dep_ != "dobj" or (
            child.lower_ not in objects and child.lemma_.lower() not in objects
        ):
            continue
        if objects is _LIFE:
            owners = [c for c in child.children if c.dep_ == "poss"]
            numbers = [c for c in child.children if c.dep_ == "nummod"]
            return bool(owners) and not numbers
        return True
    return False


def singular_victims(
    doc: Any, *, offset: int = 0, known: list[CasualtyFigure] | None = None
) -> list[CasualtyFigure]:
    """One victim named without a number, from the parse: "al-Rufay'i was killed", "a policeman died".

    Only a singular subject with no number of its own counts, and only where no figure was found.
    """
    found: list[CasualtyFigure] = []
    taken = [(f.start - offset, f.end - offset) for f in known or []]
    for token in doc:
        outcome = _VICTIM_VERBS.get(token.lemma_)
        if outcome is None or token.pos_ not in ("VERB", "AUX"):
            continue
        is_passive = any(c.dep_ == "auxpass" for c in token.children)
        wanted = ("nsubjpass",) if is_passive else (("nsubj",) if token.lemma_ == "die" else ())
        for subject in (c for c in token.children if c.dep_ in wanted):
            if (
                subject.tag_ in _PLURAL_TAGS
                or subject.lower_
                in {
                    "who",
                    "which",
                    "that",
                    "they",
                    "it",
                    "this",
                    # "none of their fighters were killed": no victim at all
                    "none",
                    "nobody",
                    "no-one",
                    "neither",
                }
                or any(c.lower_ in ("no", "none") and c.dep_ == "det" for c in subject.children)
            ):
                continue
            if any(
                c.dep_ == "nummod" or c.lower_ in {"many", "several", "some", "dozens"}
                for c in subject.subtree
            ):
                continue
            if any(c.dep_ == "cc" for c in subject.children):
                continue  # "X and Y were killed": two victims, too uncertain to count here
            start, end = (
                subject.left_edge.idx,
                subject.right_edge.idx + len(subject.right_edge.text),
            )
            if any(s < end and start < e for s, e in taken):
                continue
            noun = subject.lower_
            category = (
                TargetCategory(VICTIMS.get(noun, "unknown"))
                if noun in VICTIMS
                else TargetCategory.UNKNOWN
            )
            text = doc.text[start : token.idx + len(token.text)]
            quantity = Quantity(1, 1, doc.text[start:end], offset + start, offset + end)
            found.append(
                CasualtyFigure(
                    outcome,
                    quantity,
                    category,
                    offset + start,
                    offset + token.idx + len(token.text),
                    text,
                )
            )
    return found


# Predicates whose victims are dead: the passive subject ("two soldiers were martyred"), the active
# subject of "die" and "perish", the object of an active verb ("killing a man and his son").
_DEATH_LEMMAS = frozenset(
    {"kill", "die", "perish", "martyr", "slay", "assassinate", "behead", "execute", "murder",
     "neutralise", "neutralize", "eliminate", "shoot", "lynch", "massacre"}
)  # fmt: skip
_INTRANSITIVE_DEATH = frozenset({"die", "perish"})
_ONE_PERSON = frozenset({"he", "she", "him", "her"})
_NO_COUNT = frozenset({"who", "which", "that", "they", "them", "it", "this", "none", "nobody"})


@dataclass(frozen=True, slots=True)
class ParsedCount:
    """How many died by one death predicate, counted from the parse: "a man and his son were
    killed" is 2, "killing three patients and a nurse" 4, "killed along with two of his guards" 3.
    ``start``/``end`` span the predicate's clause (offset added)."""

    value: int
    start: int
    end: int
    victims: tuple[str, ...]


def _noun_count(noun: Any) -> int | None:
    """The number one victim phrase counts: its number ("two of his guards", "15 khwarij"), one
    for a singular noun, a name or he/she; None when the parse does not say (a plural alone)."""
    lower = noun.lower_
    if lower in _ONE_PERSON:
        return 1
    if lower in _NO_COUNT or any(c.lower_ in ("no", "none") for c in noun.children):
        return None
    if noun.tag_ == "CD":
        number = " ".join(
            t.text
            for t in noun.subtree
            if (t.i <= noun.i and t.tag_ in ("CD", "JJR", "RBR", "IN", "RB")) or t.i == noun.i
        )
        quantity = parse_quantity(number) or parse_quantity(noun.text)
        return quantity.low if quantity is not None else None
    numbers = [c for c in noun.children if c.dep_ == "nummod"]
    if numbers:
        words = [t.text for n in numbers for t in n.subtree]
        quantity = parse_quantity(" ".join(words))
        return quantity.low if quantity is not None else None
    if any(
        c.dep_ == "amod" and c.lower_ in ("several", "many", "dozens", "scores")
        for c in noun.children
    ):
        return None
    if noun.tag_ in ("NN", "NNP") and noun.pos_ in ("NOUN", "PROPN"):
        return 1
    return None


def _victim_phrases(verb: Any) -> list[Any]:
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if passive:
        wanted: tuple[str, ...] = ("nsubjpass",)
    elif verb.lemma_ in _INTRANSITIVE_DEATH or _is_death_idiom(verb):
        wanted = ("nsubj",)
    else:
        wanted = ("dobj",)
    heads = [c for c in verb.children if c.dep_ in wanted]
    if verb.dep_ == "relcl" and heads and heads[0].lower_ in ("who", "which", "that"):
        heads = [verb.head]  # "Sepoy X, who was martyred": the antecedent died
    phrases = []
    for head in heads:
        phrases.append(head)
        phrases.extend(t for t in head.conjuncts)
    # "the commander was killed along with two of his guards"
    for prep in verb.children:
        if (
            prep.dep_ == "prep"
            and prep.lower_ == "with"
            and any(c.lower_ in ("along", "together") for c in (*verb.children, *prep.children))
        ):
            phrases.extend(c for c in prep.children if c.dep_ == "pobj")
    return phrases


def count_dead(doc: Any, *, offset: int = 0) -> list[ParsedCount]:
    """Every death predicate of a parsed sentence whose victims the parse can count."""
    found = []
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or not (
            token.lemma_.lower() in _DEATH_LEMMAS or _is_death_idiom(token)
        ):
            continue
        if token.lemma_.lower() == "shoot" and not any(c.lower_ == "dead" for c in token.children):
            continue
        phrases = _victim_phrases(token)
        counts = [_noun_count(p) for p in phrases]
        if not counts or any(c is None for c in counts):
            continue
        value = sum(c for c in counts if c is not None)
        if value <= 0:
            continue
        start = min(t.left_edge.idx for t in (token, *phrases))
        end = max(t.right_edge.idx + len(t.right_edge.text) for t in (token, *phrases))
        found.append(
            ParsedCount(value, offset + start, offset + end, tuple(p.lower_ for p in phrases))
        )
    return found
