"""Place recognition: capitalised word sequences looked up in the gazetteer, resolved to a Place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ceasefire.domain import Place
from ceasefire.extract.gazetteer import fold

if TYPE_CHECKING:
    from ceasefire.extract.gazetteer import Gazetteer

_WORD = re.compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]")
_MAX_WORDS = 4
HOME_COUNTRIES = frozenset(("Afghanistan", "Pakistan"))
# A capitalised word right before a name ("Ishaq Dar") makes it a person's name, not a town.
_NAME_BEFORE = re.compile(r"(?<![.!?:;“\"]\s)(?<!^)\b([A-Z][a-z]+)\s+$")
_NOT_GIVEN_NAMES = frozenset(
    ("In", "At", "On", "From", "To", "Near", "The", "Of", "And", "Southern", "Northern", "Eastern",
     "Western", "Central", "North", "South", "East", "West", "Upper", "Lower", "Greater", "Capital",
     "City", "Province", "District", "Outside", "Across", "Into", "Across", "Via", "Inside", "While",
     "When", "After", "Before", "Since", "Both", "Neighbouring", "Neighboring", "Lake", "Fort", "Port")
)  # fmt: skip


def _looks_like_other_name(text: str, start: int, surface: str) -> bool:
    """Acronyms ("BLA") are organisations; a name after a capitalised word is a person's surname."""
    if surface.isupper() and len(surface) <= 5:
        return True
    window = text[max(0, start - 30) : start]
    before = _NAME_BEFORE.search(window)
    if before is None or before.group(1) in _NOT_GIVEN_NAMES:
        return False
    return _is_mid_sentence(text, start - (len(window) - before.start()))


def _is_mid_sentence(text: str, position: int) -> bool:
    head = text[:position].rstrip()
    return bool(head) and head[-1] not in '.!?:;"“”\n'


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place


class PlaceMatcher:
    """Finds gazetteer names in text: every run of up to four words that starts with a capital."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._forms: set[str] = {fold(form) for form, _key in gazetteer.surface_forms()}

    def find(self, text: str, *, offset: int = 0, country: str | None = None) -> list[PlaceMention]:
        words = [
            (m.start(), m.end() - 2 if m.group().endswith(("'s", "’s")) else m.end())
            for m in _WORD.finditer(text)
        ]
        mentions: list[PlaceMention] = []
        index = 0
        while index < len(words):
            start = words[index][0]
            if not text[start].isupper():
                index += 1
                continue
            matched = None
            for width in range(min(_MAX_WORDS, len(words) - index), 0, -1):
                end = words[index + width - 1][1]
                surface = text[start:end]
                if fold(surface) in self._forms and not _looks_like_other_name(
                    text, start, surface
                ):
                    place = self.gazetteer.resolve(surface, country=country)
                    if (
                        place is not None
                        and len(surface) <= 3
                        and place.country not in HOME_COUNTRIES
                    ):
                        place = (
                            None  # "Dar", "Ado": short foreign town names are mostly something else
                        )
                    if place is not None:
                        matched = PlaceMention(offset + start, offset + end, surface, place)
                        index += width
                        break
            if matched is None:
                index += 1
            else:
                mentions.append(matched)
        return mentions
