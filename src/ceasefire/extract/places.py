"""Place recognition: capitalised word sequences looked up in the gazetteer, resolved to a Place."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from ceasefire.domain import Place
from ceasefire.extract.gazetteer import LINK_WORDS, fold
from ceasefire.extract.lexicons.dates import MONTHS, PART_OF_DAY, UNITS, WEEKDAYS
from ceasefire.extract.lexicons.places import PERSON_NAMES, SETTLEMENT_ENDINGS, STOP_FORMS

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
     "City", "Province", "District", "Area", "Outside", "Across", "Into", "Across", "Via", "Inside",
     "While", "When", "After", "Before", "Since", "Both", "Neighbouring", "Neighboring", "Lake",
     "Fort", "Port")
)  # fmt: skip


# Words no other spelling of a place is made of: calendar and time words, English stop words and the
# gazetteer's own lists of ordinary words and given names.
_NOT_VARIANT_WORDS = frozenset(
    {*MONTHS, *WEEKDAYS, *PART_OF_DAY, *UNITS, "yesterday", "today", "tonight", "tomorrow"}
    | {*STOP_WORDS, *STOP_FORMS, *PERSON_NAMES}
    | {word.casefold() for word in _NOT_GIVEN_NAMES}
)
# The noun of an administrative unit right after a name ("Lac province").
_UNIT_AFTER = re.compile(
    r"\s+(?:province|region|state|department|governorate|prefecture|county|district)\b",
    re.IGNORECASE,
)
# Between the words of one name: spaces or hyphens ("Dasht-e Qala"), never a comma or a full stop.
_NAME_GAP = re.compile(r"[ \t-]+")


def _looks_like_other_name(text: str, start: int, surface: str) -> bool:
    """Acronyms ("BLA") are organisations; a name after a capitalised word is a person's surname."""
    if surface.isupper() and len(surface) <= 5:
        return True
    window = text[max(0, start - 30) : start]
    before = _NAME_BEFORE.search(window)
    if before is None or before.group(1) in _NOT_GIVEN_NAMES:
        return False
    return _is_mid_sentence(text, start - (len(window) - before.start()))


def _ends_before(text: str, words: list[tuple[int, int]], following: int) -> bool:
    """Whether the word at ``following`` continues the name before it as a settlement's or a clan's
    (`SETTLEMENT_ENDINGS`): capitalised, after only a space or a hyphen. A known place written
    right before a town whose name begins with such a word, with no comma between ("Bannu Kot
    Azam"), is lost so: rare in the news, which writes "Kot Azam, Bannu"."""
    if following >= len(words):
        return False
    start, end = words[following]
    word = text[start:end]
    return (
        word[0].isupper()
        and word.casefold() in SETTLEMENT_ENDINGS
        and bool(_NAME_GAP.fullmatch(text[words[following - 1][1] : start]))
    )


def _read_as(mention: PlaceMention, place: Place | None) -> PlaceMention:
    """The mention read as ``place``; as it was when there is none."""
    return mention if place is None else replace(mention, place=place)


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
        # Words of known names of several words ("Kashmir" of "Azad Kashmir"): no variants.
        self._form_words = frozenset(w for form in self._forms if " " in form for w in form.split())

    def find(
        self,
        text: str,
        *,
        offset: int = 0,
        country: str | None = None,
        surnames: set[str] | None = None,
    ) -> list[PlaceMention]:
        """Places named in ``text``. Names taken for a person's surname ("journalist Mech Dara") are
        added to ``surnames`` when given, so that a document can drop them everywhere else too."""
        words = _words(text)
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
                if fold(surface) not in self._forms:
                    continue
                if _ends_before(text, words, index + width):
                    break  # the first words of a name the gazetteer lacks ("Ghazni Khel")
                if _looks_like_other_name(text, start, surface):
                    if surnames is not None and not surface.isupper():
                        # Only a town's or district's name is taken for a surname everywhere: not a
                        # country's or a province's ("Tehreek-e-Taliban Pakistan").
                        named = self.gazetteer.resolve(surface, country=country)
                        if named is not None and (named.geo_precision or 3) < 3:
                            surnames.add(fold(surface))
                else:
                    place = self.gazetteer.resolve(surface, country=country)
                    if (
                        place is not None
                        and len(surface) <= 3
                        and place.country not in HOME_COUNTRIES
                    ):
                        # "Dar", "Ado": short foreign names are mostly something else, unless the
                        # text gives them as a unit the gazetteer knows as one ("Lac province")
                        place = self._unit(surface) if _UNIT_AFTER.match(text, end) else None
                    if place is not None:
                        matched = PlaceMention(offset + start, offset + end, surface, place)
                        index += width
                        break
            if matched is None:
                index += 1
            else:
                mentions.append(matched)
        return mentions

    def _unit(self, name: str) -> Place | None:
        """The province or district the gazetteer names ``name``, if exactly one."""
        units = [e for e in self.gazetteer.lookup(name) if e.kind in ("province", "district")]
        return units[0].to_place() if len(units) == 1 else None

    def settle(self, places: dict[int, list[PlaceMention]]) -> dict[int, list[PlaceMention]]:
        """The story's places, each name the gazetteer knows in several provinces of Afghanistan
        and Pakistan read as the one in the province the story's other names are read in most
        often ("Qarabagh" in a story of Kabul; "Torkham" in one of Khyber): one sense per
        document. There the gazetteer holds villages and districts with no population to tell
        the likelier; abroad it holds towns of 15,000 people or more, and the larger keeps its
        precedence (Rome in a story that names New York). Any other name keeps the reading
        `find` gave it."""
        senses = {
            key: self.gazetteer.provinces(key)
            for key in {fold(m.text) for mentions in places.values() for m in mentions}
        }
        ambiguous = {
            key
            for key, provinces in senses.items()
            if len(provinces) > 1 and all(c in HOME_COUNTRIES for c, _ in provinces)
        }
        context = Counter(
            (m.place.country, m.place.admin1)
            for mentions in places.values()
            for m in mentions
            if fold(m.text) not in ambiguous
            and m.place.country is not None
            and m.place.admin1 is not None
        )
        if not context:
            return places
        readings = {key: self.gazetteer.resolve(key, context=context) for key in ambiguous}
        return {
            index: [_read_as(m, readings.get(fold(m.text))) for m in mentions]
            for index, mentions in places.items()
        }

    def variants(
        self,
        text: str,
        taken: list[tuple[int, int]],
        *,
        offset: int = 0,
        skip: set[str] | None = None,
    ) -> list[PlaceMention]:
        """Capitalised names of ``text`` the gazetteer knows only under another spelling of a
        district, town or crossing of Afghanistan or Pakistan (`Gazetteer.variants`: "Wardooj"
        for Warduj), one mention per sense, wherever the province. Names overlapping ``taken``
        (document offsets of places and actors already found), in ``skip`` (folded: surnames) or
        taken for a person's are left out. The level the text names keeps its spelling: a
        district's name is the district and the location, a town's the location inside the
        gazetteer's district."""
        spans = [(s - offset, e - offset) for s, e in taken]
        words = _words(text)
        mentions: list[PlaceMention] = []
        index = 0
        while index < len(words):
            width = self._variant_at(text, words, index, spans, skip, offset, mentions)
            index += max(width, 1)
        return mentions

    def _variant_at(
        self,
        text: str,
        words: list[tuple[int, int]],
        index: int,
        spans: list[tuple[int, int]],
        skip: set[str] | None,
        offset: int,
        mentions: list[PlaceMention],
    ) -> int:
        """The number of words of the variant starting at word ``index`` (0 when none)."""
        start = words[index][0]
        if not text[start].isupper() or text[start:].split(maxsplit=1)[0] in _NOT_GIVEN_NAMES:
            return 0
        for width in range(min(_MAX_WORDS - 1, len(words) - index), 0, -1):
            if not self._may_be_variant(text, words[index : index + width]):
                continue
            end = words[index + width - 1][1]
            surface = text[start:end]
            key = fold(surface)
            if key in self._forms or (skip is not None and key in skip):
                continue
            if any(start < e and s < end for s, e in spans):
                continue
            senses = self.gazetteer.variants(surface)
            if not senses or _looks_like_other_name(text, start, surface):
                continue
            for entry in senses:
                district = entry.kind == "district"
                place = Place(
                    country=entry.country,
                    admin1=entry.admin1,
                    admin2=surface if district else entry.admin2,
                    location=surface,
                    latitude=entry.latitude,
                    longitude=entry.longitude,
                    geo_precision=entry.geo_precision,
                )
                if all(m.place != place for m in mentions):
                    mentions.append(PlaceMention(offset + start, offset + end, surface, place))
            return width
        return 0

    def _may_be_variant(self, text: str, words: list[tuple[int, int]]) -> bool:
        """Whether words of ``text`` may spell a place otherwise: each capitalised (or a link word,
        "e", "wa"), with only spaces or hyphens between, none a calendar, stop or given-name word,
        and a single word no word of a known name of several."""
        for (start, end), after in zip(words, [*words[1:], None], strict=True):
            word = text[start:end]
            folded = word.casefold()
            if folded in LINK_WORDS:
                if start == words[0][0] or after is None:
                    return False
            elif not word[0].isupper() or folded in _NOT_VARIANT_WORDS:
                return False
            if after is not None and not _NAME_GAP.fullmatch(text[end : after[0]]):
                return False
        return len(words) > 1 or fold(text[words[0][0] : words[0][1]]) not in self._form_words

    def unlisted(
        self,
        text: str,
        found: list[PlaceMention],
        *,
        offset: int = 0,
        skip: set[str] | None = None,
    ) -> list[PlaceMention]:
        """Places of ``text`` the gazetteer lacks, in the units of ``found`` (`unlisted_places`)."""
        return unlisted_places(text, found, offset=offset, known=self._forms, skip=skip)


# --- places the gazetteer does not know ----------------------------------------------------------

# Nouns of a settlement or an area below a district: the kinds of location ACLED codes a village
# or a neighbourhood at (with the coordinates of the unit that contains it when it has none).
_SETTLEMENT = (
    r"(?:village|villages|town|hamlet|area|locality|neighbou?rhood|tehsil|subdivision|"
    r"sub-division|valley|settlement|suburb|union\s+council)"
)
_NAME = r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
_PREPOSITION = r"\b(?:in|near|at|of|from|outside|on|into|across|around|inside|to)\s+(?:the\s+)?"
_UNLISTED = (
    # "the village of X", "a town called X"
    re.compile(r"\b" + _SETTLEMENT + r"\s+(?:of|called|named|known\s+as)\s+" + _NAME),
    # "in X village", "near the X area of Y", "Y district's X area"
    re.compile(r"(?:" + _PREPOSITION + r"|['’]s\s+)" + _NAME + r"\s+" + _SETTLEMENT + r"\b"),
    # "in X, a remote village in Y"
    re.compile(_PREPOSITION + _NAME + r",\s+(?:a|an)\s+(?:[a-z-]+\s+){0,2}" + _SETTLEMENT + r"\b"),
    # "in general area X, Y District": the noun before the name, as military statements write it
    re.compile(r"\b(?i:area)\s+" + _NAME),
)
# How far from the name the unit that contains it may be named ("X area of the restive Y district").
_CONTAINER_REACH = 60
_CONTAINER_LINK = re.compile(
    r"^[^.;:!?()]*?\b(?:of|in|near|outside)\b[^.;:!?()]*$|^\s*,[^.;:!?()]*$", re.IGNORECASE
)
_POSSESSIVE_LINK = re.compile(r"(?:\s+(?:district|province|region|agency))?['’]s\s+")
_NOT_NAMES = frozenset(
    ("The", "A", "An", "This", "That", "Its", "Their", "His", "Her", "Our", "Border", "Tribal",
     "Residential", "Rural", "Urban", "Remote", "Same", "Nearby", "Adjoining", "Affected", "Old",
     "New", "Security", "Red", "Green", "Capital")
)  # fmt: skip


def unlisted_places(
    text: str,
    found: list[PlaceMention],
    *,
    offset: int = 0,
    known: set[str] | None = None,
    skip: set[str] | None = None,
) -> list[PlaceMention]:
    """Places the gazetteer lacks, named as such in ``text`` (one sentence): "the village of X",
    "X area of Y district", "in X, a town in Y". Each is placed in the unit of the gazetteer the
    text puts it in (``found``: the gazetteer's places of the same sentence) — a district or a
    province, or the district of a town it is near — with that unit's coordinates and at least
    district precision, and its own name as the location. A name with no such unit beside it, a
    name the gazetteer knows (``known``, folded) or one in ``skip`` (folded: actors, surnames)
    gives nothing, except a namesake: a name ``found`` places only outside the unit's country and
    province ("the Gomal area of Tank district" is not Gomal in Paktika) is placed in the unit,
    and the caller drops the gazetteer's sense it overlaps."""
    spans = [(m.start - offset, m.end - offset) for m in found]
    results: list[PlaceMention] = []
    taken: set[int] = set()
    for start, end, name, phrase_end in named_settlements(text):
        key = fold(name)
        if (skip is not None and key in skip) or start in taken:
            continue
        senses = [m.place for m, (s, e) in zip(found, spans, strict=True) if s < end and start < e]
        if not senses and known is not None and key in known:
            continue
        container = _container(text, start, end, phrase_end, found, offset)
        if container is None:
            continue
        unit = container.place
        if any(_lies_in(sense, unit) for sense in senses):
            continue  # the gazetteer's own place, in the unit the text puts it in
        place = Place(
            country=unit.country,
            admin1=unit.admin1,
            admin2=unit.admin2,
            location=name,
            latitude=unit.latitude,
            longitude=unit.longitude,
            geo_precision=max(unit.geo_precision or 3, 2),
        )
        taken.add(start)
        results.append(PlaceMention(offset + start, offset + end, name, place))
    return sorted(results, key=lambda m: m.start)


def _words(text: str) -> list[tuple[int, int]]:
    """The spans of ``text``'s words, a possessive "'s" left out."""
    return [
        (m.start(), m.end() - 2 if m.group().endswith(("'s", "’s")) else m.end())
        for m in _WORD.finditer(text)
    ]


def named_settlements(text: str) -> Iterator[tuple[int, int, str, int]]:
    """Names ``text`` gives as a settlement or an area ("the village of X", "X area", "in X, a
    town in Y", "general area X"), whether or not it says where that lies: (start, end, name, end
    of the phrase that names it), offsets in ``text``. Acronyms and generic words are no names."""
    for pattern in _UNLISTED:
        for match in pattern.finditer(text):
            start = match.start("name")
            words = match.group("name").split()
            while words and words[-1] in _NOT_NAMES:
                words.pop()
            if not words or words[0] in _NOT_NAMES:
                continue
            name = " ".join(words)
            if not fold(name) or (name.isupper() and len(name) <= 5):
                continue
            yield start, start + len(name), name, match.end()


def names_its_unit(text: str, mention: PlaceMention, others: list[PlaceMention]) -> bool:
    """Whether the text puts the place in its own district or province right after naming it
    ("the Maruf district of Kandahar", "general area Mangochar, Kalat District", "Wesh, Spin
    Boldak"): one of ``others`` (the places of the same sentence; ``text`` is the document) names
    the place's district or province, linked to it as `unlisted_places` links a unit."""
    place = mention.place
    units = {fold(n) for n in (place.admin2, place.admin1) if n} - {fold(place.location or "")}
    for other in others:
        if other.start < mention.end or other.start - mention.end > _CONTAINER_REACH:
            continue
        written = fold(other.text)  # "Kalat District", "Herat province": the unit's own name first
        if any(
            written == unit or written.startswith(unit + " ") for unit in units
        ) and _CONTAINER_LINK.match(text[mention.end : other.start]):
            return True
    return False


def _lies_in(place: Place, unit: Place) -> bool:
    return place.country == unit.country and place.admin1 == unit.admin1


def _container(
    text: str, start: int, end: int, phrase_end: int, found: list[PlaceMention], offset: int
) -> PlaceMention | None:
    """The gazetteer place that contains the name: the nearest one after it that the text links to
    it ("of", "in", "near", a comma), else one right before it ("Y district's X area"), provided it
    lies below the country."""
    below_country = [m for m in found if m.place.admin1 is not None]
    after = [
        m
        for m in below_country
        if m.start - offset >= phrase_end - 1
        and m.start - offset - end <= _CONTAINER_REACH
        and _CONTAINER_LINK.match(text[end : m.start - offset])
    ]
    if after:
        return min(after, key=lambda m: m.start)
    before = [
        m
        for m in below_country
        if m.end - offset <= start and _POSSESSIVE_LINK.fullmatch(text[m.end - offset : start])
    ]
    return max(before, key=lambda m: m.start, default=None)
