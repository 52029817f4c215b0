"""Actor recognition: curated gazetteer of parties, forces and armed groups, to canonical names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ceasefire.domain.datasets import CROWDS
from ceasefire.extract.lexicons.actors import (
    ACTORS,
    CROWD_NOUNS,
    FORCE_NOUNS,
    POLICE_FORCES,
    STATE_FORCES,
    Actor,
)

# Aliases that are ordinary English words or too short must match with their exact case.
_CASE_SENSITIVE_MAX = 4
_WORD = re.compile(r"\w[\w.'’&-]*")
# Force nouns that, said bare ("the army said", "security forces killed"), are the forces of the
# country the story is about. Bare "forces" is left out: "forces loyal to X" are anyone's.
_BARE_FORCES = frozenset(n for n in FORCE_NOUNS if n != "forces") | {
    "security personnel",
    "policemen",
    "paramilitary forces",
    "paramilitary troops",
}
# Nouns after which a lone country adjective names somewhere, not someone.
_PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:capital|city|town|village|province|provinces|district|region|territory|soil|side|"
    r"airspace|border|frontier|interior|mainland|coast|countryside)\b",
    re.IGNORECASE,
)


# Nouns after which a country or its adjective names a state's side ("fire from the Pakistani
# side", "shells fired from Afghan territory", "Afghan posts"): the side stands for that state's
# forces as often as for a place.
_SIDE_NOUN_AFTER = re.compile(
    r"\s+(?:side|territory|soil|positions?|posts?|check-?posts?)\b(?!-)", re.IGNORECASE
)
# Nouns of arms after which a country's adjective names the forces that used them ("Russian
# drones", "an Iranian drone strike", "Israeli jets").
_ARMS_NOUN_AFTER = re.compile(
    r"\s+(?:drones?|jets?|warplanes?|aircraft|helicopters?|gunships?|air\s*strikes?|strikes?|"
    r"shells?|shelling|artillery|mortars?|rockets?|missiles?|fire|gunfire|firing|bombardment|"
    r"bombing|raids?|air\s*raids?)\b(?!-)",
    re.IGNORECASE,
)


# A crowd named with the country it is in, as ACLED and the gold sets write it: "protesters
# (Pakistan)", "Rioters (Pakistani)".
_CROWD_NAME = re.compile(
    r"(?P<noun>" + "|".join(n for nouns in CROWD_NOUNS.values() for n in nouns) + r")"
    r"\s*\((?P<country>[^()]+)\)",
    re.IGNORECASE,
)
_CROWD_KIND = {noun: kind for kind, nouns in CROWD_NOUNS.items() for noun in nouns}

# The ways a state is named without a name of its own (`ActorMention.side`).
SIDE_KINDS = ("side", "arms", "country")
_NAME_BEFORE = re.compile(r"\b[A-Z][\w-]* $")
# Words before a country's name that make it a place: "in Iran", "across Afghanistan".
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|inside|into|across|to|of|from|towards?|through|within|throughout|"
    r"visit(?:ed|ing|s)?|entered|left|fled|returned)\s+$",
    re.IGNORECASE,
)


def _names_a_place(surface: str, text: str, end: int) -> bool:
    return " " not in surface and bool(_PLACE_NOUN_AFTER.match(text, end))


_BARE_WIDTH = max(len(n.split()) for n in _BARE_FORCES)


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor
    inferred: bool = False  # a bare "the army" taken for the forces of the story's country
    # A state named only by its side ("side": "from the Pakistani side"), its arms ("arms":
    # "Russian drones") or its bare name ("country": "Iran said its strike ..."): a candidate of
    # the slot choice for that state's forces, not an actor the rules read. Empty for a name of
    # its own.
    side: str = ""

    @property
    def canonical(self) -> str:
        return self.actor.canonical


class ActorMatcher:
    """Finds actor names in text (longest match wins) and canonicalises free-text actor names."""

    def __init__(
        self, actors: Iterable[Actor] = ACTORS, *, countries: dict[str, str] | None = None
    ):
        self.actors = tuple(actors)
        by_alias: dict[str, Actor] = {}
        exact: dict[str, Actor] = {}
        for actor in self.actors:
            for alias in (actor.canonical, *actor.aliases):
                if len(alias) <= _CASE_SENSITIVE_MAX or alias.isupper():
                    exact.setdefault(alias, actor)
                else:
                    by_alias.setdefault(alias.lower(), actor)
        self._by_alias = by_alias
        self._exact = exact
        self._by_canonical = {a.canonical: a for a in reversed(self.actors)}  # the first wins
        # Demonym or country + a force noun: "Somali forces" -> Military Forces of Somalia.
        self.countries = countries or {}
        self._state_forces: dict[str, Actor] = {}
        self._country_names = frozenset(self.countries.values())
        # the demonym and the country's own name: "Sudanese army", "Sudan army", "Sudan's army"
        for name, country in (*self.countries.items(), *((c, c) for c in self._country_names)):
            for noun in FORCE_NOUNS:
                actor = self.forces_of(country, police=noun == "police")
                by_alias.setdefault(f"{name} {noun}".lower(), actor)
                if name == country:
                    by_alias.setdefault(f"{name}'s {noun}".lower(), actor)
                if noun != "police":
                    self._state_forces.setdefault(country, actor)
        # Found by looking word sequences up in these tables (a regex of 1,200 alternatives was the
        # slowest thing in the pipeline).
        self._max_words = max((len(a.split()) for a in (*by_alias, *exact)), default=1)

    def find(self, text: str, *, offset: int = 0, country: str | None = None) -> list[ActorMention]:
        """Actor names in ``text``, longest first. With ``country`` (the one the story is about),
        bare force nouns ("the army", "security forces") are that country's forces too."""
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        mentions: list[ActorMention] = []
        index = 0
        while index < len(words):
            found = None
            side = self._side(text, words, index)
            if side is not None:
                kind, end, actor = side
                start = words[index][0]
                mentions.append(
                    ActorMention(offset + start, offset + end, text[start:end], actor, side=kind)
                )
                while index < len(words) and words[index][0] < end:
                    index += 1
                continue
            for width in range(min(self._max_words, len(words) - index), 0, -1):
                start, end = words[index][0], words[index + width - 1][1]
                found = self._lookup(text, start, end)
                if found is not None and _names_a_place(found[0], text, end):
                    found = None  # "the Afghan capital", "Pakistani territory": a place
                if found is not None:
                    surface, actor = found
                    mentions.append(
                        ActorMention(offset + start, offset + start + len(surface), surface, actor)
                    )
                    index += width
                    break
            if found is None:
                named = self._country(text, *words[index])
                if named is not None:
                    end, actor = named
                    start = words[index][0]
                    mentions.append(
                        ActorMention(
                            offset + start, offset + end, text[start:end], actor, side="country"
                        )
                    )
                    index += 1
                    continue
            if found is None and country is not None:
                bare = self._bare_force(text, words, index, country)
                if bare is not None:
                    width, actor = bare
                    start, end = words[index][0], words[index + width - 1][1]
                    surface = text[start:end]
                    mentions.append(
                        ActorMention(offset + start, offset + end, surface, actor, inferred=True)
                    )
                    index += width
                    continue
            if found is None:
                index += 1
        return mentions

    def _side(
        self, text: str, words: list[tuple[int, int]], index: int
    ) -> tuple[str, int, Actor] | None:
        """A country or its adjective before "side", "territory", "positions" (kind "side") or
        before arms ("drones", "shelling": kind "arms"), when the word is no actor's name of its
        own there: the kind, the end of the phrase and that state's forces."""
        if index + 1 >= len(words):
            return None
        start, end = words[index]
        country = self._country_of(text[start:end])
        if country is None:
            return None
        named = self._lookup(text, start, end)
        if named is not None and not _names_a_place(named[0], text, end):
            return None  # a name the rules read
        for kind, pattern in (("side", _SIDE_NOUN_AFTER), ("arms", _ARMS_NOUN_AFTER)):
            noun = pattern.match(text, end)
            if noun is not None:
                return kind, noun.end(), self.forces_of(country)
        return None

    def _country(self, text: str, start: int, end: int) -> tuple[int, Actor] | None:
        """A country's bare name, not after a locative ("Iran said its drone ..."; not "in Iran"):
        the end of the name and that state's forces."""
        surface = text[start:end].removesuffix("'s").removesuffix("’s").rstrip(".")
        if surface not in self._country_names:
            return None
        if _LOCATIVE_BEFORE.search(text, max(0, start - 20), start):
            return None
        if _NAME_BEFORE.search(text, max(0, start - 20), start):
            return None  # the end of a longer name: "South Sudan"
        return start + len(surface), self.forces_of(surface)

    def _country_of(self, word: str) -> str | None:
        """The country a capitalised demonym or country name stands for ("Afghan", "Pakistan's")."""
        word = word.removesuffix("'s").removesuffix("’s")
        if not word[:1].isupper():
            return None
        return self.countries.get(word) or (word if word in self._country_names else None)

    def _bare_force(
        self, text: str, words: list[tuple[int, int]], index: int, country: str
    ) -> tuple[int, Actor] | None:
        for width in range(min(_BARE_WIDTH, len(words) - index), 0, -1):
            phrase = " ".join(text[s:e] for s, e in words[index : index + width]).lower()
            if phrase.endswith(("'s", "’s")):
                phrase = phrase[:-2]
            after = words[index + width][0] if index + width < len(words) else None
            if after is not None and text[after].isupper() and text[after - 1] == " ":
                continue  # "the Army Public School": part of a name
            if phrase in _BARE_FORCES:
                return width, self.forces_of(country, police=phrase.startswith("police"))
        return None

    def forces_of(self, country: str, *, police: bool = False) -> Actor:
        """The actor for a state's military (or police) forces, as ACLED names them."""
        canonical = (POLICE_FORCES if police else STATE_FORCES).format(country=country)
        known = self._by_canonical.get(canonical)
        if known is None and not police:
            # The state's own name stands for its forces: "Afghanistan" is the Taliban (Afghanistan).
            named = self._exact.get(country) or self._by_alias.get(country.lower())
            known = named if named is not None and named.category == "state_forces" else None
        return known or Actor(canonical, "state_forces", country, ())

    def crowd_of(self, country: str, kind: str) -> Actor:
        """The protesters or rioters (``kind``, a key of CROWDS) of a country, as ACLED names them:
        no party's forces."""
        return Actor(CROWDS[kind].format(country=country), kind, None, ())

    def _lookup(self, text: str, start: int, end: int) -> tuple[str, Actor] | None:
        """The actor whose alias is text[start:end], allowing a possessive or a full stop after it."""
        surface = text[start:end]
        candidates = [surface]
        if surface.endswith(("'s", "’s")):
            candidates.append(surface[:-2])
        if surface.endswith("."):
            candidates.append(surface[:-1])
        for candidate in candidates:
            actor = self._exact.get(candidate)
            if actor is None and len(candidate) > _CASE_SENSITIVE_MAX:
                actor = self._by_alias.get(" ".join(candidate.lower().split()))
            if actor is not None:
                return candidate, actor
        return None

    def canonical(self, name: str | None) -> Actor | None:
        """The actor a free-text name stands for (whole name or the longest alias inside it)."""
        if not name:
            return None
        direct = self._exact.get(name.strip()) or self._by_alias.get(name.strip().lower())
        if direct is not None:
            return direct
        # A state named as the author of an act stands for its forces, as "Pakistan" does.
        state = self._state_forces.get(name.strip())
        if state is not None:
            return state
        crowd = _CROWD_NAME.fullmatch(name.strip())
        if crowd is not None:
            country = self._country_of(crowd["country"].strip())
            # "protesters (Pakistan)" are not Pakistan's forces; "rioters (youths in Wau)" are no
            # actor we name.
            if country is None:
                return None
            return self.crowd_of(country, _CROWD_KIND[crowd["noun"].lower()])
        found = self.find(name)
        return max(found, key=lambda m: m.end - m.start).actor if found else None
