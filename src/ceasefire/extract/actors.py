"""Actor recognition: curated gazetteer of parties, forces and armed groups, to canonical names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ceasefire.extract.lexicons.actors import (
    ACTORS,
    FORCE_NOUNS,
    POLICE_FORCES,
    STATE_FORCES,
    Actor,
)

# Aliases that are ordinary English words or too short must match with their exact case.
_CASE_SENSITIVE_MAX = 4


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor

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
        # Demonym or country + a force noun: "Somali forces" -> Military Forces of Somalia.
        self.countries = countries or {}
        for name, country in self.countries.items():
            for noun in FORCE_NOUNS:
                template = POLICE_FORCES if noun == "police" else STATE_FORCES
                canonical = template.format(country=country)
                known = next((a for a in self.actors if a.canonical == canonical), None)
                actor = known or Actor(canonical, "state_forces", country, ())
                by_alias.setdefault(f"{name} {noun}".lower(), actor)
        self._by_alias = by_alias
        self._exact = exact
        alternatives = sorted({*by_alias, *(a.lower() for a in exact)}, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w-])(?:the )?("
            + "|".join(re.escape(a) for a in alternatives)
            + r")(?:'s|’s)?(?![\w-])",
            re.IGNORECASE,
        )

    def find(self, text: str, *, offset: int = 0) -> list[ActorMention]:
        mentions = []
        for match in self._pattern.finditer(text):
            surface = match.group(1)
            actor = self._exact.get(surface) or self._by_alias.get(surface.lower())
            if actor is None:
                continue  # a case-sensitive alias in the wrong case ("is" for IS)
            start = offset + match.start(1)
            mentions.append(ActorMention(start, start + len(surface), surface, actor))
        return mentions

    def canonical(self, name: str | None) -> Actor | None:
        """The actor a free-text name stands for (whole name or the longest alias inside it)."""
        if not name:
            return None
        direct = self._exact.get(name.strip()) or self._by_alias.get(name.strip().lower())
        if direct is not None:
            return direct
        found = self.find(name)
        return max(found, key=lambda m: m.end - m.start).actor if found else None
